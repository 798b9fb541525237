"""NewsSpider: one generic spider for every site in the registry (``scrapy crawl news -a site=X``).

It finds article URLs in RSS/Atom feeds, sitemaps (indexes, news sitemaps, gzip) and listing
pages (with pagination), fetches each article once, and yields RawPage items. It never parses
article bodies: that is the pipeline's job. Discovery documents are fetched with the validators
of the last clean crawl, and URLs whose canonical form is already stored are never requested:
both arrive from the crawl layer (:meth:`NewsSpider.use_state`), which also saves the new
validators (:meth:`NewsSpider.validators_to_save`). The spider never opens the database.

A feed or sitemap answered with 200 but not readable as one (an HTML error page, garbage) is a
discovery failure and an error, like an HTTP 500: a broken source must not look healthy.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urldefrag, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from monitor.article.pagekind import judge
from monitor.article.urls import canonical_url
from monitor.config.settings import Config, load_config
from spiders import discovery
from spiders.concurrency import DEADLINE
from spiders.failures import TIMEOUTS, failure_reason, too_large
from spiders.fallback import Healer
from spiders.items import RawPage
from spiders.urlshapes import looks_like_article

log = logging.getLogger(__name__)

# Statuses handed to the callbacks instead of being dropped by HttpErrorMiddleware. 3xx stay
# out so RedirectMiddleware still follows them.
DISCOVERY_STATUSES = [304, *range(400, 600)]
ARTICLE_STATUSES = list(range(400, 600))
MAX_FAILURE_SAMPLES = 5
# Discovery documents (sitemaps above all) may be far larger than an article page.
DISCOVERY_MAXSIZE = 50_000_000
# slow-responses: a third of crawl.timeout_seconds (at most 10 s) and one retry
SLOW_TIMEOUT_SECONDS = 10
SLOW_RETRIES = 1
Validators = tuple[str | None, str | None, int]  # ETag, Last-Modified, status


class NewsSpider(Spider):
    name = "news"

    def __init__(self, site: str | None = None, config: Config | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not site:
            raise ValueError("NewsSpider needs a site: scrapy crawl news -a site=NAME")
        self.config = config if config is not None else load_config()
        self.site_config = self.config.site(site)
        self.site_name = self.site_config.name
        self.allowed_domains = list(self.site_config.allowed_domains)
        pattern = self.site_config.article_pattern
        self.article_re = re.compile(pattern) if pattern else None
        exclude = self.site_config.exclude_pattern
        self.exclude_re = re.compile(exclude) if exclude else None
        self.max_articles = int(self.config["crawl.max_articles_per_site"])
        self.listing_depth = int(self.config["crawl.listing_depth"])
        self.known: set[str] = set()  # canonical URLs stored by earlier crawls
        self.queued: set[str] = set()  # canonical URLs requested in this crawl
        self.fetch_states: dict[str, Validators] = {}  # stored by the last clean crawl
        self.validators: dict[str, Validators] = {}  # seen in this crawl
        self.tainted: set[str] = set()  # discovery URLs whose articles did not all arrive
        self.discovery_ok = 0  # discovery documents read (or unchanged: 304)
        self.failures: list[str] = []  # "url: reason" of discovery documents that failed
        self.download_errors = 0
        self.error_samples: list[str] = []
        self.skips: Counter[str] = Counter()  # robots, offsite: counted into the CrawlRun
        self.skipped_urls: set[str] = set()  # each skipped URL counts once
        self.counted_known: set[str] = set()  # stored earlier and listed again: counted once
        self.listing_pages: set[str] = set()  # canonical URLs of listing pages requested
        self.healer = Healer()  # the homepage fallback (spiders.fallback)
        # The site's quirks and selectors: discovery and fetch side here, page side in the
        # extraction workers.
        self.profile = self.site_config.profile
        # crawl.site_time_limit_minutes, the same limit Scrapy's CLOSESPIDER_TIMEOUT enforces
        self.deadline = time.monotonic() + 60 * float(
            self.config["crawl.site_time_limit_minutes"])

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        if kwargs.get("config") is None:
            kwargs["config"] = crawler.settings.get("NEWSMON_CONFIG_OBJECT")
        return super().from_crawler(crawler, *args, **kwargs)  # type: ignore[return-value]

    def use_state(self, *, known: set[str], fetch_states: dict[str, Validators]) -> None:
        """What earlier crawls left: canonical URLs already stored (never requested again)
        and the validators of discovery documents (conditional requests)."""
        self.known = known
        self.fetch_states = fetch_states

    def use_homepage(self, home: str) -> None:
        """Fall back to discovery from ``home`` in this crawl as well: the configured
        documents found nothing for several crawls (the crawl layer decides)."""
        self.healer.home = home

    # -- start -----------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        site = self.site_config
        for url in site.feeds:
            yield self._discovery(url, self.parse_feed)
        # sitemap-frozen: the maps exist but stopped updating; they would only cost time
        for url in site.sitemaps if self.profile.use_sitemaps else ():
            yield self._discovery(url, self.parse_sitemap)
        for url in site.start_urls:
            yield self._listing(url, url, 0)
        if self.healer.active:
            for request in self.healer.start(self._discovery, self.parse_home,
                                             self.parse_robots):
                yield request

    def _discovery(self, url: str, callback: Callable[..., Any], **meta: Any) -> Request:
        if meta.get("doc"):
            self.healer.docs_of.setdefault(url, meta["doc"])
        headers: dict[str, str] = {}
        etag, modified, status = self.fetch_states.get(url, (None, None, 0))
        if status == 200:
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        return Request(url, callback=callback, errback=self.discovery_failed, headers=headers,
                       priority=10, meta={
                           "handle_httpstatus_list": DISCOVERY_STATUSES,
                           "download_maxsize": DISCOVERY_MAXSIZE,
                           "discovery_url": url, **self._fetch_limits(), **meta})

    def _fetch_limits(self) -> dict[str, Any]:
        """Per-request limits: no request outlives the site's own time limit (Scrapy's
        close condition waits for downloads in flight, so a hanging page would hold the site
        open past it); slow-responses: a short timeout and one retry."""
        timeout = float(self.config["crawl.timeout_seconds"])
        limits: dict[str, Any] = {}
        if self.profile.slow:
            timeout = min(SLOW_TIMEOUT_SECONDS, max(1, int(timeout) // 3))
            limits["max_retry_times"] = min(SLOW_RETRIES, int(self.config["crawl.retries"]))
        left = self.deadline - time.monotonic() + 1.0
        limits["download_timeout"] = max(1.0, min(timeout, left))
        # and a request that waits for its turn (spiders.concurrency) keeps to it as well
        limits[DEADLINE] = self.deadline + 1.0
        return limits

    # -- discovery callbacks ---------------------------------------------------------------
    def _usable(self, response: Response) -> bool:
        """Record a discovery fetch that brought no body to read (304, HTTP errors); True for
        a 200, whose body the callback parses and judges with :meth:`_read`."""
        url = response.meta["discovery_url"]
        if response.meta.get("fallback") and response.status != 200:
            return False  # a guess from the homepage: missing is no failure of the site
        if response.status == 304:
            self.discovery_ok += 1
            self.healer.unchanged += 1  # the configured document still works
            return False  # unchanged since the last clean crawl: nothing new behind it
        if response.status != 200:
            self._discovery_failure(url, f"HTTP {response.status}")
            if response.status >= 500:
                self._count_error(url, f"HTTP {response.status}")
            return False
        return True

    def _read(self, response: Response, problem: str | None = None) -> bool:
        """Record whether a fetched body was a usable document (``problem`` None) or not
        ("not a feed: HTML page"); True when it was. Only a usable document's validators are
        kept: a 304 earned by an error page would hide the breakage from every later crawl."""
        url = response.meta["discovery_url"]
        if problem is not None and response.meta.get("fallback"):
            return False
        if problem is not None:
            self._discovery_failure(url, problem)
            self._count_error(url, problem)
            return False
        self.discovery_ok += 1
        etag = _header(response, "ETag")
        modified = _header(response, "Last-Modified")
        if (etag or modified) and not response.meta.get("fallback"):
            self.validators[url] = (etag, modified, response.status)
        return True

    def _lineage(self, response: Response) -> dict[str, Any]:
        """Meta a document's follow-up requests (child maps, next pages) inherit."""
        if not response.meta.get("fallback"):
            return {}
        return {"fallback": True, "doc": response.meta.get("doc")}

    def parse_home(self, response: Response) -> Iterator[Request]:
        """The homepage when falling back: a listing, and where its feeds and sections are."""
        yield from self.parse_listing(response)
        yield from self.healer.from_home(response, self._discovery, self.parse_feed,
                                         self.parse_listing)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        yield from self.healer.from_robots(response, self._discovery, self.parse_sitemap)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if not self._usable(response):
            return
        feed = discovery.parse_feed(response.body, response.url)
        if not self._read(response, feed.problem):
            return
        origin = response.meta["discovery_url"]
        for entry in feed.entries:
            request = self._article(entry.url, "feed", entry.hints, origin,
                                    fallback=response.meta.get("fallback", False))
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if not self._usable(response):
            return
        sitemap = discovery.parse_sitemap(response.body, response.url, DISCOVERY_MAXSIZE)
        if not self._read(response, sitemap.problem):
            return
        origin = response.meta["discovery_url"]
        for url in (discovery.fix_loc(self.profile, u) for u in sitemap.sitemaps):
            if self._on_site(url) and self.profile.follows(url) and not self._excluded(url):
                yield self._discovery(url, self.parse_sitemap, **self._lineage(response))
        for entry in sitemap.entries:
            url = discovery.fix_loc(self.profile, entry.url)
            request = self._article(url, "sitemap", entry.hints, origin,
                                    fallback=response.meta.get("fallback", False))
            if request is not None:
                yield request

    def parse_listing(self, response: Response) -> Iterator[Request]:
        # Any page with status 200 is a listing: one without article links is a layout
        # change, which the extraction and silence warnings of monitor.health catch.
        if not self._usable(response) or not self._read(response):
            return
        origin = response.meta["discovery_url"]
        depth = int(response.meta.get("depth_listing", 0))
        links = discovery.json_html_links(response.body, response.url) \
            if response.meta.get("ajax") else None
        if links is None:
            links = discovery.listing_links(response.text, response.url,
                                            self.profile.selector("listing"))
        fallback = response.meta.get("fallback", False)
        for url in (discovery.fix_url(self.profile, u) for u in links):
            # Without a pattern (or when falling back), links shaped like articles are
            # fetched and judged by their markup.
            matches = self.article_re.search(url) if self.article_re is not None else None
            if matches or ((fallback or self.article_re is None) and looks_like_article(url)):
                request = self._article(url, "listing", {}, origin, fallback=fallback)
                if request is not None:
                    yield request
        if depth < self.listing_depth:
            root = response.meta.get("listing_root", origin)
            next_url = None if response.meta.get("ajax") else discovery.next_page(
                response.text, response.url, self.site_config.next_page, root=root,
                page=depth + 1)
            if next_url and canonical_url(next_url) in self.listing_pages:
                next_url = None  # a pager linking back: never loop
            # page-url: the site paginates by a URL template without a next link
            next_url = next_url or self.profile.page_url(root, depth + 2)
            # ajax-pagination: a "load more" endpoint answers with JSON wrapping HTML
            ajax_url = None if next_url else self.profile.ajax_url(root, depth + 2)
            if ajax_url and self._on_site(ajax_url):
                yield self._discovery(ajax_url, self.parse_listing, depth_listing=depth + 1,
                                      listing_root=root, ajax=True)
                return
            if next_url and self._on_site(next_url) and not self._excluded(next_url):
                yield self._listing(next_url, root, depth + 1, **self._lineage(response))

    def _listing(self, url: str, root: str, depth: int, **meta: Any) -> Request:
        self.listing_pages.add(canonical_url(url))
        return self._discovery(url, self.parse_listing, depth_listing=depth, listing_root=root,
                               **meta)

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("discovery_url", request.url)
        reason = failure_reason(failure)
        if self._geo_timeout(failure) or request.meta.get("fallback"):
            return
        self._discovery_failure(url, reason)
        if not failure.check(IgnoreRequest):
            self._count_error(url, reason)

    def _geo_timeout(self, failure: Failure) -> bool:
        """geo-filtered: a timeout is the site refusing foreign addresses, counted as a skip
        ('geo_timeout'), not as an error or a failure of the site."""
        if self.profile.geo_filtered and failure.check(*TIMEOUTS):
            self.skips["geo_timeout"] += 1
            return True
        return False

    def _discovery_failure(self, url: str, reason: str) -> None:
        log.warning("%s: cannot use %s: %s", self.site_name, url, reason)
        if len(self.failures) < MAX_FAILURE_SAMPLES:
            self.failures.append(f"{url}: {reason}")

    # -- articles --------------------------------------------------------------------------
    def _on_site(self, url: str) -> bool:
        return self.site_config.allows(url)

    def _excluded(self, url: str) -> bool:
        """exclude_pattern and paid-section quirks: never fetched, counted once per URL."""
        reason = "excluded" if self.exclude_re is not None and self.exclude_re.search(url) \
            else self.profile.skip_reason(url)
        if reason is None:
            return False
        if url not in self.skipped_urls:
            self.skipped_urls.add(url)
            self.skips[reason] += 1
        return True

    def _article(self, url: str, via: str, hints: dict[str, str], origin: str,
                 fallback: bool = False) -> Request | None:
        url = discovery.fix_url(self.profile, urldefrag(url)[0])
        if urlsplit(url).scheme not in ("http", "https") or not self._on_site(url):
            return None
        matches = self.article_re is None or bool(self.article_re.search(url))
        if not matches and not (fallback and looks_like_article(url)):
            return None
        # Judged by markup: a loose pattern (markup-articles), a fallback URL the pattern does
        # not match, a listing link of a site without a pattern. Feed and sitemap entries of
        # such a site are articles by the site's own word, as before.
        judge = self.profile.judge_pages or not matches or (
            via == "listing" and self.article_re is None)
        if self._excluded(url):
            return None
        canonical = canonical_url(url)
        if canonical in self.queued:
            return None
        self.healer.found(origin, url, fallback)
        if canonical in self.known:
            if canonical not in self.counted_known:  # "already known" in the summary, once
                self.counted_known.add(canonical)
                self.skips["exists"] += 1
            return None
        if self.max_articles and len(self.queued) >= self.max_articles:
            if len(self.queued) == self.max_articles:
                log.warning("%s: max_articles_per_site (%s) reached", self.site_name,
                            self.max_articles)
                self.tainted.add(origin)  # the rest must be found again next time
            return None
        self.queued.add(canonical)
        if self.site_config.language:
            hints = {**hints, "language": self.site_config.language}
        return Request(url, callback=self.parse_article, errback=self.article_failed, meta={
            "handle_httpstatus_list": ARTICLE_STATUSES, "via": via, "hints": hints,
            "origin": origin, "article_url": url, "judge": judge, **self._fetch_limits()})

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        meta = response.meta
        if response.status >= 500 or response.status == 429:
            self.tainted.add(meta["origin"])  # transient: the feed must be read again
        if meta.get("judge") and response.status == 200 and isinstance(response, TextResponse):
            verdict = judge(response.text, response.url)
            if not verdict.article:  # a tag, author or section page a loose pattern let in
                self.skips["not_article"] += 1
                log.debug("%s: %s is not an article: %s", self.site_name, response.url,
                          verdict.reason)
                return
        yield RawPage(url=meta["article_url"], final_url=response.url, site=self.site_name,
                      status=response.status, body=response.body,
                      content_type=_header(response, "Content-Type") or "",
                      via=meta["via"], hints=dict(meta["hints"]))

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        if failure.check(IgnoreRequest):
            # Offsite requests are counted from Scrapy's stats (redirects never reach here).
            if "robots" in reason.lower():
                self.skips["robots"] += 1
            return
        if too_large(failure):
            self.skips["too_large"] += 1  # a skip, as the pipeline counts one it sees
            return
        self.tainted.add(request.meta.get("origin", ""))
        if self._geo_timeout(failure):
            return
        self._count_error(request.url, reason)

    def _count_error(self, url: str, reason: str) -> None:
        self.download_errors += 1
        if len(self.error_samples) < MAX_FAILURE_SAMPLES:
            self.error_samples.append(f"{url}: {reason}")

    # -- end -------------------------------------------------------------------------------
    def failure_reason(self) -> str | None:
        """One line when no discovery document could be fetched or read (the site is down,
        or its feeds and sitemaps answer with error pages)."""
        if self.discovery_ok or not self.failures:
            return None
        return "no feed, sitemap or listing page was usable: " + self.failures[0]

    def validators_to_save(self, reason: str) -> dict[str, Validators]:
        """The validators the next crawl may send: only after a clean finish, and never for
        a document whose articles did not all arrive (the next crawl reads it again)."""
        if reason != "finished":
            return {}
        return {url: v for url, v in self.validators.items() if url not in self.tainted}


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
