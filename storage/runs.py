"""Crawl runs (one row per site per crawl: counts, status, errors), the validators of
conditional fetches, and the per-site health read from both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import Article, CrawlRun, FetchState, utcnow


@dataclass
class RunStats:
    pages_fetched: int = 0
    new_articles: int = 0
    duplicates: int = 0
    relevant: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error: str | None = None  # why the site failed, when it did
    error_samples: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | failed | interrupted


# --- crawl runs ---------------------------------------------------------------------------

def start_crawl_run(session: Session, site: str, now: datetime | None = None) -> int:
    run = CrawlRun(site=site, started=now or utcnow(), status="running", skipped={},
                   error_samples=[])
    session.add(run)
    session.commit()
    return run.id


def finish_crawl_run(session: Session, run_id: int, stats: RunStats,
                     now: datetime | None = None) -> CrawlRun:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise KeyError(f"no crawl run {run_id}")
    run.finished = now or utcnow()
    run.status = stats.status
    run.pages_fetched = stats.pages_fetched
    run.new_articles = stats.new_articles
    run.duplicates = stats.duplicates
    run.relevant = stats.relevant
    run.skipped = dict(stats.skipped)
    run.errors = stats.errors
    run.error = stats.error
    run.error_samples = list(stats.error_samples)
    session.commit()
    return run


def first_crawl_started(session: Session) -> datetime | None:
    """When the first crawl of this database started (the monitor's install), or None."""
    first = session.scalar(select(func.min(CrawlRun.started)))
    if first is not None and first.tzinfo is None:
        first = first.replace(tzinfo=UTC)  # min() skips the column's UTC decorator
    return first


def record_progress(session: Session, run_id: int, stats: RunStats) -> None:
    """Write a running crawl's counts so far (the row stays "running"): a crawl killed later
    still has true counts, and the parent can show progress."""
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id, CrawlRun.status == "running")
                    .values(pages_fetched=stats.pages_fetched, new_articles=stats.new_articles,
                            duplicates=stats.duplicates, relevant=stats.relevant,
                            skipped=dict(stats.skipped), errors=stats.errors,
                            error_samples=list(stats.error_samples)))
    session.commit()


def stored_by_run(session: Session, run_id: int) -> tuple[int, int]:
    """(new, duplicates): the articles a crawl run stored, counted in the articles table: the
    truth for a run whose process was killed between two progress writes."""
    original = Article.duplicate_of.is_(None)
    counts = dict(session.execute(
        select(original, func.count()).where(Article.crawl_run_id == run_id)
        .group_by(original)).tuples().all())
    return int(counts.get(True, 0)), int(counts.get(False, 0))


def runs_by_id(session: Session, run_ids: Iterable[int]) -> dict[int, CrawlRun]:
    """The CrawlRun rows of ``run_ids`` as stored now (a running crawl updates them), by id."""
    wanted = list(dict.fromkeys(run_ids))
    if not wanted:
        return {}
    # populate_existing: the caller polls with one session; rows it loaded before must show
    # the counts the crawl wrote since.
    query = (select(CrawlRun).where(CrawlRun.id.in_(wanted))
             .execution_options(populate_existing=True))
    return {run.id: run for run in session.scalars(query)}


def mark_interrupted_runs(session: Session, older_than: datetime,
                          now: datetime | None = None) -> int:
    """Turn "running" rows started before ``older_than`` (left by a dead process) into
    "interrupted". Returns how many."""
    result = session.execute(
        update(CrawlRun)
        .where(CrawlRun.status == "running", CrawlRun.started < older_than)
        .values(status="interrupted", finished=now or utcnow(),
                error="the crawl process stopped before finishing")
    )
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> list[CrawlRun]:
    query = select(CrawlRun)
    if site is not None:
        query = query.where(CrawlRun.site == site)
    return list(session.scalars(query.order_by(CrawlRun.started.desc(), CrawlRun.id.desc())
                                .limit(limit)))


# --- fetch state (conditional requests) -----------------------------------------------------

def get_fetch_states(session: Session, site: str,
                     urls: Iterable[str] | None = None) -> dict[str, FetchState]:
    """The validators ``site`` stored for ``urls`` (all of the site's when None), by URL."""
    if urls is None:
        return {s.url: s for s in session.scalars(select(FetchState)
                                                  .where(FetchState.site == site))}
    wanted = list(dict.fromkeys(urls))
    states: dict[str, FetchState] = {}
    for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        chunk = wanted[i:i + 500]
        for state in session.scalars(select(FetchState).where(
                FetchState.site == site, FetchState.url.in_(chunk))):
            states[state.url] = state
    return states


def save_fetch_state(session: Session, *, url: str, site: str, etag: str | None,
                     last_modified: str | None, status: int,
                     now: datetime | None = None) -> None:
    """Upsert the validators of one URL for one site (and commit). A 304 without validators
    keeps the stored ones: the server confirmed them."""
    values = {"url": url, "site": site, "etag": etag, "last_modified": last_modified,
              "last_status": status, "checked": now or utcnow()}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(FetchState).values(**values)
    changes: dict[str, Any] = {"last_status": stmt.excluded.last_status,
                               "checked": stmt.excluded.checked}
    if status == 304:
        changes["etag"] = func.coalesce(stmt.excluded.etag, FetchState.etag)
        changes["last_modified"] = func.coalesce(stmt.excluded.last_modified,
                                                 FetchState.last_modified)
    else:
        changes["etag"] = stmt.excluded.etag
        changes["last_modified"] = stmt.excluded.last_modified
    session.execute(stmt.on_conflict_do_update(index_elements=[FetchState.site, FetchState.url],
                                               set_=changes))
    session.commit()
    session.expire_all()  # cached FetchState objects must not hide the new values


# --- health ---------------------------------------------------------------------------------

@dataclass
class SiteHealth:
    site: str
    last_run: CrawlRun | None = None
    last_success: datetime | None = None
    new_1d: int = 0
    new_7d: int = 0
    runs: int = 0  # finished runs considered for the error rate
    failed: int = 0
    error_rate: float | None = None  # failed / runs over the last runs; None when no runs


def site_health(session: Session, now: datetime | None = None, *,
                sites: Iterable[str] | None = None, last_runs: int = 10) -> dict[str, SiteHealth]:
    """Per site: last run, last success, new articles in the last 1 and 7 days, and the share
    of failed runs among the last ``last_runs`` finished ones (for ``newsmon sites``)."""
    now = now or utcnow()
    names = set(sites or ())
    names |= set(session.scalars(select(CrawlRun.site).distinct()))
    names |= set(session.scalars(select(Article.site).distinct()))
    health = {name: SiteHealth(site=name) for name in sorted(names)}
    for days, attr in ((1, "new_1d"), (7, "new_7d")):
        counts = session.execute(
            select(Article.site, func.count()).where(Article.first_seen >= now - timedelta(days))
            .group_by(Article.site))
        for name, count in counts:
            if name in health:
                setattr(health[name], attr, int(count))
    for item in health.values():
        _fill_run_health(session, item, last_runs)
    return health


def _fill_run_health(session: Session, item: SiteHealth, last_runs: int) -> None:
    runs = recent_runs(session, item.site, limit=last_runs)
    item.last_run = runs[0] if runs else None
    item.last_success = session.scalar(
        select(func.max(CrawlRun.finished))
        .where(CrawlRun.site == item.site, CrawlRun.status == "ok"))
    if item.last_success is not None and item.last_success.tzinfo is None:
        item.last_success = item.last_success.replace(tzinfo=UTC)  # max() skips the decorator
    finished = [run for run in runs if run.status != "running"]
    item.runs = len(finished)
    item.failed = sum(1 for run in finished if run.status == "failed")
    item.error_rate = item.failed / item.runs if item.runs else None
