"""Site furniture lines that carry no call to subscribe (those are monitor.article.residue's),
in Russian, Kazakh, Uzbek (Cyrillic and Latin) and English: channel promos ("Наш канал в
Telegram: t.me/...", "Outlet · Instagram"), contact and hotline calls, source and photo
credits, disclaimers, and rubric / outlet tag lines ("Культура · Уральск").

A body sentence mentions the same things, so each rule takes a short line as a whole and wants
two signals at least: a network, link, handle or phone *and* a possessive, an imperative or a
bare name; a label *and* a colon; a separator *and* no sentence end; a disclaimer phrase *and*
nothing that reports speech before it ("Эксперт подчеркнул, что ...").
"""

from __future__ import annotations

import re

from monitor.article.residue import NETWORKS

PROMO_CHARS = 160  # a channel promo or a contact call is one or two short sentences
TAG_CHARS = 100  # a rubric / outlet tag line
CREDIT_WORDS = 15  # "Источник: ..." with more words than this is a sentence

_NET = re.compile(NETWORKS, re.I)
_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t\.me|wa\.me|instagram\.com|facebook\.com|fb\.com|youtube\.com"
    r"|youtu\.be|vk\.com|ok\.ru|tiktok\.com|x\.com|twitter\.com|dzen\.ru)/\S*"
    r"|(?<![\w.@])@[A-Za-z0-9_]{3,}", re.I)
# a phone: +7 ..., 8 (7xx) ..., or a short hotline number closing the line ("...: 1424"); not
# any number, so "обращайтесь в ЦОН до 2025 года" is no contact call
_PHONE = (r"(?:\+\d[\d\s()-]{6,}\d|\b8[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b"
          r"|:\s*\d{3,4}\W*$)")
_EMAIL = r"[\w.+-]+@[\w-]+\.[\w.]+"
# "наш", "мы в", "біз", "kanalimiz", "арнамыз": the outlet speaking of its own channel
_OURS = re.compile(
    r"\b(?:наш(?:а|е|и|ем|его|ей|у|им|ими|их)?|мы (?:в|на)|біздің|біз|biz|bizning|биз"
    r"|бизнинг|our|we are|we're)\b"
    r"|(?:kanal|канал|арна|парақша|sahifa|саҳифа|akkaunt|аккаунт|guruh|гуруҳ|бет)"
    r"\w*?(?:imiz|имиз|ымыз|іміз|мыз|міз)", re.I)
_PROMO_VERB = re.compile(
    r"\b(?:читайте|смотрите|следите|узнавайте|слушайте|ищите|оқыңыз|қараңыз|біліңіз|бақылаңыз"
    r"|тыңдаңыз|o\S?qing|ўқинг|kuzating|кузатинг|tomosha qiling|томоша қилинг|biling|билинг"
    r"|eshiting|эшитинг)\b|^(?:read|watch|follow|listen|find us)\b", re.I)
_FIRST_TO_KNOW = re.compile(
    r"узнавайте (?:\w+ )?первыми|первыми узнавайте|узнай(?:те)? первым|бірінші (?:болып )?біліңіз"
    r"|birinchi bo\S?lib biling|биринчи бўлиб билинг|be the first to know", re.I)
_OUR_SITE_TAIL = re.compile(
    r"\s[—–-]\s.{0,60}(?:на нашем сайте|в нашем приложении|в (?:рубрике|разделе)\s.{1,40}"
    r"|біздің сайтта|сайтымызда|saytimizda|сайтимизда|on our (?:web)?site)\W*$", re.I)
_CONTACT_VERB = re.compile(
    r"\b(?:пишите|напишите|звоните|позвоните|сообщайте|сообщите|присылайте|пришлите|отправляйте"
    r"|отправьте|обращайтесь|жазыңыз|жазыңдар|хабарласыңыз|хабарлаңыз|қоңырау шалыңыз|жіберіңіз"
    r"|yozing|yuboring|murojaat qiling|qo\S?ng\S?iroq qiling|xabar bering|ёзинг|юборинг"
    r"|мурожаат қилинг|қўнғироқ қилинг|хабар беринг|write to us|contact us|call us|send us"
    r"|message us)\b", re.I)
_CONTACT_TARGET = re.compile(
    rf"{NETWORKS}|{_PHONE}|{_EMAIL}|\b(?:бот\w*|bot\w*|нам|бізге|bizga|бизга|us|редакци\w*"
    r"|tahririyat\w*|таҳририят\w*|e-?mail)\b", re.I)
_SPEECH = re.compile(r"\b(?:сказал\w*|заявил\w*|отметил\w*|призвал\w*|призыва\w*|просят"
                     r"|напомина\w*|подчеркнул\w*|деді|dedi|деди|said|says)\b", re.I)
_CONTACT_LABEL = re.compile(
    r"^(?:Реклама|Жарнама|Reklama|По вопросам (?:рекламы|сотрудничества)|Жарнама бойынша"
    r"|Reklama bo\S?yicha|Реклама бўйича|Advertising|Контакты|Байланыс|Aloqa|Алоқа"
    r"|Телефон доверия|Сенім телефоны|Ишонч телефони|Ishonch telefoni|Горячая линия"
    rf"|Call-?центр|Tahririyat|Таҳририят)\b[^:]{{0,30}}:\s*(?:{_PHONE}|\d{{3,4}}\W*$|{_EMAIL}|@\w"
    r"|t\.me/)",
    re.I)
_SOURCE = re.compile(
    r"^(?:Источник(?:и)?|Дереккөз(?:дер)?|Ақпарат көзі|Манба(?:лар)?|Manba(?:lar)?|Sources?"
    r"|Суретті түсірген|Суреттерді түсірген|Сурат муаллифи|Surat muallifi|Фото муаллифи"
    r"|Foto muallifi|Сурат|Surat|Foto|Fotosurat|Фотосурет|Сурет авторы|Photo by|Image"
    r"|Сүрөт|Сүрөттө|Фото|Фотолар|Текст и фото|Фото и текст|Көрнекі фото|Иллюстративное фото"
    r"|Булак|Mənbə|Kaynak|Çeşme|Джерело|Крыніца|Чыганак|Сығанаҡ|Төрүтэ|Эх сурвалж|Эхи үүсэбэри"
    r"|Манбаъ|Derekk[öo]z\w*|Derek[öo]zi|Акс|Гэрэл зураг|Хаартыска|Фота|Suret\w*|Video|Видео"
    r"|Infografika|Инфографика|Инфографиканы дайындаған|Скриншот|Screenshot|Перевод|Аударған"
    r"|Таржима|Tarjima|Сұхбаттасқан|Сұхбатты жүргізген|Суҳбатлашди|Текст|Мәтін"
    r"|Credits?)\s*[:—–]\s*\S", re.I)
# case-sensitive: a capital, a quote or a domain after "По материалам" names an outlet
_BY_MATERIALS = re.compile(
    r"^По материалам\s+(?:пресс-служб|агентств|издани|сайт|портал|газет|телеканал|ресурс|СМИ"
    r"|[A-ZА-ЯЁ«\"]|\S+\.[a-z]{2,3}\b)")
_MATERIALS_TAIL = re.compile(
    r"(?:материалдары бойынша|materiallari asosida|материаллари асосида)\W*$", re.I)
_CREDIT_TAIL = re.compile(
    r"^[^.!?]{2,80}\s(?:surati|сурати|суреті|суреттері|fotosi|фотоси)$", re.I)


def _sentences(line: str) -> int:
    return len(re.findall(r"[.!?…](?:\s|$)", line)) or 1


def _ends_sentence(line: str) -> bool:
    return line.rstrip("»\"')").endswith((".", "!", "?", "…"))


def is_furniture(line: str) -> bool:
    """Whether ``line`` (spaces squeezed) is, as a whole, one of the furniture lines above."""
    if not line or len(line) > 220:
        return False
    return bool(_is_channel_promo(line) or _is_contact_call(line) or _is_credit(line)
                or _is_disclaimer(line) or _is_tag_line(line))


def _is_channel_promo(line: str) -> bool:
    if len(line) > PROMO_CHARS or _sentences(line) > 2:
        return False
    if _FIRST_TO_KNOW.search(line) or (_OUR_SITE_TAIL.search(line) and _sentences(line) == 1):
        return True
    if not (_NET.search(line) or _LINK.search(line)) or _SPEECH.search(line):
        return False
    if _PROMO_VERB.search(line):
        return True
    # "Biz Telegram orqali 300 ta murojaat oldik." is a quote: a promo has no sentence end,
    # or a link, a colon or a dash ("Больше новостей — в нашем Instagram.")
    loose = (not _ends_sentence(line) or bool(_LINK.search(line))
             or bool(re.search(r":|\s[—–]\s", line)))
    if _OURS.search(line) and loose:
        return True
    return _is_name_and_network(line)


_NEWS_WORD = re.compile(r"^(?:новост\w*|жаңалық\w*|yangilik\w*|янгилик\w*|news)$", re.I)
_CHANNEL_WORD = re.compile(
    r"^(?:канал\w*|kanal\w*|channel|арна\w*|парақша\w*|page|аккаунт\w*|akkaunt\w*"
    r"|sahifa\w*|саҳифа\w*|бет\w*|в|на|in|on|da|də)$", re.I)
_TOKEN_EDGES = ".,:;!?«»\"'()[]—–-·|•/"


def _name_like(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() or bool(_NEWS_WORD.match(word))


def _is_name_and_network(line: str) -> bool:
    """'Dala News — Telegram арнасы', 'Energetika yangiliklari — Telegramda': a name and a
    network, nothing else (no verb, no sentence end)."""
    words = line.split()
    if len(words) > 6 or _ends_sentence(line) or not _NET.search(line):
        return False  # "Аккаунт: @name" in a list of bloggers is body, not a promo
    rest = [w.strip(_TOKEN_EDGES) for w in words if not _LINK.search(w)]
    rest = [w for w in rest if w and not _NET.search(w) and not _CHANNEL_WORD.match(w)]
    return len(rest) <= 3 and all(map(_name_like, rest))


def _is_contact_call(line: str) -> bool:
    """'Есть информация? Пишите в наш бот @...', 'Реклама: +7 ...', hotline numbers."""
    if len(line) > PROMO_CHARS or _sentences(line) > 2 or _SPEECH.search(line):
        return False
    if _CONTACT_LABEL.match(line):
        return len(line) <= TAG_CHARS
    return bool(_CONTACT_VERB.search(line) and _CONTACT_TARGET.search(line))


def _is_credit(line: str) -> bool:
    """'Источник: ...', 'Manba: ...', 'Суретті түсірген: ...', 'По материалам ТАСС', and
    '... matbuot xizmati surati'."""
    if len(line.split()) > CREDIT_WORDS:
        return False
    if _SOURCE.match(line) or _CREDIT_TAIL.match(line) and len(line.split()) <= 8:
        return True
    return bool(_BY_MATERIALS.match(line)) or (
        bool(_MATERIALS_TAIL.search(line)) and len(line.split()) <= 6)


_DISCLAIMER = re.compile(
    r"не является (?:\w+ ){0,2}(?:(?:инвестиционн|финансов)\w+ (?:рекомендаци|совет)\w*|офертой"
    r"|рекламой)|қаржылық кеңес\w* (?:болып табылмайды|емес)"
    r"|(?:investitsiya|moliyaviy) maslahat\w* emas|цены действительны на дату публикации"
    r"|носит (?:исключительно |сугубо )?(?:информационный|ознакомительный|справочный) характер"
    r"|(?:мнение|точка зрения|позиция) (?:автора|авторов|эксперта|спикера)\w* (?:может )?не "
    r"(?:совпада|отража)|мнение редакции (?:может )?не (?:совпада|отража)\w* с (?:мнением|"
    r"позицией)|(?:редакция|издание) не нес[её]т ответственност"
    r"|(?:автордың|авторлардың) (?:пікірі|көзқарасы|ұстанымы) редакция\w* .{0,40}"
    r"(?:сәйкес келмеуі|сәйкес келмейді|үйлеспеуі)"
    r"|ақпараттық сипатта\w*,?\s+(?:және\s+)?инвестициялық (?:кеңес|ұсыныс|ұсыным)\w* "
    r"(?:емес|болып табылмайды)|инвестициялық (?:кеңес|ұсыныс|ұсыным)\w* "
    r"(?:емес|болып табылмайды)|ақпараттық сипатта(?:ғы)?(?:\s+ғана)?\W*$"
    r"|^(?:жарнама емес|reklama emas|реклама эмас)\b"
    r"|инвестиция\w* тавсия\w* эмас|муаллиф\w* фикри таҳририят\w* .{0,40}мос келмаслиги"
    r"|investitsiya\w* tavsiya\w* emas|muallif\w* fikri tahririyat\w* .{0,40}mos kelmasligi"
    r"|(?:ma\S?lumot|маълумот) (?:uchun|учун)\W*$|axborot xarakterida"
    r"|not (?:an? )?(?:investment|financial) advice|for informational purposes only"
    r"|(?:views|opinions) expressed .{0,60}(?:do not|don't) necessarily reflect", re.I)
_REPORTED = re.compile(r",|\b(?:что|деп|that|ki|деб|deb)\b", re.I)
# what follows a disclaimer phrase that reports it: "... емес екенін атап өтті, деп ..."
_REPORTING = re.compile(r"\b(?:екен\w*|деп|деді|деб|деди|dedi|deb|that|said|сказал\w*"
                        r"|заявил\w*|отметил\w*)\b", re.I)


def _is_disclaimer(line: str) -> bool:
    """A disclaimer stands alone: nothing but a subject ('Материал', 'Бұл мақала') before it."""
    match = _DISCLAIMER.search(line)
    if not match or _sentences(line) > 2:
        return False
    before, after = line[:match.start()], line[match.end():]
    return (len(before.split()) <= 4 and not _REPORTED.search(before)
            and len(after.split()) <= 8 and not _REPORTING.search(after))


_RUBRICS = frozenset("""
экономика политика общество культура спорт происшествия криминал хроника регионы погода бизнес
финансы технологии здоровье образование мир аналитика интервью мнения колумнисты энергетика
судебная хроника в мире саясат қоғам мәдениет оқиға оқиғалар аймақ аймақтар өңір ауа райы
сот залынан қылмыс әлем білім денсаулық iqtisodiyot siyosat jamiyat madaniyat hodisalar
voqealar jahon dunyo energetika ob-havo mintaqa hududlar biznes moliya иқтисодиёт сиёсат жамият
маданият ҳодисалар воқеалар жаҳон дунё энергетика об-ҳаво ҳудудлар economy politics society
culture sports world business finance weather opinion energy
""".split()) | {"судебная хроника", "в мире", "ауа райы", "сот залынан"}
# not "|": trafilatura writes table rows as "Регион | Объём | Доля"
_TAG_SEP = re.compile(r"\s[·•]\s|^[·•]\s|\s[·•]$")
_DASH_SEP = re.compile(r"\s[—–-]\s|:\s")


def _is_rubric(part: str) -> bool:
    words = part.split()
    return part.lower() in _RUBRICS or (
        len(words) <= 4 and any(_NEWS_WORD.match(w.strip(_TOKEN_EDGES)) for w in words))


def _is_tag_line(line: str) -> bool:
    """'Культура · Уральск', 'Тобол-Инфо: новости Костанайской области', 'Шетел жаңалықтары'."""
    if len(line) > TAG_CHARS or _ends_sentence(line) or len(line.split()) > 10:
        return False
    parts = [p.strip() for p in _TAG_SEP.split(line) if p.strip()]
    if len(parts) >= 2 or (parts and _TAG_SEP.search(line)):  # not "1 May 2025 | 3 June"
        return all(len(p.split()) <= 8 and not p[:1].isdigit() for p in parts)
    words = line.split()
    if len(words) <= 4 and not re.search(r"\d", line) and (
            _NEWS_WORD.match(words[0]) or _NEWS_WORD.match(words[-1])):
        return True  # a rubric head: "Шетел жаңалықтары", "Новости Казахстана"
    parts = [p.strip() for p in _DASH_SEP.split(line) if p.strip()]
    if not 2 <= len(parts) <= 3 or any(len(p.split()) > 4 for p in parts):
        return False
    return any(map(_is_rubric, parts)) and all(
        _is_rubric(p) or all(map(_name_like, p.split())) for p in parts)


_OUTLET_WORD = re.compile(
    r"(?:Ақпарат|Акпарат|Aqparat|Информ|Инфо|Info|News|Ньюс|Хабар|Habar|Times|Media|Медиа|TV"
    r"|ТВ|Радио|Radio|Газет|Gazeta|Вестник|Daily|Online|Онлайн|Пресс|Press|Post|Today|Axborot"
    r"|Ахборот|Agency|Агентство|\b24\b|\.kz\b|\.uz\b|\.ru\b|\.com\b)", re.I)


def is_outlet_signature(line: str) -> bool:
    """'Көкше Ақпарат', 'Dala News', 'kapital.kz': the outlet's name alone (a last line)."""
    words = line.split()
    return (len(words) <= 3 and not line.endswith(("!", "?", "…"))
            and bool(_OUTLET_WORD.search(line))
            and all(_name_like(w) or "." in w for w in words))


__all__ = ["is_furniture", "is_outlet_signature"]
