"""The first digest of a new install: none for the days before the monitor first crawled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import load_config
from monitor.digest.deliver import deliver_due_digests
from storage import runs
from storage.db import open_database

# 10:00 in Almaty (UTC+5) on 2026-03-10: the digest of 2026-03-09 is due (digest_at 08:00).
NOW = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)


def _deliver(tmp_path: Path, sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    config = load_config(environ={}, data={"data_dir": str(tmp_path / "data"), "sites": [
        {"name": "s", "feeds": ["https://s.kz/rss"]}]})
    return [(d.isoformat(), c) for d, c in deliver_due_digests(config, sessions, now=NOW)]


def test_no_digest_before_the_first_crawl(tmp_path: Path) -> None:
    engine, sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        assert _deliver(tmp_path, sessions) == []  # never crawled: nothing to tell
        with sessions() as session:  # installed this morning, after the due day
            runs.start_crawl_run(session, "s", now=NOW - timedelta(hours=1))
        assert _deliver(tmp_path, sessions) == []
        assert not (tmp_path / "data" / "digests").exists()
        with sessions() as session:  # a crawl two days ago: yesterday was watched
            runs.start_crawl_run(session, "s", now=NOW - timedelta(days=2))
        assert _deliver(tmp_path, sessions) == [("2026-03-09", "file")]
        assert (tmp_path / "data" / "digests" / "2026-03-09.md").is_file()
    finally:
        engine.dispose()
