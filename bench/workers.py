"""Crawl workers on Redis: pages per second with one and with two worker processes.

    .venv/bin/python bench/workers.py [--sites 6] [--articles 60] [--pool 1]

Generates ``--sites`` news sites of ``--articles`` pages each (our own generated Russian and
Kazakh text: bench/daemon_scale.py's generator), served by one LocalSite on 127.0.0.1 by Host
header. For 1 and then 2 workers, in the same run: a fresh PostgreSQL database (bench/store.py)
and a fresh Redis key prefix; the workers are started as real processes
(``python -m monitor --config C worker``, ``crawl.workers = --pool`` extraction processes
each), the scheduling node's code queues every site at once (monitor.crawl.seed, what the
daemon does when the sites fall due), and the clock runs from then until every article is
stored and every site's CrawlRun is closed. Pages per second = pages fetched / that time.
The machine may be shared: compare the ratio, which comes from one run.
"""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.daemon_scale import _toml, make_sites  # noqa: E402
from bench.store import postgres_url  # noqa: E402
from monitor.config.settings import load_config  # noqa: E402
from monitor.crawl.seed import Seeder  # noqa: E402
from monitor.demo.localsite import LocalSite  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.models import Article, CrawlRun  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/0"


def write_config(path: Path, data: Path, db_url: str, prefix: str, hosts: list[str],
                 port: int, pool: int) -> None:
    lines = [f"data_dir = {_toml(str(data))}", "", "[database]", f"url = {_toml(db_url)}", "",
             "[workers]", f"redis_url = {_toml(REDIS_URL)}", f"key_prefix = {_toml(prefix)}",
             "", "[crawl]", "download_delay = 0.0", "autothrottle = false", f"workers = {pool}",
             f"resolve = {_toml([f'{h}=127.0.0.1:{port}' for h in hosts])}"]
    for host in hosts:
        lines += ["", "[[sites]]", f"name = {_toml(host.split('.')[0])}",
                  f"feeds = {_toml([f'http://{host}/rss.xml'])}",
                  f"article_pattern = {_toml(r'/news/[0-9]+[.]html$')}"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def measure(tmp: Path, workers: int, hosts: list[str], port: int, args: argparse.Namespace
            ) -> tuple[float, int, int] | None:
    """(seconds, pages fetched, articles stored) with ``workers`` worker processes."""
    with postgres_url("newsmon_bench_workers") as db_url:
        if db_url is None:
            return None
        prefix = f"newsmon-bench-{secrets.token_hex(4)}"
        config_path = tmp / f"workers{workers}.toml"
        write_config(config_path, tmp / f"data{workers}", db_url, prefix, hosts, port,
                     args.pool)
        client = redis.Redis.from_url(REDIS_URL)
        procs = [subprocess.Popen([sys.executable, "-m", "monitor", "--config",
                                   str(config_path), "worker"], cwd=ROOT,
                                  stderr=subprocess.DEVNULL) for _ in range(workers)]
        engine, sessions = open_database(db_url)
        try:
            while client.zcard(f"{prefix}:workers") < workers:
                time.sleep(0.1)
            config = load_config(config_path, environ={})
            seeder = Seeder(config, engine)
            began = time.monotonic()
            for site in config.sites:
                seeder.seed(site.name)
            expected = len(hosts) * args.articles
            while True:
                with sessions() as session:
                    stored = session.scalar(select(func.count()).select_from(Article)) or 0
                    runs = list(session.scalars(select(CrawlRun)))
                if stored >= expected and len(runs) >= len(hosts) and \
                        all(r.status != "running" for r in runs):
                    break
                time.sleep(0.2)
            seconds = time.monotonic() - began
            return seconds, sum(r.pages_fetched for r in runs), stored
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            for proc in procs:
                proc.wait(timeout=120)
            engine.dispose()
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=6)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--pool", type=int, default=1, help="crawl.workers of each worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-workers-") as name:
        tmp = Path(name)
        sites = make_sites(tmp / "www", args.sites, args.articles)
        with LocalSite(tmp / "www", by_host=True) as server:
            hosts = [site.host for site in sites]
            results = {n: measure(tmp, n, hosts, server.port, args) for n in (1, 2)}
    if any(r is None for r in results.values()):
        return 1
    print(f"{args.sites} sites x {args.articles} articles, crawl.workers = {args.pool} "
          "per worker\n")
    print("| workers | seconds | pages | articles stored | pages/s |")
    print("|---|---|---|---|---|")
    rates = {}
    for n, (seconds, pages, stored) in results.items():  # type: ignore[misc]
        rates[n] = pages / seconds
        print(f"| {n} | {seconds:.1f} | {pages} | {stored} | {rates[n]:.1f} |")
    print(f"\nratio two workers / one: {rates[2] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
