"""Self-healing: a site moves its feed between two crawls. The configured feed fails, the
next crawl falls back to the homepage, finds the new feed there and keeps collecting; status
and the digest's warnings say what changed and show the proposed entry; ``sites check``
prints a proposed fix for the broken source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.crawl.runner import run_crawl
from monitor.health import site_warnings
from storage.db import open_database
from storage.healing import load_heal_state
from storage.models import Article
from tests.fixtures_sites import crawl_config
from tests.test_cli import run

pytestmark = pytest.mark.slow

ARTICLE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{t}</title>
<meta property="article:published_time" content="2025-08-1{n}T10:00:00+05:00"></head><body>
<h1>{t}</h1><p>В индустриальной зоне Шымкента начал работу цех номер {n}: он выпускает
детали для сельхозтехники, инвестиции составили {n}0 миллиардов тенге.</p>
<p>На предприятии создано {n}5 рабочих мест, продукцию будут поставлять в соседние области
и за рубеж, сообщили в управлении предпринимательства города.</p>
<p>Следующую очередь цеха обещают открыть через год, когда подведут газ.</p></body></html>"""
HOME = """<html><head>{link}</head><body><nav><a href="/about/">О нас</a></nav></body></html>"""


def _feed(numbers: range) -> str:
    items = "".join(f"<item><title>Цех {n}</title><link>{{{{BASE}}}}/news/{n}.html</link>"
                    "</item>" for n in numbers)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def _urls(config: Any) -> set[str]:
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        return {u.rsplit("/", 1)[-1] for u in session.scalars(select(Article.url))}


def test_a_moved_feed_is_found_again_from_the_homepage(make_site: Any, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"news/{n}.html": ARTICLE.format(t=f"Цех номер {n} открыт в Шымкенте", n=n)
        for n in range(1, 7)}
    files["rss.xml"] = _feed(range(1, 4))
    files["index.html"] = HOME.format(link='<link rel="alternate" type="application/rss+xml" '
                                           'href="/rss.xml">')
    site = make_site(files)
    entry = {"name": "moved", "feeds": [f"{site.base_url}/rss.xml"],
             "article_pattern": r"/news/\d+\.html$"}
    config = crawl_config(tmp_path, [entry], obey_robots=False, heal_after_runs=1)
    (first,) = run_crawl(config, ["moved"])
    assert first.status == "ok" and _urls(config) == {"1.html", "2.html", "3.html"}

    # The site moves its feed: /rss.xml is gone, the homepage advertises /feed.xml.
    root = Path(site.root)
    (root / "rss.xml").unlink()
    (root / "feed.xml").write_text(_feed(range(4, 7)), "utf-8")
    (root / "index.html").write_text(HOME.format(
        link='<link rel="alternate" type="application/rss+xml" href="/feed.xml">'), "utf-8")
    (second,) = run_crawl(config, ["moved"])
    assert second.status == "failed" and "HTTP 404" in (second.error or "")
    _, sessions = open_database(config.database_url)
    with sessions() as session:
        assert load_heal_state(session, "moved").empty_runs == 1
        assert site_warnings(session, config) == [
            w for w in site_warnings(session, config) if "next crawl also reads" in w]

    (third,) = run_crawl(config, ["moved"])  # falls back and keeps collecting
    assert third.status == "ok", third
    assert _urls(config) == {f"{n}.html" for n in range(1, 7)}
    with sessions() as session:
        state = load_heal_state(session, "moved")
        assert state.fallback and state.found == 3
        assert state.proposal is not None
        assert state.proposal["feeds"] == [f"{site.base_url}/feed.xml"]
        assert state.proposal["article_pattern"] == entry["article_pattern"]
        (warning,) = [w for w in site_warnings(session, config) if "proposed entry" in w]
    assert "rss.xml: HTTP 404" in warning and "feed.xml" in warning

    toml = tmp_path / "newsmon.toml"
    toml.write_text(
        f'data_dir = "{tmp_path}"\n[database]\nurl = "{config.database_url}"\n'
        '[crawl]\nobey_robots = false\ndownload_delay = 0.0\nheal_after_runs = 1\n'
        f'[[sites]]\nname = "moved"\nfeeds = ["{site.base_url}/rss.xml"]\n'
        "article_pattern = '/news/\\d+\\.html$'\n", "utf-8")
    status = run(["--config", str(toml), "status"], tmp_path)
    assert status.returncode == 0, status.stderr
    assert "WARNING site moved:" in status.stdout and "feed.xml" in status.stdout
    check = run(["--config", str(toml), "sites", "check", "moved"], tmp_path)
    assert check.returncode == 1
    assert "moved: BROKEN" in check.stdout
    assert "proposed fix for moved:" in check.stdout
    assert f"feeds = ['{site.base_url}/feed.xml']" in check.stdout

    # The configured feed comes back: the warning goes.
    (root / "rss.xml").write_text(_feed(range(1, 4)), "utf-8")
    run_crawl(config, ["moved"])
    with sessions() as session:
        assert load_heal_state(session, "moved").empty_runs == 0
        assert not [w for w in site_warnings(session, config) if "moved" in w]
