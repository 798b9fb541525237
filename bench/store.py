"""Storing benchmark: milliseconds per ``store_article`` as the store grows.

    python bench/store.py [--articles 3100] [--backends sqlite,postgres]

Generates article pages (bench/crawl.py's generate_site: our own Russian and Kazakh text),
analyzes them and precomputes their signatures in worker processes, as a crawl does, then
stores them one by one into a fresh database, timing each ``store_article`` call (the part a
crawl runs in its single storing process). Reports median and p95 per window of store sizes
(articles already stored when the call started). PostgreSQL (127.0.0.1:5432, user postgres)
is used when reachable, in a database of its own that is dropped afterwards; otherwise skipped.
Prints a markdown table.

``--vacuum-every N`` runs VACUUM ANALYZE on PostgreSQL every N stored articles, untimed: what
autovacuum does on a default server. Without it (and with autovacuum off, as on the test
server) the tables are never analyzed, and the planner's guesses, not the indexes, decide.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl import generate_site  # noqa: E402

from monitor.article.analysis import analyze_page  # noqa: E402
from monitor.article.record import prepare as prepare_record
from monitor.article.samestory import pick_same_story  # noqa: E402
from monitor.article.types import ArticleRecord  # noqa: E402
from storage import articles, db  # noqa: E402

WINDOWS = ((0, 100), (1000, 1100), (3000, 3100))
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def _prepare(job: tuple[int, str]) -> ArticleRecord:
    i, path = job
    analysis = analyze_page(Path(path).read_bytes())
    return prepare_record("bench", f"http://bench.kz/news/{i}.html", analysis)


def prepare(root: Path, count: int, workers: int) -> list[ArticleRecord]:
    files = [str(f) for f in generate_site(root / "site", count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_prepare, enumerate(files), chunksize=32))


def run(url: str, items: list[ArticleRecord],
        vacuum_every: int = 0) -> list[float]:
    """Store every item into a fresh database at ``url``: ms per store_article call."""
    engine, make_session = db.open_database(url)
    vacuum = vacuum_every if engine.dialect.name == "postgresql" else 0
    times: list[float] = []
    try:
        with make_session() as session:
            for i, record in enumerate(items):
                started = time.perf_counter()
                articles.store_article(session, record, pick_story=pick_same_story)
                times.append(1000 * (time.perf_counter() - started))
                if vacuum and (i + 1) % vacuum == 0:
                    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                        c.exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()
    return times


@contextmanager
def sqlite_url(tmp: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp / 'store.db'}"


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


def _row(backend: str, times: list[float], start: int, end: int) -> str | None:
    window = times[start:end]
    if len(window) < 2:
        return None
    p95 = statistics.quantiles(window, n=20)[18]
    return (f"| {backend} | {start:,}-{end:,} | {statistics.median(window):.1f} | {p95:.1f} |"
            f" {max(window):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=WINDOWS[-1][1])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--vacuum-every", type=int, default=0, metavar="N",
                        help="PostgreSQL: VACUUM ANALYZE every N articles (default: never)")
    args = parser.parse_args()
    backends: dict[str, Callable[[Path], Any]] = {
        "sqlite": sqlite_url, "postgres": lambda _tmp: postgres_url()}
    rows = ["| backend | stored before | median ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp_name:
        tmp = Path(tmp_name)
        started = time.perf_counter()
        items = prepare(tmp, args.articles, args.workers)
        print(f"prepared {len(items)} articles in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        for backend in args.backends.split(","):
            with backends[backend](tmp) as url:
                if url is None:
                    continue
                times = run(url, items, args.vacuum_every)
            rows += [r for s, e in WINDOWS if (r := _row(backend, times, s, e)) is not None]
    print("\n".join(rows))


if __name__ == "__main__":
    main()
