"""How common a Russian word is (its Zipf frequency, wordfreq's large Russian list), from a
table of 7 MB instead of the 130 MB Python dictionary wordfreq builds.

``wordfreq.zipf_frequency(word, "ru")`` loads 713,000 words into a dict of str -> float the
first time: about 128 MB in every extraction worker, the largest single part of one. The list
itself is stored by wordfreq as buckets of words, one bucket per centibel of frequency; a
word's Zipf value depends only on its bucket. So the table keeps one sorted array of the
words' hashes and one of their buckets, and answers the same value as zipf_frequency for a
single lower-case word (what the story features ask: runs of letters, ё written е); a word
the list does not have is 0, as there.

The hashes are Python's own string hash: the table is built in the process that uses it (a
forked worker inherits its parent's hash seed and table alike), never stored.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache

import numpy as np


def _bucket_zipf(index: int) -> float:
    """The Zipf value zipf_frequency gives a word of bucket ``index`` (its frequency rounded
    to three significant digits first, as wordfreq does)."""
    freq = 10 ** (-index / 100)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


@lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hashes, indexes = [], []
    for index, words in enumerate(_buckets()):
        hashes.append(np.fromiter(map(hash, words), dtype=np.int64, count=len(words)))
        indexes.append(np.full(len(words), index, dtype=np.uint16))
    values = np.array([_bucket_zipf(i) for i in range(len(hashes))])
    all_hashes, all_indexes = np.concatenate(hashes), np.concatenate(indexes)
    # A word listed twice takes its last bucket, as wordfreq's dictionary does.
    order = np.argsort(all_hashes, kind="stable")
    all_hashes, all_indexes = all_hashes[order], all_indexes[order]
    last = np.append(all_hashes[1:] != all_hashes[:-1], True)
    return all_hashes[last], all_indexes[last], values


def _buckets() -> Iterator[list[str]]:
    """wordfreq's Russian list one bucket at a time (a gzipped msgpack array whose first item
    is a header), so that the 713,000 words never stand in memory all at once."""
    import gzip

    import msgpack
    from wordfreq import available_languages

    with gzip.open(available_languages()["ru"], "rb") as packed:
        unpacker = msgpack.Unpacker(packed, raw=False)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise ValueError(f"unexpected wordfreq list header: {header!r}")
        for _ in range(count - 1):
            yield unpacker.unpack()


def load() -> None:
    """Build the table now (before forking workers, which then share it)."""
    _table()


def zipf_ru(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "ru")`` for one lower-case word of letters."""
    hashes, indexes, values = _table()
    key = hash(word)
    at = int(np.searchsorted(hashes, key))
    if at < len(hashes) and hashes[at] == key:
        return float(values[indexes[at]])
    return 0.0


__all__ = ["load", "zipf_ru"]
