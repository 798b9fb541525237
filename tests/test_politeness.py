"""spiders.politeness: Retry-After and per-domain backoff for HTTP 429/503.

The crawl tests run the real Scrapy engine (run_crawl's child process) against a small
scripted server below: it answers a path with a list of statuses first (429, 429, ...) and
the file afterwards, and logs when each request arrived. LocalSite cannot change its answer
between requests, hence this server. Lower time bounds only: a busy machine may be slower,
never faster, than the pause the site asked for.
"""

from __future__ import annotations

import email.utils
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from monitor.crawl.runner import SiteSummary, run_crawl
from monitor.demo.localsite import LocalSite
from spiders.politeness import (
    CAP_SETTING,
    STATS_KEY,
    WAIT_STATS_KEY,
    RetryAfterMiddleware,
    parse_retry_after,
)
from tests.fixtures_sites import SITES_ROOT, crawl_config, site_entry

# -- Retry-After ---------------------------------------------------------------------------

NOW = 1_800_000_000.0  # a fixed "now" for HTTP dates


def http_date(epoch: float) -> str:
    return email.utils.formatdate(epoch, usegmt=True)


@pytest.mark.parametrize(("value", "expected"), [
    ("4", 4.0),
    (b" 45 ", 45.0),
    ("0", 0.0),
    ("1.5", 1.5),
    (http_date(NOW + 30), 30.0),
    (http_date(NOW - 30), 0.0),  # already past: go now
    (email.utils.formatdate(NOW + 30), 30.0),  # "-0000" zone, parsed naive: read as GMT
    ("999999", 60.0),  # capped
    (http_date(NOW + 86_400), 60.0),
    (None, None),
    ("", None),
    ("soon", None),
    ("-5", None),
    ("4 seconds", None),
    ("Wed, 99 Foo 2026 25:61:00 GMT", None),
])
def test_retry_after_reads_seconds_and_http_dates(value: str | bytes | None,
                                                  expected: float | None) -> None:
    assert parse_retry_after(value, cap=60.0, now=NOW) == expected


def test_retry_after_date_defaults_to_the_clock() -> None:
    waited = parse_retry_after(http_date(time.time() + 100))
    assert waited is not None and 98 <= waited <= 100


# -- the middleware on its own, with a real crawler's settings and stats -------------------

def _response(url: str, status: int, retry_after: str | None = None) -> Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return HtmlResponse(url, status=status, headers=headers, body=b"<html></html>")


def status_of(result: Request | Response) -> int:
    """The status of a response passed on (not retried)."""
    assert isinstance(result, Response), result
    return result.status


def test_backoff_doubles_per_domain_resets_after_success_and_counts() -> None:
    crawler = get_crawler(settings_dict={"RETRY_TIMES": 10, CAP_SETTING: 30})
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    assert crawler.stats is not None
    stats = crawler.stats
    url = "https://busy.test/news/1.html"

    def waits_after(*answers: tuple[int, str | None]) -> float:
        before = int(stats.get_value(WAIT_STATS_KEY, 0))
        for status, retry_after in answers:
            middleware.process_response(Request(url), _response(url, status, retry_after))
        return (int(stats.get_value(WAIT_STATS_KEY, 0)) - before) / 1000

    # 2, 4, 8 s; a short Retry-After does not shorten the backoff, a longer one wins
    assert [waits_after((429, None)), waits_after((429, "1")), waits_after((429, None))] \
        == [2.0, 4.0, 8.0]
    assert 7.0 < middleware.paused_for("busy.test") <= 8.0
    assert waits_after((429, "20")) == 20.0
    assert waits_after((429, "1000")) == 30.0  # the cap
    # a success resets the backoff; an error page or a plain 503 does neither
    assert waits_after((200, None), (429, None)) == 2.0
    assert waits_after((404, None), (503, None), (429, None)) == 4.0
    assert waits_after((503, "3")) == 8.0  # a 503 with Retry-After is rate limiting too
    assert stats.get_value(STATS_KEY) == 8
    assert stats.get_value(f"{STATS_KEY}/busy.test") == 8
    # other domains never wait
    assert middleware.paused_for("calm.test") == 0.0
    calm = "https://calm.test/news/2.html"
    assert status_of(middleware.process_response(Request(calm), _response(calm, 200))) == 200


def test_the_retry_is_counted_and_bounded_by_the_crawls_retry_count() -> None:
    crawler = get_crawler(settings_dict={"RETRY_TIMES": 2})
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    url = "https://busy.test/news/1.html"
    request: Request | Response = Request(url, priority=5)
    for expected in (1, 2):
        assert isinstance(request, Request)
        request = middleware.process_response(request, _response(url, 429, "0"))
        assert isinstance(request, Request)
        assert request.meta["retry_times"] == expected and request.dont_filter
        assert request.priority == 5 - expected
    assert isinstance(request, Request)
    given_up = middleware.process_response(request, _response(url, 429, "0"))
    assert isinstance(given_up, Response) and given_up.status == 429  # RetryMiddleware's turn
    assert crawler.stats is not None
    assert crawler.stats.get_value("retry/count") == 2
    assert crawler.stats.get_value(STATS_KEY) == 3  # the given-up answer still paused the site
    no_retry = Request(url, meta={"dont_retry": True})
    assert status_of(middleware.process_response(no_retry, _response(url, 429))) == 429

    disabled = RetryAfterMiddleware.from_crawler(
        get_crawler(settings_dict={"RETRY_ENABLED": False}))
    assert status_of(disabled.process_response(Request(url), _response(url, 429))) == 429


# -- real crawls against a scripted server -------------------------------------------------

@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    at: float  # time.monotonic() when the request arrived (one clock for all processes)


class ScriptedSite:
    """Serve ``files`` on 127.0.0.1; a path in ``script`` first answers with its
    (status, headers) entries in turn, then with its file."""

    def __init__(self, files: dict[str, bytes],
                 script: dict[str, list[tuple[int, dict[str, str]]]]) -> None:
        self.files = files
        self.script = {path: list(answers) for path, answers in script.items()}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       kwargs={"poll_interval": 0.1})

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [h.at for h in self.hits if h.path == path]

    def statuses(self, path: str) -> list[int]:
        with self.lock:
            return [h.status for h in self.hits if h.path == path]

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            queued = self.script.get(path)
            if queued:
                status, headers = queued.pop(0)
                body = b"slow down"
            elif path in self.files:
                status, headers, body = 200, {}, self.files[path]
            else:
                status, headers, body = 404, {}, b"not found"
            self.hits.append(Hit(path, status, time.monotonic()))
        return status, headers, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                status, headers, body = site.answer(self.path)
                self.send_response(status)
                ctype = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler


def news_site(host: str, article: str,
              script: list[tuple[int, dict[str, str]]] | None = None) -> ScriptedSite:
    """A one-article site for ``host`` (reached through crawl.resolve): an RSS feed and a
    copy of a fixture article, whose first answers follow ``script``."""
    base = f"http://{host}"
    page = (SITES_ROOT / "reprint" / "news" / article).read_text("utf-8")
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>'
            f"<link>{base}/news/{article}</link></item></channel></rss>")
    files = {"/rss.xml": feed.encode(),
             f"/news/{article}": page.replace("{{BASE}}", base).encode()}
    return ScriptedSite(files, {f"/news/{article}": script or []})


@pytest.fixture
def serve() -> Iterator[Any]:
    started: list[ScriptedSite] = []

    def start(site: ScriptedSite) -> ScriptedSite:
        site.thread.start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.server.shutdown()
        site.server.server_close()


def crawl(tmp_path: Path, sites: dict[str, ScriptedSite], retries: int) -> list[SiteSummary]:
    entries = [site_entry(host.split(".")[0], f"http://{host}", sitemaps=[],
                          article_pattern=r"/news/\d+") for host in sites]
    config = crawl_config(tmp_path, entries, retries=retries, obey_robots=False,
                          resolve=[f"{host}=127.0.0.1:{s.port}" for host, s in sites.items()])
    return run_crawl(config)


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


@pytest.mark.slow
def test_a_429_is_retried_no_earlier_than_retry_after(tmp_path: Path, serve: Any) -> None:
    limited = serve(news_site("limited.test", "77.html", [(429, {"Retry-After": "3"})]))
    (summary,) = crawl(tmp_path, {"limited.test": limited}, retries=2)
    assert limited.statuses("/news/77.html") == [429, 200]
    (waited,) = gaps(limited.times("/news/77.html"))
    assert waited >= 3.0  # Scrapy alone retries after about a second
    assert summary.status == "ok", summary
    assert summary.new_articles == 1


@pytest.mark.slow
def test_repeated_429s_wait_longer_each_time_and_spare_other_domains(
        tmp_path: Path, serve: Any) -> None:
    # Retry-After: 1 each time, so the growing pauses are the domain's own backoff (2, 4 s)
    limited = serve(news_site("limited.test", "77.html", [(429, {"Retry-After": "1"})] * 2))
    calm = serve(news_site("calm.test", "78.html"))
    summaries = crawl(tmp_path, {"limited.test": limited, "calm.test": calm}, retries=3)
    assert limited.statuses("/news/77.html") == [429, 429, 200]
    first, second = gaps(limited.times("/news/77.html"))
    assert first >= 2.0 and second >= 4.0
    assert second > first
    assert {s.site: (s.status, s.new_articles) for s in summaries} == {
        "limited": ("ok", 1), "calm": ("ok", 1)}
    # calm.test was fetched while limited.test was still paused
    (calm_fetched,) = calm.times("/news/78.html")
    assert calm_fetched < limited.times("/news/77.html")[-1]


@pytest.mark.slow
@pytest.mark.parametrize("limit", [1, 2])
def test_a_site_never_gets_more_parallel_requests_than_concurrency_per_domain(
        tmp_path: Path, limit: int) -> None:
    # Scrapy 2.14+ on the asyncio reactor starts every queued request of a slot at once; a
    # site whose articles take 0.5 s each showed 3 at a time with the limit at 1.
    root = tmp_path / "www"
    shutil.copytree(SITES_ROOT / "ontustik", root)
    with (root / "_routes.toml").open("a", encoding="utf-8") as routes:
        routes.write('\n["/news/*"]\ndelay = 0.5\n')
    with LocalSite(root) as site:
        config = crawl_config(tmp_path, [site_entry("ontustik", site.base_url)],
                              concurrency_per_domain=limit)
        (summary,) = run_crawl(config)
        assert summary.status == "ok" and summary.new_articles >= 5, summary
        assert site.count("/news/") >= 6
        assert site.peak_in_flight == limit  # held, and used
