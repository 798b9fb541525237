"""DigestRun rows: which day's digest went out on which channel (exactly once each)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import DigestRun


def latest_delivered_day(session: Session) -> date | None:
    """The newest day delivered on any channel, or None when no digest was ever made."""
    last = session.scalar(select(func.max(DigestRun.day)))
    return date.fromisoformat(last) if last else None


def is_delivered(session: Session, day: date, channel: str) -> bool:
    return session.scalar(select(DigestRun.id).where(DigestRun.day == day.isoformat(),
                                                     DigestRun.channel == channel)) is not None


def record_delivery(session: Session, day: date, channel: str, *, stories: int,
                    detail: str | None) -> DigestRun:
    """Record (and commit) that ``day``'s digest went out via ``channel``. The unique
    (day, channel) index makes a second record of the same delivery fail."""
    run = DigestRun(day=day.isoformat(), channel=channel, stories=stories, detail=detail)
    session.add(run)
    session.commit()
    return run
