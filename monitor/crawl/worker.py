"""``newsmon worker``: take due sites from Redis, crawl them, store into the shared database.

A worker leases a fair share of the pending sites (monitor.crawl.redislink), moves back to
their queues whatever a dead holder left in flight, and crawls them as one local crawl does
(monitor.crawl.runner.run_crawl: one child process, one extraction pool, a CrawlRun per
site), except that the child's scheduler is the site's queue in Redis
(monitor.crawl.sharedsched). A thread renews the leases while the child runs; if this
worker is killed, its child dies with it, the leases lapse after ``workers.lease_seconds``
and another worker takes the sites over from their queues. The database's unique
constraints keep each article once whoever stores it.

Redis or the database going away is waited out: one warning, retries, no crash loop.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import signal
import socket
import threading
from collections.abc import Sequence
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from monitor import logs
from monitor.config.settings import Config
from monitor.crawl import runner
from monitor.crawl.lifeline import signal_crawl_children
from monitor.crawl.redislink import Outage, RedisError, RedisLink
from storage.db import DatabaseError

log = logging.getLogger(__name__)

IDLE_SECONDS = 1.0  # how often an idle worker looks for pending sites
RETRY_SECONDS = 5.0  # how often Redis or the database is tried again while away


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class LeaseKeeper:
    """Renews a worker's leases every third of their life while its crawl runs."""

    def __init__(self, link: RedisLink, worker: str, sites: Sequence[str]) -> None:
        self.link, self.worker, self.sites = link, worker, list(sites)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)
        self.outage = Outage("Redis")

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self.link.lease_ms / 3000):
            try:
                lost = self.link.renew(self.worker, self.sites)
            except RedisError as exc:
                self.outage.failed(exc, self.link.lease_ms / 3000)
                continue
            self.outage.ok()
            for site in lost:
                # Redis was away longer than a lease and another worker took the site (a
                # lease Redis lost is taken again by renew): it may crawl it too now.
                # Harmless for the store (unique constraints), only wasted fetches.
                log.warning("lost the lease of site %s; another worker may take it", site)
                self.sites.remove(site)


class Worker:
    def __init__(self, config: Config, link: RedisLink) -> None:
        self.config, self.link = config, link
        self.id = worker_id()
        self.stop = threading.Event()
        self.redis = Outage("Redis")
        self.database = Outage("database")
        self.ceiling = max(1, int(config["crawl.max_parallel_sites"]))

    def run(self) -> None:
        log.info("worker %s started (Redis keys %s:*)", self.id, self.link.prefix)
        while not self.stop.is_set():
            try:
                sites = self._claim()
            except RedisError as exc:
                self.redis.failed(exc, RETRY_SECONDS)
                self.stop.wait(RETRY_SECONDS)
                continue
            self.redis.ok()
            if sites:
                self._crawl(sites)
            else:
                self.stop.wait(IDLE_SECONDS)
        try:
            self.link.leave(self.id)
        except RedisError:
            pass  # its heartbeat ages out
        log.info("worker %s stopped", self.id)

    def _claim(self) -> list[str]:
        self.link.heartbeat(self.id)
        known = {s.name for s in self.config.sites}
        pending = [n for n in self.link.pending_sites() if n in known]
        waiting = self.link.unheld(pending)
        if not waiting:
            return []
        share = self.link.fair_share(len(waiting), self.ceiling)
        return self.link.claim(self.id, waiting, share)

    def _crawl(self, sites: list[str]) -> None:
        with LeaseKeeper(self.link, self.id, sites):
            try:
                moved = sum(self.link.requeue_inflight(s) for s in sites)
                if moved:
                    log.info("took over %s: %d request(s) back from a stopped worker",
                             ", ".join(sites), moved)
                log.info("crawling %d site(s): %s", len(sites), ", ".join(sites))
                summaries = runner.run_crawl(self.config, sites, shared_queue=True,
                                             child_output=ChildWarnings())
                self.database.ok()
                for s in summaries:
                    log.info("crawl %s: %s, %d pages, %d new, %d duplicates%s", s.site,
                             s.status, s.pages_fetched, s.new_articles, s.duplicates,
                             f" ({s.error})" if s.error else "")
            except (SQLAlchemyError, DatabaseError) as exc:
                self.database.failed(exc, RETRY_SECONDS)
                self.stop.wait(RETRY_SECONDS)
            except RedisError as exc:
                self.redis.failed(exc, RETRY_SECONDS)
            finally:
                self._hand_back(sites)

    def _hand_back(self, sites: list[str]) -> None:
        """What the child left in flight goes back to the queue (it is not running any
        more), then the leases go: the sites' rest is anyone's."""
        for site in sites:
            try:
                self.link.requeue_inflight(site)
                self.link.release(self.id, site)
            except RedisError:
                log.debug("site %s handed back by lease expiry", site, exc_info=True)


class ChildWarnings:
    """Passes on to the worker's log what of the crawl process's log matters here: our own
    warnings (Redis or the database away) and anyone's errors. Without it they would be
    lost: run_crawl keeps only the child's last line."""

    def __init__(self) -> None:
        self.level = logging.INFO

    def __call__(self, line: str) -> None:
        match = _RECORD.match(line)
        if match:  # a new record; other lines continue the last one (a traceback, a dump)
            name, level = match.group(1), logging.getLevelName(match.group(2))
            self.level = level if isinstance(level, int) else logging.WARNING
            if self.level < logging.ERROR and not name.startswith(_OURS):
                self.level = logging.INFO  # Scrapy's and the libraries' notices
            line = f"[{name}] {line[match.end():]}"
        if self.level >= logging.WARNING:
            log.log(self.level, "crawl process: %s", line.rstrip())


_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[([^\]]*)\] ([A-Z]+): ")
_OURS = ("monitor.", "spiders.", "storage.")


def run_worker(config: Config, *, stop: threading.Event | None = None) -> int:
    """Run a crawl worker until SIGTERM/SIGINT (or ``stop``); 0 on a clean stop."""
    link = RedisLink.from_config(config)  # ConfigError: one line and exit 2
    logs.add_file_log(config.data_dir / "logs" / "worker.log", logging.INFO)
    logs.add_stderr_log()
    runner.clear_stop()
    worker = Worker(config, link)
    if stop is not None:
        worker.stop = stop
    previous = _install_signal_handlers(worker.stop)
    try:
        worker.run()
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]
    return 0


def _install_signal_handlers(stop: threading.Event) -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        # Interrupted, not failed: the sites' rest stays queued for the other workers.
        runner.request_stop("the worker is stopping")
        stop.set()
        signal_crawl_children(signal.SIGTERM)

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
