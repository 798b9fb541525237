"""The full-text index of the articles (title and text), one per backend.

SQLite: an FTS5 table over ``articles`` (external content: the text is not stored twice),
kept in step by triggers. PostgreSQL: a stored generated column ``search_vector``, the
``simple`` tsvector of title and text (words as written, lower case, ё as е), with a GIN
index. Both index words as written; the query side turns a word into stems matched as
word prefixes (``monitor.article.wordforms``), so both backends find the same word forms.

Neither object is part of the models (they differ by backend): migration 0004 creates them,
and so does ``storage.db`` when it creates a fresh schema from the models directly.
``storage.migrations.include_object`` keeps them out of autogenerate. A future migration that
copies ``articles`` on SQLite (batch mode) drops the triggers: it must call :func:`create`
again afterwards.
"""

from __future__ import annotations

from sqlalchemy import Connection

FTS_TABLE = "articles_fts"
PG_INDEX = "ix_articles_search"
# PostgreSQL keeps each article's words in a stored generated column: matching rows are
# checked against it, not by parsing the text again (a tenth of the time of an expression
# index at 100,000 articles), whichever plan the planner picks.
PG_COLUMN = "search_vector"
PG_DOCUMENT = "to_tsvector('simple'::regconfig, translate(title || ' ' || text, 'Ёё', 'Ее'))"


def _folded(row: str) -> str:
    """Title and text of ``row`` (new, old) with ё as е: unicode61 folds case, not ё."""
    return (f"replace(replace({row}.title, 'ё', 'е'), 'Ё', 'Е'), "
            f"replace(replace({row}.text, 'ё', 'е'), 'Ё', 'Е')")


# External content (the text is not stored twice) indexed from the folded values: the
# triggers delete with the same folded values they inserted, and the table is filled by an
# INSERT ... SELECT of them (never 'rebuild', which would index the unfolded text).
_SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, text, "
    "content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, {_folded('new')}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    f"VALUES ('delete', old.id, {_folded('old')}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, text ON articles BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    f"VALUES ('delete', old.id, {_folded('old')}); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.id, {_folded('new')}); END",
)
_SQLITE_FILL = (f"INSERT INTO {FTS_TABLE}(rowid, title, text) "
                f"SELECT id, {_folded('articles')} FROM articles")
_SQLITE_DROP = (
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


def create(conn: Connection) -> None:
    """Create the index for ``conn``'s backend and fill it (idempotent)."""
    if conn.dialect.name == "sqlite":
        exists = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = ?",
                                      (FTS_TABLE,)).first()
        for statement in _SQLITE_CREATE:
            conn.exec_driver_sql(statement)
        if exists is None:
            conn.exec_driver_sql(_SQLITE_FILL)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {PG_COLUMN} "
                             f"tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON articles USING gin ({PG_COLUMN})")


def drop(conn: Connection) -> None:
    """Remove the index (idempotent)."""
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE_DROP:
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
        conn.exec_driver_sql(f"ALTER TABLE articles DROP COLUMN IF EXISTS {PG_COLUMN}")


def is_search_object(name: str | None) -> bool:
    """True for a table, column or index of the search index (kept out of autogenerate)."""
    return bool(name) and (name in (PG_INDEX, PG_COLUMN) or str(name).startswith(FTS_TABLE))
