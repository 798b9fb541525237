"""Delivering the daily digest: which days are due, and each (day, channel) exactly once.

The daemon's digest job calls :func:`deliver_due_digests`; a day's digest is written to
``<data>/digests/`` (md, html, json, each atomically) and mailed when email is enabled, and
every delivery is recorded as a DigestRun row so that a restart never sends it twice.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import Config
from monitor.digest import build as digest_mod
from monitor.digest.mail import MailError, send_digest
from storage import digests, runs
from storage.models import utcnow

log = logging.getLogger(__name__)

DIGEST_FORMATS = ("md", "html", "json")
CATCHUP_DAYS = 3  # a daemon back after a long stop sends at most this many missed digests


def latest_due_day(now_local: datetime, digest_at: str) -> date:
    """The newest day whose digest is due: yesterday once today's digest_at has passed."""
    hour, minute = (int(p) for p in digest_at.split(":"))
    passed = now_local.time() >= time(hour, minute)
    return now_local.date() - timedelta(days=1 if passed else 2)


def due_days(last_done: date | None, latest_due: date, max_days: int = CATCHUP_DAYS) -> list[date]:
    """Days to (re)consider, oldest first: from the last delivered day (a channel of it may
    have failed) to the latest due one, at most ``max_days``; only the latest when none ever."""
    if last_done is None:
        return [latest_due]
    first = max(last_done, latest_due - timedelta(days=max_days - 1))
    return [first + timedelta(days=i) for i in range((latest_due - first).days + 1)]


def deliver_due_digests(config: Config, sessions: sessionmaker[Session],
                        now: datetime | None = None) -> list[tuple[date, str]]:
    """Write (and mail) each due, undelivered digest; returns the (day, channel) delivered."""
    now_local = (now or utcnow()).astimezone(config.timezone)
    latest = latest_due_day(now_local, config["schedule.digest_at"])
    with sessions() as session:
        last = digests.latest_delivered_day(session)
        days = due_days(last, latest)
        if last is None:
            # Never delivered: no digest for days before the monitor first crawled (a digest
            # of a day nobody watched would be empty, and wrong to send).
            first = runs.first_crawl_started(session)
            since = first.astimezone(config.timezone).date() if first else None
            days = [d for d in days if since is not None and d >= since]
        done: list[tuple[date, str]] = []
        for day in days:
            done += deliver_digest(config, session, day)
    return done


def deliver_digest(config: Config, session: Session, day: date) -> list[tuple[date, str]]:
    """Deliver ``day``'s digest on each channel that has no DigestRun yet."""
    channels = ["file"] + (["email"] if config["digest.email.enabled"] else [])
    todo = [c for c in channels if not digests.is_delivered(session, day, c)]
    if not todo:
        return []
    digest = digest_mod.build_digest(session, day, config)
    done: list[tuple[date, str]] = []
    for channel in todo:
        try:
            detail = _deliver(config, digest, day, channel)
        except (OSError, MailError) as exc:
            log.error("digest %s via %s failed: %s", day, channel, exc)
            continue
        digests.record_delivery(session, day, channel, stories=len(digest.stories),
                                detail=detail)
        log.info("digest %s delivered via %s: %d stories (%s)", day, channel,
                 len(digest.stories), detail)
        done.append((day, channel))
    return done


def _deliver(config: Config, digest: digest_mod.Digest, day: date, channel: str) -> str:
    if channel == "file":
        paths = write_digest_files(config, digest, day)
        return ", ".join(str(p) for p in paths)
    subject = f"Новости экономики регионов: дайджест за {day:%d.%m.%Y} ({len(digest.stories)})"
    send_digest(config, subject, digest_mod.render(digest, "md"),
                digest_mod.render(digest, "html"))
    return ", ".join(config["digest.email.recipients"])


def write_digest_files(config: Config, digest: digest_mod.Digest, day: date) -> list[Path]:
    """digests/YYYY-MM-DD.{md,html,json} in the data folder, each written atomically."""
    folder = config.data_dir / "digests"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in DIGEST_FORMATS:
        path = folder / f"{day.isoformat()}.{fmt}"
        atomic_write(path, digest_mod.render(digest, fmt))
        paths.append(path)
    return paths


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
