"""Foundation: server settings and member settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guild_settings",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="Europe/London"),
        sa.Column("lead_role_id", sa.BigInteger(), nullable=True),
        sa.Column("celebrations_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("checkins_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("projects_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("leads_only_projects", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("leaderboard_enabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name="pk_guild_settings"),
    )
    op.create_table(
        "member_settings",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_member_settings"),
    )


def downgrade() -> None:
    op.drop_table("member_settings")
    op.drop_table("guild_settings")
