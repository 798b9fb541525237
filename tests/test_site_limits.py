"""Per-site limits through the real Scrapy engine: a hanging site is closed alone by its own
time limit, recorded as failed with the true counts of what it fetched and stored, while the
running CrawlRun row shows its counts as the crawl goes (what a kill leaves behind)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from sqlalchemy import select

from monitor.crawl.runner import SiteSummary, run_crawl
from storage.db import open_database
from storage.models import CrawlRun
from tests.fixtures_sites import crawl_config
from tests.waiting import wait_for

PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{t}</title></head>
<body><article><h1>{t}</h1><p>{body}</p></article></body></html>"""
# Three different stories (no two are reprints of each other), each over min_text_chars.
BODIES = [
    "В Шымкенте открылся завод по выпуску металлочерепицы и профнастила для кровли. "
    "Цеха разместили на площадке индустриальной зоны Тассай, оборудование привезли из "
    "Турции, а первые партии уже отгрузили строительным компаниям южных областей.",
    "Под Туркестаном построят тепличный комплекс для выращивания овощей круглый год. "
    "Агрохолдинг получил участок в сорок гектаров, газ подведут за счет местного бюджета, "
    "а томаты и огурцы пойдут на рынки Алматы и Астаны уже следующей весной.",
    "В Кентау возобновил работу трансформаторный завод после долгой реконструкции цехов. "
    "Обновленное производство будет выпускать силовые трансформаторы для электросетей, "
    "часть продукции собираются продавать в Узбекистан и Кыргызстан по долгим контрактам.",
]


def _feed(count: int) -> str:
    items = "".join(f"<item><title>{i}</title><link>{{{{BASE}}}}/news/{i}.html</link></item>"
                    for i in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def _files(count: int, first_body: int = 0) -> dict[str, str]:
    files = {"rss.xml": _feed(count)}
    for i in range(count):
        body = BODIES[(first_body + i) % len(BODIES)]
        files[f"news/{i}.html"] = PAGE.format(t=f"Новость {i}", body=body)
    return files


def test_a_hanging_site_is_closed_alone_with_true_counts(tmp_path: Path,
                                                         make_site: Any) -> None:
    fast = make_site(_files(1, first_body=2), "fast")  # not a reprint of the slow site's
    slow_files = _files(3)
    slow_files["_routes.toml"] = '["/news/1.html"]\ndelay = 90\n["/news/2.html"]\ndelay = 90\n'
    slow = make_site(slow_files, "slow")
    config = crawl_config(tmp_path, [
        {"name": "fast", "feeds": [f"{fast.base_url}/rss.xml"]},
        {"name": "slow", "feeds": [f"{slow.base_url}/rss.xml"]},
    ], obey_robots=False, timeout_seconds=120, site_time_limit_minutes=0.5,
        concurrency_per_domain=3)  # its three pages at once: two hang, one is stored
    result: list[list[SiteSummary]] = []
    started = time.monotonic()
    crawl = threading.Thread(target=lambda: result.append(run_crawl(config)))
    crawl.start()
    _, sessions = open_database(config.database_url)

    def slow_running_with_one_stored() -> bool:
        with sessions() as session:
            row = session.scalars(select(CrawlRun).where(CrawlRun.site == "slow")).first()
            return row is not None and row.status == "running" and row.new_articles == 1

    # While it hangs, its running row already counts the one article it stored.
    wait_for("progress of the slow site", slow_running_with_one_stored, 60)
    crawl.join(timeout=120)
    assert not crawl.is_alive()
    # closed by its own 30 s limit, not after the hanging pages' 90 s nor the crawl's limit
    assert time.monotonic() - started < 85
    summaries = {s.site: s for s in result[0]}
    assert summaries["fast"].status == "ok" and summaries["fast"].new_articles == 1
    hung = summaries["slow"]
    assert hung.status == "failed" and "site time limit" in (hung.error or "")
    assert hung.new_articles == 1 and hung.pages_fetched >= 2  # the feed and one article


def test_a_request_waiting_behind_a_hanging_page_is_dropped_at_the_limit(
        tmp_path: Path, make_site: Any) -> None:
    # One request at a time and two hanging pages: the second waits for the first's place
    # and is still waiting at the site's 30 s limit. It must be dropped then, not fetched
    # with a fresh timeout that would hold the site open another 30 s.
    files = _files(2)
    files["_routes.toml"] = '["/news/*"]\ndelay = 90\n'
    site = make_site(files, "hanging")
    config = crawl_config(tmp_path, [{"name": "hanging", "feeds": [f"{site.base_url}/rss.xml"]}],
                          obey_robots=False, timeout_seconds=120,
                          site_time_limit_minutes=0.5, concurrency_per_domain=1)
    started = time.monotonic()
    (summary,) = run_crawl(config)
    assert time.monotonic() - started < 50  # 30 s and the crawl's start, not 60 s
    assert summary.status == "failed" and "site time limit" in (summary.error or "")
    # The first page's server thread sleeps on past the crawl: had the waiting request
    # been sent after the first timed out, the site would have answered two at once.
    assert site.peak_in_flight == 1


def test_requests_the_site_limit_ends_are_counted_so_the_summary_says_failed() -> None:
    # The limit ends the last requests itself (the waiting one dropped, the one in flight
    # timed out at the limit); the engine may then close the site as "finished" a moment
    # before Scrapy's own close fires. The count makes the summary say what happened.
    import asyncio

    from scrapy.exceptions import IgnoreRequest
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from spiders.concurrency import DEADLINE, DEADLINE_HIT, SlotLimitMiddleware

    stats = MemoryStatsCollector(get_crawler())
    limiter = SlotLimitMiddleware(1, stats)
    on_time = Request("http://127.0.0.1/a", meta={DEADLINE: time.monotonic() + 60})
    asyncio.run(limiter.process_request(on_time))
    limiter.process_exception(on_time, TimeoutError())  # an error well before the limit
    assert stats.get_value(DEADLINE_HIT) is None
    late = Request("http://127.0.0.1/b", meta={DEADLINE: time.monotonic() - 1})
    with pytest.raises(IgnoreRequest):
        asyncio.run(limiter.process_request(late))
    assert stats.get_value(DEADLINE_HIT) == 1
    cut = Request("http://127.0.0.1/c", meta={DEADLINE: time.monotonic() + 0.2})
    asyncio.run(limiter.process_request(cut))
    assert cut.meta["download_timeout"] <= 0.2  # its timeout ends at the site's limit
    time.sleep(0.3)
    limiter.process_exception(cut, TimeoutError())  # ...and ran out there
    assert stats.get_value(DEADLINE_HIT) == 2
