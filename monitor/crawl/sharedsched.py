"""The worker's Scrapy side: a site's requests come from, and go to, its queue in Redis.

Built on scrapy-redis (its Scheduler, priority queue and dupefilter, keyed per site by
monitor.crawl.redislink), with what it lacks for workers that may be killed:

- a taken request is recorded in flight (atomically with the pop) and leaves that record
  only when its outcome is stored: the item pipeline finished with its page
  (item_scraped / item_dropped / item_error), or its callback yielded no page at all (a
  feed, a sitemap, a listing: their follow-up requests are queued by then). A redirect or a
  retry hands its place over to the request it queued;
- Redis going away does not stop the crawl: requests found meanwhile wait in memory, the
  site stays open (until its time limit) and one warning is logged. A Redis restarted
  without persistence comes back empty: what was queued is gone, so the round then ends
  short; it saves no validators (conditional requests), and the next round reads the
  site's feeds and sitemaps in full and fetches what was lost (stored articles are skipped);
- scrapy-redis 0.9.1's spiders read Redis from ``start_requests``, which Scrapy 2.13+ no
  longer calls; the scheduling node queues a site's start requests instead
  (monitor.crawl.seed), so the worker's spider has an empty ``start()``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from monitor.crawl.redislink import Outage, RedisError, RedisLink, SiteKeys
from spiders.news import NewsSpider, Validators

log = logging.getLogger(__name__)

TAKEN = "newsmon_taken"  # request.meta: the request as queued, while it is in flight
RESPONSE_DONE = object()  # signal: a response's callback yielded no page to store
RETRY_SECONDS = 5.0  # Scrapy asks the scheduler again every 5 s while it has nothing


class QueuedNewsSpider(NewsSpider):
    """NewsSpider whose start requests were queued by the scheduling node."""

    redis_was_away = False  # set by SharedScheduler: queued requests may have been lost

    async def start(self) -> AsyncIterator[Any]:
        queued: tuple[Request, ...] = ()  # an async generator that yields nothing
        for request in queued:
            yield request

    def validators_to_save(self, reason: str) -> dict[str, Validators]:
        if self.redis_was_away:
            # A 304 next round would hide the articles whose requests Redis lost.
            return {}
        return super().validators_to_save(reason)


class SiteQueue(PriorityQueue):
    """scrapy-redis's priority queue of one site; a pop also records the request in flight."""

    def __init__(self, link: RedisLink, keys: SiteKeys, spider: Any) -> None:
        # scrapy-redis formats the key with %(spider)s: escape any % of ours
        super().__init__(link.client, spider, keys.queue.replace("%", "%%"))
        self.link, self.keys = link, keys

    def pop(self, timeout: int = 0) -> Request | None:
        data = self.link.take(self.keys)
        if data is None:
            return None
        request: Request = self._decode_request(data)
        request.meta[TAKEN] = data
        return request

    def encode(self, request: Request) -> bytes:
        return bytes(self._encode_request(request))


class SharedScheduler(Scheduler):
    """The scheduler of one site's crawler in a worker (see the module's docstring)."""

    def __init__(self, link: RedisLink, crawler: Crawler) -> None:
        super().__init__(server=link.client, persist=True)
        self.link = link
        self.stats = crawler.stats
        self.keys: SiteKeys | None = None
        # Found while Redis was away, with whether the dupefilter was asked already.
        self.backlog: deque[tuple[Request, bool]] = deque()
        self.outage = Outage("Redis")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        # No ping: Redis away as the crawl starts is waited out like any later outage.
        link = RedisLink.from_config(crawler.settings["NEWSMON_CONFIG_OBJECT"], check=False)
        scheduler = cls(link, crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(scheduler.item_done, signal=signal)
        crawler.signals.connect(scheduler.response_done, signal=RESPONSE_DONE)
        return scheduler

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.keys = self.link.site(spider.site_name)
        self.queue = SiteQueue(self.link, self.keys, spider)
        self.df = RFPDupeFilter(self.link.client, self.keys.seen)

    def close(self, reason: str) -> None:
        if reason != "finished":
            return  # the queue and the in-flight record stay for whoever takes the site next
        try:
            self.link.finish_site(self.spider.site_name)
        except RedisError as exc:
            log.warning("%s: could not mark the site finished in Redis: %s",
                        self.spider.site_name, exc)

    def enqueue_request(self, request: Request) -> bool:
        taken = request.meta.pop(TAKEN, None)  # a redirect or retry of a request in flight
        self.backlog.append((request, request.dont_filter))
        if not self._send_backlog():
            return True  # queued when Redis is back
        if taken is not None:
            self._done(taken)
        return True

    def _send_backlog(self) -> bool:
        """Queue in Redis what waits in memory; False while Redis is away."""
        if not self.backlog:
            return True  # nothing asked of Redis: says nothing about it
        try:
            while self.backlog:
                request, checked = self.backlog[0]
                if not checked:
                    # Asked once only: a fingerprint added just before Redis went away must
                    # not make the retry drop the request as already seen (scrapy-redis's
                    # enqueue_request would). At worst it is fetched twice.
                    self.backlog[0] = (request, True)
                    if self.df.request_seen(request):
                        self.df.log(request, self.spider)
                        self.backlog.popleft()
                        continue
                self.queue.push(request)
                self.backlog.popleft()
                if self.stats:
                    self.stats.inc_value("scheduler/enqueued/redis")
        except RedisError as exc:
            self._redis_failed(exc)
            return False
        self.outage.ok()
        return True

    def _redis_failed(self, exc: RedisError) -> None:
        self.outage.failed(exc, RETRY_SECONDS)
        spider = getattr(self, "spider", None)  # set by open()
        if isinstance(spider, QueuedNewsSpider):
            spider.redis_was_away = True

    def next_request(self) -> Request | None:
        if not self._send_backlog():
            return None
        try:
            request: Request | None = self.queue.pop()
        except RedisError as exc:
            self._redis_failed(exc)
            return None
        self.outage.ok()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self.backlog:
            return True
        try:
            queued = len(self.queue)
        except RedisError as exc:
            # Keep the site open while Redis is away: its queue may still be there.
            self._redis_failed(exc)
            return True
        self.outage.ok()
        return queued > 0

    def item_done(self, response: Response | None = None, **_: Any) -> None:
        if response is not None and response.request is not None:
            self._done(response.request.meta.get(TAKEN))

    def response_done(self, response: Response) -> None:
        if response.request is not None:
            self._done(response.request.meta.get(TAKEN))

    def _done(self, taken: bytes | None) -> None:
        if taken is None or self.keys is None:
            return
        try:
            self.link.done(self.keys, taken)
        except RedisError as exc:
            # It stays recorded in flight: fetched once more if the site is taken over.
            self._redis_failed(exc)


class DoneMiddleware:
    """Spider middleware: tells the scheduler when a callback yielded no page (its outcome
    is complete once its follow-up requests are queued)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DoneMiddleware:
        return cls(crawler)

    async def process_spider_output(self, response: Response,
                                    result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        pages = False
        async for out in result:
            pages = pages or not isinstance(out, Request)
            yield out
        if not pages:
            self.crawler.signals.send_catch_log(RESPONSE_DONE, response=response)


def worker_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The crawl settings of a worker's crawl process (monitor.crawl.process --shared-queue)."""
    return {**settings,
            "SCHEDULER": "monitor.crawl.sharedsched.SharedScheduler",
            "SPIDER_MIDDLEWARES": {"monitor.crawl.sharedsched.DoneMiddleware": 1000}}
