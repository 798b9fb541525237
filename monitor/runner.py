"""Run one crawl (one Scrapy process for the named sites) and summarise its CrawlRun rows.

The crawl runs in a child process (``python -m monitor.crawlproc``) so the Twisted reactor
lives and dies with it: the daemon can call :func:`run_crawl` any number of times.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from monitor.config import Config, SiteConfig
from storage import db, queries
from storage.models import CrawlRun

log = logging.getLogger(__name__)

KILL_GRACE_SECONDS = 10.0  # after SIGTERM, how long Scrapy gets to close before SIGKILL


@dataclass
class SiteSummary:
    site: str
    status: str  # "ok" | "failed" | "interrupted"
    pages_fetched: int = 0
    new_articles: int = 0
    duplicates: int = 0
    relevant: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error: str | None = None
    run_id: int | None = None


def run_crawl(config: Config, site_names: Sequence[str] | None = None,
              time_limit: float | None = None) -> list[SiteSummary]:
    """Crawl the named sites (default: all enabled) in a child process; one summary per site.

    Unknown names raise ConfigError. ``time_limit`` (seconds) overrides
    ``crawl.time_limit_minutes``; a crawl over it is stopped and its sites marked failed.
    """
    sites = [config.site(n) for n in site_names] if site_names else config.enabled_sites()
    if not sites:
        return []
    limit = time_limit if time_limit is not None else config["crawl.time_limit_minutes"] * 60.0
    engine = db.make_engine(config.database_url)
    db.init_db(engine)
    with tempfile.TemporaryDirectory(prefix="newsmon-crawl-") as tmp:
        work = Path(tmp)
        timed_out, tail = _run_child(config, sites, work, limit)
        run_ids = _read_run_ids(work / "runs.jsonl")
    sessions = db.session_factory(engine)
    with sessions() as session:
        if timed_out:
            _fail_unfinished(session, run_ids.values(), f"time limit of {limit:g} s exceeded")
        summaries = [_summary(session, s.name, run_ids.get(s.name), tail) for s in sites]
    engine.dispose()
    return summaries


def _run_child(config: Config, sites: list[SiteConfig], work: Path,
               limit: float) -> tuple[bool, str]:
    """Start crawlproc, wait up to ``limit`` seconds. Returns (timed out, stderr tail)."""
    config_path = work / "config.json"
    config_path.write_text(json.dumps(config.to_toml_dict(), ensure_ascii=False), "utf-8")
    cmd = [sys.executable, "-m", "monitor.crawlproc", "--config-json", str(config_path),
           "--runs-file", str(work / "runs.jsonl")]
    for site in sites:
        cmd += ["--site", site.name]
    stderr_path = work / "stderr.log"
    timed_out = False
    with stderr_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                cwd=os.getcwd())
        try:
            proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            timed_out = True
            log.warning("crawl of %s exceeded %.0f s; stopping it",
                        ", ".join(s.name for s in sites), limit)
            _stop(proc)
        except BaseException:
            _stop(proc)  # Ctrl-C or the daemon stopping: never leave a crawler behind
            raise
    tail = _tail(stderr_path)
    if proc.returncode not in (0, None) and not timed_out:
        log.warning("crawl process exited with %s: %s", proc.returncode, tail)
    return timed_out, tail


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


def _tail(path: Path) -> str:
    """The last meaningful stderr line: what a crash summary shows."""
    try:
        lines = [ln.strip() for ln in path.read_text("utf-8", "replace").splitlines()]
    except OSError:
        return ""
    lines = [ln for ln in lines if ln]
    return lines[-1][:300] if lines else ""


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


def _fail_unfinished(session: Session, run_ids: Iterable[int], reason: str) -> None:
    for run_id in run_ids:
        run = session.get(CrawlRun, run_id)
        if run is None or run.status not in ("running", "interrupted"):
            continue
        stats = queries.RunStats(
            pages_fetched=run.pages_fetched, new_articles=run.new_articles,
            duplicates=run.duplicates, relevant=run.relevant, skipped=dict(run.skipped or {}),
            errors=run.errors, error=reason, error_samples=list(run.error_samples or []),
            status="failed")
        queries.finish_crawl_run(session, run_id, stats)


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
