"""Short page lines of a known *shape* that trafilatura keeps in the body, in every language we
read (issue 13's real pages and blind sets): counters («Просмотров: 1 187», «Қаралым саны: 412»,
«Pikirler (14)», «Нравится 12 | Не нравится 1», «Рейтинг: ★★★★☆»), reading time and update
stamps, rubric lines («Спорт», «Экономика / Қаржы», «Об-ҳаво / Ўзбекистон»), an interviewer's
byline without a colon («Беседовала ...»), pointers to a site («Полный текст постановления —
на портале adilet.zan.kz»), contact lines with an e-mail and licence numbers. Lines that are
phrases rather than shapes (credits with a colon, calls to share or comment, read-also heads,
the ticker's notes) are in monitor.article.residue and monitor.article.furniture.

Each rule wants the whole line to have the shape: a label and a number and nothing else, or
only rubric words, or a label and a name. A body sentence has a verb and more words
(«Просмотров за месяц стало вдвое больше: 1 187 против 600» is not a counter line).
"""

from __future__ import annotations

import re

WIDGET_CHARS = 120  # a counter, a rubric, a byline or a pointer line is never longer

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
# An interview's or a note's byline without a colon: «Беседовала Дина Сарсенова» (the
# labels with a colon, «Перевод: ...», «Mənbə: ...», are monitor.article.furniture's credits).
_INTERVIEWER = re.compile(
    r"^(?:Беседовал[аи]?|Записал[аи]?|Подготовил[аи]?|Сұхбаттасқан|Сұхбатты жүргізген"
    r"|Суҳбатлашди)\s+[^.!?:]{2,60}$", re.I)
# "More on the site": a pointer to a site, a portal or the gallery, one short line.
_POINTER = re.compile(
    r"\s[—–-]\s(?:на|в)\s(?:сайте|портале|нашем канале|галерее)\b[^.!?]{0,50}$"
    r"|\s[—–-]\s[^.!?]{0,40}(?:сайтында|сайтида|saytida|порталында|галереяда|галерееде"
    r"|galereyada|Telegram арнада)\W*$"
    r"|(?:^|\s)[—–-]\s(?:quyidagi|төмендегі|ниже)\s", re.I)
_CONTACT = re.compile(r"^[^.!?]{2,60}:\s*[\w.+-]+@[\w-]+\.[\w.]+$")
# Page labels that are no sentence: a licence number, a wire's tag.
_LABELS = re.compile(r"^Лицензия\s*№|^Wire brief$", re.I)


def is_widget(line: str) -> bool:
    """Whether ``line`` (spaces squeezed) has, as a whole, one of the widget shapes above."""
    if not line or len(line) > WIDGET_CHARS:
        return False
    return bool(_COUNTER.match(line) or _TIME_STAMP.match(line) or _is_rubric(line)
                or _INTERVIEWER.match(line) or _POINTER.search(line) or _CONTACT.match(line)
                or _LABELS.match(line))


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
