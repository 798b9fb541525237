"""Content fingerprints: is this text a reprint of a stored one?

:class:`Fingerprint` is computed in the extraction workers and stored with the article: an
exact reprint shares its content hash, a near reprint is within :data:`NEAR_DUPLICATE_BITS`
of its SimHash or shares enough of its sampled shingle sketch. The storage layer looks up
candidates and asks the fingerprint how close they are.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from monitor.article.types import (
    NEAR_DUPLICATE_BITS,
    NEAR_DUPLICATE_CONTAINMENT,
    SKETCH_MIN_SHARED,
    Fingerprint,
    bands,
    containment,
    hamming,
    is_near_duplicate,
)

SHINGLE_WORDS = 3  # words per SimHash feature
# SimHash alone misses typical reprints of short news (a new lead sentence or a cut last
# paragraph moves a 170-word text 10-13 bits), so reprints are also found by a sampled
# shingle sketch: the 4-word shingles whose hash is 0 mod 4 (about a quarter of them).
SKETCH_SHINGLE_WORDS = 4
SKETCH_MODULUS = 4

_SIGN64 = 1 << 63

_WORD = re.compile(r"[^\W_]+")


def normalized_words(text: str) -> list[str]:
    """Lower-case letters/digits runs; ё folded to е (Russian sites spell it both ways)."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def content_hash(text: str) -> str:
    """SHA-1 hex of the normalised text: whitespace and punctuation differences vanish."""
    return _content_hash(normalized_words(text))


def _content_hash(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def _feature_hash(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(),
                          "big")


_BITS = np.arange(64, dtype=np.uint64)


def simhash(text: str, shingle: int = SHINGLE_WORDS) -> int:
    """Signed 64-bit SimHash (fits a BIGINT column) over word ``shingle``-grams."""
    return _simhash(normalized_words(text), shingle)


def _simhash(words: list[str], shingle: int = SHINGLE_WORDS) -> int:
    if not words:
        return 0
    if len(words) <= shingle:
        features = [" ".join(words)]
    else:
        features = [" ".join(words[i:i + shingle]) for i in range(len(words) - shingle + 1)]
    hashes = np.fromiter(map(_feature_hash, features), dtype=np.uint64, count=len(features))
    # A bit is set when more features have it set than not (each votes +1 or -1).
    ones = ((hashes[:, None] >> _BITS) & np.uint64(1)).sum(axis=0)
    value = sum(1 << bit for bit in np.flatnonzero(2 * ones > len(features)).tolist())
    return value - (1 << 64) if value & _SIGN64 else value


def sketch(text: str) -> list[int]:
    """Sorted signed 64-bit hashes of the sampled word 4-shingles of the text.

    Sampling by value (not position) keeps the samples of a shared passage identical in
    both texts, so shared samples / sketch size estimates how much of a text is repeated.
    """
    return _sketch(normalized_words(text))


def _sketch(words: list[str]) -> list[int]:
    if not words:
        return []
    size = SKETCH_SHINGLE_WORDS
    shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
    picked = {h for h in map(_feature_hash, shingles) if h % SKETCH_MODULUS == 0}
    return sorted(h - (1 << 64) if h & _SIGN64 else h for h in picked)


def fingerprint(text: str) -> Fingerprint:
    """The reprint signatures of a text (computed in the extraction workers); the words are
    read once for all three."""
    words = normalized_words(text)
    return Fingerprint(_content_hash(words), _simhash(words), tuple(_sketch(words)))


__all__ = ["NEAR_DUPLICATE_BITS", "NEAR_DUPLICATE_CONTAINMENT", "SKETCH_MIN_SHARED",
           "Fingerprint", "bands", "containment", "content_hash", "fingerprint", "hamming",
           "is_near_duplicate", "normalized_words", "simhash", "sketch"]
