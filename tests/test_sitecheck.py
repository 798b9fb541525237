"""``newsmon sites check``: live probes, run here against the per-source fixtures through
``crawl.resolve`` (one LocalSite answering for every host), plus one deliberately broken site."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.config.settings import Config, ConfigError, load_config
from monitor.config.sources import load_registry
from monitor.crawl.sitecheck import (
    CheckRow,
    broken_reason,
    check_sites,
    render_table,
    site_verdicts,
)
from monitor.demo.localsite import LocalSite
from tests.fixtures.sources.build import build
from tests.fixtures_sites import FACTORY_PAGE

GOOD = ("kazpravda", "tengrinews-ru", "informburo-ru")
BROKEN_HOST = "broken.example.kz"
BROKEN_LISTING = """<html><body><a href="https://broken.example.kz/about/">О нас</a>
<a href="https://broken.example.kz/tag/zavod/">завод</a></body></html>"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalSite, Path]]:
    tmp = tmp_path_factory.mktemp("sitecheck")
    sources = [s for s in load_registry() if s.name in GOOD]
    fixtures = build(tmp / "www", sources)
    listing = fixtures.root / BROKEN_HOST / "news" / "index.html"
    listing.parent.mkdir(parents=True)
    listing.write_text(BROKEN_LISTING, "utf-8")
    with (fixtures.root / "_routes.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n["/{BROKEN_HOST}/rss.xml"]\nstatus = 500\n')
    with LocalSite(fixtures.root, by_host=True) as site:
        yield site, tmp


def _config(site: LocalSite, tmp: Path, **crawl: object) -> Config:
    hosts = ("kazpravda.kz", "tengrinews.kz", "informburo.kz", BROKEN_HOST)
    resolve = [f"{h}=127.0.0.1:{site.port}" for h in hosts]
    registry = {s.name: s.site.to_dict() for s in load_registry()}
    broken = {"name": "broken-news", "feeds": [f"https://{BROKEN_HOST}/rss.xml"],
              "start_urls": [f"https://{BROKEN_HOST}/news/"],
              "article_pattern": r"^https://broken\.example\.kz/news/\d+$"}
    return load_config(data={
        "data_dir": str(tmp), "sites": [*(registry[n] for n in GOOD), broken],
        "crawl": {"resolve": resolve, "timeout_seconds": 5, **crawl}}, environ={})


def _rows(rows: list[CheckRow], site: str, probe: str) -> list[CheckRow]:
    return [r for r in rows if r.site == site and r.probe == probe]


def test_check_reports_working_sources_ok(served: tuple[LocalSite, Path]) -> None:
    site, tmp = served
    site.reset_log()
    rows = check_sites(_config(site, tmp), list(GOOD))
    verdicts = site_verdicts(rows)
    assert verdicts == dict.fromkeys(GOOD, True), render_table(rows)
    (sitemap,) = _rows(rows, "tengrinews-ru", "sitemap")
    # sitemap-follow + doubled <loc>s repaired: the one article of the news child map
    assert sitemap.detail.startswith("1 article URLs")
    (robots,) = _rows(rows, "kazpravda", "robots")
    assert robots.ok and robots.detail.startswith("allows ")
    (article,) = _rows(rows, "kazpravda", "article")
    assert "2025-08-" in article.detail and "body" in article.detail
    # informburo's paid /special/ article is not the one tried
    (listing,) = _rows(rows, "informburo-ru", "listing")
    assert listing.detail.startswith("1 article URLs")  # the paid /special/ one left out
    log = site.requests
    assert {r.host for r in log} == {"kazpravda.kz", "tengrinews.kz", "informburo.kz"}
    assert all(r.headers.get("User-Agent", "").startswith("newsmon/") for r in log)
    assert "/sitemap-tags-1.xml" not in {r.path for r in log}  # not followed


def test_check_reports_a_broken_source_and_why(served: tuple[LocalSite, Path]) -> None:
    site, tmp = served
    rows = check_sites(_config(site, tmp), ["broken-news"])
    assert site_verdicts(rows) == {"broken-news": False}
    (feed,) = _rows(rows, "broken-news", "feed")
    assert (feed.ok, feed.detail) == (False, "HTTP 500")
    (listing,) = _rows(rows, "broken-news", "listing")
    assert not listing.ok and listing.detail.startswith("no URL matches article_pattern")
    (article,) = _rows(rows, "broken-news", "article")
    assert not article.ok
    table = render_table(rows)
    assert table.startswith(
        "broken-news: BROKEN: feed https://broken.example.kz/rss.xml: HTTP 500 (+2 more)\n")
    assert "BROKEN  feed     https://broken.example.kz/rss.xml  HTTP 500" in table


def test_check_never_hangs_on_an_unmapped_dead_host(served: tuple[LocalSite, Path]) -> None:
    site, tmp = served
    config = _config(site, tmp, resolve=[f"{BROKEN_HOST}=127.0.0.1:9"])
    started = time.monotonic()
    rows = check_sites(config, ["broken-news"])
    assert time.monotonic() - started < 10
    (feed,) = _rows(rows, "broken-news", "feed")
    assert not feed.ok and "refused" in feed.detail.lower()


def test_check_unknown_site_is_a_config_error(served: tuple[LocalSite, Path]) -> None:
    site, tmp = served
    with pytest.raises(ConfigError):
        check_sites(_config(site, tmp), ["no-such-site"])


def test_cli_sites_check_prints_the_table_and_exits_1_when_broken(
        served: tuple[LocalSite, Path]) -> None:
    import json
    import subprocess
    import sys

    site, tmp = served
    toml_file = tmp / "check.toml"
    # JSON strings and lists are valid TOML values: enough to write this config by hand.
    cfg = _config(site, tmp)
    lines = [f"data_dir = {json.dumps(str(tmp))}", "[crawl]",
             f"resolve = {json.dumps(cfg['crawl.resolve'])}", "timeout_seconds = 5"]
    for entry in cfg.sites:
        lines.append("[[sites]]")
        for key, value in entry.to_dict().items():
            lines.append(f"{key} = {_toml_value(value)}")
    toml_file.write_text("\n".join(lines) + "\n", "utf-8")
    root = Path(__file__).parents[1]

    def run(*names: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "monitor", "--config", str(toml_file),
                               "sites", "check", *names], capture_output=True, text=True,
                              timeout=60, cwd=root)

    good = run("kazpravda")
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("kazpravda: OK")
    bad = run("kazpravda", "broken-news")
    assert bad.returncode == 1
    assert "broken-news: BROKEN: feed https://broken.example.kz/rss.xml: HTTP 500" in bad.stdout
    unknown = run("no-such-site")
    assert unknown.returncode == 2 and "no-such-site" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1


def _toml_value(value: object) -> str:
    """JSON spells TOML's strings, numbers, booleans and arrays; tables are inline tables."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


ROBOTS_FEED = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>1</title><link>{{BASE}}/news/1</link></item>
<item><title>2</title><link>{{BASE}}/news/2</link></item>
<item><title>ftp</title><link>ftp://files.example.kz/news/3</link></item>
</channel></rss>"""


def _robots_config(tmp: Path, base: str) -> Any:
    return load_config(environ={}, data={"data_dir": str(tmp), "sites": [{
        "name": "r", "feeds": [f"{base}/rss.xml"], "article_pattern": r"/news/\d+"}]})


def test_check_obeys_robots_for_every_request_and_a_missing_date_warns(
        tmp_path: Path, make_site: Any) -> None:
    page = FACTORY_PAGE.format(title="Новый завод в Туркестане")
    site = make_site({"rss.xml": ROBOTS_FEED, "news/1": page, "news/2": page,
                      "robots.txt": "User-agent: *\nDisallow: /news/1\n"}, "robots")
    rows = check_sites(_robots_config(tmp_path, site.base_url))
    assert site_verdicts(rows) == {"r": True}, render_table(rows)
    (feed,) = _rows(rows, "r", "feed")
    assert feed.detail == "2 article URLs of 3 links"  # the ftp:// link is not counted
    (robots,) = _rows(rows, "r", "robots")
    assert robots.ok and robots.detail == "allows 1 of 2 article URLs found"
    (article,) = _rows(rows, "r", "article")
    assert article.url.endswith("/news/2") and article.ok and article.warning
    assert "no date found" in article.detail
    assert "WARN" in render_table(rows)
    assert site.count("/news/1") == 0  # disallowed: never requested


def test_check_calls_a_site_broken_when_robots_forbids_every_article(
        tmp_path: Path, make_site: Any) -> None:
    page = FACTORY_PAGE.format(title="Новый завод в Туркестане")
    site = make_site({"rss.xml": ROBOTS_FEED, "news/1": page, "news/2": page,
                      "robots.txt": "User-agent: *\nDisallow: /news/\n"}, "closed")
    rows = check_sites(_robots_config(tmp_path, site.base_url))
    assert site_verdicts(rows) == {"r": False}
    assert broken_reason(rows, "r").startswith("robots ")
    (article,) = _rows(rows, "r", "article")
    assert article.detail == "robots.txt forbids every article URL found"
    assert site.count("/news/1") == 0 and site.count("/news/2") == 0
