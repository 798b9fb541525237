"""The daemon's bound on processes: due sites are crawled in batches of at most
crawl.max_parallel_sites, one crawl process at a time, whatever the number of sites. The real
daemon as a process against five local sites; its children sampled from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.config.settings import load_config
from storage.db import open_database
from storage.models import CrawlRun
from tests.waiting import wait_for

LAUNCHER = ("import sys; from monitor.config.settings import load_config; "
            "from monitor.daemon import run_daemon; "
            "sys.exit(run_daemon(load_config(sys.argv[1]), crawl_every_seconds=6, "
            "crawl_time_limit=60))")
SITES = 5
FEED = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>1</title><link>{{BASE}}/news/1.html</link></item></channel></rss>"""
PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{t}</title></head>
<body><article><h1>{t}</h1><p>{t}: на площадке номер {n} открыли цех, где работают {n}0
человек. Инвестиции составили {n} миллиардов тенге, продукцию отправят в соседние области,
сообщил аким района номер {n} на брифинге в региональной службе коммуникаций.</p></article>
</body></html>"""
pytestmark = pytest.mark.slow


def _descendants(pid: int) -> list[tuple[int, str]]:
    """(parent pid, command line) of every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    cmdlines: dict[int, str] = {}
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            cmdlines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(
                b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
        parent_of[int(entry.name)] = ppid
    out, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        out.append((parent_of[child], cmdlines.get(child, "")))
        todo += children.get(child, [])
    return out


def test_sites_are_crawled_in_bounded_batches(tmp_path: Path, make_site: Any) -> None:
    sites = [make_site({"rss.xml": FEED, "news/1.html": PAGE.format(t=f"Цех {n}", n=n + 1)},
                       f"s{n}") for n in range(SITES)]
    config = tmp_path / "newsmon.toml"
    lines = [f'data_dir = "{tmp_path / "data"}"', "[crawl]", "download_delay = 0.0",
             "autothrottle = false", "obey_robots = false", "workers = 1",
             "max_parallel_sites = 2", "[daemon]", "jitter_seconds = 1"]
    for n, site in enumerate(sites):
        lines += ["[[sites]]", f'name = "s{n}"', f'feeds = ["{site.base_url}/rss.xml"]',
                  'article_pattern = "/news/\\\\d+"']
    config.write_text("\n".join(lines) + "\n", "utf-8")
    _, sessions = open_database(load_config(str(config), environ={}).database_url)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(config)], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    most_crawls, most_processes = 0, 0

    def every_site_crawled() -> bool:
        nonlocal most_crawls, most_processes
        tree = _descendants(proc.pid)
        # The crawl processes are the daemon's children; their forked workers carry the
        # same command line.
        most_crawls = max(most_crawls, sum("monitor.crawl.process" in c
                                           for parent, c in tree if parent == proc.pid))
        most_processes = max(most_processes, len(tree))
        with sessions() as session:
            done = {r.site for r in session.scalars(select(CrawlRun))
                    if r.status in ("ok", "failed")}
        return len(done) == SITES

    try:
        wait_for("every site crawled", every_site_crawled, 120, proc, poll=0.05)
        end = time.monotonic() + 3
        while time.monotonic() < end:
            every_site_crawled()  # keep sampling through the next batches
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()[-3000:]
    assert most_crawls == 1  # one crawl process at a time
    # the crawl process and its one extraction worker (crawl.workers = 1), nothing else:
    # no multiprocessing resource tracker
    assert most_processes <= 2
    log = (tmp_path / "data" / "logs" / "newsmon.log").read_text("utf-8")
    batches = [int(line.split("crawling ")[1].split()[0]) for line in log.splitlines()
               if "crawling " in line and " site(s): " in line]
    assert batches and max(batches) <= 2 and sum(batches) >= SITES
    with sessions() as session:
        statuses = {r.status for r in session.scalars(select(CrawlRun))}
    assert statuses <= {"ok", "interrupted"}
