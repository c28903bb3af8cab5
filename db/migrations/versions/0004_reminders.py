"""Reminders, and quiet hours for members.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        # Integer on SQLite, so the column is the rowid and autoincrements.
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("target_kind", sa.String(16), nullable=False, server_default="me"),
        sa.Column("target_id", sa.BigInteger(), nullable=True),
        sa.Column("project_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.String(1000), nullable=False, server_default=""),
        sa.Column("repeat", sa.String(16), nullable=False, server_default="none"),
        sa.Column("rule", sa.String(300), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=True),
        sa.Column("tts", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("state", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("last_sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_delivery", sa.String(16), nullable=True),
        sa.Column("dm_failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.CheckConstraint(
            "state IN ('draft', 'active', 'sent', 'done', 'cancelled')", name=op.f("ck_reminders_state")
        ),
        sa.CheckConstraint(
            "target_kind IN ('me', 'channel', 'role', 'project')", name=op.f("ck_reminders_target_kind")
        ),
    )
    # A member's own reminders (limit, list); the server's channel and role reminders (limit, list).
    op.create_index(op.f("ix_reminders_guild_id_author_id_state"), "reminders", ["guild_id", "author_id", "state"])
    op.create_index(op.f("ix_reminders_guild_id_target_kind_state"), "reminders", ["guild_id", "target_kind", "state"])
    with op.batch_alter_table("member_settings") as batch:
        batch.add_column(sa.Column("quiet_start", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member_settings") as batch:
        batch.drop_column("quiet_end")
        batch.drop_column("quiet_start")
    op.drop_index("ix_reminders_guild_id_target_kind_state", table_name="reminders")
    op.drop_index("ix_reminders_guild_id_author_id_state", table_name="reminders")
    op.drop_table("reminders")
