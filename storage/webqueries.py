"""The reads of the web app that no other reader needs: a read-only connection, one
article, one story with its articles, and articles per day per site."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, Engine, Interval, cast, event, func, literal, select
from sqlalchemy.orm import Session, sessionmaker

from storage.articles import day_bounds
from storage.db import make_engine, open_database, session_factory
from storage.models import Article, CrawlRun, Story


def open_read_only(url: str) -> tuple[Engine, sessionmaker[Session]]:
    """Engine and sessions that cannot write: the schema is first brought to the newest
    migration (as every command does), then each connection is made read only (SQLite
    query_only, a PostgreSQL session whose transactions are read only)."""
    engine, _ = open_database(url)
    engine.dispose()
    if engine.dialect.name == "postgresql":
        engine = make_engine(url, connect_args={
            "options": "-c default_transaction_read_only=on"})
    else:
        engine = make_engine(url)
        event.listen(engine, "connect", _sqlite_query_only)
    return engine, session_factory(engine)


def _sqlite_query_only(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA query_only=ON")
    finally:
        cursor.close()


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def get_story(session: Session, story_id: int) -> tuple[Story, list[Article]] | None:
    """A story and all its articles (any day, reprints included), in the order they were
    stored; None when there is no such story."""
    story = session.get(Story, story_id)
    if story is None:
        return None
    articles = session.scalars(select(Article).where(Article.story_id == story_id)
                               .order_by(Article.first_seen, Article.id))
    return story, list(articles)


def articles_per_day(session: Session, first: date, last: date,
                     tz: ZoneInfo) -> dict[str, dict[date, int]]:
    """Site -> local day (in ``tz``) -> articles first seen that day, for days first..last.
    Counted by the database when ``tz`` keeps one UTC offset over those days (Asia/Almaty
    always does), else binned here."""
    start, _ = day_bounds(first, tz)
    _, end = day_bounds(last, tz)
    in_range = (Article.first_seen >= start, Article.first_seen < end)
    offsets = {datetime.combine(first + timedelta(days=n), time(12), tz).utcoffset()
               for n in range((last - first).days + 2)}
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    if len(offsets) == 1:
        day = _local_date(session, next(iter(offsets)) or timedelta(0)).label("day")
        rows = session.execute(select(Article.site, day, func.count())
                               .where(*in_range).group_by(Article.site, day))
        for site, local, count in rows:
            counts[site][_as_date(local)] += int(count)
    else:
        for site, seen in session.execute(select(Article.site, Article.first_seen)
                                          .where(*in_range)):
            counts[site][seen.astimezone(tz).date()] += 1
    return {site: dict(days) for site, days in counts.items()}


def _local_date(session: Session, offset: timedelta) -> ColumnElement[Any]:
    minutes = int(offset.total_seconds() // 60)
    if session.get_bind().dialect.name == "postgresql":
        shifted = Article.first_seen + literal(offset, Interval())
        return cast(func.timezone("UTC", shifted), Date)
    # SQLite keeps UTC as text: date() shifts it by the offset.
    return func.date(Article.first_seen, f"{minutes:+d} minutes")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def runs_version(session: Session) -> tuple[Any, ...]:
    """A cheap token that changes when a crawl run starts, finishes or changes status (the
    newest runs by id): the web app re-reads the sources' health only then."""
    rows = session.execute(select(CrawlRun.id, CrawlRun.status, CrawlRun.finished,
                                  CrawlRun.pages_fetched)
                           .order_by(CrawlRun.id.desc()).limit(100))
    return tuple(tuple(row) for row in rows)
