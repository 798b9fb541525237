"""Listing pagination the way real sites do it: the next page of a listing, or None.

In this order: the site's own CSS selector (``next_page`` in its entry); ``rel=next``; a pager
link by its words in Russian, Kazakh or English ("Далее", "Следующая", "Вперёд", "Ещё",
"Келесі", "Әрі қарай", "Next", "→", "»") or by a class that says next (WordPress
``next page-numbers``, 1C-Bitrix ``modern-page-next``, Drupal ``pager__item--next``, DLE
``pnext``); the pager link numbered one more than the current page; finally a link of the
same listing whose URL has the next position: ``?page=N``, ``?PAGEN_1=N``, ``/page/N/``,
``/page-N``, ``pageN.html``, ``?p=N``, or an item offset (``?start=20``, ``?offset=``).

The next page never leaves the listing's section (same host, a path under the first page's)
and is never the page itself; the spider also never requests one listing page twice, so a
pager that links back cannot loop.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError
from parsel import Selector

# Link texts that mean "the next page"; compared lowercased, without arrows and end marks.
NEXT_WORDS = frozenset({
    "далее", "дальше", "следующая", "следующая страница", "след", "вперёд", "вперед", "ещё",
    "еще", "показать ещё", "показать еще", "ещё новости", "еще новости", "больше новостей",
    "келесі", "келесі бет", "әрі қарай", "ары қарай", "тағы", "тағы да", "next", "next page",
    "older posts", "older entries", "more news",
})
ARROWS = "→»›>⟶⇒▶"
# WordPress a.next, 1C-Bitrix .modern-page-next, Drupal .pager__item--next / .pager-next,
# DLE span.pnext, WP-PageNavi .nextpostslink
_NEXT_CLASS = re.compile(r"(?:^|[\s_-])(?:p?next|nextpostslink)(?:$|[\s_-])", re.I)
_PAGER_BOX = re.compile(r"pag|nav", re.I)  # an ancestor's class/id: pagination, pager, nav
_PATH_SHAPES = (
    re.compile(r"^(?P<base>.*?)/page/(?P<n>\d+)/?$"),  # WordPress, DLE: /news/page/2/
    re.compile(r"^(?P<base>.*?)/page[-_](?P<n>\d+)/?$"),  # /news/page-2
    re.compile(r"^(?P<base>.*?)/page(?P<n>\d+)\.html?$"),  # /news/page2.html
)
PAGE_PARAMS = frozenset({"page", "p", "pg", "paged", "pagen", "page_num"})
OFFSET_PARAMS = frozenset({"start", "offset", "from", "skip"})
MAX_OFFSET_STEP = 200  # a bigger jump of ?start= is no pager step


def pager_position(url: str) -> tuple[str, int, str] | None:
    """(key of the listing, position, "page" or "offset") of a pager URL; None for others.
    Two URLs with the same key are pages of one listing."""
    parts = urlsplit(url)
    for shape in _PATH_SHAPES:
        match = shape.match(parts.path)
        if match:
            return (f"path:{parts.netloc}{match.group('base').rstrip('/')}?{parts.query}",
                    int(match.group("n")), "page")
    params = parse_qsl(parts.query, keep_blank_values=True)
    for key, value in params:
        low = key.lower()
        kind = "page" if low in PAGE_PARAMS or low.startswith("pagen_") else (
            "offset" if low in OFFSET_PARAMS else "")
        if kind and value.isdigit():
            rest = sorted((k, v) for k, v in params if k != key)
            return f"query:{parts.netloc}{parts.path.rstrip('/')}?{rest}", int(value), kind
    return None


def _first_page_keys(url: str) -> set[str]:
    """The keys the pages of a listing have when ``url`` is its first page (no position)."""
    parts = urlsplit(url)
    path = re.sub(r"/(?:index\.\w+)?$", "", parts.path)
    rest = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return {f"path:{parts.netloc}{path}?{parts.query}", f"query:{parts.netloc}{path}?{rest}"}


def section_base(root: str) -> tuple[str, str]:
    """(host, path prefix) every page of the listing started at ``root`` stays under."""
    parts = urlsplit(root)
    path = parts.path
    position = pager_position(root)
    if position and position[0].startswith("path:"):
        for shape in _PATH_SHAPES:
            match = shape.match(path)
            if match:
                path = match.group("base")
                break
    path = re.sub(r"/(?:index\.\w+)?$", "", path)
    return parts.netloc.lower(), path


def in_section(root: str, url: str) -> bool:
    host, base = section_base(root)
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return parts.netloc.lower() == host and (
        not base or path == base or path.startswith(base + "/"))


def _same(a: str, b: str) -> bool:
    return urldefrag(a)[0].rstrip("/") == urldefrag(b)[0].rstrip("/")


def _words(text: str) -> str:
    text = " ".join(text.lower().split())
    return text.strip(ARROWS + " .:…").strip()


def _says_next(text: str) -> bool:
    text = " ".join(text.split())
    if len(text) == 1 and text in ARROWS:
        return True
    return _words(text) in NEXT_WORDS


def _links(html: str, base: str) -> list[tuple[str, str, lxml_html.HtmlElement]]:
    """(absolute URL, text, element) of each http(s) link of a page, in page order."""
    try:
        tree = lxml_html.fromstring(html or "<html></html>")
    except (ParserError, ValueError):
        return []
    out = []
    for el in tree.iter("a"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        if urlsplit(url).scheme in ("http", "https"):
            text = el.text_content() or el.get("aria-label") or el.get("title") or ""
            out.append((url, " ".join(text.split()), el))
    return out


def _in_pager_box(el: lxml_html.HtmlElement) -> bool:
    node = el.getparent()
    for _ in range(3):
        if node is None:
            return False
        if _PAGER_BOX.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        node = node.getparent()
    return False


def _classed_next(el: lxml_html.HtmlElement) -> bool:
    parent = el.getparent()
    classes = [el.get("class", ""), el.get("rel", "")]
    if parent is not None and parent.tag in ("li", "span", "div"):
        classes.append(parent.get("class", ""))
    return any(_NEXT_CLASS.search(c) for c in classes if c)


def _by_words(links: list[tuple[str, str, lxml_html.HtmlElement]], url: str) -> list[str]:
    """Links saying "next" in words or class. A "Далее" under every teaser leads to an
    article, not a page: a word link counts when it is pager-shaped, sits in a pager box or
    is the only one of its text on the page."""
    counts = Counter(_words(text) for _, text, _ in links)
    out = []
    for link, text, el in links:
        if _same(link, url):
            continue
        if _classed_next(el):
            out.append(link)
        elif _says_next(text) and (pager_position(link) is not None or _in_pager_box(el)
                                   or counts[_words(text)] == 1):
            out.append(link)
    return out


def _by_number(links: list[tuple[str, str, lxml_html.HtmlElement]], url: str,
               page: int) -> list[str]:
    """The pager link labelled with the next page's number ("2" on page one)."""
    label = str(page + 1)
    return [link for link, text, _ in links
            if text.strip() == label and not _same(link, url)
            and (pager_position(link) is not None or urlsplit(link).query)]


def _by_shape(links: list[tuple[str, str, lxml_html.HtmlElement]], url: str) -> list[str]:
    """A link of the same listing one page on (?page=N+1), or the smallest item offset past
    the current one (?start=20)."""
    current = pager_position(url)
    keys = {current[0]} if current else _first_page_keys(url)
    number = current[1] if current else None
    found: list[tuple[int, str]] = []
    for link, _, _ in links:
        position = pager_position(link)
        if position is None or position[0] not in keys:
            continue
        key, n, kind = position
        if kind == "page" and n == (number + 1 if number is not None else 2):
            return [link]
        if kind == "offset" and 0 < n - (number or 0) <= MAX_OFFSET_STEP:
            found.append((n, link))
    return [link for _, link in sorted(found)[:1]]


def next_page(html: str, url: str, css: str | None = None, *, root: str | None = None,
              page: int | None = None) -> str | None:
    """The listing's next page (see the module's docstring for the order), or None.

    ``root`` is the listing's first page (the section it must stay in; default ``url``),
    ``page`` the number of the current page (default: from its URL, else 1)."""
    sel = Selector(text=html or "<html></html>")
    if css:
        for node in sel.css(css):
            href = node.attrib.get("href") or node.css("a::attr(href)").get()
            if href:
                return urljoin(url, href.strip())
        return None
    root = root or url
    rel = sel.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").get()
    candidates = [urljoin(url, rel.strip())] if rel else []
    links = _links(html, url)
    if page is None:
        position = pager_position(url)
        page = position[1] if position and position[2] == "page" else 1
    candidates += _by_words(links, url) + _by_number(links, url, page) + _by_shape(links, url)
    return next((c for c in candidates if not _same(c, url) and in_section(root, c)), None)


__all__ = ["NEXT_WORDS", "in_section", "next_page", "pager_position", "section_base"]
