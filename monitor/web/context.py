"""The app's config and one database session per request (closed when the request ends)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

from monitor.config.settings import Config
from monitor.web.healthcache import HealthCache

EXTENSION = "newsmon"


@dataclass(frozen=True)
class AppState:
    config: Config
    sessions: sessionmaker[Session]
    health: HealthCache


def state() -> AppState:
    found: AppState = current_app.extensions[EXTENSION]
    return found


def current_config() -> Config:
    return state().config


def current_health() -> HealthCache:
    return state().health


def current_session() -> Session:
    if "db_session" not in g:
        g.db_session = state().sessions()
    session: Session = g.db_session
    return session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
