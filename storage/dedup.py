"""Which stored article a new text repeats: exact content hash, SimHash, shingle sketch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from monitor import stories
from storage.models import Article, ArticleSketch


@dataclass
class Original:
    """The article a new one repeats: its canonical URL and story."""

    canonical_url: str
    story_id: int | None


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str
    simhash: int
    sketch: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Fingerprint:
        return cls(stories.content_hash(text), stories.simhash(text),
                   tuple(stories.sketch(text)))


def find_original(session: Session, fingerprint: Fingerprint,
                  since: datetime) -> Original | None:
    """The stored article this text repeats: same content hash (any age), else among
    articles first seen since ``since`` one within NEAR_DUPLICATE_BITS of its SimHash or
    sharing enough of its sketch. A duplicate resolves to its own original."""
    exact = session.execute(
        select(Article.canonical_url, Article.duplicate_of, Article.story_id)
        .where(Article.content_hash == fingerprint.content_hash)
        .order_by(Article.duplicate_of.is_not(None), Article.id)
    ).first()
    if exact is not None:
        return Original(exact.duplicate_of or exact.canonical_url, exact.story_id)
    row = _nearest_simhash(session, fingerprint.simhash, since)
    if row is None:
        row = _best_sketch_match(session, fingerprint.sketch, since)
    if row is None:
        return None
    return Original(row.duplicate_of or row.canonical_url, row.story_id)


def _nearest_simhash(session: Session, signature: int, since: datetime) -> Any:
    b0, b1, b2, b3 = stories.bands(signature)
    candidates = session.execute(
        select(Article.canonical_url, Article.duplicate_of, Article.story_id, Article.simhash)
        .where(Article.first_seen >= since)
        .where(or_(Article.band0 == b0, Article.band1 == b1, Article.band2 == b2,
                   Article.band3 == b3))
        .order_by(Article.id)
    ).all()
    best, best_distance = None, stories.NEAR_DUPLICATE_BITS + 1
    for row in candidates:
        distance = stories.hamming(signature, row.simhash)
        if distance < best_distance:
            best, best_distance = row, distance
    return best


def _best_sketch_match(session: Session, sketch: tuple[int, ...], since: datetime) -> Any:
    if not sketch:
        return None
    shared = func.count(ArticleSketch.hash).label("shared")
    candidates = session.execute(
        select(Article.id, Article.canonical_url, Article.duplicate_of, Article.story_id,
               Article.sketch_size, shared)
        .join(ArticleSketch, ArticleSketch.article_id == Article.id)
        .where(ArticleSketch.hash.in_(sketch), Article.first_seen >= since)
        .group_by(Article.id, Article.canonical_url, Article.duplicate_of, Article.story_id,
                  Article.sketch_size)
        .order_by(Article.id)
    ).all()
    best, best_score = None, 0.0
    for row in candidates:
        if not stories.is_near_duplicate(row.shared, len(sketch), row.sketch_size):
            continue
        score = stories.containment(row.shared, len(sketch), row.sketch_size)
        if score > best_score:
            best, best_score = row, score
    return best
