"""Thank-yous and celebrations: thank-yous, who is thanked, "me too", consent, settings, the weekly good news.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Integer on SQLite, so the column is the rowid and autoincrements.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "thanks",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("typed_by", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("project_id", sa.BigInteger(), nullable=True),
        sa.Column("task_id", sa.BigInteger(), nullable=True),
        sa.Column("said_in", sa.BigInteger(), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("posted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_thanks"),
    )
    op.create_index("ix_thanks_guild_created", "thanks", ["guild_id", "created_at"])
    op.create_table(
        "thanks_recipients",
        sa.Column("thanks_id", _ID, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("by_dm", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thanks_id"], ["thanks.id"], name="fk_thanks_recipients_thanks_id_thanks", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("thanks_id", "user_id", name="pk_thanks_recipients"),
    )
    op.create_index("ix_thanks_recipients_user", "thanks_recipients", ["user_id"])
    op.create_table(
        "thanks_me_too",
        sa.Column("thanks_id", _ID, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thanks_id"], ["thanks.id"], name="fk_thanks_me_too_thanks_id_thanks", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("thanks_id", "user_id", name="pk_thanks_me_too"),
    )
    op.create_index("ix_thanks_me_too_user", "thanks_me_too", ["user_id"])
    op.create_table(
        "thanks_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("celebrate_projects", sa.Boolean(), nullable=False),
        sa.Column("celebrate_tasks", sa.Boolean(), nullable=False),
        sa.Column("celebrate_milestones", sa.Boolean(), nullable=False),
        sa.Column("digest_on", sa.Boolean(), nullable=False),
        sa.Column("digest_weekday", sa.Integer(), nullable=False),
        sa.Column("digest_minute", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name="pk_thanks_settings"),
    )
    op.create_table(
        "thanks_members",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("no_posts", sa.Boolean(), nullable=False),
        sa.Column("milestones", sa.Boolean(), nullable=False),
        sa.Column("hide_from_board", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_thanks_members"),
    )
    op.create_table(
        "thanks_celebrations",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ref_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_thanks_celebrations"),
        sa.UniqueConstraint("guild_id", "kind", "ref_id", name="uq_thanks_celebrations_event"),
    )
    op.create_table(
        "thanks_tasks_done",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_thanks_tasks_done"),
        sa.UniqueConstraint("task_id", "user_id", name="uq_thanks_tasks_done_task"),
    )
    op.create_index("ix_thanks_tasks_done_guild_done", "thanks_tasks_done", ["guild_id", "done_at"])
    op.create_table(
        "thanks_digests",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_thanks_digests"),
        sa.UniqueConstraint("guild_id", "week_start", name="uq_thanks_digests_week"),
    )


def downgrade() -> None:
    op.drop_table("thanks_digests")
    op.drop_index("ix_thanks_tasks_done_guild_done", table_name="thanks_tasks_done")
    op.drop_table("thanks_tasks_done")
    op.drop_table("thanks_celebrations")
    op.drop_table("thanks_members")
    op.drop_table("thanks_settings")
    op.drop_index("ix_thanks_me_too_user", table_name="thanks_me_too")
    op.drop_table("thanks_me_too")
    op.drop_index("ix_thanks_recipients_user", table_name="thanks_recipients")
    op.drop_table("thanks_recipients")
    op.drop_index("ix_thanks_guild_created", table_name="thanks")
    op.drop_table("thanks")
