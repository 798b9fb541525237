"""Every read and write of the monitor. Writes are idempotent: a crawl that dies half way and
runs again stores nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from monitor.analysis import Analysis
from storage.models import Article, CrawlRun, FetchState


@dataclass
class StoreResult:
    status: str  # "new" | "duplicate" | "exists" (canonical URL already stored)
    article_id: int
    story_id: int | None
    duplicate_of: str | None = None


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


def known_canonical_urls(session: Session, site: str | None = None) -> set[str]:
    raise NotImplementedError


def store_article(session: Session, *, site: str, url: str, analysis: Analysis,
                  crawl_run_id: int | None = None, window_days: int = 3,
                  now: datetime | None = None) -> StoreResult:
    """Insert one article (and commit). Canonical URL already stored -> "exists", nothing
    written. Same or near-same text as a stored original -> stored with duplicate_of set and
    the original's story. Otherwise a new Story is created."""
    raise NotImplementedError


def start_crawl_run(session: Session, site: str, now: datetime | None = None) -> int:
    raise NotImplementedError


def finish_crawl_run(session: Session, run_id: int, stats: RunStats,
                     now: datetime | None = None) -> CrawlRun:
    raise NotImplementedError


def get_fetch_states(session: Session, urls: Iterable[str]) -> dict[str, FetchState]:
    raise NotImplementedError


def save_fetch_state(session: Session, *, url: str, site: str, etag: str | None,
                     last_modified: str | None, status: int) -> None:
    raise NotImplementedError


def list_articles(session: Session, *, day: date | None = None, tz: ZoneInfo | None = None,
                  site: str | None = None, language: str | None = None,
                  relevant: bool | None = None, limit: int | None = None) -> list[Article]:
    """Articles first seen on ``day`` (in ``tz``), filtered, oldest first."""
    raise NotImplementedError


def article_json(article: Article) -> dict[str, Any]:
    """The contract's JSON shape of one article."""
    raise NotImplementedError


def recent_runs(session: Session, site: str | None = None, limit: int = 20) -> list[CrawlRun]:
    raise NotImplementedError
