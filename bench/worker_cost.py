"""What an extraction worker spends on one page, stage by stage, beside trafilatura alone.

    python bench/worker_cost.py [--pages 1000] [--repeat 3]

The pages are bench/crawl.py's generated article pages (our own Russian and Kazakh text
with realistic boilerplate). One process, one core, in one run: trafilatura.extract alone,
then each stage of the worker in the order the crawl runs them (extract with cleanup and
metadata, language, topics, figures, fingerprint, story features), each timed over all
pages; the best of ``--repeat`` rounds per stage. Prints a markdown table (ms per page).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import trafilatura  # noqa: E402
from crawl import generate_site  # noqa: E402

from monitor.article.analysis import _model  # noqa: E402
from monitor.article.extract import extract_article  # noqa: E402
from monitor.article.figures import extract_figures  # noqa: E402
from monitor.article.fingerprints import fingerprint  # noqa: E402
from monitor.article.language import article_language  # noqa: E402
from monitor.article.storyfeatures import features, hashed  # noqa: E402


def best_ms(fn: Callable[[Any], object], items: list[Any], repeat: int) -> float:
    """Milliseconds per item of the fastest of ``repeat`` rounds over all items."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best / len(items) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = [path.read_bytes() for path in generate_site(Path(tmp), args.pages)]
    url = "https://bench.example.kz/news/1.html"
    pages = [extract_article(html, url) for html in raw]
    tagged = [(page, article_language(page.text, title=page.title, url=url)) for page in pages]
    model = _model()
    stages: list[tuple[str, Callable[[Any], object], list[Any]]] = [
        ("extract (trafilatura + cleanup + metadata)", lambda h: extract_article(h, url), raw),
        ("language", lambda p: article_language(p.text, title=p.title, url=url), pages),
        ("topics and places", lambda t: model.score(t[0].title, t[0].text, t[1]), tagged),
        ("figures", lambda t: extract_figures(t[0].text, t[1]), tagged),
        ("fingerprint", lambda p: fingerprint(p.text), pages),
        ("story features", lambda t: hashed(features(t[0].title, t[0].text, t[1])), tagged),
    ]
    alone = best_ms(lambda h: trafilatura.extract(h, url=url), raw, args.repeat)
    rows = [(name, best_ms(fn, items, args.repeat)) for name, fn, items in stages]
    total = sum(ms for _, ms in rows)
    print(f"{len(raw)} generated pages, one process; best of {args.repeat} rounds\n")
    print("| stage | ms per page | share of the worker |")
    print("|---|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} | {ms / total:.0%} |")
    print(f"| **worker total** | **{total:.2f}** | 100% |")
    print(f"| trafilatura.extract alone | {alone:.2f} | worker = {total / alone:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
