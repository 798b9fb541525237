"""Engine and sessions. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Base

log = logging.getLogger(__name__)

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=NORMAL",
)


class DatabaseError(Exception):
    """The database cannot be used: bad URL, unknown driver, unreachable server.

    The message is one line that names the URL (password hidden), fit for the CLI.
    """


def safe_url(url: str | URL) -> str:
    """The URL as text with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def normalize_url(url: str) -> URL:
    """Parse ``url``; plain ``postgresql://`` means psycopg v3, the driver we ship."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {url!r}: {exc}") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``. A SQLite file's folder is created; pragmas are set on connect.

    Raises :class:`DatabaseError` for an unknown driver or malformed URL. Reachability is
    checked by :func:`init_db` / :func:`open_database`, not here.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        _make_sqlite_folder(parsed)
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
    try:
        engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
    except (NoSuchModuleError, ImportError, ArgumentError) as exc:
        raise DatabaseError(
            f"unsupported database URL {safe_url(parsed)}: {exc}".splitlines()[0]) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _make_sqlite_folder(parsed: URL) -> None:
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily; pragmas must run outside one.
    cursor = dbapi_conn.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def check_connection(engine: Engine) -> None:
    """Connect once; raise :class:`DatabaseError` with a one-line reason when that fails."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, SADatabaseError) as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise DatabaseError(
            f"cannot connect to database {safe_url(engine.url)}: {reason}") from None


def init_db(engine: Engine) -> None:
    """Create missing tables and indexes (idempotent)."""
    check_connection(engine)
    try:
        try:
            Base.metadata.create_all(engine)
        except (IntegrityError, ProgrammingError):
            # Another process (daemon and CLI starting together) created the same table
            # between our check and CREATE; a second pass sees it and skips it.
            log.debug("concurrent schema creation on %s; retrying", safe_url(engine.url))
            Base.metadata.create_all(engine)
    except (OperationalError, SADatabaseError) as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"cannot create tables in {safe_url(engine.url)}: {reason}") from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: callers keep reading stored rows after the per-article commit.
    return sessionmaker(bind=engine, expire_on_commit=False)


def open_database(url: str, *, create: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Engine + session factory for ``url``, tables created. Raises :class:`DatabaseError`."""
    engine = make_engine(url)
    try:
        if create:
            init_db(engine)
        else:
            check_connection(engine)
    except DatabaseError:
        engine.dispose()
        raise
    log.debug("database ready: %s", safe_url(engine.url))
    return engine, session_factory(engine)
