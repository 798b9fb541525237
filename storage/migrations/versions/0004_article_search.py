"""Full-text search over the articles: an FTS5 table with triggers on SQLite, a GIN index on
the words of title and text on PostgreSQL (storage/searchindex.py holds the definitions;
the web app's search reads them through storage/search.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from storage import searchindex

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    searchindex.create(op.get_bind())


def downgrade() -> None:
    searchindex.drop(op.get_bind())
