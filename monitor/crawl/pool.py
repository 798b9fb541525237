"""The extraction pool: worker processes that turn a fetched page into an ArticleRecord.

Extraction is CPU-bound, so it runs in processes while the reactor keeps downloading; the
workers also compute what storing needs (canonical URLs, fingerprints, story features), so
the crawl process only looks up and writes. One pool per crawl process, shared by every
spider in it: a crawl of 47 sites must not start 47 pools.

The crawl process forks its workers first thing (:func:`prestart`), before Scrapy, the
reactor or a database thread exists: forking then is safe, and a forked pool needs no
multiprocessing resource tracker, so a crawl is its own process plus ``crawl.workers``
workers and nothing else. Should the pool have to start later (a worker was killed and the
pool broke, or a caller never prestarted it), it starts with "spawn", which is safe beside
threads. Either way each worker dies with the crawl process (see lifeline).

This module imports no Scrapy and no SQLAlchemy: the workers inherit what it imported.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from monitor.article.analysis import analyze_page, preload
from monitor.article.extract import NotAnArticle
from monitor.article.record import prepare
from monitor.article.topics import TopicModel
from monitor.article.types import ArticleRecord
from monitor.config.profile import SiteProfile
from monitor.config.settings import Config, load_config
from monitor.crawl.lifeline import bind_to_parent

# -- worker side: runs in the pool's processes -------------------------------------------
_worker_topics: TopicModel | None = None
_worker_profiles: dict[str, SiteProfile] = {}
_worker_limits = {"min_text_chars": 200, "max_bytes": 5_000_000}


def _init_worker(config_data: dict[str, Any], crawl_pid: int) -> None:
    global _worker_topics
    if not bind_to_parent(crawl_pid):
        os._exit(1)  # the crawl process died while this worker started
    # Ctrl-C reaches the whole process group: the crawl process shuts down gracefully and
    # lets the pages in flight finish here; a worker dying of it would make them errors.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = load_config(data=config_data, environ={})
    _worker_topics = TopicModel.from_config(config)
    _worker_profiles.update({site.name: site.profile for site in config.sites})
    _worker_limits.update(min_text_chars=int(config["crawl.min_text_chars"]),
                          max_bytes=int(config["crawl.max_page_bytes"]))


def _ready() -> int:
    return os.getpid()


def analyze(body: bytes, url: str, content_type: str, site: str, hints: dict[str, str]
            ) -> tuple[str, ArticleRecord | str]:
    """("ok", ArticleRecord) or ("skip", reason) or ("error", message); never raises,
    because NotAnArticle does not survive pickling with its reason. The record's
    fingerprints and story keys are computed here too: CPU work belongs in the workers."""
    try:
        analysis = analyze_page(body, url, content_type, topics=_worker_topics,
                                language_hint=hints.get("language"),
                                min_text_chars=_worker_limits["min_text_chars"],
                                max_bytes=_worker_limits["max_bytes"],
                                profile=_worker_profiles.get(site))
        # Feeds and news sitemaps often carry the title when the page's markup hides it.
        if not analysis.title and hints.get("title"):
            analysis.title = hints["title"]
        return "ok", prepare(site, url, analysis)
    except NotAnArticle as exc:
        return "skip", exc.reason
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the crawl
        return "error", f"{type(exc).__name__}: {exc}"[:200]


# -- crawl side ---------------------------------------------------------------------------
class SharedPool:
    """The crawl process's one pool, reference-counted by open spiders."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.users = 0

    def _start(self, config: Config, method: str) -> ProcessPoolExecutor:
        workers = int(config["crawl.workers"]) or os.cpu_count() or 1
        return ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context(method),
            initializer=_init_worker, initargs=(config.to_toml_dict(), os.getpid()))

    def prestart(self, config: Config) -> None:
        """Fork every worker now, while this process has one thread (see the module's
        docstring). A forking pool forks all its workers in its first ``submit``, before it
        starts its manager thread; they load their models while Scrapy starts here, and the
        crawl does not wait for them (a site's time limit counts from its start). The
        caller holds the pool (as one user) until it calls release, so a site that ends
        early does not shut it for the others."""
        if self.pool is None:
            preload()  # the models, once, in pages the forked workers share
            self.pool = self._start(config, "fork")
            self.pool.submit(_ready)
        self.users += 1

    def acquire(self, config: Config) -> ProcessPoolExecutor:
        if self.pool is None:
            # spawn, not fork: by now the crawl process runs the reactor and its threads.
            self.pool = self._start(config, "spawn")
        self.users += 1
        return self.pool

    def release(self) -> None:
        self.users -= 1
        if self.users <= 0 and self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool, self.users = None, 0


POOL = SharedPool()
