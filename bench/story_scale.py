"""Same-story lookup at scale: a store of N synthetic article signatures, time per lookup.

Run: /work/venv/bin/python bench/story_scale.py [--articles 1000000] [--days 365]
(writes bench/out/story_scale.md too; the database is a temporary SQLite file, deleted)

The store is the product's own schema (storage.models: articles + story_keys with the
(key, first_seen) index), bulk-loaded with sqlite3 executemany. Each synthetic article has
the key mix of a real one: two places and a year drawn from small, skewed vocabularies (hot
keys), three numbers and four names from large ones. Lookups are storage.storykeys.find_story
for new articles that repeat the keys of a recent stored one (a real story) or are new.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "story_scale.md"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
_FMT = "%Y-%m-%d %H:%M:%S.%f"


def synthetic_keys(rng: random.Random) -> dict[str, float]:
    """The keys of one synthetic article: weights as monitor.article.storyfeatures gives them."""
    keys = {f"w:place{int(rng.paretovariate(1.2)) % 300}": 0.3 for _ in range(2)}
    keys[f"y:{rng.choice((2025, 2026, 2026, 2026))}"] = 0.3
    for _ in range(3):
        keys[f"n:{rng.randrange(1_000_000)}"] = 1.5
    for _ in range(4):
        keys[f"w:name{rng.randrange(200_000)}"] = 1.0
    return keys


def load(conn: object, n: int, days: int, seed: int = 1) -> list[tuple[int, dict[str, float]]]:
    """Insert n articles and their keys; returns (id, keys) of the last day's articles."""
    from monitor.article.storyfeatures import key_hash

    rng = random.Random(seed)
    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=OFF")  # story ids of a synthetic store: no stories rows
    cur.execute("DROP INDEX IF EXISTS ix_story_keys_key_seen")  # rebuilt once, after the load
    recent: list[tuple[int, dict[str, float]]] = []
    batch_a: list[tuple[object, ...]] = []
    batch_k: list[tuple[object, ...]] = []
    step = timedelta(days=days) / n
    for i in range(1, n + 1):
        seen = (NOW - timedelta(days=days) + step * i).replace(tzinfo=None).strftime(_FMT)
        keys = synthetic_keys(rng)
        batch_a.append((i, f"https://s{i % 50}.kz/n/{i}", f"https://s{i % 50}.kz/n/{i}",
                        f"s{i % 50}", f"Заголовок {i}", f"Текст новости номер {i}.", "ru",
                        seen, f"{i:040x}", i, 0, 0, 0, 0, i, 0))
        batch_k += [(i, key_hash(k), w, 0, seen) for k, w in keys.items()]
        if i > n - 2000:
            recent.append((i, keys))
        if len(batch_a) >= 20_000:
            _flush(cur, batch_a, batch_k)
    _flush(cur, batch_a, batch_k)
    cur.execute("CREATE INDEX ix_story_keys_key_seen ON story_keys "
                "(key, first_seen, article_id, weight)")  # as migration 0002 made it
    conn.commit()  # type: ignore[attr-defined]
    return recent


def _flush(cur: object, articles: list[tuple[object, ...]],
           keys: list[tuple[object, ...]]) -> None:
    cur.executemany(  # type: ignore[attr-defined]
        "INSERT INTO articles (id, url, canonical_url, site, title, text, language, first_seen,"
        " content_hash, simhash, band0, band1, band2, band3, story_id, sketch_size, relevant,"
        " score, topics, matched_terms, figures, places) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
        "?,?,0,0,'[]','{}','[]','[]')", articles)
    cur.executemany(  # type: ignore[attr-defined]
        "INSERT INTO story_keys (article_id, key, weight, in_title, first_seen)"
        " VALUES (?,?,?,?,?)", keys)
    articles.clear()
    keys.clear()


def measure(session: object, recent: list[tuple[int, dict[str, float]]], lookups: int,
            window_days: int) -> tuple[list[float], int]:
    """Milliseconds per find_story; half the lookups repeat a recent article's facts."""
    from monitor.article.samestory import pick_same_story
    from monitor.article.storyfeatures import hashed
    from monitor.article.types import StoryFeatures
    from storage.storykeys import find_story

    rng = random.Random(2)
    times, found = [], 0
    since = NOW - timedelta(days=window_days)
    for i in range(lookups):
        if i % 2 == 0:
            keys = dict(rng.choice(recent)[1])  # the same event, told again
        else:
            keys = synthetic_keys(rng)
        feats = hashed(StoryFeatures(language="ru", keys=keys))
        started = time.perf_counter()
        match = find_story(session, feats, since, pick_same_story)  # type: ignore[arg-type]
        times.append(1000 * (time.perf_counter() - started))
        found += match is not None
    return times, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--window-days", type=int, default=3)
    args = parser.parse_args()
    from storage.db import open_database

    with tempfile.TemporaryDirectory(prefix="story_scale_") as tmp:
        path = Path(tmp) / "scale.db"
        engine, make_session = open_database(f"sqlite:///{path}")
        started = time.perf_counter()
        raw = engine.raw_connection()
        recent = load(raw, args.articles, args.days)
        raw.close()
        load_s = time.perf_counter() - started
        with make_session() as session:
            measure(session, recent, 50, args.window_days)  # warm the page cache
            times, found = measure(session, recent, args.lookups, args.window_days)
        rows = args.articles * 10
        size_mb = os.path.getsize(path) / 2**20
        engine.dispose()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p95 = statistics.quantiles(times, n=20)[18]
    table = "\n".join([
        "| articles | story_keys rows | days | window | load s | lookup mean ms | p95 ms |"
        " matched | db MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {args.articles:,} | ~{rows:,} | {args.days} | {args.window_days} d | {load_s:.0f} |"
        f" {statistics.mean(times):.2f} | {p95:.2f} | {found}/{args.lookups} |"
        f" {size_mb:.0f} | {rss_mb:.0f} |",
    ])
    print(table)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# Same-story lookup at scale\n\n`python bench/story_scale.py`\n\n" + table
                   + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
