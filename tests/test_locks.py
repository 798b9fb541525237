"""Crawl locks across real processes, on SQLite and PostgreSQL (db_url fixture)."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from monitor.config.settings import load_config
from storage import locks
from storage.db import open_database

# One contender: waits for a common start instant, tries each lock name, prints the outcome,
# stays alive until every contender has tried (a dead holder's lock may be taken over), then
# exits without releasing (os._exit), as a killed process would.
CONTENDER = r"""
import os, sys, time
from datetime import timedelta
from storage.db import make_engine
from storage import locks
url, start, ttl, names = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
engine = make_engine(url)
locks.ensure_table(engine)
with engine.connect():
    pass  # connect before the start instant, so both race on the statement itself
time.sleep(max(0.0, start - time.time()))
for name in names:
    token, holder = locks.try_acquire(engine, name, timedelta(seconds=ttl))
    print(name, "got" if token else "busy:" + holder.owner, flush=True)
time.sleep(max(0.0, start + 4 - time.time()))
os._exit(0)
"""


def _contenders(url: str, count: int, names: list[str], ttl: float) -> list[str]:
    start = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", CONTENDER, url, str(start), str(ttl), *names],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(count)]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        outs.append(out)
    return outs


def test_two_processes_one_gets_each_lock(db_url: str) -> None:
    names = [f"crawl:site{i}" for i in range(5)]
    outs = _contenders(db_url, 2, names, ttl=60)
    for name in names:
        results = [line.split(" ", 1)[1] for out in outs for line in out.splitlines()
                   if line.split(" ", 1)[0] == name]
        assert len(results) == 2
        assert results.count("got") == 1, (name, results)
        assert results[1 - results.index("got")].startswith("busy:")


def test_lock_of_another_host_expires_and_is_taken_over(db_url: str) -> None:
    engine, _ = open_database(db_url)
    try:
        # A holder on another host cannot be checked for life: only expiry frees its lock.
        locks.try_acquire(engine, "crawl:dead", timedelta(seconds=1.5), owner="far.example:7")
        token, holder = locks.try_acquire(engine, "crawl:dead", timedelta(seconds=30))
        assert token is None  # not expired yet
        assert holder.owner != locks.owner_id()
        time.sleep(1.7)
        token, holder = locks.try_acquire(engine, "crawl:dead", timedelta(seconds=30))
        assert token is not None and holder.owner == locks.owner_id()
    finally:
        engine.dispose()


def test_release_only_by_holder_and_heartbeat_keeps_lock(db_url: str) -> None:
    engine, _ = open_database(db_url)
    try:
        with locks.hold(engine, "crawl:x", timedelta(seconds=1.2)) as token:
            time.sleep(2.0)  # past the first expiry: the heartbeat must have extended it
            busy, holder = locks.try_acquire(engine, "crawl:x", timedelta(seconds=5))
            assert busy is None and holder.token == token
            locks.release(engine, "crawl:x", "not-the-token")
            assert locks.try_acquire(engine, "crawl:x", timedelta(seconds=5))[0] is None
        assert locks.try_acquire(engine, "crawl:x", timedelta(seconds=5))[0] is not None
    finally:
        engine.dispose()


def test_crawl_lock_message_and_table_created_by_init_db(db_url: str, tmp_path: Path) -> None:
    engine, _ = open_database(db_url)
    try:
        assert "locks" in inspect(engine).get_table_names()
        config = load_config(data={"data_dir": str(tmp_path), "database": {"url": db_url}},
                             environ={})
        with locks.crawl_lock(config, "kaztag", engine=engine):
            with pytest.raises(locks.LockBusy) as info:
                with locks.crawl_lock(config, "kaztag"):  # its own engine, as the CLI does
                    pass
            with locks.crawl_locks(config, ["other", "third"], engine=engine):
                pass  # other sites are free
        message = str(info.value)
        assert message.startswith(f"site kaztag is being crawled by {locks.owner_id()} since 20")
        with locks.crawl_lock(config, "kaztag", engine=engine):
            pass  # released on exit
    finally:
        engine.dispose()


def test_lock_of_a_dead_local_process_is_taken_over_at_once(db_url: str) -> None:
    import socket

    engine, _ = open_database(db_url)
    try:
        ttl = timedelta(minutes=30)
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
        dead_owner = f"{socket.gethostname()}:{dead.stdout.strip()}"
        token, _ = locks.try_acquire(engine, "crawl:dead", ttl, owner=dead_owner)
        assert token is not None
        mine, holder = locks.try_acquire(engine, "crawl:dead", ttl)
        assert mine is not None and holder.owner == locks.owner_id()
        # A live holder (this very process, another token) and another host's holder are
        # only ever released by expiry.
        live, holder = locks.try_acquire(engine, "crawl:dead", ttl, owner="x")
        assert live is None and holder.owner == locks.owner_id()
        far, _ = locks.try_acquire(engine, "crawl:far", ttl, owner="elsewhere.example:1")
        assert far is not None
        other, holder = locks.try_acquire(engine, "crawl:far", ttl)
        assert other is None and holder.owner == "elsewhere.example:1"
    finally:
        engine.dispose()
