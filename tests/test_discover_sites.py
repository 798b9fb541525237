"""Discovery on fixture sites in the shapes of WordPress, 1C-Bitrix, Drupal, DLE and a
JavaScript-framework site (tests/fixtures/cms): from the homepage alone it finds every article
the curated entry finds and lists nothing else, though each site's configured entry is empty
or wrong; the curated entries' real crawls page through each site's pager style; and
``newsmon sites discover / add`` work as commands, with one-line errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.config.settings import Config, load_config
from monitor.crawl.discover import discover_site
from monitor.crawl.runner import run_crawl
from monitor.crawl.siteentry import DiscoveryError
from monitor.demo.localsite import LocalSite
from storage.db import open_database
from storage.models import Article
from tests.fixtures.cms.build import CmsSite
from tests.fixtures.cms.sites import build_cms
from tests.test_cli import one_line_error, run

pytestmark = pytest.mark.slow


@dataclass
class Served:
    site: LocalSite
    sites: dict[str, CmsSite]
    tmp: Path

    def config(self, sites: list[dict[str, Any]] | None = None, db: str = "x",
               **crawl: Any) -> Config:
        return load_config(data={
            "data_dir": str(self.tmp), "database": {"url": f"sqlite:///{self.tmp / db}.db"},
            "sites": sites or [],
            "crawl": {"download_delay": 0.0, "autothrottle": False, "workers": 1,
                      "timeout_seconds": 5, "retries": 0, "listing_depth": 2,
                      "resolve": [f"{s.host}=127.0.0.1:{self.site.port}"
                                  for s in self.sites.values()], **crawl}}, environ={})


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("cms")
    fx, sites = build_cms(tmp / "www")
    with LocalSite(fx.root, by_host=True) as site:
        yield Served(site, {s.name: s for s in sites}, tmp)


def _stored(config: Config) -> set[str]:
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        return set(session.scalars(select(Article.url)))


@pytest.mark.parametrize("name", ["wp", "bitrix", "drupal", "dle", "js"])
def test_discovery_from_the_homepage_finds_every_article(served: Served, name: str) -> None:
    cms = served.sites[name]
    proposals = discover_site(served.config(), cms.home)
    listed = {u for p in proposals for u in p.articles}
    assert listed == set(cms.articles)
    for proposal in proposals:
        pattern = re.compile(proposal.article_pattern)
        assert not any(pattern.search(u) for u in cms.non_articles), proposal.article_pattern
        assert all(s.ok for s in proposal.samples if s.url in cms.articles)
        assert f"[[sites]]\nname = '{proposal.name}'" in proposal.toml()
    # the entries load as a config
    served.config([p.entry() for p in proposals])


def test_language_editions_become_separate_entries(served: Served) -> None:
    proposals = discover_site(served.config(), "https://drupal-akimat.kz/ru/news", "akimat")
    assert {(p.name, p.language) for p in proposals} == {("akimat-ru", "ru"),
                                                         ("akimat-kk", "kk")}
    for p in proposals:
        prefix = "/ru/" if p.language == "ru" else "/kz/"
        assert all(prefix in u for u in p.articles)
        assert p.feeds == [f"https://drupal-akimat.kz{prefix}rss.xml"]
        assert "markup-articles" in p.quirks  # slug-only aliases: a loose pattern


def test_what_discovery_says_about_each_cms(served: Served) -> None:
    config = served.config()
    (wp,) = discover_site(config, "https://ontustik-wp.kz/2025/08/")
    assert wp.feeds == ["https://ontustik-wp.kz/feed/"]  # not advertised: the WordPress path
    assert wp.sitemaps == ["https://ontustik-wp.kz/wp-sitemap.xml"]
    assert "sitemap-follow:post" in wp.quirks  # not its category and user maps
    assert "# discovered from" in wp.toml() and "(wordpress site)" in wp.toml()
    (js,) = discover_site(config, "https://js-business.kz/")
    assert js.sitemaps == ["https://js-business.kz/sitemap-news.xml"] and not js.start_urls
    assert any("json-ld newsarticle" in s.detail for s in js.samples)


def test_curated_and_discovered_entries_crawl_the_same_articles(served: Served) -> None:
    """The real crawl: curated entries page through each pager style (listing_depth 2);
    the broken entries find nothing; the discovered entries store every article and no
    other page."""
    curated = [e for s in served.sites.values() for e in s.curated]
    config = served.config(curated, db="curated")
    summaries = run_crawl(config, [e["name"] for e in curated], time_limit=180)
    assert all(s.status == "ok" for s in summaries), summaries
    every = {u for s in served.sites.values() for u in s.articles}
    assert _stored(config) == every
    listed = {r.path for r in served.site.requests}
    for page in ("/news/?PAGEN_1=3", "/economy/page/3/", "/kz/news?page=2",
                 "/category/ekonomika/page/3/"):
        assert page in listed, page
    broken = [s.broken for s in served.sites.values()]
    config = served.config(broken, db="broken")
    run_crawl(config, [e["name"] for e in broken], time_limit=180)
    assert _stored(config) == set()
    found = [p.entry() for s in served.sites.values()
             for p in discover_site(served.config(), s.home, f"d-{s.name}")]
    config = served.config(found, db="found")
    run_crawl(config, [e["name"] for e in found], time_limit=180)
    assert _stored(config) == every


def test_discover_and_add_commands(served: Served, tmp_path: Path) -> None:
    config_file = tmp_path / "newsmon.toml"
    resolve = ", ".join(f'"{s.host}=127.0.0.1:{served.site.port}"'
                        for s in served.sites.values())
    config_file.write_text(f'[crawl]\ndownload_delay = 0.0\nresolve = [{resolve}]\n'
                           '[[sites]]\nname = "old"\nfeeds = ["https://old.kz/rss"]\n', "utf-8")
    args = ["--config", str(config_file), "--data-dir", str(tmp_path), "sites"]
    shown = run([*args, "discover", "https://dle-aimaq.kz/"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "[[sites]]\nname = 'dle-aimaq'" in shown.stdout
    added = run([*args, "add", "https://bitrix-habar.kz/", "--name", "habar", "--write"],
                tmp_path)
    assert added.returncode == 0, added.stderr
    config = load_config(config_file, environ={})
    assert [s.name for s in config.sites] == ["old", "habar"]
    assert config.site("habar").start_urls == ("https://bitrix-habar.kz/news/",)
    again = run([*args, "add", "https://bitrix-habar.kz/", "--name", "habar", "--write"],
                tmp_path)
    one_line_error(again, "'habar' is already in")
    one_line_error(run([*args, "discover", "not a url"], tmp_path), "not an http(s) URL")
    one_line_error(run([*args, "discover", "http://127.0.0.1:9/"], tmp_path), "cannot read")
    one_line_error(run([*args, "add", "https://dle-aimaq.kz/"], tmp_path), "--name")


def test_a_site_with_nothing_is_a_clear_error(make_site: Any, tmp_path: Path) -> None:
    site = make_site({"index.html": "<html><body><p>Сайт в разработке</p></body></html>"})
    config = load_config(data={"data_dir": str(tmp_path), "sites": [],
                               "crawl": {"download_delay": 0.0}}, environ={})
    with pytest.raises(DiscoveryError, match="no articles found"):
        discover_site(config, site.base_url + "/")
