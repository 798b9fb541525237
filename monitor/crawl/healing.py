"""Self-healing in the crawl: when to fall back to the homepage, and what to propose.

A Scrapy item pipeline (it passes items through) that owns a site's heal state
(storage.healing). When the spider opens: if the site's configured feeds, sitemaps and
listings found no article URL in the last ``crawl.heal_after_runs`` crawls, the spider also
reads the homepage (spiders.fallback). When it closes: the count of empty crawls goes up or
back to zero, and when the fallback found articles, the entry it suggests is stored for
``newsmon status`` and the digest's warnings (monitor.health).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.spiders import Spider

from monitor.config.settings import SiteConfig
from monitor.crawl.pipelines import crawl_session
from spiders.sourcefind import edition_root
from spiders.urlshapes import infer_pattern, shape, strength
from storage.healing import HealState, load_heal_state, save_heal_state

log = logging.getLogger(__name__)


def homepage(site: SiteConfig) -> str | None:
    """The front page of the site's edition, from its first configured URL."""
    first = next(iter((*site.start_urls, *site.feeds, *site.sitemaps)), None)
    return edition_root(first) if first else None


def propose(site: SiteConfig, report: dict[str, Any]) -> dict[str, Any] | None:
    """The entry the fallback's documents suggest: where articles were found, and the
    site's pattern when it matched them, else one inferred from them."""
    articles: list[str] = report.get("articles") or []
    docs: dict[str, list[str]] = report.get("documents") or {}
    if not articles:
        return None
    entry: dict[str, Any] = {"name": site.name}
    for key in ("feeds", "sitemaps", "start_urls"):
        if docs.get(key):
            entry[key] = docs[key]
    pattern = site.article_pattern
    quirks = [q for q in site.quirks if q != "markup-articles"]
    if not pattern or not any(re.search(pattern, u) for u in articles):
        pattern = infer_pattern(articles)
        if any(strength(shape(u)) != "strong" for u in articles):
            quirks.append("markup-articles")
    entry["article_pattern"] = pattern
    if site.language:
        entry["language"] = site.language
    if quirks:
        entry["quirks"] = quirks
    return entry


def next_state(site: SiteConfig, old: HealState, report: dict[str, Any],
               failures: list[str], now: datetime) -> HealState:
    """The heal state after a crawl whose spider reported ``report``."""
    if report.get("configured_found"):
        return HealState()  # the configured documents work (again)
    fallback = bool(report.get("fallback"))
    articles = report.get("articles") or []
    return HealState(empty_runs=old.empty_runs + 1, failing=failures[:3], fallback=fallback,
                     found=len(articles) if fallback else 0,
                     proposal=propose(site, report) if fallback else old.proposal,
                     since=old.since or now.isoformat(timespec="seconds"))


class HealPipeline:
    """Reads the heal state when a site's spider opens and writes it when it closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state = HealState()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider: Any = self.crawler.spider
        after = int(spider.config["crawl.heal_after_runs"])
        with crawl_session(spider.config) as session:
            self.state = load_heal_state(session, spider.site_name)
        home = homepage(spider.site_config)
        if after and self.state.empty_runs >= after and home:
            log.warning("%s: configured sources found nothing in %d crawls: reading %s too",
                        spider.site_name, self.state.empty_runs, home)
            spider.use_homepage(home)

    def process_item(self, item: Any) -> Any:
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        news: Any = spider
        if reason != "finished":
            return  # a crawl stopped or cut short proves nothing either way
        state = next_state(news.site_config, self.state, news.healer.report(),
                           list(news.failures), datetime.now().astimezone())
        with crawl_session(news.config) as session:
            save_heal_state(session, news.site_name, state)


__all__ = ["HealPipeline", "homepage", "next_state", "propose"]
