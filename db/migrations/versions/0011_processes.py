"""Several processes, one bot: the process registry, the shared rate budget, sends recorded per firing,
and scheduled_work's lease owner, original due time and creator.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("shard_count", sa.Integer(), nullable=False),
        sa.Column("shard_ids", sa.String(1000), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=False),
        sa.Column("stopping", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_processes"),
    )
    op.create_table(
        "rate_budget",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_rate_budget"),
    )
    op.create_table(
        "scheduled_sends",
        sa.Column("row_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("nonce", sa.String(40), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("dm_failed", sa.Boolean(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("row_id", "nonce", name="pk_scheduled_sends"),
    )
    with op.batch_alter_table("scheduled_work") as batch:
        batch.add_column(sa.Column("meant_for", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("created_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("prev_claimed_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scheduled_work") as batch:
        for name in ("prev_claimed_at", "claimed_at", "lease_owner", "created_by", "meant_for"):
            batch.drop_column(name)
    op.drop_table("scheduled_sends")
    op.drop_table("rate_budget")
    op.drop_table("processes")
