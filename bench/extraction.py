"""Extraction benchmark: body token-F1 and date accuracy, trafilatura alone vs extract_article.

    python bench/extraction.py [--eval-dir ../shared/eval/extraction]

Reads the shared evaluation pages at run time (never copied into the project) and prints a
markdown table; exits 0 without output rows when the folder is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from htmldate import find_date

from monitor.article.extract import NotAnArticle, extract_article

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"
_TOKEN = re.compile(r"\w+")


def token_f1(predicted: str, gold: str) -> float:
    """Bag-of-tokens F1, as in scrapinghub/article-extraction-benchmark."""
    pred, ref = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(gold.lower()))
    common = sum((pred & ref).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def _ours(html: bytes, url: str) -> str:
    try:
        return extract_article(html, url, min_text_chars=0).text
    except NotAnArticle:
        return ""


def _trafilatura(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def _body_rows(folder: Path, ids: set[str] | None = None) -> list[tuple[str, float, float]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    systems: list[tuple[str, Callable[[bytes, str], str]]] = [
        ("trafilatura.extract (defaults)", _trafilatura), ("extract_article", _ours)]
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
             for key in truth if ids is None or key in ids}
    for name, system in systems:
        started = time.perf_counter()
        scores = [token_f1(system(html, truth[key]["url"]), truth[key]["articleBody"])
                  for key, html in pages.items()]
        elapsed = (time.perf_counter() - started) / max(len(pages), 1) * 1000
        rows.append((name, sum(scores) / max(len(scores), 1), elapsed))
    return rows


def _date_rows(folder: Path) -> list[tuple[str, float, float]]:
    gold = json.loads((folder / "dates.json").read_text(encoding="utf-8"))
    pages = {url: ((folder / "html" / item["file"]).read_bytes(), item["date"])
             for url, item in gold.items()}

    def ours(html: bytes, url: str) -> str | None:
        try:
            published = extract_article(html, url, min_text_chars=0).published
        except NotAnArticle:
            return None
        return published.date().isoformat() if published else None

    def htmldate(html: bytes, url: str) -> str | None:
        return find_date(html.decode("utf-8", "replace"), url=url, original_date=True)

    rows = []
    for name, system in (("htmldate.find_date (original_date)", htmldate),
                         ("extract_article", ours)):
        started = time.perf_counter()
        hits = sum(system(html, url) == day for url, (html, day) in pages.items())
        elapsed = (time.perf_counter() - started) / max(len(pages), 1) * 1000
        rows.append((name, hits / max(len(pages), 1), elapsed))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    root: Path = args.eval_dir
    if not root.is_dir():
        print(f"skipped: {root} not found")
        return 0
    print("| set | system | score | ms/page |\n|---|---|---|---|")
    sets = [("scrapinghub body F1", root / "scrapinghub", _body_rows),
            ("htmldate-cyrillic date accuracy", root / "htmldate-cyrillic", _date_rows)]
    for label, folder, measure in sets:
        if not folder.is_dir():
            continue
        for name, score, ms in measure(folder):
            print(f"| {label} | {name} | {score:.3f} | {ms:.0f} |")
    russian = root / "scrapinghub" / "ground-truth.russian-subset.json"
    if russian.is_file():
        ids = set(json.loads(russian.read_text(encoding="utf-8")))
        for name, score, ms in _body_rows(root / "scrapinghub", ids):
            print(f"| scrapinghub Russian subset ({len(ids)}) body F1 | {name} | {score:.3f} "
                  f"| {ms:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
