"""Articles: storing one (idempotent and race-safe: a crawl that dies half way and runs again
stores nothing twice; reprints and same-story articles join their story), listing them, and
their JSON shape."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, delete, event, select, update
from sqlalchemy import insert as sql_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.article.types import ArticleRecord, StoryFeatures
from monitor.config.settings import ALMATY
from storage import valuelists
from storage.models import Article, ArticleSketch, Story, StoryKey, utcnow
from storage.reprints import Original, find_original
from storage.storykeys import StoryPicker, find_story, story_key_values

log = logging.getLogger(__name__)

DEFAULT_TZ = ALMATY
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


# --- articles ---------------------------------------------------------------------------

def stored_urls(session: Session, site: str | None = None) -> Iterator[tuple[str, str]]:
    """(canonical URL, URL as fetched) of every stored article (of ``site``)."""
    query = select(Article.canonical_url, Article.url)
    if site is not None:
        query = query.where(Article.site == site)
    for row in session.execute(query):
        yield row.canonical_url, row.url


def store_article(session: Session, record: ArticleRecord, *, pick_story: StoryPicker,
                  crawl_run_id: int | None = None, window_days: int = 3,
                  now: datetime | None = None) -> StoreResult:
    """Insert one article (and commit). Canonical URL already stored -> "exists", nothing
    written. Same or near-same text as a stored original -> stored with duplicate_of set and
    the original's story (an earlier-published original found after its reprint becomes the
    original instead). Same event as an article of the last ``window_days`` in other words or
    another language (``pick_story`` decides among the candidates) -> a new article in that
    story. Otherwise a new Story is created. The story's title is its earliest-published
    article's.

    Race-safe: the unique constraints decide between concurrent writers; the loser rolls
    back and resolves again (finding the winner's row).
    """
    now = now or utcnow()
    since = now - timedelta(days=window_days)
    fingerprint, features = record.fingerprint, record.features
    for attempt in range(_STORE_ATTEMPTS):
        existing = _find_existing(session, {record.canonical_url, record.link_canonical})
        if existing is not None:
            return StoreResult("exists", existing.id, existing.story_id, existing.duplicate_of)
        original = find_original(session, fingerprint, since)
        match = find_story(session, features, since, pick_story) if original is None else None
        article = _new_article(record, now, crawl_run_id)
        joined = _attach_story(session, article, original,
                               match.story_id if match else None, now)
        session.add(article)
        _pending_children[article] = (fingerprint.sketch, features, now)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.debug("store race on %s (attempt %s), resolving again", record.canonical_url,
                      attempt + 1)
            continue
        status = "duplicate" if article.duplicate_of else "new"
        return StoreResult(status, article.id, article.story_id, article.duplicate_of, joined)
    raise RuntimeError(f"could not store {record.canonical_url} after {_STORE_ATTEMPTS} attempts")


def _find_existing(session: Session, canonicals: set[str]) -> Any:
    # Three columns, not the Article: a full row would read (and decode) the text.
    return session.connection().execute(
        select(Article.id, Article.story_id, Article.duplicate_of)
        .where(Article.canonical_url.in_(canonicals)).order_by(Article.id).limit(1)
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
    if sketch:  # one statement, not a row each: one round trip to a server
        valuelists.execute(connection, _INSERT_SKETCH, {"id": article.id, "hashes": sketch})
    keys = story_key_values(features, article.id, now)
    if keys:
        connection.execute(sql_insert(StoryKey), keys)


_INSERT_SKETCH = ("INSERT INTO article_sketches (article_id, hash)"
                  " SELECT :id, hashes.value FROM {hashes}")


def _new_article(record: ArticleRecord, now: datetime, crawl_run_id: int | None) -> Article:
    analysis, fingerprint = record.analysis, record.fingerprint
    b0, b1, b2, b3 = fingerprint.bands
    return Article(
        url=record.url, canonical_url=record.canonical_url, site=record.site,
        title=analysis.title, text=analysis.text, author=analysis.author,
        language=analysis.language, published=analysis.published, first_seen=now,
        relevant=bool(analysis.relevant), score=float(analysis.score),
        topics=list(analysis.topics), matched_terms=dict(analysis.matched_terms),
        figures=list(analysis.figures), places=list(analysis.places),
        content_hash=fingerprint.content_hash, simhash=fingerprint.simhash,
        band0=b0, band1=b1, band2=b2, band3=b3, crawl_run_id=crawl_run_id,
        sketch_size=len(fingerprint.sketch),
    )


def _attach_story(session: Session, article: Article, original: Original | None,
                  same_story: int | None, now: datetime) -> str | None:
    """Put the article in its story; returns how it joined (StoreResult.joined)."""
    story_id = original.story_id if original else same_story
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
    return session.connection().scalar(select(Article.published)
                          .where(Article.story_id == story_id, Article.published.is_not(None))
                          .order_by(Article.published).limit(1))


def _promote(session: Session, canonical: str, old_original: str) -> None:
    """The new article was published before the original it repeats (the crawler met the
    reprint first): the old original and its duplicates now point to the new one."""
    # Two statements, not one with OR: SQLite answered the OR by scanning every article
    # (27 ms at 100,000), each half alone is one unique- or duplicate_of-index lookup.
    session.execute(update(Article).where(Article.duplicate_of == old_original)
                    .values(duplicate_of=canonical))
    session.execute(update(Article).where(Article.canonical_url == old_original)
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


