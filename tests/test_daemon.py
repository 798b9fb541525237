"""The daemon: real scheduler, real crawl processes, real SMTP server, real signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import load_config
from monitor.daemon import build_scheduler, register_jobs
from monitor.demo.localsite import LocalSite
from monitor.digest.deliver import due_days, latest_due_day
from storage.db import open_database
from storage.locks import Lock
from storage.models import CrawlRun, DigestRun
from tests.fixtures_smtp import Inbox
from tests.waiting import wait_for

SITE_ROOT = Path(__file__).parent / "fixtures" / "daemon_site"
TZ = ZoneInfo("Asia/Almaty")
# The daemon with test-scale intervals; everything else is the real run_daemon.
LAUNCHER = ("import sys; from monitor.config.settings import load_config; "
            "from monitor.daemon import run_daemon; "
            "sys.exit(run_daemon(load_config(sys.argv[1]), crawl_every_seconds=4, "
            "crawl_time_limit=40))")


def test_due_days() -> None:
    assert latest_due_day(datetime(2026, 11, 24, 8, 0, tzinfo=TZ), "08:00") == date(2026, 11, 23)
    assert latest_due_day(datetime(2026, 11, 24, 7, 59, tzinfo=TZ), "08:00") == date(2026, 11, 22)
    day = date(2026, 11, 23)
    assert due_days(None, day) == [day]  # first start: only the latest day
    assert due_days(day, day) == [day]  # delivered (maybe on one channel): re-checked only
    # back after 10 days: at most 3 days, the newest ones
    assert due_days(day - timedelta(days=10), day) == [day - timedelta(days=2),
                                                       day - timedelta(days=1), day]


def test_jobs_survive_restart_and_follow_config(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    sites = [{"name": n, "feeds": [f"https://{n}.kz/rss.xml"]} for n in ("a", "b")]
    sites[1]["crawl_every_minutes"] = 45

    def config(site_list: list[dict[str, Any]]) -> Any:
        return load_config(data={"data_dir": str(tmp_path), "database": {"url": url},
                                 "schedule": {"digest_at": "07:30"}, "sites": site_list},
                           environ={})

    def jobs(site_list: list[dict[str, Any]]) -> dict[str, Any]:
        engine, _ = open_database(url)
        scheduler = build_scheduler(config(site_list), engine, workers=2)
        scheduler.start(paused=True)  # paused: nothing runs, we only look at the schedule
        try:
            register_jobs(scheduler, config(site_list))
            return {j.id: (j.next_run_time, str(j.trigger)) for j in scheduler.get_jobs()}
        finally:
            scheduler.shutdown(wait=False)
            engine.dispose()

    first = jobs(sites)
    assert set(first) == {"crawl:a", "crawl:b", "digest", "prune"}
    assert first["crawl:a"][1] == "interval[0:30:00]" and first["crawl:b"][1] == "interval[0:45:00]"
    digest_next = first["digest"][0]
    assert (digest_next.hour, digest_next.minute) == (7, 30)
    assert digest_next.utcoffset() == timedelta(hours=5)
    assert jobs(sites) == first  # restart with the same config: the stored next runs are kept
    sites[1]["crawl_every_minutes"] = 10
    changed = jobs(sites[1:])  # site a removed, b's interval changed
    assert set(changed) == {"crawl:b", "digest", "prune"}
    assert changed["crawl:b"][1] == "interval[0:10:00]"
    assert changed["digest"] == first["digest"]


# --- end to end -------------------------------------------------------------------------------



def _write_config(tmp_path: Path, base_url: str, smtp_port: int) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(f"""
data_dir = "{tmp_path / 'data'}"
[schedule]
timezone = "Asia/Almaty"
digest_at = "00:00"
[crawl]
download_delay = 0.0
autothrottle = false
[daemon]
jitter_seconds = 1
[digest.email]
enabled = true
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
recipients = ["team@example.kz"]
[[sites]]
name = "dsite"
feeds = ["{base_url}/rss.xml"]
article_pattern = "/news/\\\\d+"
""", "utf-8")
    return path


def _stop(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
        pytest.fail(f"daemon did not stop on SIGTERM:\n{err.decode()[-2000:]}")
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.mark.slow
def test_daemon_end_to_end(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, smtp_port = smtp
    with LocalSite(SITE_ROOT) as site:
        config_path = _write_config(tmp_path, site.base_url, smtp_port)
        engine, sessions = open_database(load_config(str(config_path), environ={}).database_url)
        today = datetime.now(TZ).date()
        # Delivered three days ago: the daemon must catch up on the two days since.
        with sessions() as session:
            for channel in ("file", "email"):
                session.add(DigestRun(day=(today - timedelta(days=3)).isoformat(),
                                      channel=channel))
            session.commit()
        try:
            _first_run(config_path, sessions, inbox, today)
            _restart(config_path, sessions, inbox, tmp_path)
        finally:
            engine.dispose()


def _rows(sessions: sessionmaker[Session], model: Any) -> list[Any]:
    with sessions() as session:
        return list(session.scalars(select(model)))


def _crawl_lock(sessions: sessionmaker[Session]) -> Lock | None:
    return next((r for r in _rows(sessions, Lock) if r.name == "crawl:dsite"), None)


def _first_run(config_path: Path, sessions: sessionmaker[Session], inbox: Inbox,
               today: date) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(config_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        # A scheduled crawl is running (the feed answers after 3 s): a manual one is refused.
        holder = wait_for("a scheduled crawl", lambda: _crawl_lock(sessions), 20, proc)
        assert holder.name == "crawl:dsite" and holder.owner.endswith(f":{proc.pid}")
        manual = subprocess.run([sys.executable, "-m", "monitor", "--config", str(config_path),
                                 "crawl"], capture_output=True, text=True, timeout=30, env=env)
        assert manual.returncode == 1, manual.stderr
        assert manual.stderr.startswith(
            f"crawl: refused, site dsite is being crawled by {holder.owner} since ")
        assert manual.stdout == ""
        # Crawls keep coming on schedule.
        wait_for("two finished crawls", lambda: len([r for r in _rows(sessions, CrawlRun)
                                                  if r.status != "running"]) >= 2, 40, proc)
        wait_for("a crawl in progress", lambda: _crawl_lock(sessions), 15, proc)
    finally:
        code, err = _stop(proc)  # SIGTERM while a crawl is running
    assert code == 0, err[-3000:]
    runs = _rows(sessions, CrawlRun)
    assert all(r.status != "running" for r in runs), [(r.id, r.status) for r in runs]
    assert runs[0].status == "ok" and runs[0].pages_fetched >= 4
    assert runs[1].started - runs[0].started >= timedelta(seconds=3.5)
    assert _rows(sessions, Lock) == []  # released on the way out
    # The two missed digests: written and mailed once each.
    days = [(today - timedelta(days=n)).isoformat() for n in (2, 1)]
    delivered = sorted((r.day, r.channel) for r in _rows(sessions, DigestRun))
    assert delivered[2:] == [(d, c) for d in days for c in ("email", "file")]
    folder = config_path.parent / "data" / "digests"
    assert sorted(p.name for p in folder.iterdir()) == [f"{d}.{x}" for d in days
                                                        for x in ("html", "json", "md")]
    assert json.loads((folder / f"{days[1]}.json").read_text("utf-8"))["date"] == days[1]
    assert len(inbox.messages) == 2
    subjects = sorted(str(m["Subject"]) for _, m in inbox.messages)
    assert "дайджест" in subjects[0]
    log_text = (config_path.parent / "data" / "logs" / "newsmon.log").read_text("utf-8")
    assert "daemon stopped" in log_text and "skipping" not in log_text.split("received")[0]


def _restart(config_path: Path, sessions: sessionmaker[Session], inbox: Inbox,
             tmp_path: Path) -> None:
    """The real CLI: starts, catches up (nothing to send), stops cleanly on SIGTERM."""
    before = _rows(sessions, DigestRun)
    log_path = tmp_path / "data" / "logs" / "newsmon.log"
    mark = len(log_path.read_text("utf-8"))
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config_path),
                             "daemon"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=tmp_path)
    try:
        wait_for("the catch-up digest job", lambda: "digest job done: 0 deliver"
              in log_path.read_text("utf-8")[mark:], 30, proc)
    finally:
        code, err = _stop(proc)
    assert code == 0, err[-3000:]
    assert len(inbox.messages) == 2  # not sent again
    assert [(r.day, r.channel) for r in _rows(sessions, DigestRun)] == \
        [(r.day, r.channel) for r in before]
    assert datetime.now(UTC) > max(r.created for r in before)
