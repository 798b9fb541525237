"""Fixture sites served from 127.0.0.1 by monitor.demo.localsite, and crawl configs that use them.

``ontustik`` (site A): RSS feed, sitemap index -> news sitemap + gzip sitemap, a listing with
three pages, ru and kk articles on and off topic, a windows-1251 page, a robots.txt-disallowed
article and an off-domain redirect. ``reprint`` (site B): an Atom feed with a reprint of one of
A's articles under another headline, and one own article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.config.settings import Config, load_config
from monitor.demo.localsite import LocalSite

SITES_ROOT = Path(__file__).parent / "fixtures" / "sites"
# One short factory-news page of our own, for tests that serve a throwaway site.
FACTORY_PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>
<p>В Туркестанской области на территории индустриальной зоны начал работу новый завод по
выпуску строительных материалов. Предприятие создало сто двадцать рабочих мест.</p>
<p>Инвестиции в проект составили четыре миллиарда тенге, сообщили в акимате области.
Продукция будет поставляться на рынки соседних регионов и в другие страны.</p>
</article></body></html>"""


def site_entry(name: str, base_url: str, **extra: Any) -> dict[str, Any]:
    """The [[sites]] table of a fixture site served at ``base_url``."""
    if name == "ontustik":
        entry: dict[str, Any] = {
            "feeds": [f"{base_url}/rss.xml"],
            "sitemaps": [f"{base_url}/sitemap.xml"],
            "start_urls": [f"{base_url}/economy/"],
            "article_pattern": r"/news/\d+|/go/\d+",
            "region": "Turkestan",
        }
    elif name == "reprint":
        entry = {"feeds": [f"{base_url}/rss.xml"], "article_pattern": r"/news/\d+"}
    else:
        entry = {"feeds": [f"{base_url}/rss.xml"], "sitemaps": [f"{base_url}/sitemap.xml"]}
    return {"name": name, **entry, **extra}


def crawl_config(tmp_path: Path, sites: list[dict[str, Any]], **crawl: Any) -> Config:
    """A fast, quiet crawl config on a temporary SQLite database."""
    settings = {"download_delay": 0.0, "autothrottle": False, "workers": 1,
                "timeout_seconds": 5, "retries": 0, **crawl}
    return load_config(data={
        "data_dir": str(tmp_path),
        "database": {"url": f"sqlite:///{tmp_path / 'newsmon.db'}"},
        "crawl": settings,
        "sites": sites,
    }, environ={})


@pytest.fixture
def site_a() -> Iterator[LocalSite]:
    with LocalSite(SITES_ROOT / "ontustik") as site:
        yield site


@pytest.fixture
def site_b() -> Iterator[LocalSite]:
    with LocalSite(SITES_ROOT / "reprint") as site:
        yield site


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[Any]:
    """Serve a throwaway site: make_site({"rss.xml": "...", "_routes.toml": "..."})."""
    started: list[LocalSite] = []

    def make(files: dict[str, str | bytes], name: str = "site") -> LocalSite:
        root = tmp_path / f"www-{name}"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
        root.mkdir(parents=True, exist_ok=True)
        site = LocalSite(root).start()
        started.append(site)
        return site

    yield make
    for site in started:
        site.stop()
