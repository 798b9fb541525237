"""Full-text search over stored articles (the index: storage/searchindex.py).

A query is a list of word groups: an article matches when, for every group, one of the
group's stems begins a word of its title or text (a group is one query word and the stems
of its forms, from monitor.article.wordforms). Newest stored first; filters by language,
site, relevance and first-seen time; the total is counted up to a bound, so a query that
matches most of the store answers as fast as a rare one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, column, func, select, table, text
from sqlalchemy.orm import Session

from storage.models import Article
from storage.searchindex import FTS_TABLE, PG_COLUMN

COUNT_LIMIT = 1_000  # totals above this are shown as "1000+": 50 pages is plenty to read


@dataclass(frozen=True)
class SearchFilters:
    language: str | None = None
    site: str | None = None
    relevant: bool | None = None
    since: datetime | None = None  # first seen at or after
    until: datetime | None = None  # first seen before


@dataclass
class SearchHit:
    id: int
    url: str
    site: str
    title: str
    language: str
    published: datetime | None
    first_seen: datetime
    relevant: bool
    story_id: int | None
    text: str


@dataclass
class SearchPage:
    total: int  # matches, counted up to COUNT_LIMIT
    more: bool  # True when there are more than ``total``
    hits: list[SearchHit]


_HIT_COLUMNS = (Article.id, Article.url, Article.site, Article.title, Article.language,
                Article.published, Article.first_seen, Article.relevant, Article.story_id,
                Article.text)


def search_articles(session: Session, groups: Sequence[Sequence[str]],
                    filters: SearchFilters = SearchFilters(), *, offset: int = 0,
                    limit: int = 20, count_limit: int = COUNT_LIMIT) -> SearchPage:
    """One page of the articles matching every group of stems, newest stored first."""
    cleaned = [[stem for stem in group if stem] for group in groups]
    if not cleaned or not all(cleaned):
        return SearchPage(total=0, more=False, hits=[])
    base = _matching(session, cleaned, filters)
    counted = session.scalar(select(func.count()).select_from(
        base.with_only_columns(Article.id).order_by(None).limit(count_limit + 1).subquery())) or 0
    rows = session.execute(base.offset(offset).limit(limit)).all()
    hits = [SearchHit(*row) for row in rows]
    return SearchPage(total=min(counted, count_limit), more=counted > count_limit, hits=hits)


def _matching(session: Session, groups: list[list[str]],
              filters: SearchFilters) -> Select[*tuple[Any, ...]]:
    query = select(*_HIT_COLUMNS).where(*_filter_conditions(filters))
    if session.get_bind().dialect.name == "postgresql":
        match = text(f"articles.{PG_COLUMN} @@ to_tsquery('simple'::regconfig, :q)")
        return query.where(match.bindparams(q=_tsquery(groups))).order_by(Article.id.desc())
    # The FTS5 table drives the join, newest rowid first: with a LIMIT it stops early.
    fts = table(FTS_TABLE, column("rowid"))
    match = text(f"{FTS_TABLE} MATCH :q")
    return (query.select_from(fts.join(Article, Article.id == fts.c.rowid))
            .where(match.bindparams(q=_fts5_query(groups))).order_by(fts.c.rowid.desc()))


def _filter_conditions(filters: SearchFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.language:
        conditions.append(Article.language == filters.language)
    if filters.site:
        conditions.append(Article.site == filters.site)
    if filters.relevant is not None:
        conditions.append(Article.relevant.is_(filters.relevant))
    if filters.since is not None:
        conditions.append(Article.first_seen >= filters.since)
    if filters.until is not None:
        conditions.append(Article.first_seen < filters.until)
    return conditions


def _fts5_query(groups: list[list[str]]) -> str:
    """FTS5 syntax: each stem a quoted prefix term, OR within a group, AND between groups."""
    def term(stem: str) -> str:
        return '"' + stem.replace('"', '""') + '"*'

    return " AND ".join("(" + " OR ".join(term(s) for s in group) + ")" for group in groups)


def _tsquery(groups: list[list[str]]) -> str:
    """tsquery syntax: each stem a quoted prefix lexeme, | within a group, & between."""
    def term(stem: str) -> str:
        return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "':*"

    return " & ".join("(" + " | ".join(term(s) for s in group) + ")" for group in groups)
