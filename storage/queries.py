"""Every read and write of the monitor. Writes are idempotent: a crawl that dies half way and
runs again stores nothing twice."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, delete, event, func, or_, select, update
from sqlalchemy import insert as sql_insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.article import fingerprints as stories
from monitor.article.analysis import Analysis
from monitor.article.storyfeatures import StoryFeatures
from storage.dedup import (
    Fingerprint,
    Original,
    StoryMatch,
    find_original,
    find_story,
    story_features,
    story_key_values,
)
from storage.models import Article, ArticleSketch, CrawlRun, FetchState, Story, StoryKey, utcnow

log = logging.getLogger(__name__)

DEFAULT_TZ = ZoneInfo("Asia/Almaty")
_STORE_ATTEMPTS = 4  # a lost race is resolved by re-reading; more than a few means a bug


@dataclass
class StoreResult:
    status: str  # "new" | "duplicate" | "exists" (canonical URL already stored)
    article_id: int
    story_id: int | None
    duplicate_of: str | None = None
    # How a "new" article found its story: "rewrite" (same event, other words or language),
    # "earlier" (it is the earlier-published original of a stored reprint), None (a new story).
    joined: str | None = None


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


# --- articles ---------------------------------------------------------------------------

def known_canonical_urls(session: Session, site: str | None = None) -> set[str]:
    """Canonical URLs already stored, plus the canonical form of each fetched URL (a page
    whose rel=canonical differs from its link is then still known by its link)."""
    query = select(Article.canonical_url, Article.url)
    if site is not None:
        query = query.where(Article.site == site)
    known: set[str] = set()
    for canonical, url in session.execute(query):
        known.add(canonical)
        known.add(stories.canonical_url(url))
    return known


def article_canonical_url(url: str, page_canonical: str | None = None) -> str:
    """canonical_url(url), or the page's own rel=canonical when it is on the same site.

    A canonical pointing to another domain (syndication partners, a parent portal) is
    ignored: the article is stored under its own site's URL.
    """
    own = stories.canonical_url(url)
    if not page_canonical:
        return own
    declared = stories.canonical_url(urljoin(url, page_canonical.strip()))
    own_host = urlsplit(own).hostname or ""
    declared_host = urlsplit(declared).hostname or ""
    if _same_site(own_host, declared_host) and declared.startswith("https://"):
        return declared
    return own


def _same_site(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


Signatures = tuple[Fingerprint, StoryFeatures]


def article_signatures(analysis: Analysis) -> Signatures:
    """The CPU-bound part of storing (fingerprints, story keys): pure, so a crawl computes it
    in its extraction workers and the storing process only queries and writes."""
    return (Fingerprint.of(analysis.text),
            story_features(analysis.title, analysis.text, analysis.language))


def store_article(session: Session, *, site: str, url: str, analysis: Analysis,
                  crawl_run_id: int | None = None, window_days: int = 3,
                  now: datetime | None = None,
                  signatures: Signatures | None = None) -> StoreResult:
    """Insert one article (and commit). Canonical URL already stored -> "exists", nothing
    written. Same or near-same text as a stored original -> stored with duplicate_of set and
    the original's story (an earlier-published original found after its reprint becomes the
    original instead). Same event as an article of the last ``window_days`` in other words or
    another language (monitor.article.storyfeatures) -> a new article in that story. Otherwise a new
    Story is created. The story's title is its earliest-published article's.

    Race-safe: the unique constraints decide between concurrent writers; the loser rolls
    back and resolves again (finding the winner's row). ``signatures`` are
    article_signatures(analysis), when the caller computed them already.
    """
    now = now or utcnow()
    since = now - timedelta(days=window_days)
    canonical = article_canonical_url(url, analysis.canonical)
    link_canonical = stories.canonical_url(url)
    fingerprint, features = signatures or article_signatures(analysis)
    for attempt in range(_STORE_ATTEMPTS):
        existing = _find_existing(session, {canonical, link_canonical})
        if existing is not None:
            return StoreResult("exists", existing.id, existing.story_id, existing.duplicate_of)
        original = find_original(session, fingerprint, since)
        match = find_story(session, features, since) if original is None else None
        article = _new_article(site, url, canonical, analysis, fingerprint, now, crawl_run_id)
        joined = _attach_story(session, article, original, match, now)
        session.add(article)
        _pending_children[article] = (fingerprint.sketch, features, now)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.debug("store race on %s (attempt %s), resolving again", canonical, attempt + 1)
            continue
        status = "duplicate" if article.duplicate_of else "new"
        return StoreResult(status, article.id, article.story_id, article.duplicate_of, joined)
    raise RuntimeError(f"could not store {canonical} after {_STORE_ATTEMPTS} attempts")


def _find_existing(session: Session, canonicals: set[str]) -> Any:
    # Three columns, not the Article: a full row would read (and decode) the text.
    return session.execute(
        select(Article.id, Article.story_id, Article.duplicate_of)
        .where(Article.canonical_url.in_(canonicals)).order_by(Article.id)
    ).first()


# Sketch and story-key rows of articles added but not yet flushed. They are written by
# _insert_children, in the same flush as their article (so within commit, as before), with
# one executemany each: the ORM unit of work spent more time on ~100 child objects per
# article than the database did.
_pending_children: WeakKeyDictionary[Article, tuple[tuple[int, ...], StoryFeatures, datetime]]
_pending_children = WeakKeyDictionary()


@event.listens_for(Article, "after_insert")
def _insert_children(_mapper: Any, connection: Connection, article: Article) -> None:
    pending = _pending_children.pop(article, None)
    if pending is None:
        return  # an article made elsewhere: its own relationships hold its rows
    sketch, features, now = pending
    if sketch:
        connection.execute(sql_insert(ArticleSketch),
                           [{"article_id": article.id, "hash": h} for h in sketch])
    keys = story_key_values(features, article.id, now)
    if keys:
        connection.execute(sql_insert(StoryKey), keys)


def _new_article(site: str, url: str, canonical: str, analysis: Analysis,
                 fingerprint: Fingerprint, now: datetime, crawl_run_id: int | None) -> Article:
    b0, b1, b2, b3 = stories.bands(fingerprint.simhash)
    return Article(
        url=url, canonical_url=canonical, site=site, title=analysis.title, text=analysis.text,
        author=analysis.author, language=analysis.language, published=analysis.published,
        first_seen=now, relevant=bool(analysis.relevant), score=float(analysis.score),
        topics=list(analysis.topics), matched_terms=dict(analysis.matched_terms),
        figures=list(analysis.figures), places=list(analysis.places),
        content_hash=fingerprint.content_hash, simhash=fingerprint.simhash,
        band0=b0, band1=b1, band2=b2, band3=b3, crawl_run_id=crawl_run_id,
        sketch_size=len(fingerprint.sketch),
    )


def _attach_story(session: Session, article: Article, original: Original | None,
                  match: StoryMatch | None, now: datetime) -> str | None:
    """Put the article in its story; returns how it joined (StoreResult.joined)."""
    story_id = original.story_id if original else (match.story_id if match else None)
    if story_id is None:
        story = Story(title=article.title, first_seen=now, updated=now)
        session.add(story)
        article.story = story
        return None
    joined = "rewrite" if original is None else None
    if original is not None:
        if _earlier(article.published, original.published):
            _promote(session, article.canonical_url, original.canonical_url)
            joined = "earlier"
        else:
            article.duplicate_of = original.canonical_url
    article.story_id = story_id
    values: dict[str, Any] = {"updated": now}
    if _earlier(article.published, _story_published(session, story_id)):
        values["title"] = article.title  # the earliest-published article heads the story
    session.execute(update(Story).where(Story.id == story_id).values(**values))
    return joined


def _earlier(mine: datetime | None, theirs: datetime | None) -> bool:
    return mine is not None and theirs is not None and mine < theirs


def _story_published(session: Session, story_id: int) -> datetime | None:
    return session.scalar(select(Article.published)
                          .where(Article.story_id == story_id, Article.published.is_not(None))
                          .order_by(Article.published).limit(1))


def _promote(session: Session, canonical: str, old_original: str) -> None:
    """The new article was published before the original it repeats (the crawler met the
    reprint first): the old original and its duplicates now point to the new one."""
    session.execute(update(Article)
                    .where(or_(Article.canonical_url == old_original,
                               Article.duplicate_of == old_original))
                    .values(duplicate_of=canonical))


def prune_sketches(session: Session, older_than: datetime) -> int:
    """Delete the reprint sketches of articles first seen before ``older_than`` (they are
    outside every matching window; exact-hash matching still covers them)."""
    old_ids = select(Article.id).where(Article.first_seen < older_than)
    result = session.execute(delete(ArticleSketch).where(ArticleSketch.article_id.in_(old_ids)))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def prune_story_keys(session: Session, older_than: datetime) -> int:
    """Delete the story keys first seen before ``older_than`` (outside every window)."""
    result = session.execute(delete(StoryKey).where(StoryKey.first_seen < older_than))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def day_bounds(day: date, tz: ZoneInfo | None = None) -> tuple[datetime, datetime]:
    """[start, end) of the local ``day`` in ``tz``, as aware UTC datetimes."""
    tz = tz or DEFAULT_TZ
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def list_articles(session: Session, *, day: date | None = None, tz: ZoneInfo | None = None,
                  site: str | None = None, language: str | None = None,
                  relevant: bool | None = None, limit: int | None = None) -> list[Article]:
    """Articles first seen on ``day`` (in ``tz``), filtered, oldest first."""
    query = select(Article)
    if day is not None:
        start, end = day_bounds(day, tz)
        query = query.where(Article.first_seen >= start, Article.first_seen < end)
    if site is not None:
        query = query.where(Article.site == site)
    if language is not None:
        query = query.where(Article.language == language)
    if relevant is not None:
        query = query.where(Article.relevant.is_(relevant))
    query = query.order_by(Article.first_seen, Article.id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def _iso(value: datetime | None, tz: ZoneInfo | None = None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz or UTC).isoformat()


def article_json(article: Article, tz: ZoneInfo | None = None) -> dict[str, Any]:
    """The contract's JSON shape of one article (times with offset; UTC unless ``tz``)."""
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "site": article.site,
        "title": article.title,
        "text": article.text,
        "language": article.language,
        "published": _iso(article.published, tz),
        "first_seen": _iso(article.first_seen, tz),
        "relevant": bool(article.relevant),
        "topics": list(article.topics or []),
        "story_id": article.story_id,
        "duplicate_of": article.duplicate_of,
        "score": round(float(article.score or 0.0), 3),
        "matched_terms": dict(article.matched_terms or {}),
        "figures": list(article.figures or []),
        "places": list(article.places or []),
        "author": article.author,
    }


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

def get_fetch_states(session: Session, site: str, urls: Iterable[str]) -> dict[str, FetchState]:
    """The validators ``site`` stored for ``urls``, by URL."""
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
