"""Reading discovery documents: RSS/Atom feeds, sitemaps and listing pages -> URLs + hints.

Plain functions over bytes/text, so they are tested without Scrapy. Real feeds are often
malformed (stray ampersands, wrong encodings, junk before the XML declaration): lxml's recover
mode reads what can be read. A body that is no feed or sitemap at all (an HTML error page
served with status 200, JSON, garbage) is reported as such (``Feed.problem``,
``Sitemap.problem``) instead of reading as an empty document: otherwise a broken source looks
healthy, just quiet.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from monitor.config.profile import SiteProfile
from spiders.pagers import next_page  # re-exported: callers read pagers through here


@dataclass
class Entry:
    url: str
    hints: dict[str, str] = field(default_factory=dict)  # title, published (ISO 8601)


@dataclass
class Feed:
    entries: list[Entry] = field(default_factory=list)
    # Why the body is not a feed ("not a feed: HTML page"); None for a feed, even an empty one.
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


@dataclass
class Sitemap:
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    entries: list[Entry] = field(default_factory=list)
    # Why the body is not a sitemap ("not a sitemap: JSON"); None for a sitemap, even empty.
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None


FEED_ROOTS = frozenset({"rss", "feed", "RDF"})  # RSS 2.0, Atom, RSS 1.0 (rdf:RDF)
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
# Roots lxml's recover mode gives bare server error pages ("<h1>502 Bad Gateway</h1>")
_HTML_ROOTS = frozenset({"html", "head", "body", "title", "h1", "center", "div", "p"})
_SNIFF_BYTES = 4096  # how far into a body junk before the XML declaration is looked past


def _xml_root(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    body = body.lstrip()
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        root = None
    # A PHP notice or a stray line before "<?xml" makes even recover mode give up; the
    # document after it is usually intact.
    start = body.find(b"<?xml", 1, _SNIFF_BYTES)
    if root is None and start > 0:
        return _xml_root(body[start:])
    return root


def _body_kind(body: bytes, root: etree._Element | None) -> str:
    """What a body that is not the expected document looks like, for a one-line reason."""
    head = body[:_SNIFF_BYTES].lstrip().lower()
    if not head:
        return "empty body"
    if (root is not None and _local(root).lower() in _HTML_ROOTS) or head.startswith(
            b"<!doctype html") or b"<html" in head:
        return "HTML page"
    if head[:1] in (b"{", b"["):
        try:
            json.loads(body)
            return "JSON"
        except (ValueError, UnicodeDecodeError):
            pass
    if root is not None:
        return f"XML document <{_local(root)}>"
    # NULs or many undecodable bytes: an image, an archive, a mangled download
    text = body[:_SNIFF_BYTES].decode("utf-8", "replace")
    binary = "\x00" in text or text.count("\ufffd") * 10 > len(text)
    return "binary data" if binary else "plain text"


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    for child in el:
        if _local(child) in names:
            return child
    return None


def _text(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def iso_date(value: str) -> str | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) -> ISO 8601; None when unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _hints(title: str, date: str) -> dict[str, str]:
    hints: dict[str, str] = {}
    if title:
        hints["title"] = " ".join(title.split())
    published = iso_date(date)
    if published:
        hints["published"] = published
    return hints


def feed_entries(body: bytes, base_url: str) -> list[Entry]:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed with their link, title and date; [] for a
    body that is no feed (see :func:`parse_feed` for telling the two apart)."""
    return parse_feed(body, base_url).entries


def parse_feed(body: bytes, base_url: str) -> Feed:
    """An RSS 2.0 / RSS 1.0 / Atom feed's items, or why the body is not a feed. An empty but
    well-formed feed is valid: only the root element decides, not the number of items."""
    root = _xml_root(body)
    if root is None or _local(root) not in FEED_ROOTS:
        return Feed(problem="not a feed: " + _body_kind(body, root))
    entries: list[Entry] = []
    for el in root.iter():
        name = _local(el)
        if name == "item":
            link = _text(_child(el, "link")) or el.get(
                "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about", "")
            guid = _child(el, "guid")
            if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
                link = _text(guid)
            date = _text(_child(el, "pubDate", "date", "published", "updated"))
        elif name == "entry":
            link = _atom_link(el)
            date = _text(_child(el, "published", "updated"))
        else:
            continue
        if link:
            entries.append(Entry(urljoin(base_url, link.strip()),
                                 _hints(_text(_child(el, "title")), date)))
    return Feed(entries)


def _atom_link(entry: etree._Element) -> str:
    for child in entry:
        if _local(child) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href", "")
    return ""


def _gunzip(body: bytes, max_size: int) -> bytes | None:
    """The unpacked body (at most ``max_size`` bytes); None when the gzip data is broken."""
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
        try:
            return fh.read(max_size + 1)[:max_size]
        except (OSError, EOFError):
            return None


def _text_sitemap(body: bytes) -> Sitemap:
    """A plain-text sitemap: one URL a line. Valid when it has URLs and they are at least
    half of its non-blank lines (a stray line is tolerated; prose that mentions a link is
    not a sitemap)."""
    kind = _body_kind(body, None)
    if kind != "plain text":
        return Sitemap(problem="not a sitemap: " + kind)
    lines = [line.strip() for line in body.decode("utf-8", "replace").splitlines()
             if line.strip()]
    urls = [line for line in lines if line.startswith(("http://", "https://"))]
    if not urls or 2 * len(urls) < len(lines):
        return Sitemap(problem="not a sitemap: text without URLs")
    return Sitemap(entries=[Entry(url) for url in urls])


def parse_sitemap(body: bytes, base_url: str, max_size: int = 50_000_000) -> Sitemap:
    """A sitemap index (child sitemaps), a urlset (with Google News titles and dates), or a
    plain-text sitemap (one URL a line). Gzip bodies are unpacked (up to ``max_size``).
    Anything else comes back with ``problem`` set; an empty urlset or index is valid."""
    if body[:2] == b"\x1f\x8b":
        unpacked = _gunzip(body, max_size)
        if unpacked is None:
            return Sitemap(problem="not a sitemap: broken gzip data")
        body = unpacked
    root = _xml_root(body)
    if root is None:
        return _text_sitemap(body)
    kind = _local(root)
    if kind not in SITEMAP_ROOTS:
        return Sitemap(problem="not a sitemap: " + _body_kind(body, root))
    out = Sitemap()
    for el in root:
        loc = _text(_child(el, "loc"))
        if not loc:
            continue
        loc = urljoin(base_url, loc)
        if kind == "sitemapindex":
            out.sitemaps.append(loc)
            continue
        news = _child(el, "news")
        if news is not None:
            hints = _hints(_text(_child(news, "title")),
                           _text(_child(news, "publication_date")))
        else:
            hints = _hints("", _text(_child(el, "lastmod")))
        out.entries.append(Entry(loc, hints))
    return out


def listing_links(html: str, base_url: str, css: str | None = None) -> list[str]:
    """Absolute http(s) link targets of a page, without fragments, in page order; with
    ``css`` (the site's listing selector) only links in or under the elements it picks,
    unless it picks none (a changed layout must not hide every link)."""
    seen: dict[str, None] = {}
    page = Selector(text=html)
    hrefs: list[str] = []
    if css:
        for node in page.css(css):
            own = node.attrib.get("href")
            hrefs += [own] if own else node.css("a::attr(href)").getall()
    for href in hrefs or page.css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if urlsplit(url).scheme in ("http", "https"):
            seen[url] = None
    return list(seen)


# -- site quirks (monitor.config.profile) that change discovery ---------------------------

def repair_doubled_host(url: str) -> str:
    """Tengrinews sitemaps: 'https://tengrinews.kzhttps://tengrisport.kz/x' -> the last URL."""
    start = max(url.rfind("http://"), url.rfind("https://"))
    return url[start:] if start > 0 else url


def drop_amp(url: str) -> str:
    """'https://egemen.kz/amp/article/1-x' -> 'https://egemen.kz/article/1-x' (AMP copies)."""
    parts = urlsplit(url)
    path = re.sub(r"/amp(?=/|$)", "", parts.path, count=1) or "/"
    return parts._replace(path=path).geturl()


def fix_loc(profile: SiteProfile, url: str) -> str:
    """A sitemap <loc> as the site meant it (sitemap-loc-doubled-host)."""
    return repair_doubled_host(url) if profile.repair_doubled_host else url


def fix_url(profile: SiteProfile, url: str) -> str:
    """An article link as it should be fetched (amp-duplicate)."""
    return drop_amp(url) if profile.drop_amp else url


def json_html_links(body: bytes, base_url: str) -> list[str] | None:
    """ajax-pagination: the links inside the HTML strings of a JSON response (a "load more"
    endpoint), in order; None when the body is not JSON."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    fragments: list[str] = []
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str) and "<a" in value:
            fragments.append(value)
        elif isinstance(value, dict):
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return listing_links("\n".join(fragments), base_url) if fragments else []


# The module's API (callers: spiders.news, monitor.crawl.sitecheck, the tests); feed_entries
# is kept for callers that want only the entries of a feed.
__all__ = ["FEED_ROOTS", "SITEMAP_ROOTS", "Entry", "Feed", "Sitemap", "drop_amp", "feed_entries",
           "fix_loc", "fix_url", "iso_date", "json_html_links", "listing_links", "next_page",
           "parse_feed", "parse_sitemap", "repair_doubled_host"]
