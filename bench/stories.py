"""Same-story decision: our story matcher beside simple baselines, on two labelled pair sets.

Run: /work/venv/bin/python bench/stories.py  (writes bench/out/stories.md too)

Sets: our own pairs (tests/fixtures/story_pairs: ru-kk, ru-uz and ru-ru rewrites, each with
near-miss twins: same city, day and kind of project, another event) and, when present,
../shared/eval/stories/*.tsv (Russian news pairs labelled OK / BAD by readers). Every
threshold is chosen on our pairs (the best F1 there); the eval set is scored once with it.
The "oracle" column is the best F1 any threshold would reach on the eval set: an upper bound
for comparison, not a result.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "stories"
OURS = ROOT / "tests" / "fixtures" / "story_pairs"
OUT = ROOT / "bench" / "out" / "stories.md"


@dataclass(frozen=True)
class Doc:
    title: str
    text: str
    language: str


@dataclass(frozen=True)
class Pair:
    a: Doc
    b: Doc
    same: bool
    kind: str


def load_ours(root: Path = OURS) -> list[Pair]:
    docs: dict[str, Doc] = {}
    for name in ("articles.tsv", "handwritten_ru.tsv", "handwritten_xl.tsv"):
        with open(root / name, encoding="utf-8", newline="") as f:
            docs.update((r["id"], Doc(r["title"], r["text"], r["language"]))
                        for r in csv.DictReader(f, delimiter="\t"))
    with open(root / "pairs.tsv", encoding="utf-8", newline="") as f:
        return [Pair(docs[r["first"]], docs[r["second"]], r["same_story"] == "1", r["kind"])
                for r in csv.DictReader(f, delimiter="\t")]


def load_eval(root: Path = EVAL) -> list[Pair]:
    """Pairs from every TSV with the Toloka-style header (INPUT:first_title, ...,
    GOLDEN:quality OK/BAD); other files are ignored."""
    csv.field_size_limit(1 << 30)
    pairs: list[Pair] = []
    for path in sorted(root.glob("*.tsv")) if root.is_dir() else []:
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                label = (r.get("GOLDEN:quality") or "").strip()
                if label not in ("OK", "BAD") or "INPUT:first_text" not in r:
                    continue
                pairs.append(Pair(Doc(r["INPUT:first_title"], r["INPUT:first_text"], "ru"),
                                  Doc(r["INPUT:second_title"], r["INPUT:second_text"], "ru"),
                                  label == "OK", "ru-ru"))
    return pairs


Scorer = Callable[[Pair], float]


def _ours() -> Scorer:
    from monitor.article.storyfeatures import features, similarity

    return lambda p: similarity(features(p.a.title, p.a.text, p.a.language),
                                features(p.b.title, p.b.text, p.b.language))


def _title() -> Scorer:
    from monitor.article.storyfeatures import stems

    def score(p: Pair) -> float:
        a, b = set(stems(p.a.title)), set(stems(p.b.title))
        return len(a & b) / len(a | b) if a and b else 0.0
    return score


def _trafilatura() -> Scorer:
    from trafilatura.deduplication import Simhash

    return lambda p: Simhash(p.a.text).similarity(Simhash(p.b.text))


def _reprint() -> Scorer:
    from monitor.article import fingerprints as stories
    def score(p: Pair) -> float:
        a, b = set(stories.sketch(p.a.text)), set(stories.sketch(p.b.text))
        return stories.containment(len(a & b), len(a), len(b))
    return score


METHODS: dict[str, Callable[[], Scorer]] = {
    "storymatch (ours)": _ours,
    "title stem Jaccard": _title,
    "trafilatura simhash": _trafilatura,
    "reprint sketch containment": _reprint,
}


def prf(scores: list[float], labels: list[bool], threshold: float) -> tuple[float, float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, labels, strict=True))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels, strict=True))
    fn = sum(s < threshold and y for s, y in zip(scores, labels, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(scores: list[float], labels: list[bool]) -> float:
    """The threshold with the best F1 (ties: the middle of the best run of candidates)."""
    candidates = sorted(set(scores))
    results = [(prf(scores, labels, t)[2], t) for t in candidates]
    top = max(f for f, _ in results)
    best = [t for f, t in results if f == top]
    lower = best[len(best) // 2]
    below = [t for t in candidates if t < lower]
    return (lower + below[-1]) / 2 if below else lower


def _fmt(values: tuple[float, float, float]) -> str:
    return " | ".join(f"{v:.3f}" for v in values)


def run() -> str:
    from monitor.article.storyfeatures import STORY_THRESHOLD

    ours, evals = load_ours(), load_eval()
    kinds = sorted({p.kind for p in ours})
    lines = [f"Our pairs: {len(ours)} ({sum(p.same for p in ours)} same story); eval pairs: "
             f"{len(evals)} ({sum(p.same for p in evals)} OK)" if evals else
             f"Our pairs: {len(ours)}; eval set absent ({EVAL}): skipped", ""]
    head = "| method | threshold | ours P | R | F1 | " + " | ".join(
        f"{k} F1" for k in kinds) + " | eval P | R | F1 | eval oracle F1 | ms/pair |"
    lines += [head, "|" + "---|" * (head.count("|") - 1)]
    for name, make in METHODS.items():
        scorer = make()
        started = time.perf_counter()
        s_ours = [scorer(p) for p in ours]
        s_eval = [scorer(p) for p in evals]
        ms = 1000 * (time.perf_counter() - started) / max(1, len(ours) + len(evals))
        y_ours, y_eval = [p.same for p in ours], [p.same for p in evals]
        fixed = name == "storymatch (ours)"
        # A baseline cannot read across languages: its threshold comes from our same-language
        # pairs (on all pairs the best F1 would be "everything is one story").
        same = [i for i, p in enumerate(ours) if p.a.language == p.b.language]
        threshold = STORY_THRESHOLD if fixed else best_threshold(
            [s_ours[i] for i in same], [y_ours[i] for i in same])
        per_kind = [prf([s for s, p in zip(s_ours, ours, strict=True) if p.kind == k],
                        [p.same for p in ours if p.kind == k], threshold)[2] for k in kinds]
        row = [name, f"{threshold:.3f}", _fmt(prf(s_ours, y_ours, threshold)),
               " | ".join(f"{f:.3f}" for f in per_kind)]
        if evals:
            oracle = prf(s_eval, y_eval, best_threshold(s_eval, y_eval))[2]
            row += [_fmt(prf(s_eval, y_eval, threshold)), f"{oracle:.3f}"]
        else:
            row += ["- | - | -", "-"]
        lines.append("| " + " | ".join(row) + f" | {ms:.2f} |")
    return "\n".join(lines)


def fit(pairs: list[Pair], l2: float = 0.003, steps: int = 20000) -> tuple[list[float], float]:
    """Logistic regression of same_story on storymatch.pair_features, our pairs only; each
    kind and label weighs the same (the templated sets must not drown the hand-written)."""
    import numpy as np

    from monitor.article.storyfeatures import features, pair_features

    x = np.array([pair_features(features(p.a.title, p.a.text, p.a.language),
                                features(p.b.title, p.b.text, p.b.language)) for p in pairs])
    w, b = fit_matrix(x, pairs, l2, steps)
    return [round(float(v), 2) for v in w], round(b, 2)


def fit_matrix(x: Any, pairs: Sequence[Pair], l2: float = 0.003, steps: int = 20000
               ) -> tuple[Any, float]:
    """The kind- and label-balanced L2 logistic regression of ``fit`` on a feature matrix
    (a row per pair): weights (numpy) and bias, unrounded."""
    import numpy as np

    y = np.array([float(p.same) for p in pairs])
    groups = [(p.kind, p.same) for p in pairs]
    weight = np.array([1.0 / groups.count(g) for g in groups])
    weight /= weight.sum()
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        z = 1 / (1 + np.exp(-(x @ w + b)))
        grad = z - y
        w -= (x.T @ (weight * grad)) + l2 * w
        b -= float(weight @ grad)
    return w, b


def ceiling(pairs: list[Pair], folds: int = 5) -> tuple[float, float]:
    """How far these features could go on ``pairs`` if the model were fitted on the same
    kind of data: k-fold cross-validated logistic regression on the pairs themselves (a
    diagnostic of the features, never used to set the product's weights). Returns the F1 at
    0.5 and the best F1 over thresholds of the out-of-fold scores."""
    import math
    import random

    from monitor.article.storyfeatures import features, pair_features

    order = list(range(len(pairs)))
    random.Random(1).shuffle(order)
    scores = [0.0] * len(pairs)
    for k in range(folds):
        held = set(order[k::folds])
        weights, bias = fit([p for i, p in enumerate(pairs) if i not in held])
        for i in held:
            x = pair_features(features(pairs[i].a.title, pairs[i].a.text, pairs[i].a.language),
                              features(pairs[i].b.title, pairs[i].b.text, pairs[i].b.language))
            z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
            scores[i] = 1 / (1 + math.exp(-z))
    labels = [p.same for p in pairs]
    return prf(scores, labels, 0.5)[2], prf(scores, labels, best_threshold(scores, labels))[2]


def main() -> None:
    if "--fit" in sys.argv:
        print(fit(load_ours()))
        return
    if "--ceiling" in sys.argv:
        evals = load_eval()
        if not evals:
            print(f"eval set absent ({EVAL}): skipped")
            return
        at_half, best = ceiling(evals)
        print(f"eval pairs, 5-fold cross-validated fit on eval itself: F1 {at_half:.3f} at 0.5, "
              f"{best:.3f} at the best threshold")
        return
    table = run()
    print(table)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# Same-story benchmark\n\n`python bench/stories.py`\n\n" + table + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main()
