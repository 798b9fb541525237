"""Alembic environment: migrate the connection handed over by storage.db, or open one.

No logging.fileConfig here: the application (CLI, daemon, tests) owns logging.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine

from storage.migrations import include_object
from storage.models import Base, UTCDateTime

config = context.config


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write UTCDateTime as the type it stores, so revisions import nothing from models
    (the UTC conversion happens in Python, not in the schema)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=True,
        render_item=_render_item,
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.attributes.get("url")
    if not url:
        raise RuntimeError("alembic_config() needs a connection or a url")
    # A plain engine: storage.db imports this package, not the other way round (the
    # application always passes its own connection; a URL comes from the command line).
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) mode is not supported; migrate a live database")
_run_online()
