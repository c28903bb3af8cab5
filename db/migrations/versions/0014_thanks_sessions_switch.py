"""Thank-yous: the 10th, 25th and 50th session celebrations get their own switch (apart from first steps).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("thanks_settings") as batch:
        batch.add_column(sa.Column("celebrate_sessions", sa.Boolean(), nullable=False, server_default=sa.true()))
    # A server that turned "first steps and sessions" off keeps both off.
    op.execute("UPDATE thanks_settings SET celebrate_sessions = celebrate_milestones")


def downgrade() -> None:
    with op.batch_alter_table("thanks_settings") as batch:
        batch.drop_column("celebrate_sessions")
