"""Check-ins: scheduled questions, members' answers, help requests, settings and known leads.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("weekdays", sa.String(32), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("member_zone", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("summary_after_minutes", sa.Integer(), nullable=False, server_default="180"),
        sa.Column("state", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("paused_until", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('mood3', 'mood5', 'standup')", name="kind"),
        sa.CheckConstraint("state IN ('draft', 'active', 'stopped')", name="state"),
    )
    op.create_index("ix_checkins_guild_id_state", "checkins", ["guild_id", "state"])
    op.create_table(
        "checkin_members",
        sa.Column("checkin_id", _ID, sa.ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
    )
    op.create_table(
        "checkin_answers",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("checkin_id", _ID, sa.ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("choice", sa.String(16), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("checkin_id", "user_id", "day", name="member_day"),
    )
    op.create_index("ix_checkin_answers_guild_id_answered_at", "checkin_answers", ["guild_id", "answered_at"])
    op.create_index("ix_checkin_answers_user_id", "checkin_answers", ["user_id"])
    op.create_table(
        "checkin_help_requests",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("wanted_id", sa.BigInteger(), nullable=True),
        sa.Column("soon", sa.String(8), nullable=False),
        sa.Column("checkin_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="open"),
        sa.Column("alerted_ids", sa.JSON(), nullable=True),
        sa.Column("alerts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("owner_told", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("claimed_by", sa.BigInteger(), nullable=True),
        sa.Column("claimed_name", sa.String(100), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("state IN ('open', 'claimed')", name="state"),
    )
    op.create_index("ix_checkin_help_requests_guild_id_state", "checkin_help_requests", ["guild_id", "state"])
    op.create_index("ix_checkin_help_requests_user_id", "checkin_help_requests", ["user_id"])
    op.create_table(
        "checkin_settings",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("leads_channel_id", sa.BigInteger(), nullable=True),
        sa.Column("realert_hours", sa.Integer(), nullable=False, server_default="4"),
        sa.Column("retention_days", sa.Integer(), nullable=False, server_default="90"),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "checkin_leads",
        sa.Column("guild_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("display_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "checkin_member_prefs",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("reminders", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "checkin_member_prefs",
        "checkin_leads",
        "checkin_settings",
        "checkin_help_requests",
        "checkin_answers",
        "checkin_members",
        "checkins",
    ):
        op.drop_table(table)
