"""Database fixtures: a temporary SQLite file and, when reachable, PostgreSQL.

``db_url`` is parametrized over both backends and gives a fresh, empty database per test
(no tables: :func:`storage.db.open_database` / ``init_db`` create them). ``db`` gives
``(engine, sessionmaker)`` with tables created, ``db_session`` one open session.

PostgreSQL (127.0.0.1:5432, user postgres, trust auth): one uniquely named database per test
session, its schema wiped before each test, dropped at the end. The postgres parameter is
marked ``postgres`` and skips, with the reason, only when the server cannot be reached.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from monitor.article.analysis import Analysis
from monitor.article.record import prepare
from monitor.article.samestory import pick_same_story
from storage.articles import StoreResult, store_article
from storage.db import open_database

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"


def _pg_admin_connect() -> psycopg.Connection:
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres",
                           connect_timeout=3, autocommit=True)


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str]:
    """A database of our own on the local server for this test session (its URL)."""
    try:
        admin = _pg_admin_connect()
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreachable"
        pytest.skip(f"PostgreSQL at {PG_HOST}:{PG_PORT} unreachable: {reason}")
    name = f"newsmon_test_{os.getpid()}_{secrets.token_hex(3)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with _pg_admin_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wipe_postgres(url: str) -> None:
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a fresh, empty database (no tables) on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("db")
        return f"sqlite:///{folder / 'newsmon.db'}"
    url = str(request.getfixturevalue("_postgres_database"))
    _wipe_postgres(url)
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    """(engine, sessionmaker) on a fresh database with the tables created."""
    engine, factory = open_database(db_url)
    try:
        yield engine, factory
    finally:
        engine.dispose()


@pytest.fixture
def db_session(db: tuple[Engine, sessionmaker[Session]]) -> Iterator[Session]:
    _engine, factory = db
    with factory() as session:
        yield session


def store_analysis(session: Session, *, site: str, url: str, analysis: Analysis,
                   **kwargs: object) -> StoreResult:
    """Store one analysed page the way the crawl does: prepared (URL forms, fingerprints,
    story features) and matched into stories by the article layer's picker."""
    return store_article(session, prepare(site, url, analysis), pick_story=pick_same_story,
                         **kwargs)  # type: ignore[arg-type]
