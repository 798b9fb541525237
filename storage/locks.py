"""Named locks in the database, so crawls of one site never overlap across processes and hosts.

A lock is one row keyed by its name. Taking it is a single statement: insert the row, or, when
a row exists that has expired, overwrite it (``INSERT .. ON CONFLICT DO UPDATE .. WHERE
expires < now``). The primary key makes that atomic on SQLite and PostgreSQL alike: of two
processes racing, exactly one ends up with its token in the row. A lock left by a killed
process is taken over once it expires; a live holder keeps extending it (heartbeat), so a long
crawl does not lose its lock half way.

A holder may do its work in other processes (a crawl runs in a child process): it records each
of them in a companion row (:func:`attach_process`), so that a lock whose holder died is taken
over early only when none of its recorded processes of this host is alive either. A holder
killed with ``kill -9`` must not let the next crawl start beside its still running child.
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
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, delete, inspect, select, update
from sqlalchemy import insert as insert_row
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
        if row.token != token and _all_dead(conn, name, row.owner, row.token):
            # Left by a process of this host that no longer exists (kill -9, crash), and so
            # are the processes it worked through: take it over now instead of making the
            # user wait lock_minutes. Compare-and-swap on the dead holder's token, so two
            # processes cannot both win.
            dead = row.owner
            conn.execute(update(Lock).where(Lock.name == name, Lock.token == row.token)
                         .values(**values))
            row = conn.execute(select(Lock.__table__).where(Lock.name == name)).one()
            if row.token == token:
                log.warning("took over lock %s left by dead process %s", name, dead)
        if row.token == token:
            # Companions of an earlier holder (expired or dead) describe nothing any more.
            conn.execute(delete(Lock).where(Lock.name == _companion(name), Lock.token != token))
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
    return _is_zombie(int(pid))


def _is_zombie(pid: int) -> bool:
    """A killed process whose new parent has not reaped it yet still answers kill(pid, 0), but
    it runs no code any more. Linux only (/proc); elsewhere a zombie counts as alive."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rpartition(")")[2].split()
    return bool(fields) and fields[0] == "Z"


def _companion(name: str) -> str:
    """The row naming the process a holder of ``name`` works through (see attach_process)."""
    return f"{name}/process"


def _all_dead(conn: Connection, name: str, owner: str, token: str) -> bool:
    """The holder ``owner`` of lock ``name`` and every process it recorded are dead."""
    if not holder_is_dead(owner):
        return False
    helpers = conn.scalars(select(Lock.owner).where(Lock.name == _companion(name),
                                                   Lock.token == token))
    return all(holder_is_dead(helper) for helper in helpers)


def attach_process(engine: Engine, name: str, pid: int) -> bool:
    """Record that this process, holding lock ``name``, works through process ``pid`` (the
    crawl child): while ``pid`` lives the lock is not taken over early, even when this process
    dies. False (nothing recorded) when this process does not hold the lock."""
    with engine.begin() as conn:
        row = conn.execute(select(Lock.__table__).where(Lock.name == name)).one_or_none()
        if row is None or row.owner != owner_id():
            return False
        # A row per lock: one child per holder. Delete and insert works on every dialect.
        conn.execute(delete(Lock).where(Lock.name == _companion(name)))
        conn.execute(insert_row(Lock).values(
            name=_companion(name), owner=f"{socket.gethostname()}:{pid}", token=row.token,
            acquired=utcnow(), expires=row.expires))
    return True


def detach_process(engine: Engine, name: str, pid: int) -> None:
    """Forget process ``pid`` of lock ``name`` (it has ended)."""
    with engine.begin() as conn:
        conn.execute(delete(Lock).where(Lock.name == _companion(name),
                                        Lock.owner == f"{socket.gethostname()}:{pid}"))


def refresh(engine: Engine, name: str, token: str, ttl: timedelta) -> bool:
    """Push the expiry of a held lock ``ttl`` into the future; False when it was lost."""
    with engine.begin() as conn:
        result = conn.execute(update(Lock).where(Lock.name == name, Lock.token == token)
                              .values(expires=utcnow() + ttl))
    return bool(result.rowcount)


def release(engine: Engine, name: str, token: str) -> None:
    """Drop the lock if this token still holds it (a taken-over lock is left alone)."""
    with engine.begin() as conn:
        conn.execute(delete(Lock).where(Lock.name.in_([name, _companion(name)]),
                                        Lock.token == token))


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
