"""The crawl side of a site's profile, through the real Scrapy engine on 127.0.0.1:
geo-filtered timeouts, slow-responses limits, a listing selector, a JSON "load more" pager.
(sitemap and URL quirks: test_builtin_sources.py; page rules: test_profile_pages.py)"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from monitor.config.profile import build_profile
from monitor.crawl.runner import run_crawl
from spiders import discovery
from tests.fixtures_sites import FACTORY_PAGE, crawl_config, site_entry
from tests.waiting import wait_for

SECOND = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Тепличный комплекс в Шымкенте</title></head><body><article>
<h1>Тепличный комплекс в Шымкенте</h1>
<p>Под Шымкентом открылся тепличный комплекс площадью двенадцать гектаров: здесь круглый год
будут выращивать томаты и огурцы для городских рынков и магазинов.</p>
<p>Комплекс построил местный агрохолдинг на собственные и заемные средства, а газ и воду к
участку подвели за счет городского бюджета. Работу получили восемьдесят человек.</p>
</article></body></html>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>Завод</title><link>{{BASE}}/news/1.html</link></item>
</channel></rss>"""


def _site(make_site: Any, name: str, routes: str = "") -> Any:
    files = {"rss.xml": FEED, "news/1.html": FACTORY_PAGE.format(title="Новый завод в Туркестане")}
    if routes:
        files["_routes.toml"] = routes
    return make_site(files, name)


def test_geo_filtered_timeouts_are_skips_not_a_failure(tmp_path: Path, make_site: Any) -> None:
    routes = '["/*"]\ndelay = 6\n'
    plain, geo = _site(make_site, "plain", routes), _site(make_site, "geo", routes)
    config = crawl_config(tmp_path, [
        {"name": "plain", "feeds": [f"{plain.base_url}/rss.xml"]},
        {"name": "geo", "feeds": [f"{geo.base_url}/rss.xml"], "quirks": ["geo-filtered"]},
    ], timeout_seconds=1, obey_robots=False)
    summaries = {s.site: s for s in run_crawl(config)}
    assert summaries["plain"].status == "failed" and summaries["plain"].errors >= 1
    assert summaries["geo"].status == "ok", summaries["geo"].error
    assert summaries["geo"].errors == 0 and summaries["geo"].skipped.get("geo_timeout") == 1


def test_slow_responses_get_a_short_timeout_and_one_retry(tmp_path: Path,
                                                          make_site: Any) -> None:
    # The article answers after 3 s: inside the crawl's 9 s timeout, beyond the 3 s a slow
    # site gets (a third of it); and a slow site is retried once, not crawl.retries times.
    routes = '["/news/1.html"]\ndelay = 3.5\n'
    plain, slow = _site(make_site, "plain", routes), _site(make_site, "slow", routes)
    config = crawl_config(tmp_path, [
        {"name": "plain", "feeds": [f"{plain.base_url}/rss.xml"]},
        {"name": "slow", "feeds": [f"{slow.base_url}/rss.xml"], "quirks": ["slow-responses"]},
    ], timeout_seconds=9, retries=3, obey_robots=False)
    summaries = {s.site: s for s in run_crawl(config)}
    assert summaries["plain"].new_articles == 1 and plain.count("/news/1.html") == 1
    assert summaries["slow"].new_articles == 0 and summaries["slow"].errors == 1
    # The server logs a request when it answers, after its delay: wait for the retry's.
    wait_for("the retry of the slow article", lambda: slow.count("/news/1.html") >= 2, 10)
    time.sleep(4)  # and no third try comes
    assert slow.count("/news/1.html") == 2  # the first try and one retry


def test_listing_selector_picks_only_the_news_column() -> None:
    html = ('<div class="feed"><a href="/news/1">1</a><p><a href="/news/2">2</a></p></div>'
            '<aside class="popular"><a href="/news/99">old</a></aside>')
    assert discovery.listing_links(html, "https://s.kz/", "div.feed") == [
        "https://s.kz/news/1", "https://s.kz/news/2"]
    assert discovery.listing_links(html, "https://s.kz/", "a.missing") == [
        "https://s.kz/news/1", "https://s.kz/news/2", "https://s.kz/news/99"]


def test_load_more_json_links_and_its_url_template() -> None:
    body = json.dumps({"ok": True, "data": [{"html": '<a href="/news/7">7</a>'},
                                             {"html": "<b>no link</b>"}], "next": 3})
    assert discovery.json_html_links(body.encode(), "https://z.kz/news/") == [
        "https://z.kz/news/7"]
    assert discovery.json_html_links(b"<html>not json</html>", "https://z.kz/") is None
    profile = build_profile("z", ["ajax-pagination:https://z.kz/news/?more=1&p={n}"])
    assert profile.ajax_url("https://z.kz/news/", 2) == "https://z.kz/news/?more=1&p=2"
    assert profile.ajax_url("https://other.kz/news/", 2) is None


def test_load_more_pages_are_crawled_to_the_listing_depth(tmp_path: Path,
                                                          make_site: Any) -> None:
    listing = '<html><body><a href="{{BASE}}/news/1.html">1</a></body></html>'
    more = json.dumps({"html": '<a href="{{BASE}}/news/2.html">2</a>'})
    site = make_site({
        "news/index.html": listing, "more2.json": more,
        "news/1.html": FACTORY_PAGE.format(title="Новый завод в Туркестане"),
        "news/2.html": SECOND,
        "_routes.toml": '["/news/?more=1&p=2"]\nfile = "more2.json"\n'
                        '["/news/?more=1&p=3"]\nstatus = 404\n',
    }, "ajax")
    entry = site_entry("ajax", site.base_url, feeds=[], sitemaps=[],
                       start_urls=[f"{site.base_url}/news/"], article_pattern=r"/news/\d+",
                       quirks=[f"ajax-pagination:{site.base_url}/news/?more=1&p={{n}}"])
    config = crawl_config(tmp_path, [entry], obey_robots=False, listing_depth=1)
    (summary,) = run_crawl(config)
    assert summary.status == "ok" and summary.new_articles == 2
    assert site.count("/news/?more=1&p=2") == 1 and site.count("/news/?more=1&p=3") == 0
