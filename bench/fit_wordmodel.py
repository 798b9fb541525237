"""Fit the relevance word model (monitor/article/wordmodel.py) and measure it honestly.

Run: .venv/bin/python bench/fit_wordmodel.py [--write] [--threshold 0.4]

Training data: our labelled articles, all written without seeing the term lists: the
whole-page sets A-K of issue 13 (tests/fixtures/labelled/pages_blind13*.jsonl: title and body
paragraphs, not the junk lines) and the relevance sets of issue 3 (relevance*.tsv). Sets L
and M (pages_blind13l/m) are never trained on: they measure the change.

Reported, for the rules alone and for the rules with the model's veto (relevant only when the
rules say so and, for the model's languages ru/kk/uz, its probability reaches the threshold):
- leave-one-set-out on A-K: the model fitted on every other training set, scored on the one
  left out. The rules were tuned on these sets, so their own figures there are not honest; what
  this shows honestly is what the veto costs in recall on articles the model never saw;
- sets L and M, with the model fitted on all training sets (the shipped one).
``--write`` saves that model to monitor/article/weights/wordmodel.npy (float16).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.article.topics import TopicModel  # noqa: E402
from monitor.article.wordmodel import WEIGHTS, WordModel, features, fit, judges  # noqa: E402
from tests.labelled import relevance_rows  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "labelled"
PAGE_SETS = {"A": "pages_blind13.jsonl", **{s.upper(): f"pages_blind13{s}.jsonl"
                                            for s in "bcdefghijk"}}
HELD_OUT = {"L": "pages_blind13l.jsonl", "M": "pages_blind13m.jsonl"}
TSV_SETS = ("relevance.tsv", "relevance_heldout.tsv", "relevance_blind3.tsv",
            "relevance_blind4.tsv", "relevance_blind5.tsv", "relevance_blind6.tsv",
            "relevance_blind7.tsv", "relevance_realtext.tsv")

Row = tuple[bool, str, str, str]  # label, language, title, text


def _pages(name: str) -> list[Row]:
    path = LABELLED / name
    if not path.exists():
        return []
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    return [(bool(i["relevant"]), i["lang"], i["title"], "\n".join(i["paragraphs"]))
            for i in items]


def _vetoed(model: WordModel, rows: list[Row], ruled: list[bool], threshold: float) -> list[bool]:
    """The rules' decisions with the model's veto, as monitor.article.topics applies it."""
    return [r and (not judges(lang, x) or model.probability(t, x) >= threshold)
            for r, (_, lang, t, x) in zip(ruled, rows, strict=True)]


def _counts(labels: list[bool], decided: list[bool]) -> str:
    tp = sum(1 for y, d in zip(labels, decided, strict=True) if d and y)
    fp = sum(1 for y, d in zip(labels, decided, strict=True) if d and not y)
    fn = sum(1 for y, d in zip(labels, decided, strict=True) if y and not d)
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return f"{p:.3f} | {r:.3f} | {fp} | {fn}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--write", action="store_true", help=f"save the model to {WEIGHTS}")
    args = parser.parse_args()

    rules = TopicModel(word_model=None)
    sets: dict[str, list[Row]] = {k: _pages(v) for k, v in PAGE_SETS.items()}
    sets.update({k: relevance_rows(LABELLED / k) for k in TSV_SETS})
    held = {k: rows for k, v in HELD_OUT.items() if (rows := _pages(v))}
    feats = {k: [features(t, x) for _, _, t, x in rows] for k, rows in {**sets, **held}.items()}
    ruled = {k: [rules.score(t, x, lang).relevant for _, lang, t, x in rows]
             for k, rows in {**sets, **held}.items()}

    def train(names: list[str]) -> WordModel:
        rows = [(row[0], f) for n in names for row, f in zip(sets[n], feats[n], strict=True)]
        return WordModel(fit(rows).astype(np.float32))

    print("| set | articles | rules P | R | FP | FN | rules + veto P | R | FP | FN |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    all_y: list[bool] = []
    all_rule: list[bool] = []
    all_both: list[bool] = []
    for name in PAGE_SETS:
        model = train([n for n in sets if n != name])
        labels = [row[0] for row in sets[name]]
        vetoless = ruled[name]
        both = _vetoed(model, sets[name], vetoless, args.threshold)
        all_y += labels
        all_rule += vetoless
        all_both += both
        print(f"| {name}, left out | {len(labels)} | {_counts(labels, vetoless)} | "
              f"{_counts(labels, both)} |")
    print(f"| A-K, left out one by one | {len(all_y)} | {_counts(all_y, all_rule)} | "
          f"{_counts(all_y, all_both)} |")
    shipped = train(list(sets))
    for name, rows in held.items():
        labels = [row[0] for row in rows]
        both = _vetoed(shipped, rows, ruled[name], args.threshold)
        print(f"| {name} (never trained on) | {len(rows)} | {_counts(labels, ruled[name])} | "
              f"{_counts(labels, both)} |")
    if args.write:
        WEIGHTS.parent.mkdir(exist_ok=True)
        np.save(WEIGHTS, shipped.weights.astype(np.float16), allow_pickle=False)
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
