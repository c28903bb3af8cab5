"""Projects and sign-ups: projects, their sessions, sign-ups, regulars, co-organisers, reminder opt-outs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    # Integer on SQLite, so the column is the rowid and autoincrements.
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True)


def upgrade() -> None:
    op.create_table(
        "projects",
        _id(),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("about", sa.String(1000), nullable=False, server_default=""),
        sa.Column("place", sa.String(200), nullable=False, server_default=""),
        sa.Column("link", sa.String(500), nullable=False, server_default=""),
        sa.Column("bring", sa.String(200), nullable=False, server_default=""),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=True),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("rule", sa.String(300), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("signups_closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("reminder_minutes", sa.String(100), nullable=False, server_default="1440,60"),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.CheckConstraint("state IN ('draft', 'active', 'cancelled', 'finished')", name=op.f("ck_projects_state")),
        sa.CheckConstraint("places IS NULL OR (places >= 1 AND places <= 500)", name=op.f("ck_projects_places")),
    )
    # Upcoming projects of one server.
    op.create_index(op.f("ix_projects_guild_id_state"), "projects", ["guild_id", "state"])

    op.create_table(
        "project_sessions",
        _id(),
        sa.Column("project_id", sa.BigInteger(), nullable=False),
        sa.Column("slot", UTCDateTime(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_project_sessions"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_sessions_project_id_projects", ondelete="CASCADE"
        ),
        sa.CheckConstraint("state IN ('open', 'cancelled')", name=op.f("ck_project_sessions_state")),
    )
    op.create_index(op.f("ix_project_sessions_project_id_slot"), "project_sessions", ["project_id", "slot"])

    op.create_table(
        "project_signups",
        _id(),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("queue_no", sa.Integer(), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_project_signups"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["project_sessions.id"],
            name="fk_project_signups_session_id_project_sessions",
            ondelete="CASCADE",
        ),
        # One answer per member and session, even if two requests race.
        sa.UniqueConstraint("session_id", "user_id", name="uq_project_signups_session_id"),
        sa.CheckConstraint(
            "status IN ('going', 'maybe', 'cant', 'waiting', 'walkin')", name=op.f("ck_project_signups_status")
        ),
    )
    # "What am I coming to?"
    op.create_index(op.f("ix_project_signups_user_id"), "project_signups", ["user_id"])

    op.create_table(
        "project_regulars",
        sa.Column("project_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "user_id", name="pk_project_regulars"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_regulars_project_id_projects", ondelete="CASCADE"
        ),
        sa.CheckConstraint("status IN ('going', 'maybe')", name=op.f("ck_project_regulars_status")),
    )
    op.create_index(op.f("ix_project_regulars_user_id"), "project_regulars", ["user_id"])

    op.create_table(
        "project_organisers",
        sa.Column("project_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "user_id", name="pk_project_organisers"),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_project_organisers_project_id_projects", ondelete="CASCADE"
        ),
    )

    op.create_table(
        "project_reminder_optouts",
        sa.Column("project_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "user_id", name="pk_project_reminder_optouts"),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_project_reminder_optouts_project_id_projects",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("project_reminder_optouts")
    op.drop_table("project_organisers")
    op.drop_index("ix_project_regulars_user_id", table_name="project_regulars")
    op.drop_table("project_regulars")
    op.drop_index("ix_project_signups_user_id", table_name="project_signups")
    op.drop_table("project_signups")
    op.drop_index("ix_project_sessions_project_id_slot", table_name="project_sessions")
    op.drop_table("project_sessions")
    op.drop_index("ix_projects_guild_id_state", table_name="projects")
    op.drop_table("projects")
