"""HTML page -> clean article text and metadata: decoding, trafilatura, title / date / language
from the markup. Boilerplate cleanup is in cleanup.py, date parsing in dates.py, the site's
selectors and lead quirk in selectors.py."""

from __future__ import annotations

import codecs
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from monitor.article.brief import min_chars
from monitor.article.cleanup import clean_text, squeeze_spaces
from monitor.article.dates import ALMATY, parse_iso, parse_text_date
from monitor.article.recall import rescue_body
from monitor.article.selectors import Selected, body_document, read_selected, with_lead
from monitor.article.textrules import apply_text_rules, date_from_formats
from monitor.config.langcodes import normalize_lang
from monitor.config.profile import SiteProfile

# clean_text and the date parsers live in their own modules; re-exported because callers
# import them from here
__all__ = [
    "ALMATY", "Extracted", "NotAnArticle", "clean_text", "decode_html", "extract_article",
    "normalize_lang", "parse_iso", "parse_text_date",
]

logger = logging.getLogger(__name__)
_NO_PROFILE = SiteProfile()


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
    scores = {c: _cyrillic_score(head.decode(c, errors="replace")) for c in ("cp1251", "koi8-r")}
    best = max(scores, key=scores.__getitem__)  # a tie keeps cp1251, the commoner one
    if scores[best] <= 0:
        best = "cp1252"
    logger.debug("no usable charset declared, decoding as %s", best)
    return body.decode(best, errors="replace")


# --------------------------------------------------------------------------- metadata

# htmldate's free-text search turns 'Желтоқсан 2025' into 2025-01-01; markup only, and
# parse_text_date reads the text with the ru/kk month table
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_ITEMPROP_DATE = XPath("//*[@itemprop='datePublished'][not(self::meta)]")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
DATE_BEFORE_TITLE = 200  # characters before the headline where its date line may stand
_TITLE_SEPARATORS = re.compile(r"\s+[-|—–:»]{1,2}\s+")
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
                 b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"BM")
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain", "application/xml",
               "text/xml", "application/octet-stream"}


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
        "description": _first(meta, "og:description", "description", "twitter:description"),
        "site_name": meta.get("og:site_name"),
        "h1": next((el.text_content() for el in tree.iter("h1")), None),
        "title": title_el.text_content() if title_el is not None else None,
        "published": published,
        "time": _article_time(tree),
    }


# A <time> under these (tag, or class/id word) is the site's header or a list: "today".
_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
_CHROME_CLASS = re.compile(r"header|topbar|top-bar|nav|menu|footer|sidebar|widget|today", re.I)


def _time_rank(el: HtmlElement) -> int:
    """0 inside <article>/<main>, 2 in the page's header/nav/footer/sidebar, else 1."""
    ancestors = list(el.iterancestors())
    if any(a.tag in ("article", "main") for a in ancestors):
        return 0
    chrome = any(a.tag in _CHROME_TAGS or _CHROME_CLASS.search(
        f"{a.get('class', '')} {a.get('id', '')}") for a in ancestors)
    return 2 if chrome else 1


def _article_time(tree: HtmlElement) -> str | None:
    """The datetime of the article's own <time>, not the site header's date of today."""
    times = [el for el in tree.iter("time") if el.get("datetime")]
    return min(times, key=_time_rank).get("datetime") if times else None


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


def _pick_title(found: str | None, facts: dict[str, str | None],
                selected: str | None = None) -> str:
    site = facts["site_name"]
    # the site's title selector first: its <h1> may be the logo
    candidates = [(selected, False), (found, False), (facts["og_title"], False),
                  (facts["h1"], False), (facts["title"], True)]
    for value, loose in candidates:
        value = squeeze_spaces(value or "")
        if value:
            return _strip_site_suffix(value, site, loose) or value
    return ""


def _headline_position(text: str, facts: dict[str, str | None], body: str) -> int:
    """Where the article's headline stands in the (space-squeezed) page text: its <h1>, unless
    the <h1> is the site's logo (not the og:title / <title> headline), then the headline
    itself or the body's first words; -1 when none is found."""
    h1 = squeeze_spaces(facts["h1"] or "")
    headline = squeeze_spaces(facts["og_title"] or facts["title"] or "")
    h1_is_title = bool(h1) and (not headline or h1[:30] in headline or headline[:30] in h1)
    anchors = [h1] if h1_is_title else [headline[:40], body[:40]]
    for anchor in anchors:
        at = text.find(anchor) if len(anchor) >= 10 else -1
        if at >= 0:
            return at
    return -1


def _pick_date(found: str | None, facts: dict[str, str | None],
               tree: HtmlElement, body: str = "") -> datetime | None:
    for value in (facts["published"], facts["time"]):
        exact = parse_iso(value) or parse_text_date(value or "")
        if exact:
            return exact
    tree_text = " ".join(_body_text(tree).split())
    # the page's own date line sits under the headline; dates before it are often
    # navigation, a "popular" list or the site header's "today"
    start = _headline_position(tree_text, facts, body)
    in_text = parse_text_date(tree_text[max(start, 0):][:20_000]) or (
        parse_text_date(tree_text[max(start - DATE_BEFORE_TITLE, 0):start]) if start > 0
        else None)
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
                    min_text_chars: int = 200, max_bytes: int = 5_000_000,
                    profile: SiteProfile | None = None) -> Extracted:
    """One page -> Extracted, or NotAnArticle with a reason counted in crawl summaries.

    ``profile``: the site's quirks and selectors (monitor.config.profile); None = none."""
    profile = profile or _NO_PROFILE
    _check_bytes(html, content_type, max_bytes)
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    tree = load_html(text)
    if tree is None:
        raise NotAnArticle("empty", "unparseable HTML")
    facts = _page_facts(tree, text)
    selected = read_selected(tree, profile)  # before trafilatura gets the tree
    doc, body = _extract_body(tree, url, profile, min_text_chars)
    title = _pick_title(doc.title, facts, selected.title)
    if not title:
        raise NotAnArticle("no_title", url or "")
    body = _drop_leading_title(body, title)
    if profile.lead_separate:  # after the title is dropped: the lead opens the text
        body = with_lead(body, selected.lead or facts["description"] or doc.description)
    published = _published(doc, facts, tree, profile, selected, body)
    _check_length(body, min_text_chars, text, facts, title, published is not None)
    canonical = urljoin(url or "", facts["canonical"] or "") or None
    if canonical and not urlsplit(canonical).netloc:
        canonical = None  # relative, and no page URL to resolve it against
    return Extracted(
        title=title, text=body, published=published,
        author=selected.author or doc.author or None, html_lang=normalize_lang(facts["lang"]),
        canonical=canonical, description=doc.description or None,
    )


def _check_length(body: str, min_text_chars: int, html: str, facts: dict[str, str | None],
                  title: str, dated: bool) -> None:
    """NotAnArticle("too_short") below ``min_text_chars``, or below the brief bar
    (monitor.article.brief) on a page that is clearly an article."""
    if len(body) >= min_text_chars:
        return
    titled = bool(facts["og_title"]) or squeeze_spaces(facts["h1"] or "") == title
    if len(body) < min_chars(min_text_chars, html, titled, dated, bool(facts["published"])):
        raise NotAnArticle("too_short", f"{len(body)} chars")


def _trafilatura(tree: HtmlElement, url: str | None, profile: SiteProfile,
                 with_metadata: bool = True) -> tuple[Document, str] | None:
    """trafilatura's document and its cleaned body (site line rules applied), or None."""
    doc = bare_extraction(tree, url=url, with_metadata=with_metadata, include_comments=False,
                          favor_precision=True, date_extraction_params=_DATE_PARAMS)
    if not isinstance(doc, Document):  # None: trafilatura found no body
        return None
    # The site's line rules first: a stop marker may be a line the residue rules drop.
    def clean(raw: str) -> str:
        return clean_text(apply_text_rules(raw, profile.line_rules) if profile.line_rules
                          else raw)

    return doc, rescue_body(tree, url, clean(doc.text or ""), clean)


def _extract_body(tree: HtmlElement, url: str | None, profile: SiteProfile,
                  min_text_chars: int) -> tuple[Document, str]:
    """The site's body block alone when it yields enough text, else the whole page."""
    block = body_document(tree, profile.selector("body"), min_text_chars)
    part = _trafilatura(block, url, profile, with_metadata=False) if block is not None else None
    if part is not None and len(part[1]) >= max(min_text_chars, 1):
        # metadata from the whole page, as without the selector: a byline or a date
        # outside the body block still counts
        return extract_metadata(tree, url, _DATE_PARAMS), part[1]
    # the selector missed (redesign, another page type): the whole page, as without it
    found = _trafilatura(tree, url, profile)
    if found is None or not found[1]:
        raise NotAnArticle("empty", url or "")
    return found


def _published(doc: Document, facts: dict[str, str | None], tree: HtmlElement,
               profile: SiteProfile, selected: Selected, body: str = "") -> datetime | None:
    if selected.published:  # the site's date element beats every guess
        return selected.published
    published = _pick_date(doc.date, facts, tree, body)
    if profile.date_formats and not (facts["published"] or facts["time"]):
        # the site's own visible date format beats a guess from free text
        published = date_from_formats(_body_text(tree), profile.date_formats) or published
    return published


def _body_text(tree: HtmlElement) -> str:
    body = tree.find("body")  # not <head>: its <title> repeats the headline
    return (body if body is not None else tree).text_content()


def _drop_leading_title(body: str, title: str) -> str:
    lines = body.split("\n")
    while len(lines) > 1 and lines[0].strip(" .") == title.strip(" ."):
        lines.pop(0)
    return "\n".join(lines)
