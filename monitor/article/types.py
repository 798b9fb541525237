"""The article layer's data types: what crosses from analysis to storage.

Storage imports only this module of the article layer: it stores and looks up these values
and asks them the questions that define them (how close two fingerprints are), but computes
no text features. The functions that build them live beside: fingerprints.py, storyfeatures.py,
record.py, analysis.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# -- one analysed page ---------------------------------------------------------------------

SUMMARY_CHARS = 300


@dataclass
class Analysis:
    title: str
    text: str
    author: str | None
    published: datetime | None
    language: str
    relevant: bool
    score: float
    topics: list[str]
    matched_terms: dict[str, list[str]]
    figures: list[dict[str, Any]]
    places: list[str] = field(default_factory=list)
    canonical: str | None = None  # the page's own rel=canonical, if any
    # The word model's probability when the topic rules found the page relevant (it keeps
    # the page relevant only from relevance.word_model_veto up); None when not asked.
    model_probability: float | None = None

    def summary(self, chars: int = SUMMARY_CHARS) -> str:
        return summarize(self.text, chars)

    def to_json(self) -> dict[str, Any]:
        """What ``newsmon analyze`` prints (contract fields first)."""
        return {
            "title": self.title,
            "text": self.text,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "topics": self.topics,
            "relevant": self.relevant,
            "figures": self.figures,
            "score": round(self.score, 3),
            "matched_terms": self.matched_terms,
            "model_probability": self.model_probability,
            "places": self.places,
            "author": self.author,
            "canonical_url": self.canonical,
        }


def summarize(text: str, chars: int = SUMMARY_CHARS) -> str:
    """The opening of the text cut at a word boundary, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    cut = flat[:chars].rsplit(" ", 1)[0].rstrip(",;:—-–")
    return cut + "…"


# -- reprints --------------------------------------------------------------------------------

NEAR_DUPLICATE_BITS = 3  # SimHash Hamming distance at or under which texts are reprints
# Share of the smaller text's sketch found in the other one, from which it is a reprint.
# Measured: reprints 0.79-1.0, different articles on the same topic 0.0-0.05.
NEAR_DUPLICATE_CONTAINMENT = 0.5
SKETCH_MIN_SHARED = 3  # fewer shared samples than this is chance, whatever the ratio

_MASK64 = (1 << 64) - 1


def containment(shared: int, size_a: int, size_b: int) -> float:
    """Share of the smaller sketch found in the other (0.0 when either is empty)."""
    smaller = min(size_a, size_b)
    return shared / smaller if smaller > 0 else 0.0


def is_near_duplicate(shared: int, size_a: int, size_b: int) -> bool:
    return (shared >= min(SKETCH_MIN_SHARED, size_a, size_b) and shared > 0
            and containment(shared, size_a, size_b) >= NEAR_DUPLICATE_CONTAINMENT)


def bands(signature: int) -> tuple[int, int, int, int]:
    """Four 16-bit bands (low bits first): texts within 3 bits share at least one."""
    u = signature & _MASK64
    return (u & 0xFFFF, (u >> 16) & 0xFFFF, (u >> 32) & 0xFFFF, (u >> 48) & 0xFFFF)


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & _MASK64).bit_count()


@dataclass(frozen=True)
class Fingerprint:
    """What a text's reprints share with it: content hash, SimHash (and its four bands) and
    the sampled shingle sketch (built by fingerprints.fingerprint)."""

    content_hash: str
    simhash: int
    sketch: tuple[int, ...]

    @property
    def bands(self) -> tuple[int, int, int, int]:
        return bands(self.simhash)

    def simhash_distance(self, other: int) -> int | None:
        """Hamming distance to another SimHash; None when too far to be a reprint."""
        distance = hamming(self.simhash, other)
        return distance if distance <= NEAR_DUPLICATE_BITS else None

    def sketch_match(self, shared: int, other_size: int) -> float | None:
        """Containment of a stored sketch of ``other_size`` hashes sharing ``shared`` of
        ours; None when that is no reprint."""
        size = len(self.sketch)
        if not is_near_duplicate(shared, size, other_size):
            return None
        return containment(shared, size, other_size)


# -- same story ------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoryFeatures:
    """What one article brings to the same-story decision (storyfeatures.features)."""

    language: str
    keys: dict[str, float]  # key -> weight
    title_keys: frozenset[str] = field(default_factory=frozenset)
    title_stems: dict[str, float] = field(default_factory=dict)  # stem -> rarity
    text_stems: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class StoryCandidate:
    """A stored article as the same-story test needs it (keys as stored, hashed)."""

    article_id: int
    story_id: int
    title: str
    text: str
    language: str
    keys: dict[str, float]
    title_keys: frozenset[str]


@dataclass(frozen=True)
class SameStory:
    """The stored article a new one reports the same event as, and how surely."""

    article_id: int
    story_id: int
    score: float


# -- ready to store --------------------------------------------------------------------------

@dataclass
class ArticleRecord:
    """One analysed page in the form the store takes (built by record.prepare)."""

    site: str
    url: str  # as fetched (after redirects)
    canonical_url: str  # the page's own rel=canonical on the same site, else the link's
    link_canonical: str  # canonical form of the link itself: known by it too
    analysis: Analysis
    fingerprint: Fingerprint
    features: StoryFeatures  # hashed story keys (and stems) for the same-story test
