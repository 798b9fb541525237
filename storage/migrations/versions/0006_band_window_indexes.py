"""SimHash band indexes with the window and the SimHash: ``(bandN, first_seen, simhash)``.

The near-duplicate lookup asks, per band, for the recent articles with that band value and
reads their SimHash. With ``(bandN)`` alone it read every article ever stored with the band
value from the table, then dropped the old ones: a cost that grew with the store. Now each
band is one index range over the window that never reads the table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BANDS = ("band0", "band1", "band2", "band3")


def upgrade() -> None:
    for band in BANDS:
        op.drop_index(f"ix_articles_{band}", table_name="articles")
        op.create_index(f"ix_articles_{band}_seen", "articles",
                        [band, "first_seen", "simhash"], unique=False)


def downgrade() -> None:
    for band in BANDS:
        op.drop_index(f"ix_articles_{band}_seen", table_name="articles")
        op.create_index(f"ix_articles_{band}", "articles", [band], unique=False)
