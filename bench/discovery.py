"""Discovery benchmark: from the homepage alone, how many of the curated entries' articles?

    python bench/discovery.py [--no-crawl] [--sites N]

Serves, from one LocalSite on 127.0.0.1, the fixture of every enabled built-in source
(tests/fixtures/sources/build.py, plus a front page per source: its feeds advertised, a menu
linking its listing sections, an about page, a tag page, robots.txt listing its sitemaps) and
the five CMS-shaped sites of tests/fixtures/cms (WordPress, 1C-Bitrix, Drupal, DLE, a
JavaScript-framework site). For each it runs ``newsmon sites discover`` from the homepage and
compares the article URLs the proposed entries list with those the curated entry finds (the
registry entry's fixture articles; the CMS sites' curated entries). Then, unless
``--no-crawl``, it crawls all proposed entries for real (one crawl process, a temporary
database) and checks what was stored: the curated articles found, and anything that is not an
article of the fixtures (an about, tag, author or section page would count here).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.config.settings import load_config  # noqa: E402
from monitor.config.sources import load_registry  # noqa: E402
from monitor.crawl.discover import DiscoveryError, discover_site  # noqa: E402
from monitor.crawl.runner import run_crawl  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Article  # noqa: E402
from tests.fixtures.cms.sites import build_cms  # noqa: E402
from tests.fixtures.sources.build import add_homepages, build  # noqa: E402


def _targets(tmp: Path, limit: int | None) -> tuple[object, list[tuple[str, str, set[str]]],
                                                     set[str]]:
    sources = [s for s in load_registry() if s.enabled][:limit]
    fx = build(tmp / "www", sources)
    _, cms = build_cms(tmp / "www", fx)
    add_homepages(fx, sources)
    targets = [(s.name, s.homepage, {a.url for a in fx.articles[s.name]}) for s in sources]
    targets += [(c.name, c.home, set(c.articles)) for c in cms]
    every_article = {u for _, _, urls in targets for u in urls}
    return fx, targets, every_article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-crawl", action="store_true", help="skip the real crawl")
    parser.add_argument("--sites", type=int, default=None, help="first N built-in sources")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-discovery-"))
    fx, targets, every_article = _targets(tmp, args.sites)
    rows, entries, found_all = [], [], 0
    with LocalSite(fx.root, by_host=True) as site:  # type: ignore[attr-defined]
        config = load_config(data={
            "data_dir": str(tmp), "database": {"url": f"sqlite:///{tmp / 'bench.db'}"},
            "sites": [], "crawl": {"download_delay": 0.0, "autothrottle": False, "workers": 1,
                                   "timeout_seconds": 10, "retries": 0, "listing_depth": 2,
                                   "resolve": fx.resolve(site.port)}}, environ={})  # type: ignore[attr-defined]
        started = time.monotonic()
        for name, home, curated in targets:
            try:
                proposals = discover_site(config, home, f"d-{name}")
            except DiscoveryError as exc:
                rows.append((name, len(curated), 0, 0, f"nothing: {exc}"))
                continue
            listed = {u for p in proposals for u in p.articles}
            found = len(curated & listed)
            found_all += found
            wrong = sorted(listed - every_article)
            rows.append((name, len(curated), found, len(wrong), ", ".join(wrong[:2])))
            for p in proposals:
                p.name = f"{p.name}-{len(entries)}"
                entries.append(p.entry())
        seconds = time.monotonic() - started
        total = sum(r[1] for r in rows)
        print("| site | curated articles | found from homepage | non-article URLs listed |")
        print("|---|---:|---:|---:|")
        for name, n, found, wrong, note in rows:
            print(f"| `{name}` | {n} | {found} | {wrong} |" + (f" {note}" if note else ""))
        print(f"\n{len(rows)} sites: {found_all} of {total} curated article URLs "
              f"({100 * found_all / max(total, 1):.1f} %) listed by the discovered entries; "
              f"{sum(r[3] for r in rows)} non-article URLs listed; discovery took "
              f"{seconds:.1f} s; {sum(1 for r in rows if r[1] and r[2] / r[1] < 0.95)} "
              "sites under 95 %")
        if not args.no_crawl:
            _crawl(config, entries, every_article, {u for _, _, c in targets for u in c}, tmp)
    return 0


def _crawl(config: object, entries: list[dict[str, object]], every_article: set[str],
           curated: set[str], tmp: Path) -> None:
    data = {**config.to_toml_dict(), "sites": entries}  # type: ignore[attr-defined]
    crawl_config = load_config(data=data, environ={})
    started = time.monotonic()
    summaries = run_crawl(crawl_config, [e["name"] for e in entries], time_limit=600)  # type: ignore[misc]
    seconds = time.monotonic() - started
    _, sessions = open_database(crawl_config.database_url)
    with sessions() as session:
        stored = set(session.scalars(select(Article.url)))
    wrong = sorted(stored - every_article)
    missing = sorted(curated - stored)
    if missing:
        print("not stored:", ", ".join(missing[:12]))
    skipped: dict[str, int] = {}
    for s in summaries:
        for reason, n in (s.skipped or {}).items():
            skipped[reason] = skipped.get(reason, 0) + int(n)
    print(f"\ncrawl of the {len(entries)} discovered entries: {len(stored & curated)} of "
          f"{len(curated)} curated articles stored "
          f"({100 * len(stored & curated) / max(len(curated), 1):.1f} %), {len(wrong)} stored "
          f"pages that are not fixture articles{': ' + ', '.join(wrong[:5]) if wrong else ''}; "
          f"{sum(s.status == 'ok' for s in summaries)} of {len(summaries)} entries ok; "
          f"skipped {dict(sorted(skipped.items()))}; {seconds:.0f} s")


if __name__ == "__main__":
    raise SystemExit(main())
