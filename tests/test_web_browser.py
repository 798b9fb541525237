"""The web app in a real browser: `newsmon serve` runs as its own process on a database filled
by a real crawl of fixture sites on 127.0.0.1, and Debian's headless Chromium (driven by
Playwright, /usr/bin/chromium; nothing is downloaded) reads the digest, follows a story,
searches Russian and Kazakh word forms, and meets a headline carrying a <script>."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.crawl.runner import run_crawl
from monitor.demo.localsite import LocalSite
from tests.fixtures_sites import SITES_ROOT, crawl_config, site_entry

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 60.0  # generous: other test runs share the two cores
TOKEN = "browser-test-token"
EVIL_TITLE = 'Литейный цех <script>document.title="pwned"</script> откроют в индустриальной'

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config file whose database holds a real crawl of three fixture sites."""
    folder = tmp_path_factory.mktemp("web-crawl")
    with (LocalSite(SITES_ROOT / "ontustik") as a, LocalSite(SITES_ROOT / "reprint") as b,
          LocalSite(SITES_ROOT / "webnews") as c):
        sites = [site_entry("ontustik", a.base_url), site_entry("reprint", b.base_url),
                 site_entry("webnews", c.base_url, feeds=[f"{c.base_url}/rss.xml"],
                            sitemaps=[], article_pattern=r"/news/\d+", region="Жамбыл")]
        summaries = run_crawl(crawl_config(folder, sites), ["ontustik", "reprint", "webnews"])
    assert all(s.status == "ok" for s in summaries), summaries
    path = folder / "newsmon.toml"
    path.write_text(_toml(folder, sites), "utf-8")
    return path


def _toml(folder: Path, sites: list[dict[str, Any]]) -> str:
    lines = [f"data_dir = {json.dumps(str(folder))}", "[database]",
             f"url = {json.dumps('sqlite:///' + str(folder / 'newsmon.db'))}"]
    for site in sites:
        lines.append("[[sites]]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
                  for key, value in site.items()]
    return "\n".join(lines) + "\n"


def _serve(config: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `newsmon serve --port 0`; yield its URL once it answers; always stop it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--config", str(config), "serve", "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "NEWSMON_WEB_TOKEN": "", **(env or {})})
    try:
        url = _announced_url(proc)
        _wait_until_answering(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)
        assert proc.stderr is not None
        errors = proc.stderr.read().decode("utf-8", "replace")
        assert "Traceback" not in errors, errors[-3000:]
        assert proc.returncode == 0, errors[-3000:]  # SIGTERM is a clean stop


def _announced_url(proc: subprocess.Popen[bytes]) -> str:
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if selector.select(timeout=0.5):
            line = proc.stdout.readline().decode("utf-8")
            if line.startswith("serving "):
                return line.split()[1]
        if proc.poll() is not None:
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"newsmon serve exited with {proc.returncode}: {stderr[-2000:]}")
    pytest.fail(f"newsmon serve did not announce its address within {START_SECONDS} s")


def _wait_until_answering(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "api/sources", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers (401 when a token is needed)
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"newsmon serve exited with {proc.returncode}")
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {START_SECONDS} s")


@pytest.fixture(scope="module")
def server(crawled: Path) -> Iterator[str]:
    yield from _serve(crawled)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(30_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield page
    finally:
        context.close()
    assert dialogs == []  # no script of a page ever ran


def test_digest_lists_stories_and_a_story_shows_all_its_articles(page: Any, server: str) -> None:
    page.goto(server)
    assert page.locator("h1").inner_text().startswith("Digest ")
    stories = page.locator("article.story")
    assert stories.count() == 5  # 1001 with its reprint, 1002, 1005, webnews 501 and 502
    pipe = stories.filter(has_text="Шымкента построят завод")
    assert pipe.locator("ul.articles li").count() == 2  # one entry, both sites
    with page.expect_navigation():
        pipe.locator("a.story-link").click()
    assert "/story/" in page.url
    events = page.locator("ol.timeline li.event")
    assert events.count() == 2
    assert "reprint" in events.nth(1).inner_text()  # Регион Инфо's copy came second
    with page.expect_navigation():
        events.first.locator("a.article-link").click()
    assert "/article/" in page.url
    assert page.locator("section.why").inner_text().count("industrial_zones") >= 1
    assert page.locator("a.original").get_attribute("href").startswith("http://127.0.0.1")


def test_digest_filters_and_day_navigation(page: Any, server: str) -> None:
    page.goto(server)
    page.select_option("select[name=lang]", "kk")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "lang=kk" in page.url
    titles = page.locator("article.story h2").all_inner_texts()
    assert titles and all(any(ch in t for ch in "әғқңөұүһі") for t in titles), titles
    with page.expect_navigation():
        page.click("a.prev")
    assert "lang=kk" in page.url  # the filter goes along to the previous day
    assert "No relevant articles" in page.locator("main").inner_text()


def test_search_finds_kazakh_and_russian_word_forms(page: Any, server: str) -> None:
    page.goto(server + "search")
    for query, expected in (("аймақтарында", "индустриалды аймақ ашылады"),
                            ("индустриальная", "построят завод по выпуску труб"),
                            ("орталықтары", "логистикалық орталық")):
        page.fill("form.search input[name=q]", query)
        with page.expect_navigation():
            page.press("form.search input[name=q]", "Enter")
        hits = page.locator("li.hit a.hit-title").all_inner_texts()
        assert any(expected in hit for hit in hits), (query, hits)
        assert page.locator("li.hit mark").count() >= 1  # the forms found are marked


def test_a_script_in_a_headline_is_shown_as_text(page: Any, server: str) -> None:
    page.goto(server)
    heading = page.locator("article.story h2", has_text="Литейный цех")
    assert EVIL_TITLE in heading.inner_text()
    assert page.locator("script").count() == 0
    assert page.title() != "pwned"
    with page.expect_navigation():
        heading.locator("a").click()
    assert "/story/" in page.url
    assert EVIL_TITLE in page.locator("h1").inner_text()
    assert page.title() != "pwned" and page.locator("script").count() == 0


def test_sources_page_shows_health_and_a_chart(page: Any, server: str) -> None:
    page.goto(server + "sources")
    rows = page.locator("table.sources tr[id^=site-]")
    assert rows.count() == 3
    ontustik = page.locator("#site-ontustik")
    assert "ok" in ontustik.locator(".state").inner_text()
    assert ontustik.locator("svg.chart rect").count() == 30
    assert page.locator("link[type='application/atom+xml']").count() == 1


def test_token_is_required_when_configured(crawled: Path, browser: Any) -> None:
    for url in _serve(crawled, env={"NEWSMON_WEB_TOKEN": TOKEN}):
        context = browser.new_context()
        try:
            page = context.new_page()
            assert page.goto(url).status == 401
            assert page.goto(url + "search?token=wrong").status == 401
            page.goto(url + f"sources?token={TOKEN}")
            assert page.url == url + "sources"  # the token left the address bar
            assert page.locator("h1").inner_text() == "Sources"
            assert page.goto(url).status == 200  # the cookie stands for the token
        finally:
            context.close()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "api/sources", timeout=10)
        assert refused.value.code == 401
