"""fetch_state keyed by (site, url): sources sharing a discovery URL keep their own validators.

informburo's ru and kk editions read one sitemap. With the URL alone as the key, the edition
crawled second sent the first one's ETag, got a 304 and never read the sitemap, so it found
none of its articles for as long as the other edition kept fetching first. Rows are kept: each
stays with the site that wrote it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _primary_key(columns: list[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fetch_state_pkey", "fetch_state", type_="primary")
        op.create_primary_key("fetch_state_pkey", "fetch_state", columns)
        return
    # SQLite cannot alter a primary key: batch mode copies the table into this definition.
    with op.batch_alter_table("fetch_state", recreate="always", copy_from=_table(columns)):
        pass


def _table(primary_key: list[str]) -> sa.Table:
    """fetch_state as revision 0001 made it, with ``primary_key``."""
    return sa.Table(
        "fetch_state", sa.MetaData(),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("checked", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(*primary_key),
        sa.Index("ix_fetch_state_site", "site"),
    )


def upgrade() -> None:
    _primary_key(["site", "url"])


def downgrade() -> None:
    # Back to one row per URL: keep the most recently checked of each.
    op.execute("DELETE FROM fetch_state WHERE EXISTS (SELECT 1 FROM fetch_state newer "
               "WHERE newer.url = fetch_state.url AND (newer.checked > fetch_state.checked "
               "OR (newer.checked = fetch_state.checked AND newer.site > fetch_state.site)))")
    _primary_key(["url"])
