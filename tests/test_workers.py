"""Crawl workers on Redis and one shared PostgreSQL: the daemon queues due sites, worker
PROCESSES (``python -m monitor worker``) crawl them, every article page is fetched once across
workers and stored once, and a worker killed mid-crawl loses nothing.

Real Redis (127.0.0.1:6379) under a key prefix of each test's own, removed afterwards; real
PostgreSQL (a scratch database of the test session); sites served from 127.0.0.1.
"""

from __future__ import annotations

import os
import random
import secrets
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.demo.localsite import LocalSite
from storage.db import open_database
from storage.models import Article, CrawlRun
from tests.fixtures_db import _wipe_postgres
from tests.waiting import wait_for

redis = pytest.importorskip("redis")

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/0"
WORDS = ("завод цех инвестиции тенге область акимат проект индустриальная зона рабочие места "
         "экспорт продукция строительство модернизация оборудование мощность тонн кредит "
         "фермеры урожай зерно элеватор логистика склад дорога мост энергия солнечная станция "
         "ветровая подстанция вода канал орошение теплица овощи молоко переработка текстиль "
         "хлопок пряжа ткань мебель цемент кирпич стекло металл сталь прокат трубы химия удобрения"
         ).split()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test's own; every key under it is removed at the end."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_URL} unreachable: {exc}")
    prefix = f"newsmon-test-{os.getpid()}-{secrets.token_hex(4)}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    url = str(request.getfixturevalue("_postgres_database"))
    _wipe_postgres(url)
    return url


def _page(title: str, rng: random.Random) -> str:
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + ".</p>"
        for _ in range(4))
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>'
            f"{paragraphs}</article></body></html>")


def news_site(root: Path, name: str, articles: int, delay: float) -> LocalSite:
    """A site with an RSS feed of ``articles`` pages of our own text, each answered after
    ``delay`` seconds."""
    rng = random.Random(name)
    items = []
    for i in range(1, articles + 1):
        title = f"{name} {i}: " + " ".join(rng.choice(WORDS) for _ in range(6))
        path = root / "news" / f"{i}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(title, rng), "utf-8")
        items.append(f"<item><title>{title}</title><link>{{{{BASE}}}}/news/{i}.html</link>"
                     "</item>")
    (root / "rss.xml").write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
                                  f"<channel><title>{name}</title>{''.join(items)}"
                                  "</channel></rss>", "utf-8")
    (root / "_routes.toml").write_text(f'["/news/*"]\ndelay = {delay}\n', "utf-8")
    return LocalSite(root).start()


def write_config(tmp_path: Path, sites: dict[str, LocalSite], prefix: str, db_url: str,
                 lease_seconds: int = 30) -> Path:
    lines = [f'data_dir = "{tmp_path / "data"}"', "", "[database]", f'url = "{db_url}"', "",
             "[workers]", f'redis_url = "{REDIS_URL}"', f'key_prefix = "{prefix}"',
             f"lease_seconds = {lease_seconds}", "", "[daemon]", "jitter_seconds = 0", "",
             "[crawl]", "download_delay = 0.0", "autothrottle = false", "workers = 1",
             "timeout_seconds = 10", "retries = 0", "concurrency_per_domain = 1"]
    for name, site in sites.items():
        lines += ["", "[[sites]]", f'name = "{name}"', f'feeds = ["{site.base_url}/rss.xml"]',
                  'article_pattern = "/news/\\\\d+"']
    path = tmp_path / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def start(config: Path, command: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    log = (tmp_path / f"{command}-{secrets.token_hex(2)}.log").open("wb")
    return subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config),
                             command], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def stop(procs: list[subprocess.Popen[bytes]]) -> list[int | None]:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    codes = []
    for proc in procs:
        try:
            codes.append(proc.wait(timeout=60))
        except subprocess.TimeoutExpired:
            proc.kill()
            codes.append(proc.wait())
    return codes


def stored(db_url: str) -> list[tuple[str, str]]:
    engine, sessions = open_database(db_url)
    try:
        with sessions() as session:
            return [(a.site, a.url) for a in session.scalars(select(Article))]
    finally:
        engine.dispose()


def crawl_runs(db_url: str) -> list[Any]:
    engine, sessions = open_database(db_url)
    try:
        with sessions() as session:
            return [(r.site, r.status, r.new_articles) for r in
                    session.scalars(select(CrawlRun).order_by(CrawlRun.id))]
    finally:
        engine.dispose()


def lease_holders(prefix: str) -> set[int]:
    """PIDs of the workers holding a site lease (values are host:pid:token)."""
    with redis.Redis.from_url(REDIS_URL) as client:
        values = [client.get(k) for k in client.scan_iter(match=f"{prefix}:site:*:lease")]
    return {int(v.decode().split(":")[1]) for v in values if v}


def live_workers(prefix: str) -> int:
    with redis.Redis.from_url(REDIS_URL) as client:
        return int(client.zcard(f"{prefix}:workers"))


def article_fetches(sites: dict[str, LocalSite]) -> Counter[str]:
    return Counter(f"{name}{r.path}" for name, site in sites.items() for r in site.requests
                   if r.path.startswith("/news/"))


def test_worker_needs_a_reachable_redis(tmp_path: Path) -> None:
    """A bad or unreachable Redis URL is one line and exit status 2, not a traceback."""
    for url, message in (("http://127.0.0.1:6379", "is not a Redis URL"),
                         ("redis://127.0.0.1:1/0", "Redis at redis://127.0.0.1:1/0 unreachable")):
        proc = subprocess.run([sys.executable, "-m", "monitor", "--data-dir", str(tmp_path),
                               "worker"], capture_output=True, text=True, timeout=60, cwd=ROOT,
                              env={**os.environ, "NEWSMON_REDIS_URL": url})
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_share_three_sites(tmp_path: Path, redis_prefix: str, pg_url: str) -> None:
    sites = {f"site{i}": news_site(tmp_path / f"www{i}", f"site{i}", 8, 0.05) for i in (1, 2, 3)}
    config = write_config(tmp_path, sites, redis_prefix, pg_url)
    procs = [start(config, "worker", tmp_path) for _ in range(2)]
    try:
        wait_for("two live workers", lambda: live_workers(redis_prefix) == 2, 60, procs[0])
        procs.append(start(config, "daemon", tmp_path))
        wait_for("24 stored articles", lambda: len(stored(pg_url)) == 24, 240, procs[2])
        wait_for("three finished runs", lambda: sorted(
            (site, status) for site, status, _ in crawl_runs(pg_url)) == [
            ("site1", "ok"), ("site2", "ok"), ("site3", "ok")], 60, procs[2])
    finally:
        codes = stop(procs)
        for site in sites.values():
            site.stop()
    assert codes == [0, 0, 0]
    rows = stored(pg_url)
    assert sorted(Counter(rows).values()) == [1] * 24
    assert {url.rsplit("/", 1)[1] for _, url in rows} == {f"{i}.html" for i in range(1, 9)}
    fetches = article_fetches(sites)
    assert len(fetches) == 24 and set(fetches.values()) == {1}, fetches
    assert sum(new for _, _, new in crawl_runs(pg_url)) == 24
    logs = [(tmp_path / p).read_text("utf-8") for p in os.listdir(tmp_path)
            if p.startswith("worker-")]
    assert all("crawling 1 site(s)" in log or "crawling 2 site(s)" in log for log in logs), \
        "each worker crawls a share of the sites"


@pytest.mark.slow
@pytest.mark.postgres
def test_a_killed_worker_loses_nothing(tmp_path: Path, redis_prefix: str, pg_url: str) -> None:
    sites = {f"slow{i}": news_site(tmp_path / f"www{i}", f"slow{i}", 12, 0.6) for i in (1, 2, 3)}
    config = write_config(tmp_path, sites, redis_prefix, pg_url, lease_seconds=4)
    workers = [start(config, "worker", tmp_path) for _ in range(2)]
    daemon = None
    try:
        wait_for("two live workers", lambda: live_workers(redis_prefix) == 2, 60, workers[0])
        daemon = start(config, "daemon", tmp_path)
        wait_for("a few stored articles", lambda: len(stored(pg_url)) >= 3, 180, daemon)
        assert len(stored(pg_url)) < 36, "the crawl ended before the kill"
        holders = wait_for("a worker holding a site", lambda: lease_holders(redis_prefix), 60)
        victim = next(w for w in workers if w.pid in holders)
        workers.remove(victim)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        wait_for("36 stored articles", lambda: len(stored(pg_url)) == 36, 300, daemon)
        wait_for("every site finished", lambda: {
            site for site, status, _ in crawl_runs(pg_url) if status == "ok"} == set(sites)
            and "running" not in {status for _, status, _ in crawl_runs(pg_url)}, 120, daemon)
    finally:
        codes = stop(workers + ([daemon] if daemon else []))
        for site in sites.values():
            site.stop()
    assert codes == [0, 0]
    rows = stored(pg_url)
    assert len(rows) == 36 and len(set(rows)) == 36
    # Only the pages the killed worker had in flight may have been fetched twice.
    fetches = article_fetches(sites)
    assert len(fetches) == 36 and sum(fetches.values()) <= 36 + 6, fetches
    statuses = Counter(status for _, status, _ in crawl_runs(pg_url))
    assert statuses["interrupted"] >= 1 and statuses["ok"] >= 3
    # The runs' counts stay true across workers: the killed one's articles are counted too.
    assert sum(new for _, _, new in crawl_runs(pg_url)) == 36
