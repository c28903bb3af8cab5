"""Members can be away until a date (no check-ins, no task nudges).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member_settings") as batch:
        batch.add_column(sa.Column("away_until", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member_settings") as batch:
        batch.drop_column("away_until")
