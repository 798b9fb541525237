"""Engine and sessions (SQLite gets WAL, foreign keys and a busy timeout); schema migration."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
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

from storage import migrations, searchindex
from storage.models import Base

log = logging.getLogger(__name__)

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=30000",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
# Switching a fresh file to WAL needs an exclusive lock, and SQLite answers "database is
# locked" at once (no busy handler) when another connection races for it: retry for this long.
_WAL_WAIT_SECONDS = 30.0


# Key of the PostgreSQL advisory lock held while migrating (any constant unique to newsmon).
_PG_MIGRATION_LOCK = 0x6E65_7773_6D6F_6E

_MIGRATING = threading.Lock()


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
        folder = Path(database).expanduser().parent
        if folder.exists() and not folder.is_dir():
            raise DatabaseError(f"cannot use {folder} as the data folder: it is a file")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way, no permission, read-only file system
            raise DatabaseError(f"cannot use {folder} as the data folder: "
                                f"{exc.strerror or exc}") from None


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily; pragmas must run outside one.
    cursor = dbapi_conn.cursor()
    try:
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        _enable_wal(cursor)
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """WAL is stored in the file: only the first connection to a new database switches it."""
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() in ("wal", "memory"):
        return
    deadline = time.monotonic() + _WAL_WAIT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


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
    """Bring the schema to the newest migration (idempotent, safe when processes race).

    A fresh database is migrated from nothing; one made before migrations existed (our tables,
    no ``alembic_version``) is checked against the baseline, stamped, then upgraded.
    """
    check_connection(engine)
    try:
        if _current_revision(engine) == migrations.head_revision():
            return
        try:
            _migrate(engine)
        except (IntegrityError, ProgrammingError, OperationalError) as exc:
            # Both migrations are serialized by a lock, but a table made outside them (the
            # crawl lock's ensure_table) can still collide; a second pass sees it.
            if _current_revision(engine) == migrations.head_revision():
                return
            log.debug("schema migration on %s failed (%s); retrying once",
                      safe_url(engine.url), exc)
            _migrate(engine)
    except CommandError as exc:
        raise DatabaseError(f"cannot migrate {safe_url(engine.url)}: {exc}") from None
    except (OperationalError, SADatabaseError) as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"cannot create tables in {safe_url(engine.url)}: {reason}") from None


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _migrate(engine: Engine) -> None:
    """Stamp a pre-migration database, upgrade to head: one transaction under a lock."""
    # Alembic's `context` is a module-global proxy: threads of one process take turns.
    with _MIGRATING, engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations copy and drop tables: with foreign keys on, dropping `articles`
            # would cascade-delete its sketches. The pragma is a no-op inside a transaction.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            _lock_schema(conn)
            _upgrade_locked(conn)
            if sqlite:
                _check_foreign_keys(conn)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if sqlite:
                _restore_foreign_keys(conn)


def _restore_foreign_keys(conn: Connection) -> None:
    try:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()
    except SADatabaseError:
        # Never hand a connection without foreign keys back to the pool.
        conn.invalidate()


def _lock_schema(conn: Connection) -> None:
    """Serialize migrations: the second process waits, then finds the schema at head."""
    if conn.dialect.name == "sqlite":
        # pysqlite does not begin transactions for DDL; take the write lock ourselves
        # (busy_timeout makes the other process wait for it).
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _upgrade_locked(conn: Connection) -> None:
    config = migrations.alembic_config(connection=conn)
    current = MigrationContext.configure(conn).get_current_revision()
    if current is None and _only_lock_table(conn):
        # A crawl takes its lock (storage.locks.ensure_table) before it opens the database:
        # that table is today's model, so the others are created as today's models too.
        Base.metadata.create_all(conn)
        searchindex.create(conn)  # not a model: migration 0004 makes it on the other paths
        command.stamp(config, "head")
    elif current is None and _adopt_legacy(conn):
        command.stamp(config, migrations.BASELINE)
    command.upgrade(config, "head")
    log.debug("schema of %s at %s", safe_url(conn.engine.url), migrations.head_revision())


def _only_lock_table(conn: Connection) -> bool:
    """True when the lock table is the only one of ours in the database."""
    return set(inspect(conn).get_table_names()) & set(Base.metadata.tables) == {"locks"}


def _adopt_legacy(conn: Connection) -> bool:
    """True when ``conn`` holds a database made before migrations (our tables, unversioned),
    after checking it against the baseline; False for an empty one."""
    expected = migrations.baseline_columns()
    present = set(inspect(conn).get_table_names())
    if not present & set(expected):
        return False
    missing = sorted(set(expected) - present)
    if missing:
        # The old init_db created missing tables on every start; do the same while the
        # models still are the baseline (later models would not be the baseline's tables).
        if migrations.head_revision() != migrations.BASELINE:
            raise DatabaseError(f"database {safe_url(conn.engine.url)} predates migrations "
                                f"and lacks tables {', '.join(missing)}")
        Base.metadata.create_all(conn, tables=[Base.metadata.tables[t] for t in missing])
    inspector = inspect(conn)
    lacking = sorted(f"{table}.{column}" for table, columns in expected.items()
                     for column in columns - {c["name"] for c in inspector.get_columns(table)})
    if lacking:
        raise DatabaseError(f"database {safe_url(conn.engine.url)} predates migrations and "
                            f"does not match the baseline: no column {', '.join(lacking)}")
    log.info("database %s predates migrations: stamping it at baseline %s",
             safe_url(conn.engine.url), migrations.BASELINE)
    return True


def _check_foreign_keys(conn: Connection) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DatabaseError(f"migration left {len(broken)} rows with broken foreign keys "
                            f"(first: {tuple(broken[0])}); rolled back")


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
