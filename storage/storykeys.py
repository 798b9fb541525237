"""Recent stored articles that may report the same event as a new one: candidates by shared
story keys (an indexed range read per key), handed to a picker from the article layer
(monitor.article.samestory) that scores them. Storage computes no text features."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, bindparam, select, union_all
from sqlalchemy.orm import Session

from monitor.article.types import SameStory, StoryCandidate, StoryFeatures
from storage.models import Article, StoryKey

# Picks the article reporting the same event among the candidates (or None).
StoryPicker = Callable[[StoryFeatures, list[StoryCandidate]], SameStory | None]

POSTINGS_LIMIT = 100  # a key on more recent articles than this tells nothing: skipped
MAX_CANDIDATES = 12  # articles scored in full, the ones sharing most key weight
MIN_SHARED_WEIGHT = 1.5  # below this shared key weight an article is not even a candidate


def story_key_values(features: StoryFeatures, article_id: int,
                     first_seen: datetime) -> list[dict[str, Any]]:
    """The story_keys rows of one article as parameter dicts, for one executemany."""
    return [{"article_id": article_id, "key": int(k), "weight": w,
             "in_title": k in features.title_keys, "first_seen": first_seen}
            for k, w in features.keys.items()]


def find_story(session: Session, features: StoryFeatures, since: datetime,
               pick: StoryPicker) -> SameStory | None:
    """The stored article (first seen since ``since``) that ``pick`` finds reports the same
    event, among the MAX_CANDIDATES that share the most key weight."""
    shared = candidate_weights(session, features, since)
    ranked = sorted((w, i) for i, w in shared.items() if w >= MIN_SHARED_WEIGHT)
    ids = [i for _, i in ranked[::-1][:MAX_CANDIDATES]]
    return pick(features, _candidates(session, ids)) if ids else None


def candidate_weights(session: Session, features: StoryFeatures,
                      since: datetime) -> dict[int, float]:
    """article id -> shared key weight, over the recent postings of each key. One indexed
    range read per key (ix_story_keys_key_seen, which holds every column read here), each
    capped at POSTINGS_LIMIT rows."""
    keys = list(features.keys)
    if not keys:
        return {}
    params: dict[str, Any] = {f"k{i}": int(key) for i, key in enumerate(keys)}
    params["since"] = since
    rows = session.execute(_postings_statement(len(keys)), params).all()
    postings: dict[int, int] = {}
    for _, key, _ in rows:
        postings[key] = postings.get(key, 0) + 1
    shared: dict[int, float] = {}
    for article_id, key, weight in rows:
        if postings[key] >= POSTINGS_LIMIT:
            continue  # a hot key (the country, this year): no evidence, and unbounded
        shared[article_id] = shared.get(article_id, 0.0) + min(weight, features.keys[str(key)])
    return shared


@lru_cache(maxsize=64)
def _postings_statement(count: int) -> Any:
    """UNION ALL of ``count`` per-key reads with bound parameters k0.., since: built once
    per key count, so SQLAlchemy's compiled cache serves every later lookup."""
    since = bindparam("since", type_=StoryKey.first_seen.type)
    parts = []
    for i in range(count):
        sub = (select(StoryKey.article_id, StoryKey.key, StoryKey.weight)
               .where(StoryKey.key == bindparam(f"k{i}", type_=BigInteger),
                      StoryKey.first_seen >= since)
               .order_by(StoryKey.first_seen.desc()).limit(POSTINGS_LIMIT).subquery())
        parts.append(select(sub.c.article_id, sub.c.key, sub.c.weight))
    return union_all(*parts) if count > 1 else parts[0]


def _candidates(session: Session, ids: list[int]) -> list[StoryCandidate]:
    keys: dict[int, list[Any]] = {i: [] for i in ids}
    for row in session.execute(select(StoryKey.article_id, StoryKey.key, StoryKey.weight,
                                      StoryKey.in_title).where(StoryKey.article_id.in_(ids))):
        keys[row.article_id].append(row)
    out = []
    for art in session.execute(select(Article.id, Article.story_id, Article.title,
                                      Article.text, Article.language)
                               .where(Article.id.in_(ids), Article.story_id.is_not(None))
                               .order_by(Article.id)):
        own = keys[art.id]
        out.append(StoryCandidate(
            article_id=art.id, story_id=art.story_id, title=art.title, text=art.text,
            language=art.language, keys={str(k.key): k.weight for k in own},
            title_keys=frozenset(str(k.key) for k in own if k.in_title)))
    return out
