"""Engine and sessions. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str) -> Engine:
    raise NotImplementedError


def init_db(engine: Engine) -> None:
    raise NotImplementedError


def session_factory(engine: Engine) -> sessionmaker[Session]:
    raise NotImplementedError
