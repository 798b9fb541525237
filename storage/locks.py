"""Named locks in the database, so crawls of one site never overlap across processes and hosts.

A lock is one row keyed by its name. Taking it is a single statement: insert the row, or, when
a row exists that has expired, overwrite it (``INSERT .. ON CONFLICT DO UPDATE .. WHERE
expires < now``). The primary key makes that atomic on SQLite and PostgreSQL alike: of two
processes racing, exactly one ends up with its token in the row. A lock left by a killed
process is taken over once it expires; a live holder keeps extending it (heartbeat), so a long
crawl does not lose its lock half way.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from storage.models import Lock, utcnow

if TYPE_CHECKING:
    from monitor.config.settings import Config, SiteConfig

log = logging.getLogger(__name__)


class LockBusy(Exception):
    """The lock is held by someone else; the message says who and since when."""


def owner_id() -> str:
    """``host:pid`` of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def ensure_table(engine: Engine) -> None:
    """Create the lock table when missing (init_db does it too once this module is imported)."""
    try:
        Lock.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
    except DBAPIError:
        # Two processes starting on a fresh database race to create it; one wins, fine.
        if not inspect(engine).has_table(Lock.__tablename__):
            raise


def _upsert(engine: Engine, values: dict[str, Any], now: datetime) -> Any:
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    if engine.dialect.name not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"locks need SQLite or PostgreSQL, not {engine.dialect.name}")
    stmt = insert(Lock).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=[Lock.name],
        set_={k: stmt.excluded[k] for k in ("owner", "token", "acquired", "expires")},
        where=Lock.expires < now,
    )


def try_acquire(engine: Engine, name: str, ttl: timedelta, *,
                owner: str | None = None, now: datetime | None = None) -> tuple[str | None, Lock]:
    """Take lock ``name`` for ``ttl``. Returns (token, row): token is None when it is busy,
    and the row then describes the current holder."""
    now = now or utcnow()
    token = str(uuid.uuid4())
    values = {"name": name, "owner": owner or owner_id(), "token": token,
              "acquired": now, "expires": now + ttl}
    with engine.begin() as conn:
        conn.execute(_upsert(engine, values, now))
        row = conn.execute(select(Lock.__table__).where(Lock.name == name)).one()
        if row.token != token and holder_is_dead(row.owner):
            # Left by a process of this host that no longer exists (kill -9, crash): take it
            # over now instead of making the user wait lock_minutes. Compare-and-swap on the
            # dead holder's token, so two processes cannot both win.
            dead = row.owner
            conn.execute(update(Lock).where(Lock.name == name, Lock.token == row.token)
                         .values(**values))
            row = conn.execute(select(Lock.__table__).where(Lock.name == name)).one()
            if row.token == token:
                log.warning("took over lock %s left by dead process %s", name, dead)
    holder = Lock(name=row.name, owner=row.owner, token=row.token, acquired=row.acquired,
                  expires=row.expires)
    return (token if row.token == token else None), holder


def holder_is_dead(owner: str) -> bool:
    """True when ``owner`` (host:pid) is a process of this host that no longer exists.
    Another host's holder, or a pid that exists (perhaps reused), only expires."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def refresh(engine: Engine, name: str, token: str, ttl: timedelta) -> bool:
    """Push the expiry of a held lock ``ttl`` into the future; False when it was lost."""
    with engine.begin() as conn:
        result = conn.execute(update(Lock).where(Lock.name == name, Lock.token == token)
                              .values(expires=utcnow() + ttl))
    return bool(result.rowcount)


def release(engine: Engine, name: str, token: str) -> None:
    """Drop the lock if this token still holds it (a taken-over lock is left alone)."""
    with engine.begin() as conn:
        conn.execute(delete(Lock).where(Lock.name == name, Lock.token == token))


def busy_message(what: str, holder: Lock, tz: ZoneInfo | None = None) -> str:
    since = holder.acquired.astimezone(tz) if tz else holder.acquired
    return f"{what} by {holder.owner} since {since:%Y-%m-%d %H:%M:%S %Z}".rstrip()


@contextmanager
def hold(engine: Engine, name: str, ttl: timedelta, *, what: str | None = None,
         tz: ZoneInfo | None = None) -> Iterator[str]:
    """Hold lock ``name`` for the ``with`` body, extending it every ttl/3; LockBusy if taken."""
    token, holder = try_acquire(engine, name, ttl)
    if token is None:
        raise LockBusy(busy_message(what or f"lock {name} is held", holder, tz))
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(engine, name, token, ttl, stop),
                            name=f"lock-{name}", daemon=True)
    beat.start()
    try:
        yield token
    finally:
        stop.set()
        beat.join(timeout=5)
        release(engine, name, token)


def _heartbeat(engine: Engine, name: str, token: str, ttl: timedelta,
               stop: threading.Event) -> None:
    while not stop.wait(max(ttl.total_seconds() / 3, 0.5)):
        try:
            if not refresh(engine, name, token, ttl):
                log.warning("lock %s was taken over by another process", name)
                return
        except Exception:  # noqa: BLE001 - a database hiccup must not kill the holder
            log.warning("could not extend lock %s", name, exc_info=True)


def crawl_lock_name(site: str) -> str:
    return f"crawl:{site}"


@contextmanager
def crawl_lock(config: Config, site: str | SiteConfig, *,
               engine: Engine | None = None) -> Iterator[str]:
    """Hold the crawl lock of ``site`` (a name or SiteConfig) for the ``with`` body.

    Raises LockBusy("site X is being crawled by host:pid since ...") when another process
    crawls it. ``config`` is a monitor.config.settings.Config (database URL, daemon.lock_minutes).
    """
    name = site if isinstance(site, str) else site.name
    ttl = timedelta(minutes=config["daemon.lock_minutes"])
    with _engine_for(config, engine) as eng:
        with hold(eng, crawl_lock_name(name), ttl,
                  what=f"site {name} is being crawled", tz=config.timezone) as token:
            yield token


@contextmanager
def crawl_locks(config: Config, sites: Iterable[str | SiteConfig], *,
                engine: Engine | None = None) -> Iterator[list[str]]:
    """Hold the crawl locks of several sites: all of them, or LockBusy for the first taken."""
    with ExitStack() as stack:
        eng = stack.enter_context(_engine_for(config, engine))
        tokens = [stack.enter_context(crawl_lock(config, s, engine=eng)) for s in sites]
        yield tokens


@contextmanager
def _engine_for(config: Config, engine: Engine | None) -> Iterator[Engine]:
    if engine is not None:
        ensure_table(engine)
        yield engine
        return
    from storage.db import make_engine  # late: storage.db imports this module's table

    eng = make_engine(config.database_url)
    try:
        ensure_table(eng)
        yield eng
    finally:
        eng.dispose()
