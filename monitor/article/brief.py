"""Brief news: a wire item of 100-200 characters is news when the page is clearly an article.

``crawl.min_text_chars`` (200) keeps menus, listings and error pages out. A brief on a page
that says it is an article (a headline in <h1> or og:title over the body, and article markup
or a date) needs only ``BRIEF_SHARE`` of it; a listing (JSON-LD CollectionPage / ItemList,
many <article> teasers, more headline links than text of its own without article markup)
never gets the lower bar. The page's markup is read by monitor.article.pagekind.
"""

from __future__ import annotations

from monitor.article.pagekind import ARTICLE_TYPES, LISTING_TYPES, Markup, read_markup

BRIEF_SHARE = 0.5  # of min_text_chars: 100 characters with the default 200
MAX_TEASERS = 6  # more <article> elements than this: a list of teasers
MIN_HEADLINES = 8  # this many headline links with less own text than theirs: a listing


def _listing(markup: Markup) -> bool:
    types = set(markup.ld_types)
    if types & LISTING_TYPES and not types & ARTICLE_TYPES:
        return True
    return markup.teasers > MAX_TEASERS


def _article_markup(markup: Markup) -> bool:
    return bool(set(markup.ld_types) & ARTICLE_TYPES) or markup.og_type == "article" or (
        markup.article_body)


def clearly_article(html: str, titled: bool, dated: bool, marked: bool = False) -> bool:
    """A headlined page (``titled``: h1 or og:title) with article markup (``marked``: a
    publication date in the markup counts), or dated and not a list of headlines; never a
    listing."""
    if not titled:
        return False
    markup = read_markup(html)
    if _listing(markup):
        return False
    if marked or _article_markup(markup):
        return True
    teaser_list = markup.headlines >= MIN_HEADLINES and markup.own_chars < markup.headline_chars
    return (dated or markup.dated) and not teaser_list


def min_chars(min_text_chars: int, html: str, titled: bool, dated: bool,
              marked: bool = False) -> int:
    """The length a body needs: ``min_text_chars``, or its brief share on a clear article."""
    if min_text_chars <= 0 or not clearly_article(html, titled, dated, marked):
        return min_text_chars
    return int(min_text_chars * BRIEF_SHARE)


__all__ = ["BRIEF_SHARE", "clearly_article", "min_chars"]
