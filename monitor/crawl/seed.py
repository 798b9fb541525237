"""The scheduling node's side of crawl workers: queue a due site's start requests in Redis.

The daemon, when ``workers.redis_url`` is set, hands each batch of due sites here instead of
crawling them. A site's start requests (feeds, sitemaps, listing pages, and the homepage
fallback when the site's healing calls for it) are built by the same NewsSpider code a local
crawl runs, with the validators of the last clean crawl (conditional requests), and queued
as a new round: a fresh dupefilter, so every document is read again. A site whose last round
is still going (held by a worker, or with requests queued) is left alone, as the local
dispatcher never queues a site twice. Any worker then takes the site (monitor.crawl.worker).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from monitor.config.settings import Config
from monitor.crawl.healing import homepage
from monitor.crawl.redislink import Outage, RedisError, RedisLink
from spiders.news import NewsSpider
from storage import db, runs
from storage.healing import load_heal_state

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
RETRY_LIMIT_SECONDS = 120.0  # then the site waits for its next scheduled run


class Seeder:
    """Queues due sites for the workers; called by the daemon's dispatcher thread."""

    def __init__(self, config: Config, engine: Engine,
                 stopping: threading.Event | None = None) -> None:
        self.config = config
        self.link = RedisLink.from_config(config)  # ConfigError: the daemon does not start
        self.sessions = db.session_factory(engine)
        self.stopping = stopping or threading.Event()  # set: no more retries
        self.outage = Outage("Redis")

    def __call__(self, batch: list[str]) -> None:
        # One retry budget for the batch: a long outage holds the dispatcher for
        # RETRY_LIMIT_SECONDS, not that long for each of its sites.
        deadline = time.monotonic() + RETRY_LIMIT_SECONDS
        for name in batch:
            self._seed_retrying(name, deadline)

    def _seed_retrying(self, name: str, deadline: float) -> None:
        while not self.stopping.is_set():
            try:
                self.seed(name)
                self.outage.ok()
                return
            except RedisError as exc:
                self.outage.failed(exc, RETRY_SECONDS)
            except SQLAlchemyError as exc:
                log.warning("site %s not queued: database error: %s", name,
                            str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
            if time.monotonic() >= deadline:
                log.warning("site %s not queued; it is queued at its next scheduled run", name)
                return
            self.stopping.wait(RETRY_SECONDS)

    def seed(self, name: str) -> int:
        """Queue a new round of ``name``; the number of start requests (0: still busy)."""
        if self.link.busy(name):
            log.info("site %s: its last round is still being crawled; not queued again", name)
            return 0
        spider = self._spider(name)
        requests = start_requests(spider)
        queue = PriorityQueue(self.link.client, spider, "unused")
        seen = RFPDupeFilter(self.link.client, "unused")
        encoded = [(bytes(queue._encode_request(r)), float(-r.priority)) for r in requests]
        self.link.seed(name, encoded,
                       [seen.request_fingerprint(r) for r in requests if not r.dont_filter])
        log.info("site %s queued for the workers: %d start request(s)", name, len(encoded))
        return len(encoded)

    def _spider(self, name: str) -> NewsSpider:
        """The site's spider as a local crawl would start it (state from the database)."""
        spider = NewsSpider(site=name, config=self.config)
        with self.sessions() as session:
            states = {url: (s.etag, s.last_modified, s.last_status or 0)
                      for url, s in runs.get_fetch_states(session, name).items()}
            heal = load_heal_state(session, name)
        spider.use_state(known=set(), fetch_states=states)
        after = int(self.config["crawl.heal_after_runs"])
        home = homepage(spider.site_config)
        if after and heal.empty_runs >= after and home:
            spider.use_homepage(home)
        return spider


def start_requests(spider: NewsSpider) -> list[Request]:
    """What ``spider.start()`` yields, collected without a crawler or a reactor."""

    async def collect() -> list[Any]:
        return [r async for r in spider.start()]

    return [r for r in asyncio.run(collect()) if isinstance(r, Request)]
