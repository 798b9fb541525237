"""monitor.demo.localsite: the fixture/demo HTTP server the crawl tests rely on."""

from __future__ import annotations

import gzip
import http.client
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from monitor.demo.localsite import LocalSite


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(request, timeout=5) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("outside the root", "utf-8")
    tmp_path = tmp_path / "www"
    (tmp_path / "news").mkdir(parents=True)
    (tmp_path / "news" / "index.html").write_text(
        '<a href="{{BASE}}/news/1.html">1</a> port {{PORT}}', "utf-8")
    (tmp_path / "news" / "1.html").write_text("<p>Жаңалық</p>", "utf-8")
    (tmp_path / "feed.rss").write_text("<rss><link>{{BASE}}/x</link></rss>", "utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG{{BASE}}")
    (tmp_path / "s.xml.gz").write_bytes(gzip.compress(b"<loc>{{BASE}}/a</loc>"))
    (tmp_path / "page-2.html").write_text("second page", "utf-8")
    (tmp_path / "_routes.toml").write_text("""
["/win.html"]
content_type = "text/html; charset=windows-1251"
["/news/1.html"]
headers = { "X-Fixture" = "{{BASE}}" }
["/bare.txt"]
content_type = ""
["/broken/*"]
status = 500
["/slow.txt"]
delay = 0.4
["/old"]
redirect = "{{BASE}}/news/1.html"
["/list?page=2"]
file = "page-2.html"
""", "utf-8")
    (tmp_path / "win.html").write_bytes("<p>Тенге</p>".encode("cp1251"))
    (tmp_path / "bare.txt").write_text("plain", "utf-8")
    (tmp_path / "slow.txt").write_text("slow", "utf-8")
    (tmp_path / "list.html").write_text("first", "utf-8")
    return tmp_path


def test_serves_files_with_base_substituted_and_default_types(root: Path) -> None:
    with LocalSite(root) as site:
        assert site.base_url == f"http://127.0.0.1:{site.port}" and site.port > 0
        status, headers, body = fetch(site.base_url + "/news/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.decode() == f'<a href="{site.base_url}/news/1.html">1</a> port {site.port}'
        status, headers, body = fetch(site.base_url + "/feed.rss")
        assert headers["Content-Type"] == "application/rss+xml"
        assert body == f"<rss><link>{site.base_url}/x</link></rss>".encode()
        # binary files are served as they are; gzip text is substituted inside
        assert fetch(site.base_url + "/logo.png")[2] == b"\x89PNG{{BASE}}"
        gz = fetch(site.base_url + "/s.xml.gz")[2]
        assert gzip.decompress(gz) == f"<loc>{site.base_url}/a</loc>".encode()
        assert fetch(site.base_url + "/missing.html")[0] == 404
        conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=5)
        conn.request("GET", "/../secret.txt")
        assert conn.getresponse().status == 404
        conn.close()
        assert fetch(site.base_url + "/_routes.toml")[0] == 404


def test_conditional_requests_get_304(root: Path) -> None:
    with LocalSite(root) as site:
        status, headers, _ = fetch(site.base_url + "/news/1.html")
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert status == 200 and etag.startswith('"')
        assert fetch(site.base_url + "/news/1.html")[1]["ETag"] == etag  # stable
        assert fetch(site.base_url + "/news/1.html", {"If-None-Match": etag})[0] == 304
        assert fetch(site.base_url + "/news/1.html", {"If-Modified-Since": modified})[0] == 304
        assert fetch(site.base_url + "/news/1.html", {"If-None-Match": '"other"'})[0] == 200
        old = "Mon, 01 Jan 2001 00:00:00 GMT"
        assert fetch(site.base_url + "/news/1.html", {"If-Modified-Since": old})[0] == 200
        (root / "news" / "1.html").write_text("<p>changed</p>", "utf-8")
        assert fetch(site.base_url + "/news/1.html", {"If-None-Match": etag})[0] == 200


def test_routes(root: Path) -> None:
    with LocalSite(root) as site:
        status, headers, body = fetch(site.base_url + "/win.html")
        assert headers["Content-Type"] == "text/html; charset=windows-1251"
        assert body.decode("cp1251") == "<p>Тенге</p>"
        assert fetch(site.base_url + "/news/1.html")[1]["X-Fixture"] == site.base_url
        assert "Content-Type" not in fetch(site.base_url + "/bare.txt")[1]
        assert fetch(site.base_url + "/broken/anything?x=1")[0] == 500
        status, headers, _ = fetch(site.base_url + "/old")
        assert status == 301 and headers["Location"] == site.base_url + "/news/1.html"
        assert fetch(site.base_url + "/list?page=2")[2] == b"second page"
        assert fetch(site.base_url + "/list.html")[2] == b"first"
        started = time.monotonic()
        assert fetch(site.base_url + "/slow.txt")[2] == b"slow"
        assert time.monotonic() - started >= 0.4


def test_request_log(root: Path) -> None:
    with LocalSite(root) as site:
        fetch(site.base_url + "/news/1.html?utm=1", {"If-None-Match": '"x"'})
        fetch(site.base_url + "/feed.rss")
        fetch(site.base_url + "/nothing")
        log = site.requests
        assert [(r.method, r.path, r.status) for r in log] == [
            ("GET", "/news/1.html?utm=1", 200), ("GET", "/feed.rss", 200),
            ("GET", "/nothing", 404)]
        assert log[0].headers["If-None-Match"] == '"x"'
        assert log[0].host == f"127.0.0.1:{site.port}"
        assert site.count() == 3 and site.count("/news/") == 1
        site.reset_log()
        assert site.count() == 0 and site.requests == []


def test_stop_closes_the_port(root: Path) -> None:
    site = LocalSite(root).start()
    port = site.port
    site.stop()
    site.stop()  # idempotent
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    with pytest.raises(OSError):
        conn.request("GET", "/")
    conn.close()
