"""Self-healing state per site: how many crawls in a row its configured sources found nothing,
what was failing, and the entry the homepage fallback proposes instead.

Kept in the ``site_heal`` table (migration 0005), one row per site that has something to say;
a healthy site has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import SiteHeal, utcnow


@dataclass
class HealState:
    empty_runs: int = 0  # crawls in a row whose configured documents gave no article URL
    failing: list[str] = field(default_factory=list)  # "url: reason" of the last such crawl
    fallback: bool = False  # the last crawl read the homepage too
    found: int = 0  # article URLs the fallback documents gave in that crawl
    proposal: dict[str, Any] | None = None  # the [[sites]] entry the fallback suggests
    since: str | None = None  # ISO time of the first empty crawl of the run


def _decode(row: SiteHeal) -> HealState:
    fields = HealState.__dataclass_fields__
    known = {k: v for k, v in (row.state or {}).items() if k in fields and k != "empty_runs"}
    try:
        return HealState(empty_runs=row.empty_runs, **known)
    except TypeError:  # a row written by another version: keep the count
        return HealState(empty_runs=row.empty_runs)


def load_heal_state(session: Session, site: str) -> HealState:
    row = session.get(SiteHeal, site)
    return HealState() if row is None else _decode(row)


def heal_states(session: Session, sites: Iterable[str]) -> dict[str, HealState]:
    """The states of ``sites`` that have one (sites never empty have none)."""
    rows = session.scalars(select(SiteHeal).where(SiteHeal.site.in_(list(sites))))
    return {row.site: _decode(row) for row in rows}


def save_heal_state(session: Session, site: str, state: HealState) -> None:
    """Store (and commit) ``site``'s state; a state with nothing to say removes the row."""
    row = session.get(SiteHeal, site)
    if state == HealState():
        if row is not None:
            session.delete(row)
            session.commit()
        return
    if row is None:
        row = SiteHeal(site=site)
        session.add(row)
    data = asdict(state)
    row.empty_runs = data.pop("empty_runs")
    row.state = data
    row.updated = utcnow()
    session.commit()


__all__ = ["HealState", "heal_states", "load_heal_state", "save_heal_state"]
