"""Pagination in a real crawl: a "Далее" pager to pageN.html is followed to the configured
depth, a pager linking back never loops, and a pager link into another section is not
followed. (Each pager style is tested on its own in test_discovery_parts.py, and the CMS
pagers in a crawl in test_discover_sites.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from monitor.crawl.runner import run_crawl
from tests.fixtures_sites import FACTORY_PAGE, crawl_config

pytestmark = pytest.mark.slow


def _listing(n: int, nxt: str) -> str:
    links = "".join(f'<a href="/news/{n}{i}.html">Новость {n}{i}</a>' for i in range(2))
    return (f"<html><body>{links}<div class='pager'><a href='{nxt}'>Далее</a>"
            "<a href='/sport/page2.html'>2</a></div></body></html>")


@pytest.mark.parametrize(("depth", "pages"), [(1, 2), (5, 3)])
def test_pager_words_to_the_depth_without_loops_or_leaving_the_section(
        make_site: Any, tmp_path: Path, depth: int, pages: int) -> None:
    files: dict[str, str | bytes] = {
        "news/index.html": _listing(1, "/news/page2.html"),
        "news/page2.html": _listing(2, "/news/page3.html"),
        "news/page3.html": _listing(3, "/news/"),  # "Далее" back to the first page
        "sport/page2.html": _listing(9, "/sport/page3.html"),
    }
    for n in (10, 11, 20, 21, 30, 31, 90, 91):
        files[f"news/{n}.html"] = FACTORY_PAGE.format(title=f"Завод номер {n} открыт")
    site = make_site(files)
    entry = {"name": "pager", "start_urls": [f"{site.base_url}/news/"],
             "article_pattern": r"/news/\d+\.html$"}
    config = crawl_config(tmp_path, [entry], obey_robots=False, listing_depth=depth)
    (summary,) = run_crawl(config, ["pager"])
    assert summary.status == "ok", summary
    listing = [r.path for r in site.requests if not r.path[len("/news/"):][:1].isdigit()]
    assert sorted(listing) == sorted(["/news/", "/news/page2.html", "/news/page3.html"][:pages])
    articles = [r.path for r in site.requests if r.path not in listing]
    assert len(articles) == len(set(articles)) == 2 * pages
