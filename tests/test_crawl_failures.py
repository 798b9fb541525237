"""Failures as a user reads them: network errors in words, oversized pages as skips. The real
Scrapy engine (run_crawl) against servers on 127.0.0.1."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.crawl.runner import run_crawl
from tests.fixtures_sites import crawl_config

FEED = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>Большой</title><link>{{BASE}}/news/1.html</link></item>
</channel></rss>"""


@pytest.fixture
def resetting_server() -> Iterator[str]:
    """A server that reads the request and resets the connection (RST) without answering."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            conn.settimeout(2)
            try:
                conn.recv(4096)
            except OSError:
                pass
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_connection_reset_is_reported_in_words(tmp_path: Path, resetting_server: str) -> None:
    config = crawl_config(tmp_path, [{"name": "reset", "feeds": [f"{resetting_server}/rss"]}],
                          obey_robots=False)
    (summary,) = run_crawl(config)
    assert summary.status == "failed"
    assert "connection lost" in (summary.error or ""), summary.error
    assert "<twisted" not in (summary.error or "") and "Failure" not in (summary.error or "")


def test_an_oversized_page_is_skipped_too_large_not_an_error(tmp_path: Path,
                                                             make_site: Any) -> None:
    # crawl.max_page_bytes 100 kB: Scrapy cancels a download over 1.1 MB (a margin above it
    # lets the pipeline count pages in between); both are skips, never errors.
    filler = "<p>" + "Завод. " * 300_000 + "</p>"  # about 3.9 MB of UTF-8
    middle = "<p>" + "Завод. " * 30_000 + "</p>"  # about 390 kB
    page = "<html><head><title>{t}</title></head><body><h1>{t}</h1>{body}</body></html>"
    site = make_site({"rss.xml": FEED.replace("</channel>", "<item><title>2</title><link>"
                                              "{{BASE}}/news/2.html</link></item></channel>"),
                      "news/1.html": page.format(t="Большой", body=filler),
                      "news/2.html": page.format(t="Средний", body=middle)}, "big")
    config = crawl_config(tmp_path, [{"name": "big", "feeds": [f"{site.base_url}/rss.xml"]}],
                          obey_robots=False, max_page_bytes=100_000)
    (summary,) = run_crawl(config)
    assert summary.status == "ok", summary.error
    assert summary.errors == 0
    assert summary.skipped.get("too_large") == 2


def test_articles_listed_again_are_counted_already_known(tmp_path: Path,
                                                         make_site: Any) -> None:
    bodies = ["В Шымкенте открылся завод по выпуску кровли: сто рабочих мест, инвестиции "
              "два миллиарда тенге, продукция пойдет в соседние области и в Узбекистан.",
              "Под Туркестаном заложили тепличный комплекс на сорок гектаров: овощи будут "
              "выращивать круглый год, газ и воду подведет акимат района.",
              "В Кентау после реконструкции заработал трансформаторный завод: он будет "
              "выпускать силовые трансформаторы для сетей южного региона."]
    page = ("<html lang='ru'><head><title>{t}</title></head><body><article><h1>{t}</h1>"
            "<p>{b} {b}</p></article></body></html>")
    files = {f"news/{i}.html": page.format(t=f"Новость {i}", b=b) for i, b in enumerate(bodies)}

    def feed(count: int) -> str:
        items = "".join(f"<item><title>{i}</title><link>{{{{BASE}}}}/news/{i}.html</link>"
                        "</item>" for i in range(count))
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'

    site = make_site({**files, "rss.xml": feed(2)}, "known")
    config = crawl_config(tmp_path, [{"name": "known", "feeds": [f"{site.base_url}/rss.xml"]}],
                          obey_robots=False)
    (first,) = run_crawl(config)
    assert first.new_articles == 2 and first.skipped.get("exists", 0) == 0
    (site.root / "rss.xml").write_text(feed(3), "utf-8")  # one new item: a new ETag
    (second,) = run_crawl(config)
    assert second.new_articles == 1 and second.skipped.get("exists") == 2
    assert site.count("/news/0.html") == 1  # known: listed again, never fetched again
