"""Broken sources are noticed on their first crawl: a feed or sitemap URL answering 200 with
an HTML error page or garbage is a discovery failure (an error of the site, and the site's
failure when nothing else was usable), not an empty document. The real Scrapy engine against
fixture sites on 127.0.0.1, the parsers on bytes, the health warning for a new source that
found nothing, and the ``sites check`` rows."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.config.settings import load_config
from monitor.crawl.runner import run_crawl
from monitor.crawl.sitecheck import check_sites
from monitor.health import site_warnings, warnings_for
from spiders import discovery
from storage.db import open_database
from storage.models import CrawlRun, FetchState
from tests.fixtures_sites import SITES_ROOT, crawl_config, site_entry

ERROR_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Ошибка</title></head>
<body><h1>Сервис временно недоступен</h1><p>Попробуйте позже<br></body></html>"""
EMPTY_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Тихо</title><link>{{BASE}}/</link></channel></rss>"""
GARBAGE = bytes(range(256)) * 4


def _rows(config: Any, model: Any) -> list[Any]:
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        return list(session.scalars(select(model)))


def _reprint_files() -> dict[str, str | bytes]:
    """The ``reprint`` fixture site (an Atom feed and two articles) as make_site files."""
    root = SITES_ROOT / "reprint"
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- the crawl ---------------------------------------------------------------------------

def test_feed_serving_an_html_error_page_fails_the_site(tmp_path: Path,
                                                        make_site: Any) -> None:
    site = make_site({"rss.xml": ERROR_PAGE}, "errpage")
    config = crawl_config(tmp_path, [site_entry("errpage", site.base_url, sitemaps=[])],
                          obey_robots=False)
    (summary,) = run_crawl(config)
    assert summary.status == "failed", summary
    assert summary.error == ("no feed, sitemap or listing page was usable: "
                             f"{site.base_url}/rss.xml: not a feed: HTML page")
    assert summary.errors == 1 and summary.new_articles == 0
    # SiteSummary carries no samples; the CrawlRun row keeps them
    (run,) = _rows(config, CrawlRun)
    assert run.error_samples == [f"{site.base_url}/rss.xml: not a feed: HTML page"]
    # The error page came with an ETag, but a 304 earned by it would hide the breakage from
    # every later crawl: no validators are kept and the next crawl fails the same way.
    assert _rows(config, FetchState) == []
    site.reset_log()
    (again,) = run_crawl(config)
    assert again.status == "failed" and "not a feed: HTML page" in (again.error or "")
    (request,) = [r for r in site.requests if r.path == "/rss.xml"]
    assert "If-None-Match" not in request.headers and request.status == 200


def test_sitemap_serving_garbage_fails_the_site(tmp_path: Path, make_site: Any) -> None:
    site = make_site({"sitemap.xml": GARBAGE}, "garbage")
    config = crawl_config(tmp_path, [site_entry("garbage", site.base_url, feeds=[])],
                          obey_robots=False)
    (summary,) = run_crawl(config)
    assert summary.status == "failed", summary
    assert (summary.error or "").endswith(f"{site.base_url}/sitemap.xml: "
                                          "not a sitemap: binary data")
    assert summary.errors == 1
    assert [r.status for r in _rows(config, CrawlRun)] == ["failed"]


def test_good_feed_and_broken_sitemap_is_ok_with_an_error(tmp_path: Path,
                                                          make_site: Any) -> None:
    site = make_site({**_reprint_files(), "sitemap.xml": '{"error": "not found"}'}, "half")
    config = crawl_config(tmp_path, [site_entry("half", site.base_url,
                                                article_pattern=r"/news/\d+")],
                          obey_robots=False)
    (summary,) = run_crawl(config)
    assert summary.status == "ok" and summary.error is None, summary
    assert summary.new_articles == 2
    assert summary.errors >= 1
    (run,) = _rows(config, CrawlRun)
    assert f"{site.base_url}/sitemap.xml: not a sitemap: JSON" in run.error_samples
    # The good feed's validators are kept; the broken sitemap's are not.
    assert {s.url for s in _rows(config, FetchState)} == {f"{site.base_url}/rss.xml"}


def test_empty_but_valid_feed_is_ok_without_errors(tmp_path: Path, make_site: Any) -> None:
    site = make_site({"rss.xml": EMPTY_RSS}, "quiet")
    config = crawl_config(tmp_path, [site_entry("quiet", site.base_url, sitemaps=[])],
                          obey_robots=False)
    (summary,) = run_crawl(config)
    assert (summary.status, summary.errors, summary.error) == ("ok", 0, None), summary
    assert summary.new_articles == 0
    assert [r.error_samples for r in _rows(config, CrawlRun)] == [[]]
    # ... but a new source that found nothing is worth a word in the digest.
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        (warning,) = site_warnings(session, config)
    assert warning.startswith("site quiet: new source found no article URL on its first crawl")


# -- the parsers -------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "problem"), [
    (ERROR_PAGE.encode(), "not a feed: HTML page"),
    (b"<h1>502 Bad Gateway</h1>", "not a feed: HTML page"),
    (b'{"items": []}', "not a feed: JSON"),
    (b"", "not a feed: empty body"),
    (GARBAGE, "not a feed: binary data"),
    (b"Service Unavailable", "not a feed: plain text"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
     "not a feed: XML document <urlset>"),
])
def test_feed_problems(body: bytes, problem: str) -> None:
    feed = discovery.parse_feed(body, "http://s.kz/rss")
    assert (feed.valid, feed.problem, feed.entries) == (False, problem, [])
    assert discovery.feed_entries(body, "http://s.kz/rss") == []  # the old API: still a list


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    b' xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>',
    # junk before the XML declaration (a PHP notice) does not hide the feed behind it
    b'Notice: Undefined index\n<?xml version="1.0"?><rss><channel/></rss>',
])
def test_empty_feeds_are_valid(body: bytes) -> None:
    feed = discovery.parse_feed(body, "http://s.kz/rss")
    assert feed.valid and feed.problem is None and feed.entries == []


def test_feed_with_items_is_valid() -> None:
    body = b"""<rss><channel><item><link>/news/1</link></item></channel></rss>"""
    feed = discovery.parse_feed(body, "http://s.kz/rss")
    assert feed.valid and [e.url for e in feed.entries] == ["http://s.kz/news/1"]


@pytest.mark.parametrize(("body", "problem"), [
    (ERROR_PAGE.encode(), "not a sitemap: HTML page"),
    (b'[{"loc": "http://s.kz/1"}]', "not a sitemap: JSON"),
    (b"  \n", "not a sitemap: empty body"),
    (GARBAGE, "not a sitemap: binary data"),
    (b"\x1f\x8b\x08\x00broken", "not a sitemap: broken gzip data"),
    (gzip.compress(ERROR_PAGE.encode()), "not a sitemap: HTML page"),
    (b"Not Found\nsee http://s.kz/ for more\n", "not a sitemap: text without URLs"),
    (b"<rss><channel/></rss>", "not a sitemap: XML document <rss>"),
])
def test_sitemap_problems(body: bytes, problem: str) -> None:
    sitemap = discovery.parse_sitemap(body, "http://s.kz/sitemap.xml")
    assert (sitemap.valid, sitemap.problem) == (False, problem)
    assert sitemap.entries == [] and sitemap.sitemaps == []


@pytest.mark.parametrize(("body", "urls"), [
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', []),
    (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', []),
    (gzip.compress(b"<urlset><url><loc>/n/1</loc></url></urlset>"), ["http://s.kz/n/1"]),
    (b"http://s.kz/1\n\nhttps://s.kz/2\nnot a url\n", ["http://s.kz/1", "https://s.kz/2"]),
])
def test_valid_sitemaps(body: bytes, urls: list[str]) -> None:
    sitemap = discovery.parse_sitemap(body, "http://s.kz/sitemap.xml")
    assert sitemap.valid and [e.url for e in sitemap.entries] == urls


# -- health ------------------------------------------------------------------------------

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def _runs(session: Session, site: str, specs: list[dict[str, Any]]) -> list[CrawlRun]:
    """specs oldest first, one run per 30 minutes ending just before NOW; newest first back."""
    for i, spec in enumerate(specs):
        started = NOW - timedelta(minutes=30 * (len(specs) - i))
        session.add(CrawlRun(site=site, started=started, finished=started + timedelta(minutes=1),
                             **{"status": "ok", "pages_fetched": 1, **spec}))
    session.commit()
    runs = session.scalars(select(CrawlRun).where(CrawlRun.site == site))
    return sorted(runs, key=lambda r: r.started, reverse=True)


def test_new_source_that_found_nothing_warns_after_its_first_crawl(db_session: Session,
                                                                   tmp_path: Path) -> None:
    nothing = {"new_articles": 0}
    _runs(db_session, "empty", [nothing])
    _runs(db_session, "skipping", [{"new_articles": 0, "pages_fetched": 4,
                                    "skipped": {"too_short": 2, "http_404": 1}}])
    _runs(db_session, "down", [{"status": "failed", "error": "HTTP 500"}])
    _runs(db_session, "fine", [{"new_articles": 2}])
    _runs(db_session, "older", [{"new_articles": 2}, nothing])  # not new: no warning
    _runs(db_session, "quiet", [nothing, nothing])  # warned once, then left to "silent"
    _runs(db_session, "stopped", [{"status": "interrupted"}])  # a stop proves nothing
    _runs(db_session, "reprints", [{"new_articles": 0, "duplicates": 3}])
    names = ("empty", "skipping", "down", "fine", "older", "quiet", "stopped", "reprints")
    config = load_config(data={
        "data_dir": str(tmp_path), "daemon": {"silent_after_runs": 4},
        "sites": [{"name": n, "feeds": [f"https://{n}.kz/rss.xml"]} for n in names]},
        environ={})
    assert site_warnings(db_session, config, NOW) == [
        "site empty: new source found no article URL on its first crawl (check its feeds, "
        "sitemaps and article_pattern)",
        "site skipping: new source yielded no article on its first crawl "
        "(skipped: http_404 1, too_short 2)",
        "site down: new source, its first crawl failed (HTTP 500)"]
    # An interrupted crawl before the first conclusive one does not hide it.
    runs = _runs(db_session, "late", [{"status": "interrupted"}, nothing])
    assert warnings_for("late", runs, 4) == [
        "site late: new source found no article URL on its first crawl (check its feeds, "
        "sitemaps and article_pattern)"]


# -- sites check -------------------------------------------------------------------------

def test_sites_check_says_not_a_feed_and_not_a_sitemap(tmp_path: Path, make_site: Any) -> None:
    site = make_site({"rss.xml": ERROR_PAGE, "sitemap.xml": GARBAGE}, "check")
    config = crawl_config(tmp_path, [site_entry("check", site.base_url)])
    rows = {r.probe: r for r in check_sites(config) if r.probe in ("feed", "sitemap")}
    assert (rows["feed"].ok, rows["feed"].detail) == (False, "not a feed: HTML page")
    assert (rows["sitemap"].ok, rows["sitemap"].detail) == (False, "not a sitemap: binary data")
