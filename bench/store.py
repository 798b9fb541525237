"""Storing benchmark: the crawl's serial step (``store_article``) as the store grows.

    python bench/store.py [--sizes 1000,100000] [--timed 300] [--backends sqlite,postgres]
                          [--per-day 2000] [--profile]

For each store size N and backend: a fresh database is bulk-loaded with N stored articles
(our own generated Russian and Kazakh text, no two alike: bench/crawl.py's sentences),
first seen at ``--per-day`` articles a day up to now, each in its own story. Reprint sketches
and story keys are loaded only for the articles of the last stories window plus a day, as the
daemon's prune job keeps them (monitor.daemon.prune_job). Then ANALYZE (a server may run
without autovacuum), and ``--timed`` article pages (bench/crawl.py's generate_site, analysed
and prepared in worker processes as a crawl does) are stored one by one with
``store_article``, each call timed, split into phases: reprint lookup (find_original), story
lookup (find_story, with the picker's scoring), commit (Session.commit) and insert (the rest:
the existence check, building the row, the story). The first ``--warmup`` calls are not
counted. PostgreSQL (127.0.0.1:5432, user postgres) is used when reachable, in a database of
its own that is dropped afterwards. Prints a markdown table.

The generated bulk records are cached under the system temp folder (they are the same for
every run with the same size and seed), so an old tree and a new one can be run one after
the other on the same data. ``--profile`` prints cProfile's top functions of the timed calls.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl import _sentence, generate_site  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from monitor.article.analysis import analyze_page  # noqa: E402
from monitor.article.fingerprints import fingerprint  # noqa: E402
from monitor.article.record import prepare as prepare_record  # noqa: E402
from monitor.article.samestory import pick_same_story, remember  # noqa: E402
from monitor.article.storyfeatures import features, hashed  # noqa: E402
from monitor.article.types import ArticleRecord, bands  # noqa: E402
from storage import articles, db  # noqa: E402
from storage.models import Article, ArticleSketch, Story, StoryKey, utcnow  # noqa: E402

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
WINDOW_DAYS = 3  # stories.window_days' default
PHASES = ("story", "reprint", "insert", "commit")
CACHE = Path(tempfile.gettempdir()) / "newsmon_bench_store"

# One bulk article: title, text, language, content hash, SimHash, sketch, keys, title keys.
Bulk = tuple[str, str, str, str, int, tuple[int, ...], dict[str, float], frozenset[str]]


# -- the records ----------------------------------------------------------------------------

def _prepare(job: tuple[int, str]) -> ArticleRecord:
    i, path = job
    analysis = analyze_page(Path(path).read_bytes())
    return prepare_record("bench", f"http://bench.kz/news/{i}.html", analysis)


def prepare(root: Path, count: int, workers: int) -> list[ArticleRecord]:
    """``count`` generated pages, analysed and prepared as the crawl's workers do."""
    files = [str(f) for f in generate_site(root / "site", count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_prepare, enumerate(files), chunksize=32))


def _bulk_one(i: int) -> Bulk:
    """Stored article ``i``: text like generate_site's, seeded by ``i`` (no extraction: the
    store only keeps the text and its signatures)."""
    rng = random.Random(1_000_003 * i + 17)
    kk = i % 3 == 0
    text = "\n".join(" ".join(_sentence(rng, kk) for _ in range(4)) for _ in range(5))
    title = _sentence(rng, kk)[:90]
    language = "kk" if kk else "ru"
    fp = fingerprint(text)
    feats = hashed(features(title, text, language))
    return (title, text, language, fp.content_hash, fp.simhash, fp.sketch, feats.keys,
            feats.title_keys)


def bulk_records(count: int, workers: int) -> list[Bulk]:
    """The first ``count`` bulk articles (cached on disk between runs)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"bulk_{count}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            return list(pickle.load(fh))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        records = list(pool.map(_bulk_one, range(count), chunksize=500))
    with path.open("wb") as fh:
        pickle.dump(records, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return records


# -- the store ------------------------------------------------------------------------------

def bulk_load(session: Session, records: list[Bulk], per_day: int) -> None:
    """Insert ``records`` as stored articles, the last first seen a minute ago, then ANALYZE."""
    now = utcnow() - timedelta(minutes=1)
    step = timedelta(days=1) / per_day
    horizon = now - timedelta(days=WINDOW_DAYS + 1)
    for start in range(0, len(records), 5000):
        _load_batch(session, records, start, min(len(records), start + 5000), now, step,
                    horizon)
    session.commit()
    with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("ANALYZE"))


def _load_batch(session: Session, records: list[Bulk], start: int, end: int, now: Any,
                step: timedelta, horizon: Any) -> None:
    stories, rows, sketches, keys = [], [], [], []
    for i in range(start, end):
        title, body, language, content_hash, simhash, sketch, kws, title_keys = records[i]
        seen = now - step * (len(records) - 1 - i)
        b = bands(simhash)
        stories.append({"id": i + 1, "title": title, "first_seen": seen, "updated": seen})
        rows.append({"id": i + 1, "url": f"http://stored.kz/n/{i}", "site": f"s{i % 50}",
                     "canonical_url": f"http://stored.kz/n/{i}", "title": title,
                     "text": body, "author": None, "language": language, "published": seen,
                     "first_seen": seen, "relevant": False, "score": 0.0, "topics": [],
                     "matched_terms": {}, "figures": [], "places": [],
                     "content_hash": content_hash, "simhash": simhash, "band0": b[0],
                     "band1": b[1], "band2": b[2], "band3": b[3], "duplicate_of": None,
                     "story_id": i + 1, "crawl_run_id": None, "sketch_size": len(sketch)})
        if seen >= horizon:  # older signatures are pruned by the daemon
            sketches += [{"article_id": i + 1, "hash": h} for h in sketch]
            keys += [{"article_id": i + 1, "key": int(k), "weight": w,
                      "in_title": k in title_keys, "first_seen": seen} for k, w in kws.items()]
    session.execute(insert(Story), stories)
    session.execute(insert(Article), rows)
    if sketches:
        session.execute(insert(ArticleSketch), sketches)
    if keys:
        session.execute(insert(StoryKey), keys)


def _advance_sequences(session: Session) -> None:
    """Bulk rows carried their ids: PostgreSQL's sequences must move past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("articles", "stories"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT max(id) FROM {table}))"))
    session.commit()


# -- timing ---------------------------------------------------------------------------------

class Phases:
    """Wraps the lookups storage.articles calls and Session.commit, adding up their time."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._saved: list[tuple[Any, str, Any]] = []

    def _wrap(self, owner: Any, name: str, phase: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[phase] += time.perf_counter() - started

        self._saved.append((owner, name, original))
        setattr(owner, name, timed)

    def __enter__(self) -> Phases:
        self._wrap(articles, "find_original", "reprint")
        self._wrap(articles, "find_story", "story")
        self._wrap(Session, "commit", "commit")
        return self

    def __exit__(self, *_exc: Any) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)


def run(url: str, bulk: list[Bulk], timed: list[ArticleRecord], warmup: int, per_day: int,
        profile: bool) -> dict[str, Any]:
    """Load ``bulk`` into a fresh database at ``url``, then store ``timed``: ms per call."""
    _forget_stems()
    engine, make_session = db.open_database(url)
    try:
        with make_session() as session:
            bulk_load(session, bulk, per_day)
            _advance_sequences(session)
        with make_session() as session:
            for record in timed[:warmup]:
                _remember(articles.store_article(session, record, pick_story=pick_same_story),
                          record)
            return _timed_calls(session, timed[warmup:], profile)
    finally:
        engine.dispose()


def _remember(result: articles.StoreResult, record: ArticleRecord) -> None:
    if result.status != "exists":
        remember(result.article_id, record.analysis.title, record.analysis.text,
                 record.features)


def _timed_calls(session: Session, records: list[ArticleRecord], profile: bool
                 ) -> dict[str, Any]:
    times: list[float] = []
    statuses: dict[str, int] = defaultdict(int)
    profiler = cProfile.Profile() if profile else None
    with Phases() as phases:
        for record in records:
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            result = articles.store_article(session, record, pick_story=pick_same_story)
            _remember(result, record)  # as the crawl pipeline does after storing
            times.append(1000 * (time.perf_counter() - started))
            if profiler:
                profiler.disable()
            statuses[result.status if result.joined is None else result.joined] += 1
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(r"storage/|samestory|storyfeatures|sqlite3|psycopg|commit|flush", 50)
    per = {p: 1000 * phases.spent[p] / len(records) for p in PHASES if p != "insert"}
    per["insert"] = statistics.fmean(times) - sum(per.values())
    return {"times": times, "phases": per, "statuses": dict(statuses)}


def _forget_stems() -> None:
    """The picker caches stored articles' stems per process; a crawl process meets the
    store's articles for the first time, and so must each run here."""
    from monitor.article import samestory

    samestory._STEMS_CACHE.clear()


@contextmanager
def sqlite_url(tmp: Path) -> Iterator[str]:
    path = tmp / f"store_{secrets.token_hex(3)}.db"
    try:
        yield f"sqlite:///{path}"
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def postgres_url(prefix: str = "newsmon_bench_store") -> Iterator[str | None]:
    """A throwaway PostgreSQL database on 127.0.0.1 (dropped afterwards), or None with a
    message when the server cannot be reached."""
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL unreachable, skipped: {str(exc).strip()[:120]}", file=sys.stderr)
        yield None
        return
    name = f"{prefix}_{secrets.token_hex(3)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _row(backend: str, size: int, result: dict[str, Any]) -> str:
    times = result["times"]
    p95 = statistics.quantiles(times, n=20)[18]
    phases = " | ".join(f"{result['phases'][p]:.2f}" for p in PHASES)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(result["statuses"].items()))
    return (f"| {backend} | {size:,} | {statistics.fmean(times):.2f} |"
            f" {statistics.median(times):.2f} | {p95:.2f} | {phases} | {statuses} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000",
                        help="stored articles before the timed ones, comma-separated")
    parser.add_argument("--timed", type=int, default=300, help="articles stored and timed")
    parser.add_argument("--warmup", type=int, default=30, help="stored first, not timed")
    parser.add_argument("--per-day", type=int, default=2000,
                        help="stored articles a day (spreads first_seen)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile the timed calls")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends: dict[str, Callable[[Path], Any]] = {
        "sqlite": sqlite_url, "postgres": lambda _tmp: postgres_url()}
    rows = ["| backend | stored | mean ms | median | p95 | story | reprint | insert | commit |"
            " outcomes |", "|---|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        bulk = bulk_records(max(sizes), args.workers)
        timed = prepare(tmp, args.warmup + args.timed, args.workers)
        print(f"prepared in {time.perf_counter() - started:.0f} s (pid {os.getpid()})",
              file=sys.stderr)
        for backend in args.backends.split(","):
            for size in sizes:
                with backends[backend](tmp) as url:
                    if url is None:
                        continue
                    result = run(url, bulk[:size], timed, args.warmup, args.per_day,
                                 args.profile)
                rows.append(_row(backend, size, result))
                print(rows[-1], file=sys.stderr)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
