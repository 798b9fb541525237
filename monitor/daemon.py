"""The schedule: one crawl job per enabled site and the daily digest job (APScheduler 3).

Job state lives in the project's database (SQLAlchemyJobStore, table ``apscheduler_jobs``), so a
restart neither loses nor doubles runs: at start the jobs are re-registered from the current
config (replace_existing) keeping the stored next run time when the interval is unchanged, so a
run missed while the daemon was down fires once (coalesce) when it comes back. Jobs store only a
reference to a module-level function and a site name; the config lives in this process.

A site's job only marks the site due; one dispatcher thread crawls due sites in batches of at
most ``crawl.max_parallel_sites``, one batch at a time, each batch in one child process with one
extraction pool (monitor.crawl.runner.run_crawl), every site under its crawl lock
(storage.locks). So memory and processes do not grow with the number of sites, and a scheduled
crawl never overlaps another one or a manual ``newsmon crawl``.
The digest job hands the previous local day to monitor.digest: written to ``<data>/digests/``
and optionally mailed, each (day, channel) exactly once, recorded as a DigestRun row.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor import logs
from monitor.config.settings import Config
from monitor.digest.deliver import deliver_due_digests
from storage import articles, db, locks, runs
from storage.models import utcnow

if TYPE_CHECKING:
    from monitor.web.server import WebServer

log = logging.getLogger(__name__)

JOBSTORE_TABLE = "apscheduler_jobs"
DIGEST_GRACE_SECONDS = 6 * 3600
STOP_GRACE_SECONDS = 20.0  # after SIGTERM, how long crawl children get before SIGKILL


GATHER_SECONDS = 1.0  # sites that fall due together (jitter aside) go in one batch


class CrawlDispatcher:
    """Crawls due sites in batches, one batch at a time: the bound on processes and memory.

    ``submit`` (from the sites' scheduled jobs) only queues a site; a site already queued or
    crawling is not queued twice. The thread takes up to ``max_sites`` queued sites, holds
    their crawl locks (a site held elsewhere is skipped this time), and crawls them together.
    """

    def __init__(self, config: Config, engine: Engine, time_limit: float | None,
                 hand_off: Callable[[list[str]], None] | None = None) -> None:
        self.config, self.engine, self.time_limit = config, engine, time_limit
        self.hand_off = hand_off  # with crawl workers: queue the batch for them instead
        self.max_sites = max(1, int(config["crawl.max_parallel_sites"]))
        self._due: dict[str, None] = {}  # insertion-ordered set: first due, first crawled
        self._crawling: set[str] = set()
        self._changed = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="crawl-dispatcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, site: str) -> None:
        with self._changed:
            if site not in self._due and site not in self._crawling:
                self._due[site] = None
                self._changed.notify()

    def stop(self, timeout: float) -> None:
        with self._changed:
            self._stopping = True
            self._due.clear()
            self._changed.notify()
        self._thread.join(timeout)

    def _next_batch(self) -> list[str]:
        with self._changed:
            while not self._due and not self._stopping:
                self._changed.wait()
            if self._stopping:
                return []
        time.sleep(GATHER_SECONDS)
        with self._changed:
            batch = list(self._due)[:self.max_sites]
            for site in batch:
                del self._due[site]
            self._crawling.update(batch)
            return batch

    def _loop(self) -> None:
        while True:
            batch = self._next_batch()
            if not batch:
                return
            try:
                self._crawl(batch)
            finally:
                with self._changed:
                    self._crawling.difference_update(batch)

    def _crawl(self, batch: list[str]) -> None:
        from monitor.crawl.runner import run_crawl  # late: keeps `newsmon daemon --help` light

        if self.hand_off is not None:
            self.hand_off(batch)  # the workers crawl; their Redis leases keep sites apart
            return
        with ExitStack() as held:
            names = []
            for site in batch:
                try:
                    held.enter_context(locks.crawl_lock(self.config, site, engine=self.engine))
                    names.append(site)
                except locks.LockBusy as exc:
                    log.warning("skipping scheduled crawl: %s", exc)
            if not names:
                return
            log.info("crawling %d site(s): %s", len(names), ", ".join(names))
            try:
                summaries = run_crawl(self.config, names, time_limit=self.time_limit)
            except Exception:
                log.exception("crawl of %s failed", ", ".join(names))  # the daemon stays up
                return
        for s in summaries:
            log.info("crawl %s: %s, %d pages, %d new, %d duplicates, %d relevant%s", s.site,
                     s.status, s.pages_fetched, s.new_articles, s.duplicates, s.relevant,
                     f" ({s.error})" if s.error else "")


@dataclass
class _Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    crawl_time_limit: float | None
    dispatcher: CrawlDispatcher


# Jobs are module-level functions (the job store pickles a reference, not a closure); what they
# need comes from here, set by run_daemon in this process.
_RUNTIME: _Runtime | None = None


# --- jobs -------------------------------------------------------------------------------------

def crawl_job(site_name: str) -> None:
    """The site is due: hand it to the dispatcher, which crawls it in the next batch."""
    _require_runtime().dispatcher.submit(site_name)


def digest_job() -> None:
    """Deliver every due digest not delivered yet (yesterday's, and missed days)."""
    rt = _require_runtime()
    try:
        with locks.hold(rt.engine, "digest", timedelta(minutes=30), what="digest is being made"):
            done = deliver_due_digests(rt.config, rt.sessions)
        log.info("digest job done: %d delivery(ies)", len(done))
    except locks.LockBusy as exc:
        log.info("skipping digest job: %s", exc)
    except Exception:
        log.exception("digest job failed")


def prune_job() -> None:
    """Drop matching signatures (reprint sketches, story keys) of articles older than every
    story window: they can no longer match, and they are most of the database's rows."""
    rt = _require_runtime()
    horizon = utcnow() - timedelta(days=int(rt.config["stories.window_days"]) + 1)
    try:
        with rt.sessions() as session:
            sketches = articles.prune_sketches(session, horizon)
            keys = articles.prune_story_keys(session, horizon)
        log.info("pruned %d sketch rows and %d story keys older than %s", sketches, keys,
                 horizon.date())
    except Exception:
        log.exception("pruning failed")


def _require_runtime() -> _Runtime:
    if _RUNTIME is None:
        raise RuntimeError("daemon job called outside run_daemon")
    return _RUNTIME


# --- scheduler --------------------------------------------------------------------------------

def build_scheduler(config: Config, engine: Engine, workers: int) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOBSTORE_TABLE),
                   "memory": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=workers)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=config.timezone,
    )


def register_jobs(scheduler: BackgroundScheduler, config: Config, *,
                  crawl_every_seconds: float | None = None,
                  digest_every_seconds: float | None = None) -> list[str]:
    """(Re)register the jobs from ``config`` on a started (paused) scheduler; drop jobs of
    sites no longer configured. Returns the ids of the jobs registered."""
    jitter = config["daemon.jitter_seconds"]
    wanted: list[str] = []
    for site in config.enabled_sites():
        seconds = crawl_every_seconds or 60.0 * (site.crawl_every_minutes
                                                 or config["schedule.crawl_every_minutes"])
        trigger = IntervalTrigger(seconds=seconds, jitter=min(jitter, seconds / 2) or None,
                                  timezone=config.timezone)
        job_id = f"crawl:{site.name}"
        _add(scheduler, job_id, crawl_job, trigger, args=[site.name], misfire_grace_time=None,
             first_run=datetime.now(config.timezone) + timedelta(
                 seconds=random.uniform(0, min(jitter, seconds))))
        wanted.append(job_id)
    if digest_every_seconds:
        digest_trigger = IntervalTrigger(seconds=digest_every_seconds, timezone=config.timezone)
    else:
        hour, minute = config["schedule.digest_at"].split(":")
        digest_trigger = CronTrigger(hour=int(hour), minute=int(minute), timezone=config.timezone)
    _add(scheduler, "digest", digest_job, digest_trigger, misfire_grace_time=DIGEST_GRACE_SECONDS)
    wanted.append("digest")
    # Once a day, an hour before the digest, when crawls are few.
    prune_hour = (int(config["schedule.digest_at"][:2]) - 1) % 24
    _add(scheduler, "prune", prune_job, CronTrigger(hour=prune_hour, minute=30,
                                                    timezone=config.timezone),
         misfire_grace_time=DIGEST_GRACE_SECONDS)
    wanted.append("prune")
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id not in wanted:
            log.info("removing job %s: no longer configured", job.id)
            job.remove()
    return wanted


def _add(scheduler: BackgroundScheduler, job_id: str, fn: object, trigger: object, *,
         first_run: datetime | None = None, **kwargs: object) -> None:
    old = scheduler.get_job(job_id, jobstore="default")
    if old is not None and _same_trigger(old.trigger, trigger) and old.next_run_time:
        # Same schedule as before the restart: keep the stored next run (maybe in the past,
        # then it fires once now) instead of restarting the interval.
        first_run = old.next_run_time
    if first_run is not None:
        kwargs["next_run_time"] = first_run
    scheduler.add_job(fn, trigger, id=job_id, name=job_id, replace_existing=True,
                      jobstore="default", **kwargs)  # type: ignore[arg-type]


def _same_trigger(old: object, new: object) -> bool:
    return type(old) is type(new) and str(old) == str(new) and \
        getattr(old, "jitter", None) == getattr(new, "jitter", None)


# --- logging and signals ----------------------------------------------------------------------

def setup_logging(config: Config, level: int = logging.INFO) -> Path:
    """stderr plus a rotating file <data>/logs/newsmon.log (added once per process)."""
    path = logs.add_file_log(config.data_dir / "logs" / "newsmon.log", level)
    logs.add_stderr_log()
    return path


def _crawl_children() -> list[int]:
    """PIDs of this process's crawl children (Linux /proc; empty elsewhere)."""
    me, found = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rpartition(")")[2].split()[1])
            if ppid == me and b"monitor.crawl.process" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _signal_children(sig: int) -> list[int]:
    pids = _crawl_children()
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    return pids


def _install_signal_handlers(stop: threading.Event) -> dict[int, object]:
    if threading.current_thread() is not threading.main_thread():
        return {}  # only the main thread may set handlers (tests may run us in a thread)

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        stop.set()

    return {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}


def _shutdown(scheduler: BackgroundScheduler, dispatcher: CrawlDispatcher) -> None:
    """No new jobs; running crawl children get SIGTERM (Scrapy closes after the pages in
    flight; every stored article is already committed), then the scheduler waits for its jobs
    and the dispatcher for its batch."""
    from monitor.crawl import runner
    if scheduler.running:
        scheduler.pause()
    # Before the signal: the crawls we stop must end "interrupted", not "failed".
    runner.request_stop("the daemon is stopping")
    pids = _signal_children(signal.SIGTERM)
    if pids:
        log.info("stopping %d running crawl process(es): %s", len(pids), pids)
    def wait_all() -> None:
        scheduler.shutdown(wait=True)
        dispatcher.stop(timeout=3 * STOP_GRACE_SECONDS)

    waiter = threading.Thread(target=wait_all, name="scheduler-shutdown")
    waiter.start()
    waiter.join(STOP_GRACE_SECONDS)
    if waiter.is_alive():
        log.warning("crawl still running after %.0f s: killing it", STOP_GRACE_SECONDS)
        _signal_children(signal.SIGKILL)
        waiter.join(STOP_GRACE_SECONDS)


def _start_web(config: Config) -> WebServer | None:
    """The web app in a background thread when [web] enabled (ConfigError when it cannot
    listen: the daemon does not start half configured)."""
    if not config["web.enabled"]:
        return None
    from monitor.web.server import listen  # Flask and waitress only when serving

    web = listen(config).start_background()
    log.info("web app on %s (read only)", web.url)
    return web


def _hand_off(config: Config, engine: Engine,
              stop: threading.Event) -> Callable[[list[str]], None] | None:
    """With ``workers.redis_url`` set, due sites go to the workers' queue (Redis is imported
    only then; unreachable, it is a config error and the daemon does not start). ``stop``
    ends its retries while Redis is away, or the daemon's stop would wait for them."""
    if not config["workers.redis_url"]:
        return None
    from monitor.crawl.seed import Seeder

    return Seeder(config, engine, stopping=stop)


def run_daemon(config: Config, *, crawl_every_seconds: float | None = None,
               digest_every_seconds: float | None = None, crawl_time_limit: float | None = None,
               stop_event: threading.Event | None = None) -> int:
    """Run the schedule until SIGTERM/SIGINT (or ``stop_event``); 0 on a clean stop.

    The keyword arguments are for tests: second-scale crawl and digest intervals instead of
    the configured minutes and daily time, and a crawl time limit in seconds.
    """
    global _RUNTIME
    from monitor.crawl import runner
    runner.clear_stop()  # a previous run_daemon in this process (tests) may have set it
    log_path = setup_logging(config)
    engine, sessions = db.open_database(config.database_url)
    locks.ensure_table(engine)
    limit = crawl_time_limit or config["crawl.time_limit_minutes"] * 60.0
    with sessions() as session:
        # "running" rows older than any live crawl can be were left by a killed process.
        stale = runs.mark_interrupted_runs(session, utcnow() - timedelta(seconds=limit + 120))
        if stale:
            log.info("marked %d crawl run(s) left by a stopped process as interrupted", stale)
    stop = stop_event or threading.Event()
    dispatcher = CrawlDispatcher(config, engine, crawl_time_limit,
                                 _hand_off(config, engine, stop))
    _RUNTIME = _Runtime(config, engine, sessions, crawl_time_limit, dispatcher)
    previous = _install_signal_handlers(stop)
    # Jobs only queue sites or make the digest: a few threads, whatever the number of sites.
    scheduler = build_scheduler(config, engine, workers=4)
    web = _start_web(config)
    dispatcher.start()
    try:
        scheduler.start(paused=True)
        jobs = register_jobs(scheduler, config, crawl_every_seconds=crawl_every_seconds,
                             digest_every_seconds=digest_every_seconds)
        # Catch up on digests missed while the daemon was down (exactly-once via DigestRun).
        scheduler.add_job(digest_job, id="digest-catch-up", jobstore="memory")
        scheduler.resume()
        log.info("daemon started (pid %d): %d job(s) %s; log file %s", os.getpid(), len(jobs),
                 ", ".join(jobs), log_path)
        while not stop.wait(1.0):
            pass
    finally:
        _shutdown(scheduler, dispatcher)
        if web is not None:
            web.stop()
        for sig, old in previous.items():
            signal.signal(sig, old)  # type: ignore[arg-type]
        _RUNTIME = None
        engine.dispose()
    log.info("daemon stopped")
    return 0

