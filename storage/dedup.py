"""Which stored article a new text repeats (exact content hash, SimHash, shingle sketch), and
which recent article reports the same event in other words or another language (story keys)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, Integer, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from monitor.article import fingerprints as stories
from monitor.article import storyfeatures as storymatch
from storage.models import Article, ArticleSketch, StoryKey


@dataclass
class Original:
    """The article a new one repeats: its canonical URL, story and publication time."""

    canonical_url: str
    story_id: int | None
    published: datetime | None = None


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
        select(Article.canonical_url, Article.duplicate_of, Article.story_id, Article.published)
        .where(Article.content_hash == fingerprint.content_hash)
        .order_by(Article.duplicate_of.is_not(None), Article.id)
    ).first()
    if exact is not None:
        return _original(session, exact)
    row = _nearest_simhash(session, fingerprint.simhash, since)
    if row is None:
        row = _best_sketch_match(session, fingerprint.sketch, since)
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


def _nearest_simhash(session: Session, signature: int, since: datetime) -> Any:
    b0, b1, b2, b3 = stories.bands(signature)
    candidates = session.execute(
        select(Article.canonical_url, Article.duplicate_of, Article.story_id, Article.simhash,
               Article.published)
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


SKETCH_POSTINGS_LIMIT = 100  # a shingle stored for more articles than this is boilerplate
_SKETCH_CHUNK = 200  # hashes per counting statement (SQLite allows 500 compound SELECTs)


def _best_sketch_match(session: Session, sketch: tuple[int, ...], since: datetime) -> Any:
    """The recent article containing most of this sketch (or contained in it).

    Candidates are the articles sharing at least one of the sketch's rarer hashes: a
    shingle stored for more than SKETCH_POSTINGS_LIMIT articles (site boilerplate, a
    stock phrase) is no evidence of a reprint, and reading its postings grew with the
    store. Those hot hashes still count, exactly, in the shared total of every candidate.
    """
    if not sketch:
        return None
    counts = _posting_counts(session, sketch)
    hot = [h for h in sketch if counts.get(h, 0) > SKETCH_POSTINGS_LIMIT]
    rare = [h for h in sketch if 0 < counts.get(h, 0) <= SKETCH_POSTINGS_LIMIT]
    shared = _shared_by_article(session, rare, None)
    size = len(sketch)
    # An article passing at all must pass with every hot hash shared; one that fails so
    # against a sketch as large as ours can only pass if its own sketch is at most twice
    # that share, which the sketch index tells without reading the article's row.
    large = [i for i, n in shared.items() if stories.is_near_duplicate(n + len(hot), size, size)]
    small = [i for i in shared if not stories.is_near_duplicate(shared[i] + len(hot), size, size)]
    if small:
        small = _small_sketches(session, small, 2 * (max(shared[i] for i in small) + len(hot)))
    rows = _sketch_candidates(session, large + small, since)
    rows = [r for r in rows
            if stories.is_near_duplicate(shared[r.id] + len(hot), size, r.sketch_size)]
    if hot and rows:
        for article_id, count in _shared_by_article(session, hot, [r.id for r in rows]).items():
            shared[article_id] += count
    best, best_score = None, 0.0
    for row in rows:
        if not stories.is_near_duplicate(shared[row.id], size, row.sketch_size):
            continue
        score = stories.containment(shared[row.id], size, row.sketch_size)
        if score > best_score:
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


# --- same story (rewrites, translations) ----------------------------------------------------

POSTINGS_LIMIT = 100  # a key on more recent articles than this tells nothing: skipped
MAX_CANDIDATES = 12  # articles scored in full, the ones sharing most key weight
MIN_SHARED_WEIGHT = 1.5  # below this shared key weight an article is not even a candidate


@dataclass
class StoryMatch:
    """The stored article a new one reports the same event as, and how surely."""

    article_id: int
    story_id: int
    score: float


def story_features(title: str, text: str, language: str) -> storymatch.StoryFeatures:
    """An article's same-story features in their stored (hashed) form."""
    return storymatch.hashed(storymatch.features(title, text, language))


def story_key_rows(features: storymatch.StoryFeatures, first_seen: datetime) -> list[StoryKey]:
    return [StoryKey(key=int(k), weight=w, in_title=k in features.title_keys,
                     first_seen=first_seen) for k, w in features.keys.items()]


def story_key_values(features: storymatch.StoryFeatures, article_id: int,
                     first_seen: datetime) -> list[dict[str, Any]]:
    """The story_keys rows of one article as parameter dicts, for one executemany."""
    return [{"article_id": article_id, "key": int(k), "weight": w,
             "in_title": k in features.title_keys, "first_seen": first_seen}
            for k, w in features.keys.items()]


def find_story(session: Session, features: storymatch.StoryFeatures,
               since: datetime) -> StoryMatch | None:
    """The best stored article (first seen since ``since``) that reports the same event, by
    storymatch.similarity over the candidates that share the most key weight."""
    shared = candidate_weights(session, features, since)
    ranked = sorted((w, i) for i, w in shared.items() if w >= MIN_SHARED_WEIGHT)
    ids = [i for _, i in ranked[::-1][:MAX_CANDIDATES]]
    best: StoryMatch | None = None
    for article_id, story_id, other in _candidate_features(session, ids):
        score = storymatch.similarity(features, other)
        if score >= storymatch.STORY_THRESHOLD and (best is None or score > best.score):
            best = StoryMatch(article_id, story_id, score)
    return best


def candidate_weights(session: Session, features: storymatch.StoryFeatures,
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


def _candidate_features(session: Session, ids: list[int]
                        ) -> list[tuple[int, int, storymatch.StoryFeatures]]:
    if not ids:
        return []
    keys: dict[int, list[Any]] = {i: [] for i in ids}
    for row in session.execute(select(StoryKey.article_id, StoryKey.key, StoryKey.weight,
                                      StoryKey.in_title).where(StoryKey.article_id.in_(ids))):
        keys[row.article_id].append(row)
    out = []
    for art in session.execute(select(Article.id, Article.story_id, Article.title,
                                      Article.text, Article.language)
                               .where(Article.id.in_(ids), Article.story_id.is_not(None))):
        own = keys[art.id]
        out.append((art.id, art.story_id, storymatch.StoryFeatures(
            language=art.language, keys={str(k.key): k.weight for k in own},
            title_keys=frozenset(str(k.key) for k in own if k.in_title),
            **_stems_of(art.id, art.title, art.text))))
    return out


_STEMS_CACHE: OrderedDict[tuple[int, int], dict[str, dict[str, float]]] = OrderedDict()
_STEMS_CACHE_SIZE = 20_000  # articles; a stored article's words never change


def _stems_of(article_id: int, title: str, text: str) -> dict[str, dict[str, float]]:
    """Title and text stems of a stored article, cached: the same recent articles are
    candidates for many new ones, and stemming their texts again dominated storing. The key
    holds a hash of the words too, since ids repeat across databases in one process."""
    key = (article_id, hash((title, text)))
    found = _STEMS_CACHE.get(key)
    if found is None:
        found = {"title_stems": storymatch.stems(title),
                 "text_stems": storymatch.stems(f"{title}\n{text}")}
        _STEMS_CACHE[key] = found
        if len(_STEMS_CACHE) > _STEMS_CACHE_SIZE:
            _STEMS_CACHE.popitem(last=False)
    else:
        _STEMS_CACHE.move_to_end(key)
    return found
