"""Shared task lists: lists, tasks, task settings for servers and members.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.models import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "task_lists",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("project_id", sa.BigInteger(), nullable=True),
        sa.Column("channel_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("celebrated_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_task_lists"),
    )
    op.create_index("ix_task_lists_guild_id_project_id", "task_lists", ["guild_id", "project_id"])
    op.create_index("ix_task_lists_guild_id_channel_id", "task_lists", ["guild_id", "channel_id"])
    op.create_table(
        "tasks",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("list_id", _ID, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("details", sa.String(1000), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("doer_id", sa.BigInteger(), nullable=True),
        sa.Column("helper_id", sa.BigInteger(), nullable=True),
        sa.Column("wants_helper", sa.Boolean(), nullable=False),
        sa.Column("needs_help", sa.Boolean(), nullable=False),
        sa.Column("asked_id", sa.BigInteger(), nullable=True),
        sa.Column("asked_by", sa.BigInteger(), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("repeat", sa.String(16), nullable=False),
        sa.Column("rota", sa.String(500), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("next_id", sa.BigInteger(), nullable=True),
        sa.Column("last_nudged_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.ForeignKeyConstraint(["list_id"], ["task_lists.id"], name="fk_tasks_list_id_task_lists", ondelete="CASCADE"),
        sa.CheckConstraint("state IN ('draft', 'open', 'done', 'removed')", name=op.f("ck_tasks_state")),
        sa.CheckConstraint(
            "repeat IN ('none', 'daily', 'weekly', 'fortnightly', 'monthly')", name=op.f("ck_tasks_repeat")
        ),
    )
    op.create_index("ix_tasks_list_id_state", "tasks", ["list_id", "state"])
    op.create_index("ix_tasks_guild_id_doer_id", "tasks", ["guild_id", "doer_id"])
    op.create_index("ix_tasks_guild_id_added_by", "tasks", ["guild_id", "added_by"])
    op.create_table(
        "task_settings",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("leads_only_channel_lists", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", name="pk_task_settings"),
    )
    op.create_table(
        "task_member_settings",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("nudges_off", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_task_member_settings"),
    )


def downgrade() -> None:
    op.drop_table("task_member_settings")
    op.drop_table("task_settings")
    op.drop_index("ix_tasks_guild_id_added_by", table_name="tasks")
    op.drop_index("ix_tasks_guild_id_doer_id", table_name="tasks")
    op.drop_index("ix_tasks_list_id_state", table_name="tasks")
    op.drop_table("tasks")
    op.drop_index("ix_task_lists_guild_id_channel_id", table_name="task_lists")
    op.drop_index("ix_task_lists_guild_id_project_id", table_name="task_lists")
    op.drop_table("task_lists")
