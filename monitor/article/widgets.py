"""Short page lines of a known *shape* that trafilatura keeps in the body, in every language we
read (issue 13's real pages and blind sets): counters («Просмотров: 1 187», «Қаралым саны: 412»,
«Pikirler (14)», «Нравится 12 | Не нравится 1», «Рейтинг: ★★★★☆»), reading time and update
stamps, rubric lines («Спорт», «Экономика / Қаржы», «Об-ҳаво / Ўзбекистон»), credit labels in
the languages of the region («Mənbə: APA», «Çeşme: TDH», «Акс: бойгонӣ», «Гэрэл зураг: ...»,
«Беседовала ...», «Перевод: редакция»), "more on site X" pointers («Толығырақ: egov.kz»,
«Полный текст постановления — на портале adilet.zan.kz»), contact lines with an e-mail, app
and notification calls, licence numbers and the ticker's own notes.

Each rule wants the whole line to have the shape: a label from a closed list and a colon, or a
number and nothing else, or only rubric words. A body sentence has a verb and more words
(«Просмотров за месяц стало вдвое больше: 1 187 против 600» is not a counter line).
"""

from __future__ import annotations

import re

WIDGET_CHARS = 120  # a counter, a rubric, a credit or a pointer line is never longer

# A label and a number, nothing after it: counters, item numbers, hotlines, ratings.
_COUNTER = re.compile(
    r"^(?:[^\W\d_][\w'’ʻ‘-]*\s*){1,3}(?::|\(|№)\s*(?:\+?[\d\s()-]{1,20}|[★☆]{3,5})\)?$"
    r"|^(?:[^\W\d_]+\s+)?\d{1,6}(?:\s*\|\s*[^\W\d_]+(?:\s+[^\W\d_]+)?\s+\d{1,6})+$"
    r"|^\d{1,3}\+$")
# Reading time and update stamps.
_TIME_STAMP = re.compile(
    r"^(?:Время чтения|Оқу уақыты|O.qish vaqti|Ўқиш вақти|Reading time|Okuma süresi)\s*:"
    r"\s*\d+\s*\w*\.?$"
    r"|^(?:Материал )?(?:обновл[её]н\w*|Обновлено|Жаңартылды|Yangilandi|Updated)\s+(?:в\s+)?"
    r"\d{1,2}:\d{2}$", re.I)
# Section names of news sites: a line of one to three of them (with / or | between) is the
# page's rubric, not a sentence.
_RUBRICS = frozenset("""
спорт экономика политика культура общество происшествия погода шоу-бизнес звезды здоровье
финансы единоборства регионы мир бизнес технологии авто недвижимость образование наука
кыргызстан казахстан узбекистан новости лента
саясат мәдениет рухания қоғам оқиға ауа райы денсаулық қаржы аймақ өңір жаңалықтар
иқтисодиёт сиёсат маданият жамият ҳодисалар об-ҳаво соғлиқ молия шахсий қисқа хабарлар
iqtisodiyot siyosat madaniyat jamiyat hodisalar ob-havo sogʻliq moliya qisqa xabarlar
иқтисод варзиш фарҳанг ҷомеа ykdysadyýet täzelikler яңылыҡтар яңалыклар
economy politics business sport sports world culture society
""".split())
_RUBRIC_SPLIT = re.compile(r"\s*[/|·•]\s*|\s+")
# Credit labels: who wrote, translated, photographed or supplied it.
_CREDIT = re.compile(
    r"^(?:Mənbə|Kaynak|Çeşme|Джерело|Крыніца|Чыганак|Сығанаҡ|Төрүтэ|Эх сурвалж|Эхи үүсэбэри"
    r"|Манбаъ|Derekk[öo]z\w*|Derek[öo]zi|Source|Акс|Гэрэл зураг|Хаартыска|Фота|Suret\w*"
    r"|Video|Видео|Infografika|Инфографика|Инфографиканы дайындаған|Скриншот|Screenshot"
    r"|Перевод|Аударған|Таржима|Tarjima|Сұхбаттасқан|Сұхбатты жүргізген|Суҳбатлашди"
    r"|Беседовал[аи]?|Записал[аи]?|Подготовил[аи]?|Текст|Мәтін)\s*:?\s+[^.!?]{2,70}$", re.I)
# "More on the site": a pointer to a domain or a portal, one short line.
_POINTER = re.compile(
    r"^(?:Толығырақ|Подробнее|Батафсил(?: маълумот)?|Batafsil(?: ma'lumot)?|Details|More)"
    r"\s*[:—–-]\s*\S{0,60}$"
    r"|\s[—–-]\s(?:на|в)\s(?:сайте|портале|нашем канале|галерее)\b[^.!?]{0,50}$"
    r"|\s[—–-]\s[^.!?]{0,40}(?:сайтында|сайтида|saytida|порталында|галереяда|галерееде"
    r"|galereyada|Telegram арнада)\W*$"
    r"|(?:^|\s)[—–-]\s(?:quyidagi|төмендегі|ниже)\s", re.I)
_CONTACT = re.compile(r"^[^.!?]{2,60}:\s*[\w.+-]+@[\w-]+\.[\w.]+$")
# The app, notifications, saving or sharing the piece, commenting on it.
_CALLS = re.compile(
    r"App Store|Google Play|iOS и Android|iOS va Android|ilovamizni yuklab|қосымшаны жүктеп"
    r"|скачайте (?:наше )?приложение|включите уведомления|хабарламаларды қосыңыз"
    r"|bildirishnomalarni yoqing|сохраните,? чтобы не потерять|^сохранить (?:вакансию|статью)"
    r"|^сақтап қойыңыз|^ссылка скопирована|^поделиться ссылкой|поделитесь с друзьями"
    r"|отправить другу|дўстларингиз(?:га| билан) улашинг|do.stlaringiz(?:ga| bilan) ulashing"
    r"|^мубодила кунед|^(?:habar\w* |haberi |xəbəri )?pa[ýy]la[şs]\w*$|^изоҳ қолдиринг"
    r"|^izoh qoldiring|изоҳларда қолдиринг|izohlarda qoldiring|^изоҳлар ёпиқ|^izohlar yopiq"
    r"|^пікір жазыңыз|фикр билдириш учун|çerez politika|^abone olun|^takip edin"
    r"|^(?:İlgili|Benzer) haberler$|^Digər xəbərlər$|^Ұқсас хабарландырулар"
    r"|^Wire brief$|^Эълон$|^E.lon$|^Жарнама орны$|^Лицензия\s*№", re.I)
# The rates ticker's own lines.
_RATES = re.compile(
    r"^(?:Курс валют(?: на сегодня)?|Валюта бағамы|Валюта курси|Valyuta kursi|Котировк\w*"
    r"|Котировкалар)\s*:|(?:курс\w*|бағам\w*|kurslar|курстар|котировк\w*)\s.{0,40}"
    r"(?:справочный характер|ақпарат үшін|ma.lumot uchun|маалымат үчүн|с задержкой)", re.I)


def is_widget(line: str) -> bool:
    """Whether ``line`` (spaces squeezed) has, as a whole, one of the widget shapes above."""
    if not line or len(line) > WIDGET_CHARS:
        return False
    return bool(_COUNTER.match(line) or _TIME_STAMP.match(line) or _is_rubric(line)
                or _CREDIT.match(line) or _POINTER.search(line) or _CONTACT.match(line)
                or _CALLS.search(line) or _RATES.search(line))


def _is_rubric(line: str) -> bool:
    if len(line) > 60 or re.search(r"[.!?:,\d]", line):
        return False
    words = [w for w in _RUBRIC_SPLIT.split(line.lower().replace("’", "ʻ")) if w]
    if not 1 <= len(words) <= 4:
        return False
    known = sum(w in _RUBRICS for w in words)
    # «Спорт / Единоборства», «Кыргызстан / Экономика», «Молия / Шахсий молия»: a slash and
    # one section name, or only section names.
    return known == len(words) or (bool(re.search(r"\s[/|]\s", line)) and known >= 1)
