"""Whole lines of site furniture that trafilatura keeps in the body, in Russian, Kazakh, Uzbek
(Cyrillic and Latin) and English: calls to subscribe to a channel, read-also lines without a
colon, "write to the author", copyright and reprint notices, donation blocks with bank
details, navigation crumbs, share lines and advertising markers; error-report hints (Ctrl+Enter),
comment counters, cookie notices, byline labels, donation calls and rate tickers' notes.

Each rule matches a line as a whole (anchored, length-capped, imperative forms only), so a body
sentence that merely mentions Telegram, a copyright or a bank card is never taken for one.
"""

from __future__ import annotations

import re

from monitor.article.widgets import is_widget

MAX_WIDGET_CHARS = 220  # a call to subscribe, a notice or a crumb line is never longer
DONATION_HEAD_CHARS = 50  # "Поддержать редакцию ..." in a longer line is a sentence
SHORT_NOTICE_CHARS = 120  # "все права защищены" in a longer line without © is a sentence

NETWORKS = (r"(?:telegram|телеграм|instagram|инстаграм|facebook|фейсбук|youtube|ютуб|"
             r"whatsapp|ватсап|вотсап|tiktok|тикток|twitter|твиттер|вконтакте|vk|дзен|dzen|"
             r"threads|одноклассники|viber|вайбер)")
_CHANNEL = (NETWORKS + r"|канал|kanal|channel|арна|arna|paraqsha|парақша|соцсет|әлеуметтік желі"
            r"|ijtimoiy tarmoq|ижтимоий тармоқ|linkedin|хуудс|t\.me/|(?<![\w.@])@\w{3,}"
            # the news itself: «Жаңылыктарга жазылыңыз», «Moliya yangiliklariga obuna bo'ling»
            r"|жаңалық|жаңылык|яңалык|yangilik|янгилик|новост|дайджест|news"
            r"|newsletter|рассылк")
# Imperatives (and the link label "Подписаться"): a body sentence says "подписались".
_SUBSCRIBE = re.compile(
    r"(?:подписывайтесь|подпишитесь|^подписаться|подписаться\W*$|присоединяйтесь"
    r"|следите за нами|читайте нас|смотрите нас|жазылыңыз|жазылыңдар|жазылу\W*$|қосылыңыз"
    r"|бізді .{0,40}оқыңыз|obuna bo\S?ling|obuna bo\S?lish\W*$|обуна бўлинг|обуна бўлиш\W*$"
    r"|kuzatib boring|кузатиб боринг|a\S?zo bo\S?ling|аъзо бўлинг|^subscribe|subscribe to our"
    r"|jaz[yı]l\w*|катталыңыз|катталгыла|жазылыңыз|жазылып алыңыз"
    r"|окуңуз|укыгыз|oq[iy][ñń][iy]z|обуна шав\w*|takip edin|sign up|подписка на рассылку"
    r"|оқи аласыз|біліп отырыңыз|yzarla\w*|goşul\w*|язылыгыз"
    r"|падпісвайцеся|суруйтар\w*|дагаарай|пайгирӣ кунед|арқылы алыңыз|qada[ğg]ala[ñn][yı]z"
    r"|қадағалаңыз|ааҕыҥ|abone ol\w*"
    r"|subscribe\W*$|follow us|join us)", re.I)
_CHANNEL_RE = re.compile(_CHANNEL, re.I)
_READ_ALSO = re.compile(
    r"^(?:Читайте|Читать|Смотрите)\s+(?:также|ещ[её]|материал|по теме|подробнее|нас|далее"
    r"|полностью)\b|^(?:Вам может быть интересно|Вас может заинтересовать|Сізге қызықты болуы"
    r" мүмкін|Sizni qiziqtirishi mumkin|Сизни қизиқтириши мумкин|You may also like)\b"
    r"|^(?:Также читайте|Ещ[её] по теме|Тағы оқыңыз|Оқи отырыңыз|Шунингдек,? ўқинг"
    r"|Сондай-ақ оқыңыз|Чытайце таксама|Oqi ot[yı]r[yı][ñn][yı]z|Sonday-aq oq[yı][ñn][yı]z"
    r"|Shuningdek,? o\S?qing|Read also|Also read|See also|Haberin devamı|İlgili haberler"
    r"|Benzer haberler|Digər xəbərlər|Ұқсас хабарландырулар)\b"
    # words that open body sentences too: only with a colon, a quote or nothing after them
    r"|^(?:Оқыңыз|Қараңыз|Батафсил|Batafsil|Подробнее|Read more|Related|По теме"
    r"|Тақырыпқа қатысты|Окуңуз|Ранее|Бұған дейін|Avvalroq|Материалы по теме"
    r"|Ўқинг|O.qing|Мавзуга оид|Mavzuga oid|Мавзу бўйича|Толығырақ|Details|More)"
    r"\s*(?:[:.»«\-–—]|$)"
    # the full text is elsewhere: «Полную версию интервью читайте в ...»
    r"|^Полн\w+ (?:верси\w+|текст\w*) .{0,60}читайте|толық нұсқасы .{0,50}(?:санында|сайтында)",
    re.I)
_AUTHOR_WIDGET = re.compile(
    r"^(?:Написать автору|Написать редактору|Написать в редакцию|Сообщить об ошибке"
    r"|Нашли ошибку\?.*|Авторға жазу|Авторға хат жазу|Қате тапсаңыз.*|Муаллифга ёзиш"
    r"|Muallifga yozish|Write to the author|Contact the author|Report an error)\W*$", re.I)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|все права защищены|барлық құқықтар қорғалған"
    r"|barcha huquqlar (?:himoyalangan|himoyalanadi)|барча ҳуқуқлар ҳимояланган"
    r"|all rights reserved|tüm hakları saklıdır|q[ūu]q[yı]qtar qor[ğg]al[ğg]an", re.I)
_REPRINT = re.compile(
    r"(?:использовани|копировани|перепечатк|цитировани|воспроизведени)\w*.{0,120}"
    r"(?:ссылк|гиперссылк)\w*.{0,80}обязательн"
    r"|(?:көшіріп|көшіру|пайдалан)\w*.{0,120}сілтеме.{0,60}(?:міндетті|қажет)"
    r"|(?:foydalan|фойдалан|ko\S?chirib|кўчириб)\w*.{0,120}(?:havola|ҳавола|manba|манба)"
    r".{0,60}(?:majburiy|мажбурий|shart|шарт)"
    r"|reproduction .{0,80}(?:prohibited|without .{0,40}permission)"
    r"|(?:перепечатк|копировани)\w*.{0,80}(?:запрещ|разреш)\w*|^ссылка на источник обязательна"
    r"|(?:көшіріп басу|көшіру)\w*.{0,60}рұқсат\w*|ko.chirib bosish.{0,60}ruxsat\w*", re.I)
_DONATION_HEAD = re.compile(
    r"^(?:Поддержать (?:редакцию|нас|проект)|Поддержите (?:редакцию|нас|проект|"
    r"независимую журналистику)|Помочь (?:редакции|проекту)|Редакцияны қолда\w*"
    r"|Tahririyatni qo\S?llab-quvvatla\w*|Таҳририятни қўллаб-қувватла\w*|Support us"
    r"|Loyihamizni qo\S?llab-quvvatla\w*|Лойиҳамизни қўллаб-қувватла\w*|Жобамызды қолда\w*"
    r"|(?:Басылымға|Редакцияға|Жобаға) қолдау көрсет\w*"
    r"|Donate|Support our journalism)\b", re.I)
_BANK_DETAIL = re.compile(
    r"\bKZ\d{2}\s?(?:[A-Z0-9]{4}\s?){3,4}[A-Z0-9]{0,4}\b|\b\d{4}(?:[ -]?\d{4}){3}\b"
    r"|^(?:IBAN|БИН|ИИН|БИК|ИИК|КБе|КНП|SWIFT|BIC|Kaspi(?: Gold)?|Каспи|Номер карты|Карта"
    r"|Получатель|Алушы|Банк|Bank|Karta raqami)\s*(?::|\d{6,})", re.I)
_CRUMB_START = (r"(?:Главная|Басты бет|Басты|Bosh sahifa|Бош саҳифа|Home|Main|Новости"
                r"|Жаңалықтар|Yangiliklar|Янгиликлар|News)")
_CRUMB_SEG = r"[^\W\d_][^/»›>→|\d.!?]{0,40}"
_CRUMBS = re.compile(
    rf"^{_CRUMB_START}\s*[/»›>→|]\s*{_CRUMB_SEG}(?:\s*[/»›>→|]\s*{_CRUMB_SEG})*$"
    rf"|^{_CRUMB_SEG}(?:\s+[/»›>→|]\s+{_CRUMB_SEG}){{2,}}$", re.I)
_SHARE = re.compile(
    rf"^(?:(?:Поделиться|Поделитесь|Share|Бөлісу|Бөлісіңіз|Ulashish|Улашиш|Копировать ссылку"
    rf"|Bölısu|Bolisu|Bólisý|Бөлүшүү|Поділитися|Падзяліцца|Бүлешергә|Бөлешергә|Xəbəri paylaş"
    rf"|Paylaş|Haberi paylaş|Habary paýlaş|Paýlaş|Мубодила кунед|Мэдээг хуваалцах|Хуваалцах"
    rf"|Скопировать ссылку|Сілтемені көшіру|Copy link|Ulashing|Улашинг)\b[\s:]*)?"
    rf"(?:{NETWORKS}|ok|x|email|e-mail|почта|print|печать)?(?:[\s,|·•/]+(?:{NETWORKS}|ok|x"
    rf"|email|e-mail|почта|print|печать))*\W*$", re.I)
_SHARE_PROMPT = re.compile(r"^(?:Share this|Поделитесь (?:новостью|материалом|статьей|статьёй)"
                           r"|Жаңалықпен бөлісіңіз)\b.{0,40}$", re.I)
_ADVERT = re.compile(
    r"^(?:Реклама|На правах рекламы|Жарнама|Jarnama|Жарнама құқығында|Reklama|Реклама ҳуқуқида"
    r"|Партн[её]рский материал|Спецпроект|Advertisement|Sponsored|Промо)\W*$"
    r"|^(?:Реклама|Жарнама)\W.{0,200}\berid\b|^erid\s*:"
    r"|^[—–-]?\s*(?:Реклама|Рекламный блок|Жарнама|Жарнамалық блок|Reklama)[\s.•·|,]*"
    r"(?:\d{1,2}\+)?\s*[—–-]?$"
    r"|^(?:Партн[её]рский (?:контент|материал)|Серіктес материал\w*|Hamkor materiali)\b.{0,30}$"
    r"|^(?:Размещение рекламы|По вопросам размещения рекламы|Жарнама орналастыру)\b"
    r"|^(?:Жарнамалық материал|Серіктестің жарнамасы|Hamkor reklamasi|Реклама ҳуқуқи асосида"
    r"|Рекламний блок|Спецпроект партн[её]ра|Хабарландыру ақылы негізде)\b.{0,40}$"
    r"|^(?:Жарнама орны|Эълон|E.lon)$"
    r"|^Материал (?:подготовлен|опубликован) (?:при поддержке|на правах) .{0,30}$"
    r"|^Материал серіктестің .{0,40}$|^Реклама\.\s.{0,80}$", re.I)


# "Found a mistake? Select it and press Ctrl+Enter", in any language: the key names it.
_ERROR_HINT = re.compile(r"ctrl\s*\+\s*enter", re.I)
_COMMENTS = re.compile(
    r"^(?:Комментарии|Комментариев|Комментировать|Пікірлер|Izohlar|Изоҳлар|Sharhlar|Коментарі"
    r"|Комментарийлер|Comments?)\s*(?:[:(]\s*\d+\s*\)?|\d+)?"
    r"(?:\s+(?:закрыты|отключены|жабық|yopilgan|yopiq|ёпиқ|closed))?\W*$"
    r"|^(?:Пікір (?:қалдыр|жазу)\w*|Пікір жазыңыз|Izoh qoldir\w*|Изоҳ қолдир\w*"
    r"|Фикрингизни изоҳларда|Фикр билдириш учун|Sharh qoldir\w*|Оставить комментарий"
    r"|Комментариев пока нет|Leave a comment)\b.{0,40}$", re.I)
_COOKIE = re.compile(r"\bcookie|\bкуки\b|\bçerez", re.I)
# The site speaks of itself: "we use", "the site uses" (a body sentence names someone else).
_COOKIE_USE = re.compile(
    r"мы используем|используем|сайт\w* .{0,20}(?:использу|пайдалан|колдон)|біз .{0,20}пайдалан"
    r"|sayt\w* .{0,30}foydalan|сайт\w* .{0,30}фойдалан|we use|this (?:site|website) uses"
    r"|politikamız", re.I)
_BYLINE = re.compile(
    r"^(?:Автор|Авторы|Автор материала|Автор текста|Муаллиф|Muallif|Author)\s*:\s*"
    r"[^.!?:]{2,60}$", re.I)
_DONATION_CALL = re.compile(r"пожертвован|донат|donat|xayriya|хайрия|қайырымдылық", re.I)
_DONATION_VERB = re.compile(
    r"поддерж|оформ|помоги|помочь|support|qo\S?llab-quvvatla|қолда", re.I)
# "Rates are updated every 15 minutes": the ticker's own note.
_TICKER_NOTE = re.compile(
    r"(?:курс\w*\s+валют|валют\w*\s+курс|валюта\s+бағам\w*|valyuta\s+kurs\w*"
    r"|exchange\s+rates?).{0,40}(?:обновля|жаңарт|yangilan|янгилан|updated)"
    r"|^(?:market data|quotes?|prices?)\s+(?:are\s+|is\s+)?delayed"
    r"|^(?:Курс валют(?: на сегодня)?|Валюта бағамы|Валюта курси|Valyuta kursi|Котировк\w*)\s*:"
    r"|(?:курс\w*|бағам\w*|kurslar|курстар|котировк\w*)\s.{0,40}"
    r"(?:справочный характер|ақпарат үшін|ma.lumot uchun|маалымат үчүн|с задержкой)", re.I)
# Calls to share, save or send the piece; the site's app; "rate this".
_SHARE_CALL = re.compile(
    r"поделитесь (?:этой )?(?:новостью|материалом|статьей|статьёй|ссылкой)|поделиться в соц\w*"
    r"|бөлісіңіз|желіде бөлісу|ulashing|отправить ссылку|ссылку другу"
    r"|сілтемені .{0,20}жіберіңіз|havolani nusxalash|сохранить в закладки|share this"
    r"|в приложении|қосымшамызда|ilovamizda|тиркемебизде|in our app"
    r"|^оцените (?:материал|статью|новость)|материал ұнады ма"
    r"|App Store|Google Play|iOS и Android|iOS va Android|ilovamizni yuklab|қосымшаны жүктеп"
    r"|скачайте (?:наше )?приложение|включите уведомления|хабарламаларды қосыңыз"
    r"|bildirishnomalarni yoqing|сохраните,? чтобы не потерять|^сохранить (?:вакансию|статью)"
    r"|^сақтап қойыңыз|^ссылка скопирована|^поделиться ссылкой|поделитесь с друзьями"
    r"|отправить другу|дўстларингиз(?:га| билан) улашинг", re.I)
_SHARE_CALL_CHARS = 100
# "Most read" and tag widgets, wire credits, a Kazakh photo credit with its verb.
_WIDGET_HEAD = re.compile(
    r"^(?:Самое читаемое|Самые читаемые|Самое популярное|Популярное|Көп оқылған\w*"
    r"|Ең көп оқылған\w*|Eng ko.p o.qilgan\w*|Энг кўп ўқилган\w*|Most read|Most popular"
    r"|Эң көп окулган\w*)(?:\s+за\s+\w+|\s+\w+)?\W*$"
    r"|^(?:Теги|Тэги|Метки|Тегтер|Тегі|Teglar|Теглар|Tags?|Кілт сөздер|Kalit so.zlar)\s*:"
    r"|^Reporting by\b[^.!?]{0,80}(?:;\s*editing by\b[^.!?]{0,60})?$"
    r"|^(?:Fotosuret\w*|Фотосурет\w*|Суретті)\s.{2,60}"
    r"(?:berdı|berdi|берді|ұсынды|usyndy)\W*$|^Fotoğraf\s*:", re.I)


def _is_site_note(line: str) -> bool:
    """An error-report hint, a comment counter, a cookie notice, a byline label, a donation
    call or a rate ticker's note: one or two sentences of the page, not of the article."""
    if _sentences(line) > 2:
        return False
    return bool(_ERROR_HINT.search(line) or _COMMENTS.match(line) or _BYLINE.match(line)
                or (_COOKIE.search(line) and _COOKIE_USE.search(line))
                or (_DONATION_CALL.search(line) and _DONATION_VERB.search(line))
                or _TICKER_NOTE.search(line) or _WIDGET_HEAD.match(line)
                or (len(line) <= _SHARE_CALL_CHARS and _SHARE_CALL.search(line))
                or is_donation_head(line))


def _is_subscribe_call(line: str) -> bool:
    if len(line.split()) <= 2 and _SUBSCRIBE.search(line):
        return True  # the call alone: «Жазылыңыз», «Обуна бўлинг», «Abone olun»
    return bool(_SUBSCRIBE.search(line) and _CHANNEL_RE.search(line)) and (
        _sentences(line) <= 2)


def _sentences(line: str) -> int:
    return len(re.findall(r"[.!?…](?:\s|$)", line)) or 1


def is_residue(line: str) -> bool:
    """Whether ``line`` (spaces squeezed) is, as a whole, one of the widget lines above."""
    if not line or len(line) > MAX_WIDGET_CHARS:
        return False
    if (_SHARE.match(line) and re.search(r"[^\W\d_]", line)) or _SHARE_PROMPT.match(line):
        return True
    return bool(_is_subscribe_call(line) or _READ_ALSO.match(line)
                or _AUTHOR_WIDGET.match(line) or _ADVERT.match(line) or _CRUMBS.match(line)
                or _BANK_DETAIL.search(line) or _is_notice(line) or _is_site_note(line)
                or is_widget(line))


def _is_notice(line: str) -> bool:
    """A copyright line (short, or with ©) or a reprint notice of one or two sentences."""
    if _COPYRIGHT.search(line) and (len(line) <= SHORT_NOTICE_CHARS or "©" in line):
        return True
    return bool(_REPRINT.search(line)) and _sentences(line) <= 2


def is_donation_head(line: str) -> bool:
    """'Поддержать редакцию' and the like: the head of a block of bank details."""
    return len(line) <= DONATION_HEAD_CHARS and bool(_DONATION_HEAD.match(line))


__all__ = ["MAX_WIDGET_CHARS", "NETWORKS", "is_donation_head", "is_residue"]
