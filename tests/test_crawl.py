"""The crawl end to end: the real Scrapy engine (through run_crawl's child process) against
fixture sites on 127.0.0.1, into a temporary SQLite database. Plus the discovery parsers."""

from __future__ import annotations

import gzip
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.article.urls import canonical_url
from monitor.config.settings import ConfigError
from monitor.crawl.runner import SiteSummary, run_crawl
from monitor.demo.localsite import LocalSite
from spiders import discovery
from storage.db import open_database
from storage.models import Article, CrawlRun, FetchState
from tests.fixtures_sites import crawl_config, site_entry

DISCOVERY_PATHS = {"/robots.txt", "/rss.xml", "/sitemap.xml", "/sitemap-news.xml",
                   "/sitemap-articles.xml.gz", "/economy/", "/economy/?page=2",
                   "/economy/?page=3"}


def rows(config: Any, model: Any) -> list[Any]:
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        return list(session.scalars(select(model)))


def by_path(articles: list[Article]) -> dict[str, Article]:
    # The canonical URL: whether the feed's link (?utm_source=rss) or a sitemap's was
    # fetched first depends on the order of discovery.
    return {a.canonical_url.split("/", 3)[3]: a for a in articles}


def one(summaries: list[SiteSummary], site: str) -> SiteSummary:
    (summary,) = [s for s in summaries if s.site == site]
    return summary


# -- the whole crawl ---------------------------------------------------------------------

def test_crawl_stores_tags_dedupes_and_is_incremental(
        tmp_path: Path, site_a: LocalSite, site_b: LocalSite) -> None:
    config = crawl_config(tmp_path, [site_entry("ontustik", site_a.base_url),
                                     site_entry("reprint", site_b.base_url)])
    summary = one(run_crawl(config, ["ontustik"]), "ontustik")
    assert summary.status == "ok", summary
    assert (summary.new_articles, summary.duplicates, summary.relevant) == (5, 0, 3)
    # 1008 is a 404, 1009 a photo page without text, 1006 robots-disallowed, /go/1007 an
    # off-domain redirect
    assert summary.skipped["http_404"] == 1
    assert summary.skipped["robots"] == 1
    assert summary.skipped["offsite"] == 1
    assert sum(summary.skipped.values()) == 4

    articles = by_path(rows(config, Article))
    assert sorted(articles) == [f"news/{n}.html" for n in range(1001, 1006)]
    assert {p: a.language for p, a in articles.items()} == {
        "news/1001.html": "ru", "news/1002.html": "kk", "news/1003.html": "ru",
        "news/1004.html": "kk", "news/1005.html": "ru"}
    assert {p for p, a in articles.items() if a.relevant} == {
        "news/1001.html", "news/1002.html", "news/1005.html"}
    assert "тепличный комплекс" in articles["news/1005.html"].title  # windows-1251 page
    assert all(a.duplicate_of is None and a.story_id for a in articles.values())

    log = site_a.requests
    paths = [r.path.split("?utm")[0] for r in log]
    assert not [p for p in paths if p.startswith("/private/")]  # robots.txt obeyed
    assert not [r for r in log if r.host.startswith("localhost")]  # redirect dropped
    assert paths.count("/news/1001.html") == 1  # in the feed, both sitemaps and the listing
    assert "/economy/?page=3" in paths and "/economy/?page=4" not in paths
    assert all(r.headers.get("User-Agent", "").startswith("newsmon/") for r in log)
    (run,) = rows(config, CrawlRun)
    assert (run.status, run.new_articles, run.relevant) == ("ok", 5, 3)
    assert run.pages_fetched == len([r for r in log if not 300 <= r.status < 400])

    # Second crawl of the unchanged site: only discovery documents, asked conditionally.
    site_a.reset_log()
    again = one(run_crawl(config, ["ontustik"]), "ontustik")
    assert again.status == "ok" and again.new_articles == 0
    assert site_a.count("/news/") == 0 and site_a.count("/go/") == 0
    assert {r.path for r in site_a.requests} <= DISCOVERY_PATHS
    conditional = {r.path: r for r in site_a.requests if r.path != "/robots.txt"}
    assert {"/rss.xml", "/sitemap.xml", "/economy/"} <= set(conditional)
    for request in conditional.values():
        assert "If-None-Match" in request.headers and "If-Modified-Since" in request.headers
        assert request.status == 304

    # Site B reprints A's 1001 under another headline: a duplicate in the same story.
    reprint = one(run_crawl(config, ["reprint"]), "reprint")
    assert (reprint.status, reprint.new_articles, reprint.duplicates) == ("ok", 1, 1)
    original = articles["news/1001.html"]
    copy = next(a for a in rows(config, Article) if a.url == f"{site_b.base_url}/news/77.html")
    assert copy.duplicate_of == original.canonical_url
    assert copy.story_id == original.story_id
    assert copy.title == "Завод полиэтиленовых труб появится в Шымкенте"


def test_sites_sharing_a_sitemap_each_read_it(tmp_path: Path, site_a: LocalSite) -> None:
    # Two editions of one outlet list their articles in one sitemap (informburo's ru and kk).
    config = crawl_config(tmp_path, [
        site_entry("edition-ru", site_a.base_url, feeds=[], article_pattern=r"/news/100[13]\."),
        site_entry("edition-kk", site_a.base_url, feeds=[], article_pattern=r"/news/1002\.")])
    assert one(run_crawl(config, ["edition-ru"]), "edition-ru").new_articles == 2
    site_a.reset_log()
    kk = one(run_crawl(config, ["edition-kk"]), "edition-kk")
    # The ru edition's validators are not the kk edition's: no 304 hides the sitemap.
    (index,) = [r for r in site_a.requests if r.path == "/sitemap.xml"]
    assert "If-None-Match" not in index.headers and index.status == 200
    assert (kk.status, kk.new_articles) == ("ok", 1)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_failed_sites_do_not_stop_the_others(tmp_path: Path, site_b: LocalSite,
                                             make_site: Any) -> None:
    down = make_site({"_routes.toml": '["/*"]\nstatus = 500\n'}, "down")
    gone = f"http://127.0.0.1:{_closed_port()}"
    config = crawl_config(tmp_path, [
        site_entry("reprint", site_b.base_url), site_entry("down", down.base_url),
        site_entry("gone", gone)])
    summaries = run_crawl(config)
    assert [s.site for s in summaries] == ["reprint", "down", "gone"]
    assert one(summaries, "reprint").status == "ok"
    assert one(summaries, "reprint").new_articles == 2
    failed_down, failed_gone = one(summaries, "down"), one(summaries, "gone")
    assert failed_down.status == "failed" and "HTTP 500" in (failed_down.error or "")
    assert failed_gone.status == "failed" and "refused" in (failed_gone.error or "").lower()
    assert failed_down.errors >= 1 and failed_gone.errors >= 1
    assert down.count("/rss.xml") == 1 and down.count("/sitemap.xml") == 1
    assert len(rows(config, Article)) == 2
    statuses = {r.site: r.status for r in rows(config, CrawlRun)}
    assert statuses == {"reprint": "ok", "down": "failed", "gone": "failed"}


def test_hanging_server_fails_within_the_timeout(tmp_path: Path, make_site: Any) -> None:
    slow = make_site({"rss.xml": "<rss/>", "_routes.toml": '["/*"]\ndelay = 8\n'}, "slow")
    config = crawl_config(tmp_path, [site_entry("slow", slow.base_url)], timeout_seconds=1,
                          obey_robots=False)
    started = time.monotonic()
    (summary,) = run_crawl(config)
    assert time.monotonic() - started < 8
    assert summary.status == "failed"
    assert "timeout" in (summary.error or "").lower()


FEED = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>Бір</title><link>{{BASE}}/news/1.html</link></item>
</channel></rss>"""


def test_time_limit_kills_the_crawl_and_keeps_no_validators(tmp_path: Path,
                                                           make_site: Any) -> None:
    site = make_site({"rss.xml": FEED, "news/1.html": "<p>x</p>",
                      "_routes.toml": '["/news/*"]\ndelay = 30\n'}, "stuck")
    config = crawl_config(tmp_path, [site_entry("stuck", site.base_url, sitemaps=[])],
                          timeout_seconds=60, obey_robots=False)
    started = time.monotonic()
    # 8 s: time for a loaded machine to start the crawl process and the site (a site not
    # started by then is failed too, but then the test would not see its feed being read).
    (summary,) = run_crawl(config, time_limit=8)
    assert time.monotonic() - started < 8 + 15
    assert summary.status == "failed" and "time limit" in (summary.error or "")
    assert summary.run_id is not None
    assert [r.status for r in rows(config, CrawlRun)] == ["failed"]
    # The feed was read, but its article never arrived: the next crawl must read it again.
    assert "/rss.xml" in [r.path for r in site.requests]
    assert rows(config, FetchState) == []


def test_time_limit_before_the_site_starts_is_said_so(tmp_path: Path, make_site: Any) -> None:
    """A limit shorter than the crawl process's start: the site never started, and its
    summary and run row say the time limit, not a crash of the crawl."""
    site = make_site({"rss.xml": FEED}, "late")
    config = crawl_config(tmp_path, [site_entry("late", site.base_url, sitemaps=[])],
                          obey_robots=False)
    (summary,) = run_crawl(config, time_limit=0.2)
    assert summary.status == "failed" and summary.run_id is not None
    assert summary.error == "time limit of 0.2 s exceeded before the site started"
    assert [(r.status, r.error) for r in rows(config, CrawlRun)] == [
        ("failed", "time limit of 0.2 s exceeded before the site started")]


def test_unknown_site_is_a_config_error(tmp_path: Path) -> None:
    config = crawl_config(tmp_path, [site_entry("reprint", "http://127.0.0.1:9")])
    with pytest.raises(ConfigError, match="nope"):
        run_crawl(config, ["nope"])


# -- discovery parsers -------------------------------------------------------------------

def test_feed_entries_rss_atom_and_broken_xml() -> None:
    rss = b"""  <?xml version="1.0" encoding="windows-1251"?>
<rss><channel><title>A & B</title><link>http://s.kz/</link>
<item><title> \xc7\xe0\xe2\xee\xe4 </title><link>/news/1</link>
<pubDate>Mon, 23 Nov 2026 10:15:00 +0500</pubDate></item>
<item><guid>http://s.kz/news/2</guid></item>
<item><guid isPermaLink="false">x-3</guid></item>
</channel></rss>"""
    entries = discovery.feed_entries(rss, "http://s.kz/rss")
    assert [e.url for e in entries] == ["http://s.kz/news/1", "http://s.kz/news/2"]
    assert entries[0].hints == {"title": "Завод", "published": "2026-11-23T10:15:00+05:00"}
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>
<link rel="enclosure" href="/img.jpg"/><link href="/a/1"/><updated>2026-11-23T05:00:00Z</updated>
</entry></feed>"""
    (entry,) = discovery.feed_entries(atom, "http://s.kz/")
    assert entry.url == "http://s.kz/a/1"
    assert entry.hints == {"title": "T", "published": "2026-11-23T05:00:00+00:00"}
    assert discovery.feed_entries(b"", "http://s.kz/") == []
    assert discovery.feed_entries(b"<html>not a feed", "http://s.kz/") == []


def test_sitemaps_index_news_gzip_and_text() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://s.kz/a.xml</loc></sitemap><sitemap><loc>/b.xml.gz</loc></sitemap>
</sitemapindex>"""
    assert discovery.parse_sitemap(index, "http://s.kz/s.xml").sitemaps == [
        "http://s.kz/a.xml", "http://s.kz/b.xml.gz"]
    news = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://s.kz/n/1</loc>
<news:news><news:publication_date>2026-11-23</news:publication_date>
<news:title>Жаңа зауыт</news:title></news:news></url>
<url><loc>http://s.kz/n/2</loc><lastmod>2026-11-22T10:00:00+05:00</lastmod></url></urlset>"""
    parsed = discovery.parse_sitemap(gzip.compress(news.encode()), "http://s.kz/")
    assert [(e.url, e.hints) for e in parsed.entries] == [
        ("http://s.kz/n/1", {"title": "Жаңа зауыт", "published": "2026-11-23T00:00:00"}),
        ("http://s.kz/n/2", {"published": "2026-11-22T10:00:00+05:00"})]
    text = discovery.parse_sitemap(b"http://s.kz/1\n\nhttps://s.kz/2\nnot a url\n", "http://s.kz/")
    assert [e.url for e in text.entries] == ["http://s.kz/1", "https://s.kz/2"]


@pytest.mark.parametrize(("url", "html", "css", "expected"), [
    ("http://s.kz/ru/news/", '<a href="?page=2">2</a><a href="?page=3">3</a>', None,
     "http://s.kz/ru/news/?page=2"),
    ("http://s.kz/ru/news/?page=2", '<a href="?page=1">1</a><a href="?page=3">3</a>', None,
     "http://s.kz/ru/news/?page=3"),
    ("http://s.kz/kk/", '<a href="/kk/page/2/">2</a><a href="/ru/page/2/">2</a>', None,
     "http://s.kz/kk/page/2/"),
    ("http://s.kz/list/", '<a href="/other/?PAGEN_1=2">2</a>', None, None),
    ("http://s.kz/list/", '<a href="/list/?PAGEN_1=2">2</a>', None,
     "http://s.kz/list/?PAGEN_1=2"),
    ("http://s.kz/x/", '<link rel="next" href="/x/p2">', None, "http://s.kz/x/p2"),
    ("http://s.kz/x/", '<div class="more"><a href="/x/more">more</a></div>', "div.more",
     "http://s.kz/x/more"),
    ("http://s.kz/x/", '<a class="load" href="/x/2">more</a>', "a.load", "http://s.kz/x/2"),
    ("http://s.kz/x/", "<p>no pager</p>", None, None),
])
def test_next_page(url: str, html: str, css: str | None, expected: str | None) -> None:
    assert discovery.next_page(html, url, css) == expected


def test_listing_links_are_absolute_unique_and_without_fragments() -> None:
    html = ('<a href="/n/1#c">1</a><a href="/n/1">1</a><a href="javascript:void(0)">x</a>'
            '<a href="mailto:a@b.kz">m</a><a href="https://t.me/x">tg</a>')
    assert discovery.listing_links(html, "http://s.kz/list/") == [
        "http://s.kz/n/1", "https://t.me/x"]
    assert canonical_url("http://s.kz/n/1?utm_source=rss") == canonical_url("http://s.kz/n/1")


def test_scrapy_crawl_command_works_too(tmp_path: Path, site_b: LocalSite) -> None:
    """Scrapy's own convention, from the project folder: scrapy crawl news -a site=NAME,
    with the config found the newsmon way ($NEWSMON_CONFIG)."""
    import json
    import os
    import subprocess
    import sys

    config = crawl_config(tmp_path, [site_entry("reprint", site_b.base_url)])
    lines = [f"data_dir = {json.dumps(str(tmp_path))}", "[database]",
             f"url = {json.dumps(config.database_url)}", "[crawl]", "download_delay = 0.0",
             "autothrottle = false", "workers = 1", "[[sites]]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in config.sites[0].to_dict().items()]
    path = tmp_path / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "NEWSMON_CONFIG": str(path), "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=reprint"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stored = rows(config, Article)
    assert stored and {a.site for a in stored} == {"reprint"}
    (run,) = rows(config, CrawlRun)
    assert run.status == "ok" and run.new_articles == len(stored)
    assert site_b.count("/news/") == len(stored)
