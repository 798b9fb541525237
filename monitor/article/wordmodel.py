"""A second opinion on relevance learned from labelled articles: which words a story uses.

The topic score (monitor.article.topics) counts topic vocabulary, and near misses share it: a
plant that stopped, a subsidy programme, a minister's visit, a bus route to an industrial zone
say "plant", "investment", "billion tenge" too. Each new blind set brought near-miss kinds the
rules had not seen (issue 13). This model weighs every word of the headline, the lead and the
body, learned from our labelled sets (bench/fit_wordmodel.py writes the weights), and may only
*veto* what the rules call relevant: it never makes an article relevant on its own.

Features: the first five letters of each word (a crude stem that covers Russian, Kazakh and
Uzbek case endings), separately for the title, the lead (first LEAD_CHARS characters) and the
rest of the body, hashed into DIM buckets; one bias. The model is a logistic regression
(weights in ``weights/wordmodel.npy``, float16). Scoring a text costs one pass over its words.
"""

from __future__ import annotations

import math
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from monitor.article.terms import fold_latin

# The languages of (nearly all) its training articles: elsewhere it knows too few words to
# judge, and the rules decide alone.
LANGUAGES = frozenset({"ru", "kk", "uz"})
# Shorter bodies are snippets, not articles: no page with a body this short is kept (a brief
# needs 100 characters with the default crawl.min_text_chars), and on a title and one sentence
# the model has too few words to weigh (it gave 0.2-0.4 to one-sentence project news).
MIN_TEXT_CHARS = 100
DIM = 1 << 15
STEM = 5
LEAD_CHARS = 300
WEIGHTS = Path(__file__).with_name("weights") / "wordmodel.npy"
_WORD_RE = re.compile(r"\w+")


def judges(language: str, text: str) -> bool:
    """Whether the model has a say on this text: one of its languages, an article's length."""
    return language in LANGUAGES and len(text) >= MIN_TEXT_CHARS


@lru_cache(maxsize=65536)
def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIM


def features(title: str, text: str) -> list[int]:
    """Sorted distinct buckets of the title's, the lead's and the body's word stems."""
    title, text = fold_latin(title or "").lower(), fold_latin(text or "").lower()
    found = {"bias"}
    found.update("T" + w[:STEM] for w in _WORD_RE.findall(title))
    found.update("L" + w[:STEM] for w in _WORD_RE.findall(text[:LEAD_CHARS]))
    found.update("B" + w[:STEM] for w in _WORD_RE.findall(text[LEAD_CHARS:]))
    return sorted({_bucket(f) for f in found})


class WordModel:
    """Logistic regression over hashed word-stem features."""

    def __init__(self, weights: np.ndarray) -> None:
        if weights.shape != (DIM,):
            raise ValueError(f"word model weights must have shape ({DIM},), not {weights.shape}")
        self.weights = weights.astype(np.float32)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> WordModel | None:
        """The shipped model, or None when its file is absent (relevance is then the rules')."""
        try:
            return cls(np.load(path, allow_pickle=False))
        except FileNotFoundError:
            return None

    def probability(self, title: str, text: str) -> float:
        z = float(self.weights[features(title, text)].sum())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(rows: list[tuple[int, list[int]]], *, l2: float = 1e-3, steps: int = 400) -> np.ndarray:
    """Weights from (label, features) rows: class-balanced logistic loss with an L2 penalty,
    full-batch Adam. Deterministic (no sampling)."""
    n = len(rows)
    row_ids = np.concatenate([np.full(len(f), i) for i, (_, f) in enumerate(rows)])
    cols = np.concatenate([np.asarray(f, dtype=np.int64) for _, f in rows])
    y = np.array([label for label, _ in rows], dtype=np.float64)
    share = y.mean()
    if not 0 < share < 1:
        raise ValueError("fitting needs relevant and not relevant examples")
    balance = np.where(y == 1, 0.5 / share, 0.5 / (1 - share))
    w = np.zeros(DIM)
    m = np.zeros(DIM)
    v = np.zeros(DIM)
    for step in range(1, steps + 1):
        z = np.bincount(row_ids, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(cols, weights=((p - y) * balance)[row_ids], minlength=DIM) / n
        grad += l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w
