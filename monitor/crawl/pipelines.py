"""The Scrapy pipeline: RawPage -> analyze_page and prepare (in worker processes) -> store.

Extraction runs in the crawl process's one pool (monitor.crawl.pool), which also computes what
storing needs, so the crawl process only looks up and writes (one SQLAlchemy session, the
reactor thread).
The pipeline also owns the site's crawl state: it hands the spider the URLs already stored
and the validators of its discovery documents when the spider opens, and at close saves the
new validators and finishes the site's CrawlRun. Spiders never open the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spiders import Spider
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from monitor.article.samestory import pick_same_story, remember
from monitor.article.types import ArticleRecord
from monitor.article.urls import canonical_url
from monitor.config.settings import Config
from monitor.crawl.pool import POOL, analyze
from spiders.concurrency import DEADLINE_HIT
from spiders.items import RawPage
from spiders.politeness import STATS_KEY as RATE_LIMITED
from storage import articles, db, runs

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 2.0  # how often a running site's counts are written to its CrawlRun row
# Waits before storing a page again while the database is unreachable (about 30 s in all).
STORE_RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0)

_engines: dict[str, Engine] = {}


@contextmanager
def crawl_session(config: Config) -> Iterator[Session]:
    """A session on the crawl process's one engine for ``config``'s database."""
    url = config.database_url
    if url not in _engines:
        _engines[url] = db.make_engine(url)
        db.init_db(_engines[url])
    with db.session_factory(_engines[url])() as session:
        yield session


# -- crawl side ---------------------------------------------------------------------------
class QuietLogFormatter(LogFormatter):
    """Dropped pages are routine (skips are counted in the CrawlRun): log them at DEBUG and
    without the item, whose repr holds the whole page body."""

    def dropped(self, item: Any, exception: BaseException, response: Response | Any,
                spider: Spider) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Dropped: %(exception)s",
                "args": {"exception": exception}}


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.runs_file: str | None = crawler.settings.get("NEWSMON_RUNS_FILE")
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.error_samples: list[str] = []
        self.pool: Executor | None = None
        self._session_cm: Any = None
        self.session: Session | None = None
        self._tick: asyncio.TimerHandle | None = None
        self._unreachable_since: float | None = None  # the database went away then

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def open_spider(self) -> None:
        config: Config = self.spider.config
        self._session_cm = crawl_session(config)
        self.session = self._session_cm.__enter__()
        site = self.spider.site_name
        known: set[str] = set()
        for canonical, url in articles.stored_urls(self.session, site):
            known.add(canonical)
            known.add(canonical_url(url))  # a page whose rel=canonical differs from its link
        states = {url: (s.etag, s.last_modified, s.last_status)
                  for url, s in runs.get_fetch_states(self.session, site).items()}
        self.spider.use_state(known=known, fetch_states=states)
        self.run_id = runs.start_crawl_run(self.session, site)
        self._tick = asyncio.get_running_loop().call_later(PROGRESS_SECONDS, self._progress)
        if self.runs_file:
            # The parent reads this to find the rows of this crawl, even after a kill.
            with open(self.runs_file, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"site": self.spider.site_name, "run_id": self.run_id}) + "\n")
        self.pool = POOL.acquire(config)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawPage):
            return item
        if item.status != 200:
            self.skipped[f"http_{item.status}"] += 1
            raise DropItem(f"HTTP {item.status}: {item.final_url}")
        assert self.pool is not None and self.session is not None
        loop = asyncio.get_running_loop()
        try:
            kind, result = await loop.run_in_executor(
                self.pool, analyze, item.body, item.final_url, item.content_type, item.site,
                dict(item.hints))
        except Exception as exc:  # noqa: BLE001 - a broken pool (worker died): count it
            if not self.crawler.crawling:  # the crawl is being stopped: not the page's fault
                self.skipped["interrupted"] += 1
                raise DropItem(f"interrupted: {item.final_url}") from None
            kind, result = "error", f"{type(exc).__name__}: {exc}"[:200]
        if kind == "skip":
            self.skipped[str(result)] += 1
            raise DropItem(f"not an article ({result}): {item.final_url}")
        if kind == "error" or isinstance(result, str):
            self._sample(item.final_url, str(result))
            self.skipped["extract_error"] += 1
            raise DropItem(f"extraction failed: {item.final_url}: {result}")
        await self._store_retrying(item, result)
        return item

    async def _store_retrying(self, item: RawPage, record: ArticleRecord) -> None:
        """A database that went away (a restart, a failover) is waited for a while: the page
        is stored when it is back, not lost until the next crawl reads its feed again."""
        for delay in STORE_RETRY_SECONDS:
            if not self._store(item, record, retry=True):
                return
            await asyncio.sleep(delay)
        self._store(item, record)

    def _store(self, item: RawPage, record: ArticleRecord, retry: bool = False) -> bool:
        """Store one page; True when the database was unreachable and ``retry`` was asked."""
        assert self.session is not None
        try:
            result = articles.store_article(
                self.session, record, pick_story=pick_same_story, crawl_run_id=self.run_id,
                window_days=int(self.spider.config["stories.window_days"]))
        except (OperationalError, InterfaceError) as exc:
            self.session.rollback()
            if not retry:
                return self._store_failed(item, exc)
            if self._unreachable_since is None:  # one warning an outage, not one a page
                self._unreachable_since = time.monotonic()
                log.warning("%s: database unreachable (%s); pages are stored when it is back "
                            "(retried for %.0f s)", self.spider.site_name,
                            str(exc.orig or exc).strip().splitlines()[0][:200],
                            sum(STORE_RETRY_SECONDS))
            return True
        except Exception as exc:  # noqa: BLE001 - count it, keep crawling
            self.session.rollback()
            return self._store_failed(item, exc)
        if self._unreachable_since is not None:
            log.warning("%s: database reachable again after %.0f s", self.spider.site_name,
                        time.monotonic() - self._unreachable_since)
            self._unreachable_since = None
        self.counts[result.status] += 1
        if result.status != "exists":
            remember(result.article_id, record.analysis.title, record.analysis.text,
                     record.features)
            if record.analysis.relevant:
                self.counts["relevant"] += 1
        return False

    def _store_failed(self, item: RawPage, exc: Exception) -> bool:
        log.error("storing %s failed: %s", item.final_url, exc, exc_info=exc)
        self._sample(item.final_url, f"store: {type(exc).__name__}: {exc}")
        self.counts["store_errors"] += 1
        return False

    def _sample(self, url: str, reason: str) -> None:
        if len(self.error_samples) < 5:
            self.error_samples.append(f"{url}: {reason}"[:300])

    def _progress(self) -> None:
        """Write the counts so far to the running CrawlRun (true counts after a kill, live
        progress for the parent), then again in PROGRESS_SECONDS."""
        if self.session is None or self.run_id is None:
            return
        try:
            runs.record_progress(self.session, self.run_id, self._stats("running"))
        except Exception:  # noqa: BLE001 - progress is a courtesy; the crawl goes on
            self.session.rollback()
            log.debug("progress of %s not written", self.spider.site_name, exc_info=True)
        self._tick = asyncio.get_running_loop().call_later(PROGRESS_SECONDS, self._progress)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None
        if self.pool is not None:
            self.pool = None
            POOL.release()
        if self.session is None or self.run_id is None:
            return
        try:
            # Validators only after a clean finish, and never for a document whose articles
            # did not all arrive: the next crawl reads it again.
            news = self.spider
            for url, (etag, modified, status) in news.validators_to_save(reason).items():
                runs.save_fetch_state(self.session, url=url, site=news.site_name, etag=etag,
                                      last_modified=modified, status=status)
            runs.finish_crawl_run(self.session, self.run_id, self._stats(reason))
        finally:
            self._session_cm.__exit__(None, None, None)
            self.session = None

    def _stats(self, reason: str) -> runs.RunStats:
        spider = self.spider
        skipped = Counter(self.skipped)
        skipped.update(spider.skips)
        stats = self.crawler.stats
        offsite = int(stats.get_value("offsite/filtered", 0)) if stats else 0
        if offsite:
            skipped["offsite"] += offsite
        # 429/503 answers waited out (spiders.politeness): a site that recovered is ok, and
        # the summary says it was rate-limited.
        limited = int(stats.get_value(RATE_LIMITED, 0)) if stats else 0
        if limited:
            skipped["rate_limited"] += limited
        if self.counts["exists"]:
            skipped["exists"] += self.counts["exists"]
        failure = spider.failure_reason()
        # Scrapy's close at the limit, or the limit's own cut of the last requests (the site
        # may then end "finished" just before that close fires: the same ending).
        hit_limit = bool(stats.get_value(DEADLINE_HIT, 0)) if stats else False
        if reason == "closespider_timeout" or (reason == "finished" and hit_limit):
            minutes = float(spider.config["crawl.site_time_limit_minutes"])
            failure = failure or (f"site time limit of {minutes:g} min reached: closed with "
                                  "what it had fetched")
        status = "failed" if failure else ("ok" if reason == "finished" else "interrupted")
        return runs.RunStats(
            pages_fetched=int(stats.get_value("response_received_count", 0) if stats else 0),
            new_articles=self.counts["new"], duplicates=self.counts["duplicate"],
            relevant=self.counts["relevant"], skipped=dict(skipped),
            errors=spider.download_errors + self.counts["store_errors"],
            error=failure if failure else (None if status == "ok" else f"stopped: {reason}"),
            error_samples=(spider.error_samples + self.error_samples)[:5], status=status)
