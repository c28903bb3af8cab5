"""Scheduled work: one table for everything that happens later.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_work",
        # Integer on SQLite, so the column is the rowid and autoincrements.
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("guild_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("rule", sa.String(500), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("series_start", UTCDateTime(), nullable=True),
        sa.Column("occurrence", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_work"),
        sa.CheckConstraint(
            "state IN ('pending', 'running', 'done', 'failed', 'missed', 'cancelled')",
            name=op.f("ck_scheduled_work_state"),
        ),
    )
    # The scheduler's window load and claim: WHERE state = ... AND due_at <= ...
    op.create_index(op.f("ix_scheduled_work_state_due_at"), "scheduled_work", ["state", "due_at"])
    # Services cancel by what a row refers to.
    op.create_index(op.f("ix_scheduled_work_kind_ref_id"), "scheduled_work", ["kind", "ref_id"])


def downgrade() -> None:
    op.drop_index("ix_scheduled_work_kind_ref_id", table_name="scheduled_work")
    op.drop_index("ix_scheduled_work_state_due_at", table_name="scheduled_work")
    op.drop_table("scheduled_work")
