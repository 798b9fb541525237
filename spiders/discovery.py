"""Reading discovery documents: RSS/Atom feeds, sitemaps and listing pages -> URLs + hints.

Plain functions over bytes/text, so they are tested without Scrapy. Real feeds are often
malformed (stray ampersands, wrong encodings, junk before the XML declaration): lxml's recover
mode reads what can be read.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import etree
from parsel import Selector


@dataclass
class Entry:
    url: str
    hints: dict[str, str] = field(default_factory=dict)  # title, published (ISO 8601)


@dataclass
class Sitemap:
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    entries: list[Entry] = field(default_factory=list)


def _xml_root(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(body.lstrip(), parser)
    except etree.XMLSyntaxError:
        return None


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
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed with their link, title and date."""
    root = _xml_root(body)
    if root is None:
        return []
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
    return entries


def _atom_link(entry: etree._Element) -> str:
    for child in entry:
        if _local(child) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href", "")
    return ""


def _gunzip(body: bytes, max_size: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
        try:
            return fh.read(max_size + 1)[:max_size]
        except (OSError, EOFError):
            return b""


def parse_sitemap(body: bytes, base_url: str, max_size: int = 50_000_000) -> Sitemap:
    """A sitemap index (child sitemaps), a urlset (with Google News titles and dates), or a
    plain-text sitemap (one URL a line). Gzip bodies are unpacked (up to ``max_size``)."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_size)
    root = _xml_root(body)
    out = Sitemap()
    if root is None:
        text = body.decode("utf-8", "replace")
        out.entries = [Entry(line.strip()) for line in text.splitlines()
                       if line.strip().startswith(("http://", "https://"))]
        return out
    kind = _local(root)
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


def listing_links(html: str, base_url: str) -> list[str]:
    """Absolute http(s) link targets of a page, without fragments, in page order."""
    seen: dict[str, None] = {}
    for href in Selector(text=html).css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if urlsplit(url).scheme in ("http", "https"):
            seen[url] = None
    return list(seen)


_PAGE_PATH = re.compile(r"^(.*?)/page/(\d+)/?$")
_PAGE_PARAMS = ("page", "p", "pg", "paged")


def _pager_position(url: str) -> tuple[str, int] | None:
    """(key of the listing, page number) for ?page=N, ?PAGEN_1=N or /page/N/ URLs."""
    parts = urlsplit(url)
    match = _PAGE_PATH.match(parts.path)
    if match:
        return f"path:{parts.netloc}{match.group(1).rstrip('/')}", int(match.group(2))
    params = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in params:
        if (key in _PAGE_PARAMS or key.startswith("PAGEN_")) and value.isdigit():
            rest = sorted((k, v) for k, v in params if k != key)
            return f"query:{parts.netloc}{parts.path}?{rest}", int(value)
    return None


def _first_page_keys(url: str) -> set[str]:
    parts = urlsplit(url)
    rest = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return {f"path:{parts.netloc}{parts.path.rstrip('/')}",
            f"query:{parts.netloc}{parts.path}?{rest}"}


def next_page(html: str, url: str, css: str | None = None) -> str | None:
    """The listing's next page: the site's CSS selector, rel=next, or a common pager link
    (?page=N+1, /page/N+1/)."""
    sel = Selector(text=html)
    if css:
        for node in sel.css(css):
            href = node.attrib.get("href") or node.css("a::attr(href)").get()
            if href:
                return urljoin(url, href.strip())
        return None
    rel = sel.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").get()
    if rel:
        return urljoin(url, rel.strip())
    current = _pager_position(url)
    number = current[1] if current else 1
    keys = {current[0]} if current else _first_page_keys(url)
    for link in listing_links(html, url):
        position = _pager_position(link)
        if position and position[1] == number + 1 and position[0] in keys:
            return link
    return None


# -- site quirks (monitor.config.sources.QUIRKS) that change discovery -----------------

def repair_doubled_host(url: str) -> str:
    """Tengrinews sitemaps: 'https://tengrinews.kzhttps://tengrisport.kz/x' -> the last URL."""
    start = max(url.rfind("http://"), url.rfind("https://"))
    return url[start:] if start > 0 else url


def drop_amp(url: str) -> str:
    """'https://egemen.kz/amp/article/1-x' -> 'https://egemen.kz/article/1-x' (AMP copies)."""
    parts = urlsplit(url)
    path = re.sub(r"/amp(?=/|$)", "", parts.path, count=1) or "/"
    return parts._replace(path=path).geturl()


@dataclass
class CrawlQuirks:
    """What a site's quirks change in discovery; the empty default changes nothing."""

    loc_fixes: list[Callable[[str], str]] = field(default_factory=list)  # sitemap <loc>s
    url_fixes: list[Callable[[str], str]] = field(default_factory=list)  # article URLs
    follow: list[str] = field(default_factory=list)  # sitemap index children to keep
    use_sitemaps: bool = True
    page_templates: list[str] = field(default_factory=list)  # listing page n, '{n}'
    skip_paths: list[tuple[str, str]] = field(default_factory=list)  # (count key, path part)

    def fix_loc(self, url: str) -> str:
        for fix in self.loc_fixes:
            url = fix(url)
        return url

    def fix_url(self, url: str) -> str:
        for fix in self.url_fixes:
            url = fix(url)
        return url

    def follows(self, child_sitemap: str) -> bool:
        return not self.follow or any(part in child_sitemap for part in self.follow)

    def skip_reason(self, url: str) -> str | None:
        path = urlsplit(url).path
        return next((key for key, part in self.skip_paths if part in path), None)

    def page_url(self, listing_root: str, page: int) -> str | None:
        """Page ``page`` of the listing started at ``listing_root`` by the site's template."""
        root = listing_root.rstrip("/")
        for template in self.page_templates:
            if template.split("{n}", 1)[0].startswith(root):
                return template.replace("{n}", str(page))
        return None


# Quirk kind -> how it configures discovery. Kinds not listed are documentation here (text
# quirks act in monitor.article.textrules; backoff and timeouts are crawl settings).
QUIRK_ACTIONS: dict[str, Callable[[CrawlQuirks, str], None]] = {
    "sitemap-loc-doubled-host": lambda q, _: q.loc_fixes.append(repair_doubled_host),
    "sitemap-follow": lambda q, arg: q.follow.append(arg),
    "sitemap-frozen": lambda q, _: setattr(q, "use_sitemaps", False),
    "page-url": lambda q, arg: q.page_templates.append(arg),
    "sponsored-section": lambda q, arg: q.skip_paths.append(("paid", arg)),
    "amp-duplicate": lambda q, _: q.url_fixes.append(drop_amp),
}


def crawl_quirks(quirks: Iterable[str]) -> CrawlQuirks:
    """The discovery behaviour of a site's quirk strings ('kind' or 'kind:argument')."""
    out = CrawlQuirks()
    for quirk in quirks:
        kind, _, arg = quirk.partition(":")
        action = QUIRK_ACTIONS.get(kind)
        if action is not None:
            action(out, arg)
    return out
