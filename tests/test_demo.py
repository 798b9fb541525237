"""``newsmon demo`` end to end: the bundled site served, crawled and digested, offline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from monitor.demo.run import DEMO_ROOT, build_site, load_articles


def test_demo_site_renders_with_feed_sitemap_and_pagination(tmp_path: Path) -> None:
    articles = build_site(tmp_path, "http://127.0.0.1:8", date(2026, 3, 2))
    assert len(articles) == 12 and {a["lang"] for a in articles} == {"ru", "kk"}
    rss = etree.parse(str(tmp_path / "rss.xml"))
    assert len(rss.findall(".//item")) == 8
    sitemap = etree.parse(str(tmp_path / "sitemap.xml"))
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sum("/news/" in loc for loc in locs) == 12
    assert "Sitemap: http://127.0.0.1:8/sitemap.xml" in (tmp_path / "robots.txt").read_text()
    first = (tmp_path / "lenta" / "index.html").read_text("utf-8")
    assert 'rel="next" href="http://127.0.0.1:8/lenta/page-2.html"' in first
    assert (tmp_path / "lenta" / "page-3.html").exists()
    ru = next(a for a in articles if a["lang"] == "ru")
    page = (tmp_path / ru["path"].lstrip("/")).read_text("utf-8")
    for boilerplate in ("USD:", "510.1 / 514.1", "Фото:", "#", "Популярное", "Читайте также",
                        "©", ru["paragraphs"][1]):
        assert boilerplate in page
    kk_today = [a for a in articles if a["lang"] == "kk" and a["days_ago"] == 0]
    assert kk_today[0]["iso"].startswith("2026-03-02T")


@pytest.mark.slow
def test_newsmon_demo_end_to_end(tmp_path: Path) -> None:
    # A user's database setting must be ignored and never created by the demo.
    user_db = tmp_path / "user" / "newsmon.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env.update(NEWSMON_DATABASE_URL=f"sqlite:///{user_db}", NEWSMON_DATA_DIR=str(tmp_path / "d"),
               PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "monitor", "demo"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    elapsed = time.monotonic() - started
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert elapsed < 60
    articles = load_articles(DEMO_ROOT)
    for article in articles:
        if article["on_topic"]:
            assert article["title"] in out, article["title"]
        else:
            assert article["title"] not in out, article["title"]
    # the reprint is listed under its original's story, not as a second entry
    reprint = next(a for a in articles if a.get("reprint_of"))
    original = next(a for a in articles if a["id"] == reprint["reprint_of"])
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert sum(reprint["title"] in h or original["title"] in h for h in headings) == 1
    # the Russian and Kazakh versions of the Shymkent mill news are one story, in both languages
    ru, kk = (next(a for a in articles if a["id"] == n) for n in (101, 102))
    assert sum(ru["title"] in h or kk["title"] in h for h in headings) == 1
    assert "Languages: kk, ru" in out  # sorted
    on_topic = sum(1 for a in articles if a["on_topic"])
    assert len(headings) == on_topic - 2  # the reprint and the translation join stories
    closing = out.strip().splitlines()[-1]
    assert closing.startswith("demo: 12 articles stored, 7 relevant")
    assert "nothing was kept" in closing
    assert not user_db.exists() and not (tmp_path / "d").exists()
