"""Is a page an article? Judged by its markup when the site's URLs do not say it reliably.

An article says so in its markup: ``og:type`` article, JSON-LD of type NewsArticle / Article /
ReportageNewsArticle (or another CreativeWork article type), ``itemprop="articleBody"``; or,
without any of them, it is a dated title over a long body. Listing, tag, author and search
pages are rejected even when a loose URL pattern matches them: by their URL (``/tag/``,
``/author/``, ``?s=``, ``/page/2/``), by their JSON-LD (CollectionPage, ItemList,
SearchResultsPage, ProfilePage) and by their shape (many teasers, little text of their own).

Pure functions of the page's HTML and URL (plus, for the body test, what extraction found).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html
from lxml.etree import ParserError

from monitor.article.dates import parse_iso, parse_text_date

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "report", "liveblogposting",
})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage",
                           "person", "aboutpage", "contactpage"})
# Path segments of pages that are never articles: tags, authors, search, sections, archives.
NOT_ARTICLE_SEGMENTS = frozenset({
    "tag", "tags", "teg", "tegi", "author", "authors", "avtor", "avtory", "autor", "user",
    "users", "profile", "search", "poisk", "izdeu", "category", "categories", "rubric",
    "rubrika", "section", "archive", "arhiv", "page", "feed", "rss", "login",
    "about", "contacts", "kontakty", "reklama", "advertising", "subscribe", "amp-stories",
})
SEARCH_PARAMS = frozenset({"s", "q", "query", "search", "text", "search_text", "tag"})
MIN_BODY_CHARS = 250  # "a long body": the own text of a short news item
MAX_TEASERS = 6  # more <article> blocks than this: a list of teasers
HEADLINE_CHARS = 25  # a link with this much text is a headline
MIN_HEADLINES = 8
DATE_WINDOW = 300  # characters after the headline where its date line is looked for


@dataclass
class Verdict:
    article: bool
    reason: str  # "json-ld NewsArticle", "og:type article", "tag page", ...


@dataclass
class Markup:
    """What a page's markup says about its kind."""

    og_type: str = ""
    ld_types: list[str] = field(default_factory=list)
    article_body: bool = False
    teasers: int = 0  # <article> elements
    h1: str = ""
    dated: bool = False
    headlines: int = 0  # links with a headline's length of text
    headline_chars: int = 0
    own_chars: int = 0  # text of paragraphs outside links


def url_says_not_article(url: str) -> str | None:
    """Why the URL alone shows a non-article page ("tag page"), else None."""
    parts = urlsplit(url)
    segments = [s.lower() for s in parts.path.split("/") if s]
    if not segments and not parts.query:
        return "front page"
    hit = next((s for s in segments if s in NOT_ARTICLE_SEGMENTS), None)
    if hit:
        return f"{hit} page"
    params = {k.lower() for k, _, _ in (p.partition("=") for p in parts.query.split("&") if p)}
    if params & SEARCH_PARAMS:
        return "search page"
    return None


def _ld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
                yield item


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type", [])
    return [str(v).lower() for v in (value if isinstance(value, list) else [value])]


def read_markup(html: str) -> Markup:
    """The kind signals of a page's markup."""
    try:
        tree = lxml_html.fromstring(html or "<html></html>")
    except (ParserError, ValueError):
        return Markup()
    out = Markup()
    for el in tree.iter("meta"):
        if (el.get("property") or el.get("name") or "").lower() == "og:type":
            out.og_type = (el.get("content") or "").strip().lower()
            break
    dates = []
    for item in _ld_objects(tree):
        out.ld_types += _types(item)
        if item.get("datePublished"):
            dates.append(str(item["datePublished"]))
        if item.get("articleBody"):
            out.article_body = True
    out.article_body = out.article_body or bool(tree.xpath("//*[@itemprop='articleBody']"))
    out.teasers = sum(1 for _ in tree.iter("article"))
    h1 = next(iter(tree.iter("h1")), None)
    out.h1 = " ".join((h1.text_content() if h1 is not None else "").split())
    dates += [el.get("content", "") for el in tree.iter("meta") if (el.get("property") or "")
              .lower() in ("article:published_time", "datepublished")]
    dates += [el.get("datetime", "") for el in tree.iter("time")]
    out.dated = any(parse_iso(d) for d in dates if d) or _dated_under_title(tree, out.h1)
    _measure_text(tree, out)
    return out


def _dated_under_title(tree: lxml_html.HtmlElement, h1: str) -> bool:
    """A date written out near the headline ('15.08.2025 10:05', '15 августа 2025')."""
    body = tree.find("body")
    text = " ".join((body if body is not None else tree).text_content().split())
    start = text.find(h1) if h1 else -1
    return start >= 0 and parse_text_date(text[start:start + len(h1) + DATE_WINDOW]) is not None


def _measure_text(tree: lxml_html.HtmlElement, out: Markup) -> None:
    for link in tree.iter("a"):
        text = " ".join(link.text_content().split())
        if len(text) >= HEADLINE_CHARS:
            out.headlines += 1
            out.headline_chars += len(text)
    for para in tree.iter("p"):
        links = sum(len(a.text_content()) for a in para.iter("a"))
        out.own_chars += max(0, len(para.text_content().strip()) - links)


def _teaser_list(markup: Markup) -> bool:
    """Many headline links and less text of its own than of them: a listing."""
    return markup.headlines >= MIN_HEADLINES and markup.own_chars < markup.headline_chars


def judge(html: str, url: str, *, text: str | None = None,
          published: bool = False) -> Verdict:
    """Is this page an article? ``text`` and ``published`` are what extraction found (its
    body and whether it found a date), for the "dated title over a long body" test."""
    by_url = url_says_not_article(url)
    if by_url:
        return Verdict(False, by_url)
    markup = read_markup(html)
    listing = [t for t in markup.ld_types if t in LISTING_TYPES]
    if listing and not any(t in ARTICLE_TYPES for t in markup.ld_types):
        return Verdict(False, f"json-ld {listing[0]}")
    if markup.teasers > MAX_TEASERS:
        return Verdict(False, f"list of {markup.teasers} teasers")
    ld_article = next((t for t in markup.ld_types if t in ARTICLE_TYPES), None)
    if ld_article:
        return Verdict(True, f"json-ld {ld_article}")
    if markup.og_type == "article":
        return Verdict(True, "og:type article")
    if markup.article_body:
        return Verdict(True, "itemprop articleBody")
    if _teaser_list(markup):
        return Verdict(False, f"list of {markup.headlines} headlines")
    dated = markup.dated or published or bool(parse_text_date(markup.h1))
    long_body = (len(text) if text is not None else markup.own_chars) >= MIN_BODY_CHARS
    if markup.h1 and dated and long_body:
        return Verdict(True, "dated title over a long body")
    missing = "a title" if not markup.h1 else "a date" if not dated else "a long body"
    return Verdict(False, f"no article markup and no {missing}")


__all__ = ["ARTICLE_TYPES", "LISTING_TYPES", "Markup", "Verdict", "judge", "read_markup",
           "url_says_not_article"]
