"""Which stored article a new text repeats: the same content hash, a SimHash within a few
bits, or enough of its sampled shingle sketch (the fingerprint, computed before storing,
decides how close is close enough)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, select, union_all
from sqlalchemy.orm import Session

from monitor.article.types import Fingerprint
from storage import valuelists
from storage.models import Article


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
    connection = session.connection()
    exact = connection.execute(_EXACT, {"hash": fingerprint.content_hash}).first()
    if exact is not None:
        return _original(connection, exact)
    article_id = _nearest_simhash(connection, fingerprint, since)
    if article_id is None:
        row = _best_sketch_match(session, fingerprint, since)
        article_id = row.id if row is not None else None
    if article_id is None:
        return None
    return _original(connection, connection.execute(_BY_ID, {"id": article_id}).one())


_ORIGINAL_COLUMNS = (Article.canonical_url, Article.duplicate_of, Article.story_id,
                     Article.published)
# Originals before duplicates: the one a duplicate points to is the answer either way.
_EXACT = (select(*_ORIGINAL_COLUMNS)
          .where(Article.content_hash == bindparam("hash", type_=Article.content_hash.type))
          .order_by(Article.duplicate_of.is_not(None), Article.id).limit(1))
_BY_ID = select(*_ORIGINAL_COLUMNS).where(Article.id == bindparam("id", type_=Integer))


def _original(connection: Connection, row: Any) -> Original:
    """The original a matched row stands for (itself, or the one it duplicates)."""
    if row.duplicate_of is None:
        return Original(row.canonical_url, row.story_id, row.published)
    published = connection.execute(select(Article.published).where(
        Article.canonical_url == bindparam("url", type_=Article.canonical_url.type)),
        {"url": row.duplicate_of}).scalar()
    return Original(row.duplicate_of, row.story_id, published)


def _band_candidates() -> Any:
    """(id, simhash) of the recent articles sharing a SimHash band: one index range per band
    (ix_articles_bandN_seen holds band, first_seen and simhash, so the table is not read;
    before migration 0006 the band index had no first_seen and the read grew with the
    store, every article ever stored with that band value)."""
    since = bindparam("since", type_=Article.first_seen.type)
    columns = (Article.band0, Article.band1, Article.band2, Article.band3)
    parts = [select(Article.id, Article.simhash)
             .where(band == bindparam(f"b{n}", type_=Integer), Article.first_seen >= since)
             for n, band in enumerate(columns)]
    return union_all(*parts)


_BAND_CANDIDATES = _band_candidates()


def _nearest_simhash(connection: Connection, fingerprint: Fingerprint,
                     since: datetime) -> int | None:
    """The id of the nearest recent SimHash within NEAR_DUPLICATE_BITS (lowest id on ties)."""
    params: dict[str, Any] = {f"b{n}": b for n, b in enumerate(fingerprint.bands)}
    params["since"] = since
    near = [(distance, article_id)
            for article_id, simhash in connection.execute(_BAND_CANDIDATES, params)
            if (distance := fingerprint.simhash_distance(simhash)) is not None]
    return min(near)[1] if near else None


SKETCH_POSTINGS_LIMIT = 100  # a shingle stored for more articles than this is boilerplate


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


_POSTING_COUNTS = """
SELECT hashes.value, (SELECT count(*) FROM (
    SELECT 1 FROM article_sketches WHERE article_sketches.hash = hashes.value LIMIT :cap
) AS capped) FROM {hashes}"""


def _posting_counts(session: Session, sketch: tuple[int, ...]) -> dict[int, int]:
    """hash -> stored postings, counted up to SKETCH_POSTINGS_LIMIT + 1 (index-only reads,
    one statement whatever the sketch's size)."""
    rows = valuelists.run(session.connection(), _POSTING_COUNTS,
                          {"hashes": sketch, "cap": SKETCH_POSTINGS_LIMIT + 1})
    return {int(h): int(c) for h, c in rows}


_SHARED = """SELECT article_id, count(*) FROM article_sketches
WHERE hash IN (SELECT value FROM {hashes}) GROUP BY article_id"""
_SHARED_AMONG = """SELECT article_id, count(*) FROM article_sketches
WHERE hash IN (SELECT value FROM {hashes}) AND article_id IN (SELECT value FROM {ids})
GROUP BY article_id"""


def _shared_by_article(session: Session, hashes: list[int],
                       article_ids: list[int] | None) -> dict[int, int]:
    """article id -> how many of ``hashes`` its sketch has (only ``article_ids`` if given)."""
    if not hashes:
        return {}
    if article_ids is None:
        rows = valuelists.run(session.connection(), _SHARED, {"hashes": hashes})
    else:
        rows = valuelists.run(session.connection(), _SHARED_AMONG,
                              {"hashes": hashes, "ids": article_ids})
    return {int(a): int(c) for a, c in rows}


_SMALL = "SELECT id FROM articles WHERE id IN (SELECT value FROM {ids}) AND sketch_size <= :most"


def _small_sketches(session: Session, ids: list[int], most: int) -> list[int]:
    """The ``ids`` whose sketch has at most ``most`` hashes, by the row's sketch_size (stored
    before the large columns since migration 0002, so no SQLite overflow page is read)."""
    rows = valuelists.run(session.connection(), _SMALL, {"ids": ids, "most": most})
    return [int(i) for i, in rows]


_CANDIDATES = """SELECT id, canonical_url, duplicate_of, story_id, sketch_size, published
FROM articles WHERE id IN (SELECT value FROM {ids}) AND first_seen >= :since ORDER BY id"""
_CANDIDATE_TYPES = (("since", Article.first_seen.type),)
_CANDIDATE_COLUMNS = (("published", Article.published.type),)


def _sketch_candidates(session: Session, ids: list[int], since: datetime) -> list[Any]:
    if not ids:
        return []
    return valuelists.run(session.connection(), _CANDIDATES, {"ids": ids, "since": since},
                          _CANDIDATE_TYPES, _CANDIDATE_COLUMNS)
