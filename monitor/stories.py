"""Canonical URLs, content fingerprints and near-duplicate signatures."""

from __future__ import annotations

NEAR_DUPLICATE_BITS = 3  # SimHash Hamming distance at or under which texts are reprints


def canonical_url(url: str) -> str:
    raise NotImplementedError


def content_hash(text: str) -> str:
    raise NotImplementedError


def simhash(text: str) -> int:
    """Signed 64-bit SimHash (fits a BIGINT column)."""
    raise NotImplementedError


def bands(signature: int) -> tuple[int, int, int, int]:
    raise NotImplementedError


def hamming(a: int, b: int) -> int:
    raise NotImplementedError
