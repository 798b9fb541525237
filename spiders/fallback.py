"""Self-healing: when a site's configured sources keep finding nothing, read its homepage too.

The crawl layer decides when (the configured feeds, sitemaps and listings of a site found no
article URL for ``crawl.heal_after_runs`` crawls in a row) and tells the spider the homepage.
Then, besides its configured documents, the spider reads the homepage: the feeds it
advertises (and the usual feed paths of its CMS), the sitemaps of its robots.txt, its links
and its menu sections as listings. URLs they give that match the site's pattern, or look like
articles, are fetched; those that did not match the pattern are judged by their markup. None of
these documents counts as a failure of the site when it is missing.

:class:`Healer` keeps the account: how many article URLs the configured documents gave, and
which fallback documents gave which. Its :meth:`Healer.report` is what the crawl layer stores
and turns into the proposed entry that ``newsmon status`` shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from spiders import sourcefind

MAX_FALLBACK_FEEDS = 4  # feed URLs tried from the homepage (advertised first)
MAX_FALLBACK_SECTIONS = 5
MAX_REPORTED = 200  # article URLs kept in the report
KINDS = {"feed": "feeds", "sitemap": "sitemaps", "listing": "start_urls"}

Discover = Callable[..., Request]


class Healer:
    """The fallback of one spider: its homepage, the documents found there, and what each
    document (configured or found) gave."""

    def __init__(self) -> None:
        self.home: str | None = None  # set when this crawl falls back
        self.configured_found = 0  # article URLs (new or known) from configured documents
        self.unchanged = 0  # configured documents answered 304: unchanged, so still there
        self.docs_of: dict[str, tuple[str, str]] = {}  # discovery URL -> (kind, top URL)
        self.yielded: dict[tuple[str, str], list[str]] = {}  # fallback document -> articles

    @property
    def active(self) -> bool:
        return self.home is not None

    def found(self, origin: str, url: str, fallback: bool) -> None:
        """An article URL accepted (to fetch, or already stored) from the document ``origin``."""
        if not fallback:
            self.configured_found += 1
            return
        doc = self.docs_of.get(origin)
        if doc is not None:
            self.yielded.setdefault(doc, []).append(url)

    def meta(self, kind: str, url: str) -> dict[str, Any]:
        """Meta of a fallback document's first request."""
        return {"fallback": True, "doc": (kind, url)}

    def start(self, discover: Discover, parse_home: Callable[..., Any],
              parse_robots: Callable[..., Any]) -> Iterator[Request]:
        assert self.home is not None
        parts = urlsplit(self.home)
        yield discover(self.home, parse_home, **self.meta("listing", self.home))
        robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
        yield discover(robots, parse_robots, fallback=True)

    def from_home(self, response: Response, discover: Discover,
                  parse_feed: Callable[..., Any],
                  parse_listing: Callable[..., Any]) -> Iterator[Request]:
        """The homepage's feeds and menu sections, as fallback documents."""
        if not isinstance(response, TextResponse) or response.status != 200:
            return
        html, base = response.text, response.url
        feeds = sourcefind.feed_candidates(html, base, sourcefind.detect_cms(html))
        for url in feeds[:MAX_FALLBACK_FEEDS]:
            yield discover(url, parse_feed, **self.meta("feed", url))
        for url in sourcefind.section_candidates(html, base)[:MAX_FALLBACK_SECTIONS]:
            yield discover(url, parse_listing, listing_root=url, **self.meta("listing", url))

    def from_robots(self, response: Response, discover: Discover,
                    parse_sitemap: Callable[..., Any]) -> Iterator[Request]:
        if response.status != 200:
            return
        text = response.body.decode("utf-8", "replace")
        for url in sourcefind.robots_sitemaps(text, response.url)[:MAX_FALLBACK_FEEDS]:
            yield discover(url, parse_sitemap, **self.meta("sitemap", url))

    def report(self) -> dict[str, Any]:
        """What this crawl's documents found: plain JSON for the crawl layer to store."""
        docs: dict[str, list[str]] = {}
        articles: dict[str, None] = {}
        for (kind, url), found in self.yielded.items():
            if found:
                docs.setdefault(KINDS[kind], []).append(url)
                articles.update(dict.fromkeys(found))
        return {"configured_found": self.configured_found + self.unchanged,
                "fallback": self.active,
                "home": self.home, "documents": docs,
                "articles": list(articles)[:MAX_REPORTED]}


__all__ = ["Healer"]
