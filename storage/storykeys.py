"""Recent stored articles that may report the same event as a new one: candidates by shared
story keys (an indexed range read per key), handed to a picker from the article layer
(monitor.article.samestory) that scores them. Storage computes no text features."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from monitor.article.types import SameStory, StoryCandidate, StoryFeatures
from storage import valuelists
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
    """article id -> shared key weight, over the recent postings of each key. A key with
    POSTINGS_LIMIT or more recent postings (the country, this year) is no evidence and is
    only counted, up to the limit; the others' postings are read. Both are index-only range
    reads of ix_story_keys_key_seen (key, first_seen, article_id, weight), one statement
    each whatever the number of keys."""
    keys = [int(key) for key in features.keys]
    if not keys:
        return {}
    connection = session.connection()
    counts = valuelists.run(connection, _KEY_COUNTS,
                            {"keys": keys, "since": since, "cap": POSTINGS_LIMIT}, _SINCE)
    cold = [int(key) for key, count in counts if 0 < count < POSTINGS_LIMIT]
    if not cold:
        return {}
    # Summed in the features' key order: float sums near MIN_SHARED_WEIGHT must not depend on
    # the order the database returns rows in. An article has one row per key, so grouping
    # the rows by key and walking the keys in that order adds each article's weights in the
    # same order as sorting every row would, without the sort.
    by_key: dict[int, list[tuple[int, float]]] = {}
    for article_id, key, weight in connection.execute(_POSTINGS, {"keys": cold, "since": since}):
        by_key.setdefault(int(key), []).append((article_id, weight))
    shared: dict[int, float] = {}
    for text_key, own in features.keys.items():
        for article_id, weight in by_key.get(int(text_key), ()):
            shared[article_id] = shared.get(article_id, 0.0) + min(weight, own)
    return shared


_SINCE = (("since", StoryKey.first_seen.type),)
_KEY_COUNTS = """
SELECT keys.value, (SELECT count(*) FROM (
    SELECT 1 FROM story_keys
    WHERE story_keys.key = keys.value AND story_keys.first_seen >= :since LIMIT :cap
) AS capped) FROM {keys}"""
_POSTINGS = (select(StoryKey.article_id, StoryKey.key, StoryKey.weight)
             .where(StoryKey.key.in_(bindparam("keys", expanding=True)),
                    StoryKey.first_seen >= bindparam("since", type_=StoryKey.first_seen.type)))


def _candidates(session: Session, ids: list[int]) -> list[StoryCandidate]:
    connection = session.connection()
    keys: dict[int, list[Any]] = {i: [] for i in ids}
    for row in connection.execute(select(StoryKey.article_id, StoryKey.key, StoryKey.weight,
                                      StoryKey.in_title).where(StoryKey.article_id.in_(ids))):
        keys[row.article_id].append(row)
    out = []
    for art in connection.execute(select(Article.id, Article.story_id, Article.title,
                                      Article.text, Article.language)
                               .where(Article.id.in_(ids), Article.story_id.is_not(None))
                               .order_by(Article.id)):
        own = keys[art.id]
        out.append(StoryCandidate(
            article_id=art.id, story_id=art.story_id, title=art.title, text=art.text,
            language=art.language, keys={str(k.key): k.weight for k in own},
            title_keys=frozenset(str(k.key) for k in own if k.in_title)))
    return out
