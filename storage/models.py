"""Typed SQLAlchemy 2 models. Uniqueness rules live here as database constraints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy import text as sql_text  # Article.text shadows the name in the class body
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored in UTC.

    SQLite keeps no offset: values are converted to UTC on write and read back as UTC, so
    callers always get aware datetimes whatever the backend. A naive value is taken as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        # SQLite's DateTime would store "+00:00"-less text anyway; keep it naive-UTC there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Story(Base):
    """One event, however many articles (reprints, rewrites, languages) report it."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated: Mapped[datetime] = mapped_column(default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="story")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)  # as fetched (after redirects)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    site: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), index=True)
    published: Mapped[datetime | None] = mapped_column(index=True)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    topics: Mapped[list[Any]] = mapped_column(default=list)  # topic names
    # Exact-content fingerprint (hash of normalised text): unique among originals, shared
    # by the duplicates that repeat an original.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    simhash: Mapped[int] = mapped_column(BigInteger)  # signed 64-bit SimHash of the text
    # 4 x 16-bit bands of the SimHash: any equal band makes a near-duplicate candidate.
    band0: Mapped[int] = mapped_column(Integer)
    band1: Mapped[int] = mapped_column(Integer)
    band2: Mapped[int] = mapped_column(Integer)
    band3: Mapped[int] = mapped_column(Integer)
    duplicate_of: Mapped[str | None] = mapped_column(String(2048), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id"), index=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    # Number of rows in article_sketches (the sampled shingles used to find reprints).
    sketch_size: Mapped[int] = mapped_column(Integer, default=0)

    # The large columns come last: SQLite stores what does not fit in a row's page in
    # overflow pages, so a column after them (content_hash, bands, story_id...) could only be
    # read by walking the overflow chain. Migration 0002 reorders older SQLite databases.
    text: Mapped[str] = mapped_column(Text)
    matched_terms: Mapped[dict[str, Any]] = mapped_column(default=dict)  # topic -> [terms]
    places: Mapped[list[Any]] = mapped_column(default=list)  # gazetteer names found
    figures: Mapped[list[Any]] = mapped_column(default=list)  # [{kind, value, unit, text...}]

    story: Mapped[Story | None] = relationship(back_populates="articles")
    sketch: Mapped[list[ArticleSketch]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    story_keys: Mapped[list[StoryKey]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (
        # One original per content fingerprint; duplicates may share it.
        Index("uq_articles_content_original", "content_hash", unique=True,
              sqlite_where=sql_text("duplicate_of IS NULL"),
              postgresql_where=sql_text("duplicate_of IS NULL")),
        # Near-duplicate candidates: recent articles sharing a band, with their SimHash, read
        # from the index alone (migration 0006).
        *(Index(f"ix_articles_band{n}_seen", f"band{n}", "first_seen", "simhash")
          for n in range(4)),
    )


class ArticleSketch(Base):
    """One sampled shingle hash of an article (article.fingerprints.sketch): articles sharing
    enough of them are reprints. Only recent rows matter (stories.window_days). The reprint
    test looks up many hashes and needs each one's article ids: the (hash, article_id) index
    answers that alone, without reading the table."""

    __tablename__ = "article_sketches"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)

    __table_args__ = (Index("ix_article_sketches_hash_article", "hash", "article_id"),)


class StoryKey(Base):
    """One fact of an article that survives rewriting and translation (a normalised number,
    a name's transliteration skeleton: article.storyfeatures), as a 64-bit hash. Articles of the
    last stories.window_days sharing keys are the candidates of the same-story test; the
    (key, first_seen) index makes that an index range scan per key, not a table scan, and
    as it also holds article_id and weight, the scan never reads the table."""

    __tablename__ = "story_keys"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    in_title: Mapped[bool] = mapped_column(Boolean, default=False)
    # The article's first_seen, copied so that the window is part of the key lookup.
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_story_keys_key_seen", "key", "first_seen", "article_id", "weight"),)


class CrawlRun(Base):
    """One crawl of one site: what was fetched, stored, skipped and what went wrong."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(String(64), index=True)
    started: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished: Mapped[datetime | None]
    # running | ok | failed | interrupted
    status: Mapped[str] = mapped_column(String(16), default="running")
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    relevant: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[dict[str, Any]] = mapped_column(default=dict)  # reason -> count
    errors: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)  # why the site failed, one line
    error_samples: Mapped[list[Any]] = mapped_column(default=list)  # a few "url: reason"


class FetchState(Base):
    """HTTP validators of a feed, sitemap or listing page, for conditional requests; per site,
    because two sources may read one URL (informburo's ru and kk editions share a sitemap): a
    304 earned by one must not hide the page from the other."""

    __tablename__ = "fetch_state"

    site: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    checked: Mapped[datetime] = mapped_column(default=utcnow)


class DigestRun(Base):
    """A digest made (and possibly delivered) for one day."""

    __tablename__ = "digest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), index=True)  # YYYY-MM-DD
    channel: Mapped[str] = mapped_column(String(16), default="file")  # file | email
    created: Mapped[datetime] = mapped_column(default=utcnow)
    stories: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("uq_digest_day_channel", "day", "channel", unique=True),)


class Lock(Base):
    """One named lock (a site's crawl): who holds it and until when it counts as alive."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    owner: Mapped[str] = mapped_column(String(255))  # host:pid, for messages
    token: Mapped[str] = mapped_column(String(36))  # this acquisition; release checks it
    acquired: Mapped[datetime]
    expires: Mapped[datetime]


class SiteHeal(Base):
    """A site whose configured feeds, sitemaps or listings stopped giving articles: how many
    crawls in a row found nothing there, what failed, and what the homepage fallback found
    and proposes instead (storage/healing.py). No row for a healthy site."""

    __tablename__ = "site_heal"

    site: Mapped[str] = mapped_column(String(64), primary_key=True)
    empty_runs: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the rest of HealState
    updated: Mapped[datetime] = mapped_column(default=utcnow)
