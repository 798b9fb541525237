"""The web app through Flask's test client on a real database (SQLite and PostgreSQL): every
page and its JSON, bad input as a clear 4xx, escaping, the safety headers, authentication,
no open redirect, and a read-only connection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from monitor.article.analysis import Analysis
from monitor.config.settings import ALMATY, Config, ConfigError, load_config
from monitor.web.app import create_app
from monitor.web.security import CSP, check_bind
from storage import runs
from storage.db import open_database
from storage.webqueries import open_read_only
from tests.fixtures_db import store_analysis

TODAY = datetime.now(ALMATY).date()
EVIL = 'Завод <script>alert("x")</script> & цех в индустриальной зоне'
TEXT = ("В индустриальной зоне Шымкента открылся цех по выпуску стальных труб. Инвестиции "
        "составили 4,8 млрд тенге, на предприятии работают 120 человек.\n"
        "Второй абзац: <b>не разметка</b>, а текст статьи.")


def _config(db_url: str, **web: Any) -> Config:
    return load_config(environ={}, data={
        "database": {"url": db_url}, "web": web,
        "sites": [{"name": "example", "feeds": ["https://example.kz/rss"], "region": "Шымкент"},
                  {"name": "quiet", "feeds": ["https://quiet.kz/rss"]}]})


def _fill(db_url: str) -> dict[str, int]:
    engine, sessions = open_database(db_url)
    now = datetime.now(ALMATY)
    ids: dict[str, int] = {}
    try:
        with sessions() as session:
            for key, title, url in (("evil", EVIL, "https://example.kz/news/1"),
                                    ("js", "Второй цех в индустриальной зоне",
                                     "javascript:alert(1)")):
                analysis = Analysis(
                    title=title, text=TEXT if key == "evil" else TEXT.replace("стальных",
                                                                               "медных"),
                    author=None, published=now - timedelta(hours=1), language="ru",
                    relevant=True, score=4.0, topics=["industrial_zones"],
                    matched_terms={"industrial_zones": ["индустриальн* зон*"]},
                    figures=[{"kind": "money", "value": 4.8e9, "currency": "KZT",
                              "raw": "4,8 млрд тенге"}], places=["Шымкент"])
                ids[key] = store_analysis(session, site="example", url=url,
                                          analysis=analysis).article_id
            run = runs.start_crawl_run(session, "example")
            runs.finish_crawl_run(session, run, runs.RunStats(pages_fetched=3, new_articles=2))
    finally:
        engine.dispose()
    return ids


@pytest.fixture
def site(db_url: str) -> Iterator[tuple[FlaskClient, dict[str, int], str]]:
    ids = _fill(db_url)
    engine, sessions = open_read_only(db_url)
    app = create_app(_config(db_url), sessions, "127.0.0.1")
    try:
        yield app.test_client(), ids, db_url
    finally:
        engine.dispose()


def _get(client: FlaskClient, path: str, **kwargs: Any) -> Any:
    kwargs.setdefault("headers", {"Host": "127.0.0.1:8080"})
    return client.get(path, **kwargs)


def test_pages_render_and_escape(site: tuple[FlaskClient, dict[str, int], str]) -> None:
    client, ids, _ = site
    for path in ("/", f"/digest/{TODAY}", f"/article/{ids['evil']}", "/sources",
                 "/search?q=%D1%86%D0%B5%D1%85%D0%B0"):  # цеха
        page = _get(client, path)
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html, path
        assert page.headers["Content-Security-Policy"] == CSP
        assert "<script" not in html.lower(), path  # no script of ours either
    article = _get(client, f"/article/{ids['evil']}").get_data(as_text=True)
    assert "Завод &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; цех" in article
    assert "&lt;b&gt;не разметка&lt;/b&gt;" in article  # text is text, paragraph by paragraph
    assert 'href="https://example.kz/news/1"' in article
    js = _get(client, f"/article/{ids['js']}").get_data(as_text=True)
    assert "javascript:" not in js  # a stored URL that is not http(s) is not a link


def test_json_api_behind_each_page(site: tuple[FlaskClient, dict[str, int], str]) -> None:
    client, ids, _ = site
    digest = _get(client, f"/api/digest/{TODAY}").get_json()
    (story,) = digest["stories"]
    assert story["title"] in (EVIL, "Второй цех в индустриальной зоне")
    assert {a["id"] for a in story["articles"]} == set(ids.values())
    assert story["regions"] == ["Шымкент"] and story["figures"][0]["label"] == "4,8 млрд тенге"
    assert _get(client, f"/api/digest/{TODAY}?lang=kk").get_json()["stories"] == []
    assert len(_get(client, f"/api/digest/{TODAY}?region=Шымкент").get_json()["stories"]) == 1
    story_json = _get(client, f"/api/story/{story['story_id']}").get_json()
    assert len(story_json["articles"]) == 2
    article = _get(client, f"/api/article/{ids['evil']}").get_json()
    assert article["title"] == EVIL and article["matched_terms"] == {
        "industrial_zones": ["индустриальн* зон*"]}
    found = _get(client, "/api/search?q=медного&size=1").get_json()
    assert [h["id"] for h in found["hits"]] == [ids["js"]] and found["total"] == 1
    assert any(part["match"] for part in found["hits"][0]["snippet"])
    sources = _get(client, "/api/sources").get_json()
    assert [s["site"] for s in sources["sites"]] == ["example", "quiet"]
    assert sources["sites"][0]["articles_per_day"][-1] == 2
    assert sources["sites"][1]["state"] == "never"
    atom = _get(client, "/feed.atom")
    assert atom.mimetype == "application/atom+xml" and b"<feed" in atom.data


@pytest.mark.parametrize(("path", "status", "says"), [
    ("/digest/2026-02-30", 400, "no such day"),
    ("/digest/yesterday", 400, "expected YYYY-MM-DD"),
    ("/digest/0001-01-01", 400, "out of range"),
    ("/api/digest/99999-01-01", 400, "expected YYYY-MM-DD"),
    ("/digest?date=2026-1-1", 400, "expected YYYY-MM-DD"),
    ("/search?q=x&page=abc", 400, "page: expected a positive whole number"),
    ("/search?q=x&page=0", 400, "page: expected a positive whole number"),
    ("/api/search?q=x&page=99999999999", 400, "page"),
    ("/api/search?q=x&size=1000000", 400, "size: at most 100"),
    ("/search?q=" + "ж" * 201, 400, "q: longer than 200"),
    ("/search?relevant=maybe", 400, "relevant: expected 1 or 0"),
    ("/search?from=2026-13-01", 400, "from: no such day"),
    ("/story/999999", 404, "Not Found"),
    ("/api/article/999999", 404, "Not Found"),
    ("/article/-1", 404, "Not Found"),
])
def test_bad_input_is_a_clear_4xx(site: tuple[FlaskClient, dict[str, int], str], path: str,
                                  status: int, says: str) -> None:
    client, _, _ = site
    answer = _get(client, path)
    assert answer.status_code == status
    body = answer.get_data(as_text=True)
    assert says in body and "Traceback" not in body
    if path.startswith("/api/"):
        assert answer.get_json()["message"]


def test_read_only(site: tuple[FlaskClient, dict[str, int], str]) -> None:
    client, _, db_url = site
    assert client.post("/", headers={"Host": "127.0.0.1"}).status_code == 405
    assert client.delete("/api/article/1", headers={"Host": "127.0.0.1"}).status_code == 405
    engine, sessions = open_read_only(db_url)
    try:
        with sessions() as session, pytest.raises(DBAPIError):
            session.execute(text("DELETE FROM articles"))
    finally:
        engine.dispose()


def test_open_app_answers_only_loopback_host_names(
        site: tuple[FlaskClient, dict[str, int], str]) -> None:
    client, _, _ = site
    assert _get(client, "/", headers={"Host": "localhost:8080"}).status_code == 200
    rebound = _get(client, "/", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400 and b"Traceback" not in rebound.data


def _app(db_url: str, host: str = "0.0.0.0", **web: Any) -> tuple[Flask, Any]:
    engine, sessions = open_read_only(db_url)
    return create_app(_config(db_url, **web), sessions, host), engine


def test_token_is_required_and_traded_for_a_cookie(db_url: str) -> None:
    _fill(db_url)
    app, engine = _app(db_url, token="s3cret-token")
    try:
        client = app.test_client()
        assert client.get("/").status_code == 401
        assert client.get("/api/sources?token=wrong").status_code == 401
        assert client.get("/", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        # ?token= once: a redirect to the same path, the token traded for a cookie
        answer = client.get("/sources?token=s3cret-token&lang=kk")
        assert (answer.status_code, answer.headers["Location"]) == (303, "/sources?lang=kk")
        cookie = client.get_cookie("newsmon_token")
        assert cookie is not None and "s3cret-token" not in cookie.value and cookie.http_only
        # ... never to another host, whatever the path looks like
        for path in ("//evil.example/x", "/\\evil.example/x", "///evil.example"):
            moved = app.test_client().get("/", query_string={"token": "s3cret-token"},
                                          environ_overrides={"PATH_INFO": path})
            assert moved.status_code == 303, path
            location = moved.headers["Location"]
            assert location.startswith("/") and location[1:2] not in ("/", "\\"), location
        assert client.get("/sources").status_code == 200  # the cookie now stands for it
    finally:
        engine.dispose()


def test_basic_auth(db_url: str) -> None:
    _fill(db_url)
    app, engine = _app(db_url, username="analyst", password="pa:ss")
    try:
        client = app.test_client()
        refused = client.get("/")
        assert refused.status_code == 401 and "Basic" in refused.headers["WWW-Authenticate"]
        assert client.get("/", auth=("analyst", "wrong")).status_code == 401
        assert client.get("/", auth=("analyst", "pa:ss")).status_code == 200
    finally:
        engine.dispose()


def test_listening_beyond_loopback_needs_credentials() -> None:
    open_config = load_config(environ={}, data={})
    check_bind(open_config, "127.0.0.1")
    check_bind(open_config, "::1")
    with pytest.raises(ConfigError, match="web.token"):
        check_bind(open_config, "0.0.0.0")
    check_bind(load_config(environ={}, data={"web": {"token": "t"}}), "0.0.0.0")
    with pytest.raises(ConfigError, match="go together"):
        load_config(environ={}, data={"web": {"username": "a"}})


def test_background_server_as_the_daemon_runs_it(db_url: str) -> None:
    """[web] enabled: the daemon serves through listen(...).start_background() and stops it."""
    import urllib.request

    from monitor.web.server import listen

    _fill(db_url)
    web = listen(_config(db_url), port=0).start_background()
    try:
        with urllib.request.urlopen(web.url + "api/sources", timeout=30) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Security-Policy"] == CSP
    finally:
        web.stop()
    assert web.thread is not None and not web.thread.is_alive()


def test_serve_refuses_unsafe_or_taken_addresses(tmp_path: Any) -> None:
    import socket
    import subprocess
    import sys

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "monitor", "--db", f"sqlite:///{tmp_path / 'n.db'}",
             "serve", *args], capture_output=True, text=True, timeout=120,
            env={"PATH": "/usr/bin:/bin", "NEWSMON_CONFIG": ""})

    open_beyond = serve("--host", "0.0.0.0", "--port", "0")
    assert open_beyond.returncode == 2 and "web.token" in open_beyond.stderr
    assert "Traceback" not in open_beyond.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = serve("--port", str(taken.getsockname()[1]))
    assert busy.returncode == 2 and "cannot listen on 127.0.0.1" in busy.stderr
    assert serve("--port", "70000").returncode == 2


def test_the_daemon_serves_the_web_app_when_enabled(tmp_path: Any) -> None:
    """``[web] enabled = true``: the daemon process serves the pages beside its schedule, and
    a SIGTERM stops both (exit 0, the port closed)."""
    import re
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'data_dir = "{tmp_path / "data"}"\n[web]\nenabled = true\nport = 0\n'
        # a site that never answers: only the web app matters here
        '[[sites]]\nname = "nowhere"\nfeeds = ["http://127.0.0.1:9/rss.xml"]\n'
        'crawl_every_minutes = 600\n', "utf-8")
    log = tmp_path / "data" / "logs" / "newsmon.log"
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config),
                             "daemon"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline, url = time.monotonic() + 90, None
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            found = re.search(r"web app on (http://\S+) ", log.read_text("utf-8")
                              if log.exists() else "")
            url = found.group(1) if found else None
            time.sleep(0.2)
        assert url is not None, "the daemon never said where the web app listens"
        with urllib.request.urlopen(url + "api/sources", timeout=30) as answer:
            sites = [s["site"] for s in json_body(answer)["sites"]]
        assert sites == ["nowhere"]
        with urllib.request.urlopen(url, timeout=30) as answer:
            assert answer.status == 200 and "Digest" in answer.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


def json_body(answer: Any) -> Any:
    import json

    return json.loads(answer.read().decode("utf-8"))
