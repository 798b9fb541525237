"""HTML page -> clean article text and metadata (trafilatura + residual-boilerplate cleanup)."""

from __future__ import annotations

import codecs
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document
from trafilatura.utils import load_html

logger = logging.getLogger(__name__)

ALMATY = ZoneInfo("Asia/Almaty")


class NotAnArticle(Exception):
    """The page is not an article; ``reason`` is a short key counted in the crawl summary
    (too_large, binary, not_html, no_title, too_short, empty)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class Extracted:
    title: str
    text: str  # clean body, paragraphs separated by "\n"
    published: datetime | None  # timezone-aware (Asia/Almaty assumed when the page has none)
    author: str | None
    html_lang: str | None  # <html lang> / og:locale, normalised to ISO 639-1
    canonical: str | None  # <link rel=canonical> / og:url, absolute
    description: str | None = None


# --------------------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_WORD = re.compile(r"[^\W\d_]{3,}")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_SNIFF = 65_536  # scoring a prefix is enough and keeps big pages cheap


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def _declared(body: bytes, content_type: str) -> list[str]:
    found = []
    header = _HTTP_CHARSET.search(content_type or "")
    if header:
        found.append(header.group(1))
    meta = _META_CHARSET.search(body[:8192])
    if meta:
        found.append(meta.group(1).decode("ascii", "replace"))
    return [c for c in (_codec(n) for n in found) if c]


def _cyrillic_score(text: str) -> int:
    """Letters in plausible Cyrillic words minus letters in implausible ones.

    cp1251 read as latin-1 gives 'Ïðèâåò', read as koi8-r gives 'пРИВЕТ' (case inverted):
    both score negative, the right decoding scores positive."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if _CYRILLIC_WORD.fullmatch(word) and (word.islower() or word.isupper()
                                               or word.istitle()):
            score += len(word)
        else:
            score -= len(word)
    return score


def decode_html(body: bytes, content_type: str = "") -> str:
    """Bytes -> text: BOM, then valid UTF-8, then the declared charset, then Cyrillic guess."""
    if isinstance(body, str):
        return body
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")  # valid UTF-8 wins whatever the header says
    except UnicodeDecodeError:
        pass
    head = body[:_SNIFF]
    for codec in _declared(body, content_type):
        if codec == "utf-8":
            continue  # already known to be wrong
        try:
            head.decode(codec)
        except UnicodeDecodeError:
            continue
        # a "latin-1" label on a Russian page is a common server default: check it
        if codec in _WESTERN and _cyrillic_score(head.decode("cp1251", "replace")) > 0:
            break
        return body.decode(codec, errors="replace")
    best, best_score = "cp1251", 0
    for codec in ("cp1251", "koi8-r"):
        score = _cyrillic_score(head.decode(codec, errors="replace"))
        if score > best_score:
            best, best_score = codec, score
    if best_score <= 0:
        best = "cp1252"
    logger.debug("no usable charset declared, decoding as %s", best)
    return body.decode(best, errors="replace")


# --------------------------------------------------------------------------- cleanup

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
_BLOCK_HEADS = {
    "related", "related news", "related posts", "читайте также", "тағы оқыңыз",
    "get in touch", "похожие новости", "популярное", "самое читаемое", "новости партнеров",
    "новости партнёров", "читайте еще", "читайте ещё", "по теме", "другие новости",
    "последние новости", "оқи отырыңыз", "ұқсас жаңалықтар", "танымал",
}
_READ_ALSO_INLINE = re.compile(r"^(?:Читайте также|Читайте еще|Тағы оқыңыз|Оқи отырыңыз)\s*:\s*\S",
                               re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_SENTENCE_END = ("." , "!", "?", "…", "»", '"', ")")


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
    if (_JUNK_LINE.match(line) or _NUMBERED_EMOJI.match(line) or _HASHTAGS.match(line)
            or _is_credit(line) or _READ_ALSO_INLINE.match(line) or _TAG_LIST.match(line)):
        return "junk"
    if line.rstrip(":：").strip(" " + _EMOJI).lower() in _BLOCK_HEADS:
        return "head"
    return "text"


def _is_paragraph(line: str) -> bool:
    return len(line) >= 150 or (len(line) >= 60 and line.endswith(_SENTENCE_END))


def _drop_blocks(lines: list[str], kinds: list[str]) -> list[str]:
    """Drop lines between boilerplate, and blocks headed by 'Related', 'Читайте также'..."""
    keep = [k == "text" for k in kinds]
    total = sum(len(ln) for ln in lines) or 1
    seen = 0
    for i, kind in enumerate(kinds):
        if kind == "text" and len(lines[i]) < 200:
            # a headline wedged between counters and '-' lines is a "popular" list item
            if 0 < i < len(kinds) - 1 and kinds[i - 1] == kinds[i + 1] == "sep":
                keep[i] = False
        if kind == "head":
            if seen > total / 2:  # trailing block: everything after it goes
                return [ln for ln, k in zip(lines[:i], keep[:i], strict=True) if k]
            j = i + 1
            # a contact widget heads nothing; list heads ("Популярное") head headlines
            while lines[i].lower() != "get in touch" and j < len(lines) \
                    and not _is_paragraph(lines[j]):
                keep[j] = False
                j += 1
        seen += len(lines[i])
    return [ln for ln, k in zip(lines, keep, strict=True) if k]


def clean_text(text: str) -> str:
    """Remove residual boilerplate lines; paragraphs separated by single newlines."""
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    kinds = [_line_kind(ln) for ln in lines]
    out: list[str] = []
    for line in _drop_blocks(lines, kinds):
        if not out or out[-1] != line:  # repeated title / credit lines
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------- dates

_MONTHS = {
    # Russian stems (nominative 'август' and genitive 'августа' share them)
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    # Kazakh
    "қаң": 1, "ақп": 2, "нау": 3, "сәу": 4, "мам": 5, "мау": 6, "шіл": 7, "там": 8,
    "қыр": 9, "қаз": 10, "қар": 11, "жел": 12,
}
_MONTH_WORD = (r"(?P<month>(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр"
               r"|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек"
               r"|қазан|қараша|желтоқсан)[а-яәғқңөұүһі]*)")
_TIME = r"(?P<hh>\d{1,2}):(?P<mm>\d{2})"
_TEXT_DATE = re.compile(
    rf"(?:{_TIME}\s*,?\s*)?"
    rf"(?:(?P<day>\d{{1,2}})\s+{_MONTH_WORD}\.?,?\s+(?P<year>20\d\d)"
    rf"|(?P<year2>20\d\d)\s*(?:жылғы|жыл|ж\.|г\.)?\s+(?P<day2>\d{{1,2}})\s+"
    + _MONTH_WORD.replace("month", "month2") + ")"
    r"(?:\s*(?:г\.|года|ж\.|жылы)?\s*(?:[,|в]\s*)*(?P<hh2>\d{1,2}):(?P<mm2>\d{2}))?"
    r"(?:\s*\|?\s*(?:GMT|UTC)\s*(?P<off>[+-]\s*\d{1,2}))?",
    re.I,
)
# htmldate's free-text search turns 'Желтоқсан 2025' into 2025-01-01; markup only, and
# parse_text_date reads the text with the ru/kk month table
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_ITEMPROP_DATE = XPath("//*[@itemprop='datePublished'][not(self::meta)]")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def parse_iso(value: str | None) -> datetime | None:
    """ISO 8601 (with or without offset, 'Z' allowed) -> aware datetime, else None."""
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=ALMATY)


_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?:(?P<hh>\d{1,2}):(?P<mm>\d{2})\s*,?\s*)?(?P<day>\d{1,2})\.(?P<month>\d{1,2})"
    r"\.(?P<year>20\d\d)(?![\d.]\d)(?:\s*,?\s*(?:в\s*)?(?P<hh2>\d{1,2}):(?P<mm2>\d{2}))?")


def _match_date(g: dict[str, str | None]) -> datetime | None:
    month_text = g.get("month") or g.get("month2") or ""
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text[:3].lower())
    hour, minute = (g["hh"], g["mm"]) if g["hh"] else (g.get("hh2"), g.get("mm2"))
    try:
        found = datetime(int(g.get("year") or g.get("year2") or 0), month or 0,
                         int(g.get("day") or g.get("day2") or 0), int(hour or 0),
                         int(minute or 0))
    except (ValueError, TypeError):
        return None
    offset = g.get("off")
    if offset:
        hours = int(offset.replace(" ", ""))
        return found.replace(tzinfo=timezone(timedelta(hours=hours)))
    return found.replace(tzinfo=ALMATY)


def parse_text_date(text: str) -> datetime | None:
    """The first date in ``text`` written in words ('13:51, 15 Август 2025', '24 октября
    2025 г.', '2025 жылғы 9 желтоқсан') or digits ('15.08.2025 13:51'); Asia/Almaty unless
    'GMT +N' follows."""
    best: tuple[int, datetime] | None = None
    for regex in (_TEXT_DATE, _NUMERIC_DATE):
        for match in regex.finditer(text, 0, best[0] if best else len(text)):
            found = _match_date(match.groupdict())
            if found:
                best = (match.start(), found)
                break
    return best[1] if best else None


# --------------------------------------------------------------------------- metadata

_LANG_ALIASES = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en", "uzb": "uz", "kir": "ky",
                 "kgz": "ky", "ukr": "uk", "qq": "kk"}
_TITLE_SEPARATORS = re.compile(r"\s+[-|—–:»]{1,2}\s+")
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                 b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"BM")
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain", "application/xml",
               "text/xml", "application/octet-stream"}


def normalize_lang(value: str | None) -> str | None:
    """'ru-RU' -> 'ru', 'kz' / 'kaz' -> 'kk'; None when it is not a language code."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    code = _LANG_ALIASES.get(code, code)
    return code if len(code) == 2 and code.isalpha() and code.isascii() else None


def _metas(tree: HtmlElement) -> dict[str, str]:
    """All <meta property|name|itemprop=... content=...> in one pass; the first one wins."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = (el.get("content") or "").strip()
        if key and content:
            found.setdefault(key.lower(), content)
    return found


def _first(values: dict[str, str], *keys: str) -> str | None:
    return next((values[k] for k in keys if k in values), None)


def _page_facts(tree: HtmlElement, raw: str) -> dict[str, str | None]:
    """What the page says about itself, read before trafilatura prunes its copy."""
    meta = _metas(tree)
    canonical = next((el.get("href") for el in tree.iter("link") if el.get("href")
                      and (el.get("rel") or "").strip().lower() == "canonical"), None)
    title_el = tree.find(".//title")
    published = _first(meta, "article:published_time", "datepublished", "pubdate",
                       "publish-date", "date") or next(
        (el.get("datetime") or el.get("content") for el in _ITEMPROP_DATE(tree)), None)
    if not published:
        match = _JSONLD_DATE.search(raw)
        published = json.loads(f'"{match.group(1)}"') if match else None
    return {
        "lang": tree.get("lang") or meta.get("og:locale"),
        "canonical": canonical or meta.get("og:url"),
        "og_title": _first(meta, "og:title", "twitter:title"),
        "site_name": meta.get("og:site_name"),
        "h1": next((el.text_content() for el in tree.iter("h1")), None),
        "title": title_el.text_content() if title_el is not None else None,
        "published": published,
        "time": next((el.get("datetime") for el in tree.iter("time") if el.get("datetime")),
                     None),
    }


def _strip_site_suffix(title: str, site_name: str | None, loose: bool) -> str:
    """'Аким провёл совещание - Kazinform' -> 'Аким провёл совещание'."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].strip().lower()
    site = (site_name or "").strip().lower()
    looks_like_site = (bool(site) and (last in site or site in last)) or bool(
        re.search(r"\.(?:kz|ru|com|org|net|info|uz|kg)\b", last))
    if looks_like_site or (loose and len(last.split()) <= 3 and len(parts[-1]) < len(title) / 2):
        return title[: title.rfind(parts[-1])].rstrip(" -|—–:»")
    return title


def _pick_title(found: str | None, facts: dict[str, str | None]) -> str:
    site = facts["site_name"]
    candidates = [(found, False), (facts["og_title"], False), (facts["h1"], False),
                  (facts["title"], True)]
    for value, loose in candidates:
        value = _SPACES.sub(" ", value or "").strip()
        if value:
            return _strip_site_suffix(value, site, loose) or value
    return ""


def _pick_date(found: str | None, facts: dict[str, str | None],
               tree: HtmlElement) -> datetime | None:
    for value in (facts["published"], facts["time"]):
        exact = parse_iso(value) or parse_text_date(value or "")
        if exact:
            return exact
    tree_text = _body_text(tree)
    # the page's own date line sits under the headline; dates before it are often
    # navigation or a "popular" list
    start = tree_text.find(facts["h1"] or "\x00")
    in_text = parse_text_date(tree_text[max(start, 0):][:20_000])
    day = parse_iso(found)
    if day:
        # trafilatura only gives the day; the page text may carry the time of that day
        if in_text and in_text.date() == day.date():
            return in_text
        return day
    return in_text


# --------------------------------------------------------------------------- the article


def _check_bytes(html: str | bytes, content_type: str, max_bytes: int) -> None:
    size = len(html)
    if isinstance(html, str) and size * 2 > max_bytes:  # encode only when it could matter
        size = len(html.encode("utf-8", "replace"))
    if size > max_bytes:
        raise NotAnArticle("too_large", f"{size} bytes")
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime not in _HTML_TYPES and not mime.startswith("text/"):
        raise NotAnArticle("not_html", mime)
    head = html[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    controls = len(_CONTROL_BYTES.findall(head))
    if b"\x00" in head or head.lstrip().startswith(_BINARY_MAGIC) or controls * 20 > len(head):
        raise NotAnArticle("binary", repr(head[:8]))


def extract_article(html: str | bytes, url: str | None = None, content_type: str = "", *,
                    min_text_chars: int = 200, max_bytes: int = 5_000_000) -> Extracted:
    """One page -> Extracted, or NotAnArticle with a reason counted in crawl summaries."""
    _check_bytes(html, content_type, max_bytes)
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    tree = load_html(text)
    if tree is None:
        raise NotAnArticle("empty", "unparseable HTML")
    facts = _page_facts(tree, text)
    doc = bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                          favor_precision=True, date_extraction_params=_DATE_PARAMS)
    if not isinstance(doc, Document):  # None: trafilatura found no body
        raise NotAnArticle("empty", url or "")
    body = clean_text(doc.text or "")
    if not body:
        raise NotAnArticle("empty", url or "")
    title = _pick_title(doc.title, facts)
    if not title:
        raise NotAnArticle("no_title", url or "")
    body = _drop_leading_title(body, title)
    if len(body) < min_text_chars:
        raise NotAnArticle("too_short", f"{len(body)} chars")
    canonical = urljoin(url or "", facts["canonical"] or "") or None
    if canonical and not urlsplit(canonical).netloc:
        canonical = None  # relative, and no page URL to resolve it against
    return Extracted(
        title=title, text=body, published=_pick_date(doc.date, facts, tree),
        author=doc.author or None, html_lang=normalize_lang(facts["lang"]),
        canonical=canonical, description=doc.description or None,
    )


def _body_text(tree: HtmlElement) -> str:
    body = tree.find("body")  # not <head>: its <title> repeats the headline
    return (body if body is not None else tree).text_content()


def _drop_leading_title(body: str, title: str) -> str:
    lines = body.split("\n")
    while len(lines) > 1 and lines[0].strip(" .") == title.strip(" ."):
        lines.pop(0)
    return "\n".join(lines)
