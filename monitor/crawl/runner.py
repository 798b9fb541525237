"""Run one crawl (one Scrapy process for the named sites) and summarise its CrawlRun rows.

The crawl runs in a child process (``python -m monitor.crawl.process``) so the Twisted reactor
lives and dies with it: the daemon can call :func:`run_crawl` any number of times.

Crash safety: every article is committed on its own, so a killed crawl loses only the pages in
flight, and the next crawl fetches them again (stored URLs are skipped). The CrawlRun a killed
process left "running" is turned into "interrupted" by the next crawl of its site, as soon as
nobody else holds the site's crawl lock.

The child never outlives this process: it asks the kernel for SIGKILL when we die (Linux), and
it is recorded next to our crawl locks (``locks.attach_process``), so a crawl that finds our
lock after a ``kill -9`` takes it over only once the child is gone too.

Progress: the child writes each site's counts so far to its CrawlRun row every 2 s; a caller
that passes ``progress`` gets them as :class:`SiteProgress` snapshots while it waits. The
child's own log (its stdout and stderr) is read by a thread as it comes: the last meaningful
line goes into crash summaries, and ``child_output`` gets every line.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from monitor.config.settings import Config, SiteConfig
from storage import db, locks, runs
from storage.models import CrawlRun, Lock, utcnow

log = logging.getLogger(__name__)

KILL_GRACE_SECONDS = 10.0  # after SIGTERM, how long Scrapy gets to close before SIGKILL
STALE_RUN_ERROR = "the crawl process stopped before finishing (a crash or kill)"
PROGRESS_SECONDS = 2.0  # how often progress is read: the child writes it as often
OUTPUT_JOIN_SECONDS = 5.0  # how long the output reader may take to drain after the child ends

# Set when this process is stopping (the daemon on SIGTERM): crawls that end or are asked to
# start from then on are "interrupted" with this reason, not "failed".
_stop_requested = threading.Event()
_stop_reason = ["stop requested"]


def request_stop(reason: str) -> None:
    """Mark crawls of this process as stopped on purpose (call before signalling them)."""
    _stop_reason[0] = reason
    _stop_requested.set()


def clear_stop() -> None:
    _stop_requested.clear()


@dataclass
class SiteSummary(runs.RunStats):
    """One site's outcome of a crawl: its CrawlRun's numbers (status "ok" | "failed" |
    "interrupted"), the site and the row's id."""

    site: str = ""
    run_id: int | None = None


@dataclass(frozen=True)
class SiteProgress:
    """One site's counts so far in a running crawl. ``status`` is "starting" until the child
    starts the site, then its CrawlRun's ("running", "ok", ...)."""

    site: str
    status: str = "starting"
    pages: int = 0
    new: int = 0
    duplicates: int = 0
    errors: int = 0
    pages_per_second: float = 0.0  # since the site started (until it finished)


ProgressCallback = Callable[[list[SiteProgress]], None]
LineCallback = Callable[[str], None]


def run_crawl(config: Config, site_names: Sequence[str] | None = None,
              time_limit: float | None = None, *, progress: ProgressCallback | None = None,
              child_output: LineCallback | None = None,
              shared_queue: bool = False) -> list[SiteSummary]:
    """Crawl the named sites (default: all enabled) in a child process; one summary per site.

    Unknown names raise ConfigError. ``time_limit`` (seconds) overrides
    ``crawl.time_limit_minutes``; a crawl over it is stopped and its sites marked failed.
    A crawl stopped by :func:`request_stop` marks its sites interrupted.

    ``progress`` is called about every 2 s while the child runs, from this thread, with one
    snapshot per site. ``child_output`` gets each line of the child's own log as it arrives
    (from another thread); given, the child logs at INFO (Scrapy's "Spider opened", ...),
    otherwise only warnings and errors.

    ``shared_queue``: the sites' requests come from their queues in Redis (a crawl worker,
    monitor.crawl.worker, holding the sites' leases), not from the spiders' start.
    """
    sites = [config.site(n) for n in site_names] if site_names else config.enabled_sites()
    if not sites:
        return []
    limit = time_limit if time_limit is not None else config["crawl.time_limit_minutes"] * 60.0
    engine = db.make_engine(config.database_url)
    db.init_db(engine)
    sessions = db.session_factory(engine)
    try:
        with sessions() as session:
            interrupt_stale_runs(session, [s.name for s in sites])
        timed_out, tail, run_ids = False, "", {}
        if not _stop_requested.is_set():
            with tempfile.TemporaryDirectory(prefix="newsmon-crawl-") as tmp:
                work = Path(tmp)
                watch = _Watch(progress, child_output, shared_queue)
                try:
                    timed_out, tail = _run_child(config, sites, work, limit, engine, watch)
                except KeyboardInterrupt:
                    # Ctrl-C: the child is stopped (by _run_child); what it left running was
                    # interrupted by the user, with the counts it had written.
                    with sessions() as session:
                        _close_runs(session, _read_run_ids(work / "runs.jsonl").values(),
                                    "interrupted", "interrupted by the user (Ctrl-C)")
                    raise
                run_ids = _read_run_ids(work / "runs.jsonl")
        with sessions() as session:
            _close_unfinished(session, sites, run_ids, timed_out, limit)
            return [_summary(session, s.name, run_ids.get(s.name), tail) for s in sites]
    finally:
        engine.dispose()


def interrupt_stale_runs(session: Session, sites: Iterable[str]) -> int:
    """Turn the "running" CrawlRuns of ``sites`` into "interrupted" when no live crawl can own
    them: the site's crawl lock is free, expired, or held by this very process (the caller,
    about to crawl). Returns how many rows changed."""
    me, now, changed = locks.owner_id(), utcnow(), 0
    for site in sites:
        holder = session.get(Lock, locks.crawl_lock_name(site))
        if holder is not None and holder.expires >= now and holder.owner != me:
            continue  # another live process crawls this site: its run is not ours to close
        for run in runs.recent_runs(session, site, limit=50):
            if run.status == "running":
                # Its articles, counted where they are: the last progress write may be stale.
                new, duplicates = runs.stored_by_run(session, run.id)
                run.new_articles = max(run.new_articles, new)
                run.duplicates = max(run.duplicates, duplicates)
                _finish(session, run, "interrupted", STALE_RUN_ERROR)
                changed += 1
    if changed:
        log.info("marked %d crawl run(s) left by a killed crawl as interrupted", changed)
    return changed


def _close_unfinished(session: Session, sites: Sequence[SiteConfig], run_ids: dict[str, int],
                      timed_out: bool, limit: float) -> None:
    """After the child is gone: runs it left open are failed (time limit) or interrupted
    (stop requested); a site it never started gets an interrupted run when we stopped it."""
    if timed_out:
        reason = f"time limit of {limit:g} s exceeded"
        _close_runs(session, run_ids.values(), "failed", reason)
        _record_unstarted(session, sites, run_ids, "failed", f"{reason} before the site started")
    elif _stop_requested.is_set():
        reason = _stop_reason[0]
        _close_runs(session, run_ids.values(), "interrupted", reason)
        _record_unstarted(session, sites, run_ids, "interrupted",
                          f"stopped before the site started: {reason}")


def _record_unstarted(session: Session, sites: Sequence[SiteConfig], run_ids: dict[str, int],
                      status: str, message: str) -> None:
    """A run row, closed at once, for each site the child had not started when it was
    stopped: the summary and the site's health then say why, not "the crawl failed"."""
    for site in sites:
        if site.name not in run_ids:
            run_ids[site.name] = runs.start_crawl_run(session, site.name)
            _finish(session, session.get(CrawlRun, run_ids[site.name]), status, message)


@dataclass(frozen=True)
class _Watch:
    """What the caller of run_crawl watches while the child runs (and where the child's
    requests come from)."""

    progress: ProgressCallback | None = None
    child_output: LineCallback | None = None
    shared_queue: bool = False


def _run_child(config: Config, sites: list[SiteConfig], work: Path, limit: float,
               engine: Engine, watch: _Watch) -> tuple[bool, str]:
    """Start crawlproc, wait up to ``limit`` seconds. Returns (timed out, stderr tail)."""
    cmd = _child_command(config, sites, work, verbose=watch.child_output is not None)
    if watch.shared_queue:
        cmd.append("--shared-queue")
    poll = _progress_poller(engine, sites, work / "runs.jsonl", watch.progress)
    timed_out = False
    # The kernel's parent-death signal follows the thread that started the child, not the
    # process: this thread must (and does) stay in _wait until the child is gone.
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=os.getcwd())
    assert proc.stdout is not None  # for mypy: stdout=PIPE
    output = _ChildOutput(proc.stdout, watch.child_output)
    lock_names = _attach_child(engine, sites, proc.pid)
    try:
        _wait(proc, limit, poll)
    except subprocess.TimeoutExpired:
        timed_out = True
        log.warning("crawl of %s exceeded %.0f s; stopping it",
                    ", ".join(s.name for s in sites), limit)
        _stop(proc)
    except BaseException:
        _stop(proc)  # Ctrl-C or the daemon stopping: never leave a crawler behind
        raise
    finally:
        _detach_child(engine, lock_names, proc.pid)
        output.join()
    if poll is not None:
        poll()  # the sites' endings, however short the crawl was
    if proc.returncode not in (0, None) and not timed_out:
        log.warning("crawl process exited with %s: %s", proc.returncode, output.tail)
    return timed_out, output.tail


def _child_command(config: Config, sites: Sequence[SiteConfig], work: Path,
                   verbose: bool) -> list[str]:
    config_path = work / "config.json"
    config_path.write_text(json.dumps(config.to_toml_dict(), ensure_ascii=False), "utf-8")
    # --parent-pid: the child checks, right after asking to die with us, that we are still
    # its parent (we may have been killed while it started).
    cmd = [sys.executable, "-m", "monitor.crawl.process", "--config-json", str(config_path),
           "--runs-file", str(work / "runs.jsonl"), "--parent-pid", str(os.getpid())]
    for site in sites:
        cmd += ["--site", site.name]
    return cmd + (["--verbose"] if verbose else [])


def _wait(proc: subprocess.Popen[bytes], limit: float, poll: Callable[[], None] | None) -> None:
    """``proc.wait(timeout=limit)``, calling ``poll`` every PROGRESS_SECONDS meanwhile."""
    deadline = time.monotonic() + limit
    while True:
        step = deadline - time.monotonic()
        if poll is not None:
            step = min(step, PROGRESS_SECONDS)
        try:
            proc.wait(timeout=max(step, 0.0))
            return
        except subprocess.TimeoutExpired:
            if time.monotonic() >= deadline or poll is None:
                raise
            poll()


def _progress_poller(engine: Engine, sites: Sequence[SiteConfig], runs_file: Path,
                     progress: ProgressCallback | None) -> Callable[[], None] | None:
    """A function that reads the sites' CrawlRun rows and hands them to ``progress``."""
    if progress is None:
        return None
    sessions = db.session_factory(engine)
    names = [site.name for site in sites]

    def poll() -> None:
        try:
            with sessions() as session:
                rows = runs.runs_by_id(session, _read_run_ids(runs_file).values())
                found = {run.site: run for run in rows.values()}
                now = utcnow()
                snapshots = [_snapshot(name, found.get(name), now) for name in names]
        except SQLAlchemyError:
            # Progress is a courtesy: a database busy with the crawl's writes must not stop it.
            log.debug("crawl progress not read this time", exc_info=True)
            return
        progress(snapshots)

    return poll


def _snapshot(site: str, run: CrawlRun | None, now: datetime) -> SiteProgress:
    if run is None:
        return SiteProgress(site=site)
    seconds = ((run.finished or now) - run.started).total_seconds()
    return SiteProgress(site=site, status=run.status, pages=run.pages_fetched,
                        new=run.new_articles, duplicates=run.duplicates, errors=run.errors,
                        pages_per_second=run.pages_fetched / seconds if seconds > 0 else 0.0)


# A Scrapy log record's first line: "2026-11-23 08:00:00 [scrapy.core.engine] INFO: ...".
_RECORD_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[^\]]*\] ([A-Z]+): ")


class _ChildOutput:
    """Reads the child's output in a thread as it comes (a full pipe would block the child):
    passes each line to ``on_line`` and keeps, as ``tail``, the last line that is not part of
    an INFO or DEBUG record: what a crash summary shows."""

    def __init__(self, stream: IO[bytes], on_line: LineCallback | None) -> None:
        self.tail = ""
        self._thread = threading.Thread(target=self._read, args=(stream, on_line),
                                        name="crawl-output", daemon=True)
        self._thread.start()

    def join(self) -> None:
        # The child is gone; its extraction workers, which share the pipe, die with it.
        self._thread.join(OUTPUT_JOIN_SECONDS)

    def _read(self, stream: IO[bytes], on_line: LineCallback | None) -> None:
        level = ""
        with stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip()
                if not line.strip():
                    continue
                level = _line_level(line, level)
                if level not in ("INFO", "DEBUG"):
                    self.tail = line.strip()[:300]
                if on_line is not None:
                    try:
                        on_line(line)
                    except Exception:  # noqa: BLE001 - the reader must go on draining the pipe
                        log.debug("crawl output line not passed on", exc_info=True)


def _line_level(line: str, previous: str) -> str:
    """The level of the record ``line`` belongs to. Indented lines and the lines of a dumped
    dict or list (Scrapy's stats, its enabled middlewares) continue the record before them;
    any other line (a raw traceback, crawlproc's own message) is a record of no level."""
    match = _RECORD_RE.match(line)
    if match:
        return match.group(1)
    return previous if line[:1] in (" ", "\t", "{", "[", "'") else ""


def _attach_child(engine: Engine, sites: Sequence[SiteConfig], pid: int) -> list[str]:
    """Record the child under the crawl locks this process holds (the CLI and the daemon take
    them before run_crawl; a bare run_crawl holds none). Returns the locks it is under."""
    names = []
    for site in sites:
        name = locks.crawl_lock_name(site.name)
        try:
            if locks.attach_process(engine, name, pid):
                names.append(name)
        except SQLAlchemyError:
            # The child dies with us anyway where the kernel can tell it (Linux); elsewhere a
            # lock then only protects the crawl while this process lives.
            log.warning("could not record crawl process %d under lock %s", pid, name,
                        exc_info=True)
    return names


def _detach_child(engine: Engine, names: Iterable[str], pid: int) -> None:
    for name in names:
        try:
            locks.detach_process(engine, name, pid)
        except SQLAlchemyError:
            # Harmless: the row names a dead process and goes when the lock is next taken.
            log.warning("could not forget crawl process %d of lock %s", pid, name,
                        exc_info=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (Scrapy closes its spiders cleanly), a second SIGTERM (Scrapy stops without
    waiting for hanging downloads), then SIGKILL."""
    for _ in range(2):
        proc.terminate()
        try:
            proc.wait(timeout=KILL_GRACE_SECONDS / 2)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.kill()
    proc.wait()


def _read_run_ids(path: Path) -> dict[str, int]:
    ids: dict[str, int] = {}
    if not path.is_file():
        return ids
    for line in path.read_text("utf-8").splitlines():
        try:
            entry = json.loads(line)
            ids[str(entry["site"])] = int(entry["run_id"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a kill
    return ids


def _close_runs(session: Session, run_ids: Iterable[int], status: str, reason: str) -> None:
    for run_id in run_ids:
        run = session.get(CrawlRun, run_id)
        if run is None:
            continue
        # A time limit overrides the "interrupted" Scrapy records when it is stopped; a
        # requested stop leaves a run the child closed itself as it is.
        if run.status == "running" or (status == "failed" and run.status == "interrupted"):
            _finish(session, run, status, reason)


def _finish(session: Session, run: CrawlRun | None, status: str, reason: str) -> None:
    """Close ``run`` with ``status`` and ``reason``, keeping the counts it has."""
    if run is None:
        return
    stats = runs.RunStats(
        pages_fetched=run.pages_fetched, new_articles=run.new_articles,
        duplicates=run.duplicates, relevant=run.relevant, skipped=dict(run.skipped or {}),
        errors=run.errors, error=reason, error_samples=list(run.error_samples or []),
        status=status)
    runs.finish_crawl_run(session, run.id, stats)


def _summary(session: Session, site: str, run_id: int | None,
             tail: str) -> SiteSummary:
    run = session.get(CrawlRun, run_id) if run_id is not None else None
    if run is None:
        return SiteSummary(site=site, status="failed",
                           error=f"crawl process failed before the site started: {tail}"
                           if tail else "crawl process failed before the site started")
    session.refresh(run)
    status = run.status if run.status in ("ok", "failed", "interrupted") else "failed"
    error = run.error
    if run.status == "running":
        error = error or f"crawl process ended without finishing the site: {tail}"
    return SiteSummary(site=site, status=status, pages_fetched=run.pages_fetched,
                       new_articles=run.new_articles, duplicates=run.duplicates,
                       relevant=run.relevant, skipped=dict(run.skipped or {}),
                       errors=run.errors, error=error, run_id=run.id)
