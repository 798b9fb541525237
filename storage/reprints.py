"""Which stored article a new text repeats: the same content hash, a SimHash within a few
bits, or enough of its sampled shingle sketch (the fingerprint, computed before storing,
decides how close is close enough)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from monitor.article.types import Fingerprint
from storage.models import Article, ArticleSketch


@dataclass
class Original:
    """The article a new one repeats: its canonical URL, story and publication time."""

    canonical_url: str
    story_id: int | None
    published: datetime | None = None


def find_original(session: Session, fingerprint: Fingerprint,
                  since: datetime) -> Original | None:
    """The stored article this text repeats: same content hash (any age), else among
    articles first seen since ``since`` one within NEAR_DUPLICATE_BITS of its SimHash or
    sharing enough of its sketch. A duplicate resolves to its own original."""
    exact = session.execute(
        select(Article.canonical_url, Article.duplicate_of, Article.story_id, Article.published)
        .where(Article.content_hash == fingerprint.content_hash)
        .order_by(Article.duplicate_of.is_not(None), Article.id)
    ).first()
    if exact is not None:
        return _original(session, exact)
    row = _nearest_simhash(session, fingerprint, since)
    if row is None:
        row = _best_sketch_match(session, fingerprint, since)
    if row is None:
        return None
    return _original(session, row)


def _original(session: Session, row: Any) -> Original:
    """The original a matched row stands for (itself, or the one it duplicates)."""
    if row.duplicate_of is None:
        return Original(row.canonical_url, row.story_id, row.published)
    published = session.scalar(select(Article.published)
                               .where(Article.canonical_url == row.duplicate_of))
    return Original(row.duplicate_of, row.story_id, published)


def _nearest_simhash(session: Session, fingerprint: Fingerprint, since: datetime) -> Any:
    b0, b1, b2, b3 = fingerprint.bands
    candidates = session.execute(
        select(Article.canonical_url, Article.duplicate_of, Article.story_id, Article.simhash,
               Article.published)
        .where(Article.first_seen >= since)
        .where(or_(Article.band0 == b0, Article.band1 == b1, Article.band2 == b2,
                   Article.band3 == b3))
        .order_by(Article.id)
    ).all()
    best, best_distance = None, None
    for row in candidates:
        distance = fingerprint.simhash_distance(row.simhash)
        if distance is not None and (best_distance is None or distance < best_distance):
            best, best_distance = row, distance
    return best


SKETCH_POSTINGS_LIMIT = 100  # a shingle stored for more articles than this is boilerplate
_SKETCH_CHUNK = 200  # hashes per counting statement (SQLite allows 500 compound SELECTs)


def _best_sketch_match(session: Session, fingerprint: Fingerprint, since: datetime) -> Any:
    """The recent article containing most of this sketch (or contained in it).

    Candidates are the articles sharing at least one of the sketch's rarer hashes: a
    shingle stored for more than SKETCH_POSTINGS_LIMIT articles (site boilerplate, a
    stock phrase) is no evidence of a reprint, and reading its postings grew with the
    store. Those hot hashes still count, exactly, in the shared total of every candidate.
    """
    sketch = fingerprint.sketch
    if not sketch:
        return None
    counts = _posting_counts(session, sketch)
    hot = [h for h in sketch if counts.get(h, 0) > SKETCH_POSTINGS_LIMIT]
    rare = [h for h in sketch if 0 < counts.get(h, 0) <= SKETCH_POSTINGS_LIMIT]
    shared = _shared_by_article(session, rare, None)
    size = len(sketch)

    def passes(count: int, other_size: int) -> bool:
        return fingerprint.sketch_match(count, other_size) is not None

    # An article passing at all must pass with every hot hash shared; one that fails so
    # against a sketch as large as ours can only pass if its own sketch is at most twice
    # that share, which the sketch index tells without reading the article's row.
    large = [i for i, n in shared.items() if passes(n + len(hot), size)]
    small = [i for i in shared if not passes(shared[i] + len(hot), size)]
    if small:
        small = _small_sketches(session, small, 2 * (max(shared[i] for i in small) + len(hot)))
    rows = _sketch_candidates(session, large + small, since)
    rows = [r for r in rows if passes(shared[r.id] + len(hot), r.sketch_size)]
    if hot and rows:
        for article_id, count in _shared_by_article(session, hot, [r.id for r in rows]).items():
            shared[article_id] += count
    best, best_score = None, 0.0
    for row in rows:
        score = fingerprint.sketch_match(shared[row.id], row.sketch_size)
        if score is not None and score > best_score:
            best, best_score = row, score
    return best


def _posting_counts(session: Session, sketch: tuple[int, ...]) -> dict[int, int]:
    """hash -> stored postings, counted up to SKETCH_POSTINGS_LIMIT + 1 (index-only reads)."""
    counts: dict[int, int] = {}
    if session.get_bind().dialect.name == "postgresql":
        # Planning the capped UNION cost PostgreSQL more than counting every posting.
        query = (select(ArticleSketch.hash, func.count()).where(ArticleSketch.hash.in_(sketch))
                 .group_by(ArticleSketch.hash))
        return {int(h): int(c) for h, c in session.execute(query)}
    for i in range(0, len(sketch), _SKETCH_CHUNK):
        chunk = sketch[i:i + _SKETCH_CHUNK]
        params = {f"h{j}": int(h) for j, h in enumerate(chunk)}
        params["cap"] = SKETCH_POSTINGS_LIMIT + 1
        for value, count in session.execute(_count_statement(len(chunk)), params):
            counts[int(value)] = int(count)
    return counts


@lru_cache(maxsize=256)
def _count_statement(count: int) -> Any:
    """UNION ALL of ``count`` capped per-hash counts (bound h0.., cap), built once per size."""
    cap = bindparam("cap", type_=Integer)
    parts = []
    for i in range(count):
        value = bindparam(f"h{i}", type_=BigInteger)
        capped = (select(ArticleSketch.hash).where(ArticleSketch.hash == value)
                  .limit(cap).subquery())
        parts.append(select(value.label("hash"),
                            select(func.count()).select_from(capped).scalar_subquery()))
    return union_all(*parts) if count > 1 else parts[0]


def _shared_by_article(session: Session, hashes: list[int],
                       article_ids: list[int] | None) -> dict[int, int]:
    """article id -> how many of ``hashes`` its sketch has (only ``article_ids`` if given)."""
    if not hashes:
        return {}
    query = (select(ArticleSketch.article_id, func.count())
             .where(ArticleSketch.hash.in_(hashes)).group_by(ArticleSketch.article_id))
    if article_ids is not None:
        query = query.where(ArticleSketch.article_id.in_(article_ids))
    return {int(a): int(c) for a, c in session.execute(query)}


def _small_sketches(session: Session, ids: list[int], most: int) -> list[int]:
    """The ``ids`` whose sketch has at most ``most`` hashes, by the row's sketch_size (stored
    before the large columns since migration 0002, so no SQLite overflow page is read)."""
    return list(session.scalars(select(Article.id)
                                .where(Article.id.in_(ids), Article.sketch_size <= most)))


def _sketch_candidates(session: Session, ids: list[int], since: datetime) -> list[Any]:
    if not ids:
        return []
    return list(session.execute(
        select(Article.id, Article.canonical_url, Article.duplicate_of, Article.story_id,
               Article.sketch_size, Article.published)
        .where(Article.id.in_(ids), Article.first_seen >= since).order_by(Article.id)))


