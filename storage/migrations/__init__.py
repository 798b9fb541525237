"""Alembic migrations of the newsmon schema, configured in code (no alembic.ini).

:func:`alembic_config` builds the :class:`alembic.config.Config` that ``storage.db.init_db``
and ``python -m storage.migrations`` use. See README.md in this folder for adding a revision.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect

from storage.searchindex import is_search_object

SCRIPT_LOCATION = str(Path(__file__).resolve().parent)
# The revision that creates the schema as it was when migrations were introduced; a database
# made before then (by create_all) is stamped with it.
BASELINE = "0001"
# Tables that are in the database but not ours: autogenerate and comparisons skip them.
FOREIGN_TABLES = frozenset({"apscheduler_jobs"})


def alembic_config(*, connection: Connection | None = None, url: str | None = None) -> Config:
    """A Config for our scripts. env.py migrates ``connection`` when given (the caller owns
    its transaction), else opens an engine on ``url``."""
    # sys.stdout now, not at import: alembic's default is bound when alembic is imported.
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", SCRIPT_LOCATION)
    # Kept out of the ini options: ConfigParser would read a "%" in a password as interpolation.
    config.attributes["connection"] = connection
    config.attributes["url"] = url
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    """The revision scripts, read once per process (init_db runs in every crawl process)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the baseline ships with the package
        raise RuntimeError(f"no migration scripts in {SCRIPT_LOCATION}")
    return head


@lru_cache(maxsize=1)
def baseline_columns() -> dict[str, frozenset[str]]:
    """Table -> column names of the baseline schema, read from a scratch in-memory database
    upgraded to :data:`BASELINE` (so it stays right when later revisions change the models)."""
    from alembic import command  # the command module is only needed here and in __main__

    engine = create_engine("sqlite://")
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(connection=conn), BASELINE)
            inspector = inspect(conn)
            return {table: frozenset(c["name"] for c in inspector.get_columns(table))
                    for table in inspector.get_table_names() if table != "alembic_version"}
    finally:
        engine.dispose()


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Autogenerate filter: leave other tools' tables (APScheduler's job store) alone, and
    the full-text index, which is not in the models (storage/searchindex.py)."""
    if type_ in ("table", "column", "index") and is_search_object(name):
        return False
    return not (type_ == "table" and name in FOREIGN_TABLES)
