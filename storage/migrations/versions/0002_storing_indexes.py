"""Storing at scale: covering indexes for the reprint and same-story lookups, and on SQLite
the large columns of ``articles`` moved last.

Autogenerate wrote the two index changes (tidied to plain op.create_index: no table copy).
It cannot see column order: the ``articles`` rebuild is by hand. On SQLite a row's bytes
beyond its page go to overflow pages, and every column stored after ``text`` and ``figures``
(content_hash, simhash, bands, story_id, sketch_size) could only be read by walking that
chain; the rebuild copies the table with those columns first (ids and every row kept; the
batch copy keeps the indexes, including the partial unique one). PostgreSQL moves large
values out of the row by itself (TOAST): its column order stays as it is.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LARGE_COLUMNS = ("text", "matched_terms", "places", "figures")
ORDER_0001 = ("id", "url", "canonical_url", "site", "title", "text", "author", "language",
              "published", "first_seen", "relevant", "score", "topics", "matched_terms",
              "figures", "places", "content_hash", "simhash", "band0", "band1", "band2",
              "band3", "duplicate_of", "story_id", "crawl_run_id", "sketch_size")
ORDER_0002 = tuple(c for c in ORDER_0001 if c not in LARGE_COLUMNS) + LARGE_COLUMNS


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _refuse_cascading_rebuild() -> None:
    """Dropping the old ``articles`` with SQLite foreign keys on would cascade-delete every
    sketch and story key. storage.db.init_db migrates with them off; refuse any other way in
    when rows are at stake (checked before any change: SQLite DDL may commit on its own)."""
    bind = op.get_bind()
    if (bind.exec_driver_sql("PRAGMA foreign_keys").scalar()
            and bind.exec_driver_sql("SELECT 1 FROM articles LIMIT 1").first()):
        raise RuntimeError("revision 0002 rebuilds the articles table: run it with SQLite "
                           "foreign keys off (newsmon's init_db does), or the rows of "
                           "article_sketches and story_keys would be deleted")


def _reorder_articles(order: tuple[str, ...]) -> None:
    """Copy ``articles`` into a table with its columns in ``order`` (SQLite)."""
    with op.batch_alter_table("articles", recreate="always", partial_reordering=[order]):
        pass


def upgrade() -> None:
    if _sqlite():
        _refuse_cascading_rebuild()
    op.drop_index("ix_article_sketches_hash", table_name="article_sketches")
    op.create_index("ix_article_sketches_hash_article", "article_sketches",
                    ["hash", "article_id"], unique=False)
    op.drop_index("ix_story_keys_key_seen", table_name="story_keys")
    op.create_index("ix_story_keys_key_seen", "story_keys",
                    ["key", "first_seen", "article_id", "weight"], unique=False)
    if _sqlite():
        _reorder_articles(ORDER_0002)


def downgrade() -> None:
    if _sqlite():
        _refuse_cascading_rebuild()
        _reorder_articles(ORDER_0001)
    op.drop_index("ix_story_keys_key_seen", table_name="story_keys")
    op.create_index("ix_story_keys_key_seen", "story_keys", ["key", "first_seen"],
                    unique=False)
    op.drop_index("ix_article_sketches_hash_article", table_name="article_sketches")
    op.create_index("ix_article_sketches_hash", "article_sketches", ["hash"], unique=False)
