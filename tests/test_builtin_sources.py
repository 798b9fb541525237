"""Every enabled built-in source, crawled end to end against a fixture of its own shape.

The fixtures (tests/fixtures/sources/build.py) are generated from the registry: each source's
hosts, feeds / sitemaps / listings and article markup, served by ONE LocalSite that answers
for all hosts by Host header; ``crawl.resolve`` maps every host there. All sources run in one
crawl process (run_crawl), then each source is checked on its stored rows and CrawlRun.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from monitor.article.dates import ALMATY
from monitor.article.extract import extract_article
from monitor.config.profile import build_profile
from monitor.config.settings import Config, load_config
from monitor.config.sources import Source, load_registry
from monitor.crawl.runner import SiteSummary, run_crawl
from monitor.demo.localsite import LocalSite
from spiders.discovery import fix_loc, fix_url
from storage.db import open_database
from storage.models import Article
from tests.fixtures.sources.build import Fixtures, build, source_articles

pytestmark = pytest.mark.slow

ENABLED = [s for s in load_registry() if s.enabled]
BY_NAME = {s.name: s for s in ENABLED}


@dataclass
class Crawled:
    fixtures: Fixtures
    site: LocalSite
    config: Config
    summaries: dict[str, SiteSummary]
    articles: dict[str, Article]  # by URL
    seconds: float


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("builtin")
    fixtures = build(tmp / "www", ENABLED)
    with LocalSite(fixtures.root, by_host=True) as site:
        # No [[sites]]: the config watches the built-in registry itself.
        config = load_config(data={
            "data_dir": str(tmp), "database": {"url": f"sqlite:///{tmp / 'newsmon.db'}"},
            "crawl": {"download_delay": 0.0, "autothrottle": False, "workers": 1,
                      "timeout_seconds": 10, "retries": 0, "listing_depth": 1,
                      "resolve": fixtures.resolve(site.port)},
        }, environ={})
        started = datetime.now(UTC)
        summaries = run_crawl(config, [s.name for s in ENABLED], time_limit=240)
        seconds = (datetime.now(UTC) - started).total_seconds()
        _, sessions = open_database(config.database_url)
        with sessions() as session:
            articles = {a.url: a for a in session.scalars(select(Article))}
            for article in articles.values():
                session.expunge(article)
        yield Crawled(fixtures, site, config, {s.site: s for s in summaries}, articles, seconds)


def _as_almaty(value: datetime) -> datetime:
    # SQLite gives back naive datetimes; storage keeps them in UTC
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(ALMATY)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_source_is_crawled_and_extracted(crawled: Crawled, name: str) -> None:
    source: Source = BY_NAME[name]
    expected = crawled.fixtures.articles[name]
    assert expected, f"{name}: the fixture has no article"
    summary = crawled.summaries[name]
    assert summary.status == "ok", summary
    assert summary.new_articles + summary.duplicates == len(expected), summary
    for kind, count in crawled.fixtures.skipped[name].items():
        assert summary.skipped.get(kind) == count, summary
    for art in expected:
        stored = crawled.articles.get(art.url)
        assert stored is not None, f"{art.url} not stored; have {summary}"
        assert stored.site == name
        assert stored.title == art.title
        assert stored.published is not None
        published = _as_almaty(stored.published)
        assert published.date() == art.published.date()
        if art.has_time:
            assert (published.hour, published.minute) == (art.published.hour,
                                                          art.published.minute)
        assert art.snippet in stored.text
        assert art.lead in stored.text  # lead-in-separate-block puts a separate lead back
        for line in art.gone:  # the site's drop-line / stop-marker quirks
            assert line not in stored.text
        assert stored.language == (source.site.language or source.languages[0])


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_listing_links_that_are_not_articles_are_rejected(name: str) -> None:
    source = BY_NAME[name]
    pattern = source.site.article_re
    for url in source.non_examples:
        assert not pattern.search(url), url
    host = urlsplit(source.homepage).hostname
    assert not pattern.search(f"https://{host}/tag/ekonomika/")


def _requested(crawled: Crawled) -> dict[str, set[str]]:
    """URLs the crawl asked the fixture server for, rebuilt from Host + path."""
    out: dict[str, set[str]] = {}
    for request in crawled.site.requests:
        host = request.host.rsplit(":", 1)[0]
        out.setdefault(host, set()).add(request.path)
    return out


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def test_crawl_requests_exactly_discovery_and_articles(crawled: Crawled) -> None:
    fixtures = crawled.fixtures
    requested = _requested(crawled)
    assert set(requested) == fixtures.hosts  # every host went through crawl.resolve
    assert "127.0.0.1" not in requested
    wanted: dict[str, set[str]] = {}
    for url in fixtures.discovery | {a.url for arts in fixtures.articles.values()
                                     for a in arts}:
        wanted.setdefault(urlsplit(url).hostname or "", set()).add(_path(url))
    for host, paths in requested.items():
        assert "/robots.txt" in paths, host  # robots.txt of the real host, via the mapping
        assert paths - {"/robots.txt"} == wanted[host], host
    for url in fixtures.decoys:  # skipped sitemap children, paid / excluded / decoy articles
        assert _path(url) not in requested.get(urlsplit(url).hostname or "", set()), url
    assert all(r.status == 200 for r in crawled.site.requests if r.path != "/robots.txt")


def test_one_crawl_for_all_sources_is_quick(crawled: Crawled) -> None:
    assert len(crawled.summaries) == len(ENABLED) >= 40
    assert crawled.seconds < 240


def test_site_text_rules_are_what_removes_the_quirk_lines() -> None:
    # kazpravda's fixture page carries a 'Kazpravda.kz' line that generic cleanup keeps
    index = next(i for i, s in enumerate(ENABLED) if s.name == "kazpravda")
    (article, *_) = source_articles(ENABLED[index], index)[0]
    assert article.gone
    page = extract_article(article.page, article.url, profile=ENABLED[index].site.profile)
    assert page.title == article.title
    assert all(line not in page.text for line in article.gone)
    raw = extract_article(article.page, article.url)
    assert any(line in raw.text for line in article.gone)


def test_discovery_quirk_table() -> None:
    quirks = build_profile("t", ["sitemap-loc-doubled-host", "sitemap-follow:sitemap-news",
                                 "page-url:https://vlast.kz/novosti/{n}", "amp-duplicate",
                                 "sponsored-section:/special/", "sitemap-frozen"])
    assert fix_loc(quirks, "https://tengrinews.kzhttps://tengrisport.kz/f/m-1/") == \
        "https://tengrisport.kz/f/m-1/"
    assert fix_loc(quirks, "https://tengrinews.kz/a/") == "https://tengrinews.kz/a/"
    assert fix_url(quirks, "https://egemen.kz/amp/article/1-x") == \
        "https://egemen.kz/article/1-x"
    assert fix_url(quirks, "https://kz.kursiv.media/2025-12-17/x/amp/") == \
        "https://kz.kursiv.media/2025-12-17/x/"
    assert quirks.follows("https://t.kz/sitemap-news-1.xml")
    assert not quirks.follows("https://t.kz/sitemap-tags-1.xml")
    assert quirks.page_url("https://vlast.kz/novosti", 2) == "https://vlast.kz/novosti/2"
    assert quirks.page_url("https://vlast.kz/other", 2) is None
    assert quirks.skip_reason("https://informburo.kz/special/x") == "paid"
    assert quirks.skip_reason("https://informburo.kz/novosti/x") is None
    assert not quirks.use_sitemaps
    plain = build_profile("plain")
    assert plain.use_sitemaps and plain.follows("anything")
    assert fix_url(plain, "u/amp/") == "u/amp/"
