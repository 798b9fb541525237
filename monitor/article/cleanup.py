"""Residual boilerplate that trafilatura leaves in article text: currency tickers, view
counters, photo credits, hashtags, tag lists and 'Related' / 'Читайте также' blocks; the
widget lines of monitor.article.residue (calls to subscribe, notices, crumbs, donations) and
the furniture lines of monitor.article.furniture (channel promos, contact calls, credits,
disclaimers, rubric tags; the outlet's name alone as the last line)."""

from __future__ import annotations

import re

from monitor.article.furniture import is_furniture, is_outlet_signature
from monitor.article.residue import is_donation_head, is_residue

_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f"
_CURRENCY = r"(?:USD|EUR|RUB|CNY|GBP|KZT|KGS|UZS|TRY|CHF|JPY|AED|BTC)"
_NUM = r"\d[\d\s]*(?:[.,]\d+)?"
_JUNK_LINE = re.compile(
    r"^(?:"
    rf"(?:{_CURRENCY}\s*:?\s*(?:{_NUM}\s*(?:/\s*{_NUM})?)?\s*[▲▼↑↓+\-−]?\s*)+"  # tickers
    rf"|{_NUM}\s*/\s*{_NUM}"  # the rate line under a ticker: "510.1 / 514.1"
    r"|!\[[^\]]*\]\([^)]*\)"  # markdown image
    r")$"
)
# separators, empty bullets and bare view / comment counters
_SEPARATOR = re.compile(r"^(?:[-–—•·|_=*~\s]*|[\d\s.,]{1,12}[kKкК]?)$")
_NUMBERED_EMOJI = re.compile(rf"^\d{{1,2}}\s*[{_EMOJI}]")
_HASHTAGS = re.compile(r"^#[^\W\d_][^.!?]{0,200}$")
_TAG_LIST = re.compile(r"^[^\W\d_][\w -]{0,30}(?:,[^\W\d_\s][\w -]{0,30})+$")
_CREDIT = re.compile(
    r"^(?:Фото|Фотография|Фотограф|Фоторепортаж|Сурет(?:тер|те)?|Photo|Видео|Коллаж|"
    r"Иллюстрация|Инфографика|Источник фото|Автор фото)\b\s*(?P<colon>[:—–-])?(?P<rest>.*)$",
    re.I,
)
_READ_ALSO_INLINE = re.compile(r"^(?:Читайте также|Читайте еще|Тағы оқыңыз|Оқи отырыңыз)\s*:\s*\S",
                               re.I)
_BLOCK_HEADS = {
    "related", "related news", "related posts", "читайте также", "тағы оқыңыз",
    "get in touch", "похожие новости", "популярное", "самое читаемое", "новости партнеров",
    "новости партнёров", "читайте еще", "читайте ещё", "по теме", "другие новости",
    "последние новости", "оқи отырыңыз", "ұқсас жаңалықтар", "танымал",
    "вам может быть интересно", "сізге қызықты болуы мүмкін", "sizni qiziqtirishi mumkin",
    "сизни қизиқтириши мумкин", "you may also like",
}
_CONTACT_WIDGET = "get in touch"  # a block head that heads nothing
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_SENTENCE_END = (".", "!", "?", "…", "»", '"', ")")


def squeeze_spaces(text: str) -> str:
    """Runs of spaces, tabs and no-break / thin spaces -> one space; ends stripped."""
    return _SPACES.sub(" ", text).strip()


def _is_credit(line: str) -> bool:
    match = _CREDIT.match(line)
    if not match:
        return False
    words = len(line.split())
    if match.group("colon"):
        return words <= 15
    return words <= 8 and not line.endswith((".", "!", "?"))


def _line_kind(line: str) -> str:
    """'sep' (separator / counter), 'junk' (other boilerplate), 'head' (block head), 'text'."""
    if _SEPARATOR.match(line):
        return "sep"
    if is_donation_head(line) or line.rstrip(":：").strip(" " + _EMOJI).lower() in _BLOCK_HEADS:
        return "head"  # donation heads: the bank details under them go with them
    if (is_residue(line) or is_furniture(line) or _JUNK_LINE.match(line)
            or _NUMBERED_EMOJI.match(line) or _HASHTAGS.match(line) or _is_credit(line)
            or _READ_ALSO_INLINE.match(line) or _TAG_LIST.match(line)):
        return "junk"
    return "text"


def _is_paragraph(line: str) -> bool:
    return len(line) >= 150 or (len(line) >= 60 and line.endswith(_SENTENCE_END))


def _drop_blocks(lines: list[str], kinds: list[str]) -> list[str]:
    """Drop lines between boilerplate, and blocks headed by 'Related', 'Читайте также'..."""
    keep = [k == "text" for k in kinds]
    half = sum(map(len, lines)) / 2
    seen = 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "text" and len(line) < 200 and 0 < i < len(kinds) - 1 \
                and kinds[i - 1] == kinds[i + 1] == "sep":
            keep[i] = False  # a headline wedged between counters and '-' lines: a list item
        elif kind == "head" and seen > half:
            keep[i:] = [False] * (len(keep) - i)  # trailing block: everything after it goes
            break
        elif kind == "head" and line.lower() != _CONTACT_WIDGET:
            # list heads ("Популярное") head headlines, up to the next real paragraph
            j = i + 1
            while j < len(lines) and not _is_paragraph(lines[j]):
                keep[j] = False
                j += 1
        seen += len(line)
    return [ln for ln, k in zip(lines, keep, strict=True) if k]


def clean_text(text: str) -> str:
    """Remove residual boilerplate lines; paragraphs separated by single newlines."""
    lines = [ln for ln in map(squeeze_spaces, text.splitlines()) if ln]
    out: list[str] = []
    for line in _drop_blocks(lines, [_line_kind(ln) for ln in lines]):
        if not out or out[-1] != line:  # repeated title / credit lines
            out.append(line)
    if len(out) > 1 and is_outlet_signature(out[-1]):
        out.pop()  # "Көкше Ақпарат" under the body: a name alone only signs off at the end
    return "\n".join(out)
