"""``newsmon demo``: the whole product in one offline command.

Renders the bundled sample outlet (``demo_site/``: our own invented articles) into a temporary
folder with today's dates, serves it on 127.0.0.1, crawls it with the real crawler into a
temporary SQLite database and renders today's digest. Nothing is kept: the user's config,
environment and data folder are never read or written.
"""

from __future__ import annotations

import email.utils
import logging
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from monitor.config.settings import ALMATY, Config, load_config
from monitor.demo.localsite import LocalSite

log = logging.getLogger(__name__)

DEMO_ROOT = Path(__file__).with_name("site")
SITE_NAME = "yuzhnaya-ekonomika"
TIMEZONE = ALMATY
PAGE_SIZE = 5  # articles per listing page: 12 articles make 3 pages of pagination
FEED_SIZE = 8  # the feed carries the newest articles only, like real outlets
_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")


@dataclass
class DemoResult:
    digest_text: str
    summaries: list[Any] = field(default_factory=list)  # runner.SiteSummary
    stored: int = 0
    relevant: int = 0
    stories: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.summaries) and all(s.status == "ok" for s in self.summaries)

    def closing_line(self) -> str:
        failed = [f"{s.site}: {s.error}" for s in self.summaries if s.status != "ok"]
        note = f" Crawl problem: {'; '.join(failed)}." if failed else ""
        return (f"demo: {self.stored} articles stored, {self.relevant} relevant, in "
                f"{self.stories} digest stories; the temporary site and database were deleted, "
                f"nothing was kept.{note}")


def load_articles(root: Path = DEMO_ROOT) -> list[dict[str, Any]]:
    """The demo outlet's articles (articles.toml), newest first."""
    with (root / "articles.toml").open("rb") as fh:
        articles = tomllib.load(fh)["articles"]
    return articles


def _dated(article: dict[str, Any], today: date) -> dict[str, Any]:
    hour, minute = (int(x) for x in article["time"].split(":"))
    moment = datetime.combine(today - timedelta(days=article["days_ago"]), time(hour, minute),
                              tzinfo=TIMEZONE)
    paragraphs = [" ".join(p.split()) for p in article["body"].strip().split("\n\n")]
    return {
        **article,
        "path": f"/news/{article['id']}-{article['slug']}.html",
        "moment": moment,
        "iso": moment.isoformat(),
        "rfc": email.utils.format_datetime(moment),
        "human_date": f"{moment.day} {_MONTHS_RU[moment.month - 1]} {moment.year}, "
                      f"{moment:%H:%M}",
        "paragraphs": paragraphs,
        "lead": paragraphs[0],
        "views": 300 + (article["id"] * 7919) % 4000,  # stable fake counters
    }


def build_site(target: Path, base_url: str, today: date, root: Path = DEMO_ROOT) -> list[dict]:
    """Render the demo outlet into ``target`` with links to ``base_url``. Returns the
    articles as published (with their paths and dates)."""
    env = Environment(loader=FileSystemLoader(str(root / "templates")),
                      autoescape=select_autoescape(("html", "xml")),
                      trim_blocks=True, lstrip_blocks=True)
    articles = sorted((_dated(a, today) for a in load_articles(root)),
                      key=lambda a: a["moment"], reverse=True)
    popular = sorted(articles, key=lambda a: a["views"], reverse=True)[:4]
    common = {"base": base_url, "popular": popular}

    def write(rel: str, template: str, **values: Any) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(**common, **values), "utf-8")

    for i, article in enumerate(articles):
        related = [articles[(i + k) % len(articles)] for k in (1, 2)]
        write(article["path"].lstrip("/"), "article.html", a=article, related=related)
    pages = (len(articles) + PAGE_SIZE - 1) // PAGE_SIZE
    for page in range(1, pages + 1):
        rel = "lenta/index.html" if page == 1 else f"lenta/page-{page}.html"
        prev_url = None if page == 1 else (
            f"{base_url}/lenta/" if page == 2 else f"{base_url}/lenta/page-{page - 1}.html")
        next_url = f"{base_url}/lenta/page-{page + 1}.html" if page < pages else None
        write(rel, "listing.html", heading="Лента новостей", page=page, pages=pages,
              items=articles[(page - 1) * PAGE_SIZE: page * PAGE_SIZE],
              prev_url=prev_url, next_url=next_url)
    write("index.html", "listing.html", heading="Главное за сегодня", page=1, pages=1,
          items=articles[:PAGE_SIZE], prev_url=None, next_url=None)
    write("about.html", "about.html")
    write("rss.xml", "rss.xml", items=articles[:FEED_SIZE])
    write("sitemap.xml", "sitemap.xml", items=articles)
    write("robots.txt", "robots.txt")
    return articles


def demo_config(base_url: str, data_dir: Path) -> Config:
    """A config of its own: never the user's file, environment or database."""
    data = {
        "data_dir": str(data_dir),
        "crawl": {"obey_robots": True, "download_delay": 0.0, "autothrottle": False,
                  "time_limit_minutes": 2, "retries": 0, "timeout_seconds": 10},
        "sites": [{
            "name": SITE_NAME,
            "feeds": [f"{base_url}/rss.xml"],
            "sitemaps": [f"{base_url}/sitemap.xml"],
            "start_urls": [f"{base_url}/lenta/"],
            "article_pattern": r"/news/\d+",
            "region": "Turkestan",
        }],
    }
    return load_config(environ={}, data=data)


def run_demo(progress: Callable[[str], None] | None = None,
             time_limit: float = 50.0) -> DemoResult:
    """Serve, crawl, digest; everything in a temporary folder deleted on return."""
    from monitor.crawl.runner import run_crawl
    from monitor.digest.build import build_digest, render
    from storage.articles import list_articles
    from storage.db import open_database

    say = progress or (lambda _line: None)
    today = datetime.now(TIMEZONE).date()
    with tempfile.TemporaryDirectory(prefix="newsmon-demo-") as tmp:
        site_root = Path(tmp) / "site"
        site_root.mkdir()
        with LocalSite(site_root) as server:
            articles = build_site(site_root, server.base_url, today)
            config = demo_config(server.base_url, Path(tmp) / "data")
            say(f"demo: serving {len(articles)} sample articles at {server.base_url}/ "
                "and crawling them into a temporary database...")
            summaries = run_crawl(config, time_limit=time_limit)
        engine, sessions = open_database(config.database_url)
        try:
            with sessions() as session:
                digest = build_digest(session, today, config)
                stored = list_articles(session)
        finally:
            engine.dispose()
    return DemoResult(digest_text=render(digest, "md"), summaries=summaries,
                      stored=len(stored), relevant=sum(1 for a in stored if a.relevant),
                      stories=len(digest.stories))
