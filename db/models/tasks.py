"""Shared task lists (bot/services/tasks): lists, tasks, and the feature's own settings."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake

__all__ = ["TASK_REPEATS", "TASK_STATES", "Task", "TaskList", "TaskMemberSettings", "TaskSettings"]

TASK_STATES = ("draft", "open", "done", "removed")
TASK_REPEATS = ("none", "daily", "weekly", "fortnightly", "monthly")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # rowid on SQLite: autoincrement


class TaskList(Base):
    """One list: a project's (``project_id``) or a channel's (``channel_id`` only). Where its card is."""

    __tablename__ = "task_lists"
    __table_args__ = (
        sa.Index("ix_task_lists_guild_id_project_id", "guild_id", "project_id"),
        sa.Index("ix_task_lists_guild_id_channel_id", "guild_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    project_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # where the card is (or goes)
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    # Set when every task was done and the celebration was planned; cleared when a task opens again.
    celebrated_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Task(Base):
    """One task. ``doer_id`` is doing it, ``helper_id`` helps; both are credited when it is done.
    ``asked_id``: an organiser asked this member, who has not answered yet (shown on the list)."""

    __tablename__ = "tasks"
    __table_args__ = (
        sa.Index("ix_tasks_list_id_state", "list_id", "state"),
        sa.Index("ix_tasks_guild_id_doer_id", "guild_id", "doer_id"),
        sa.Index("ix_tasks_guild_id_added_by", "guild_id", "added_by"),
        sa.CheckConstraint("state IN ('draft', 'open', 'done', 'removed')", name="state"),
        sa.CheckConstraint("repeat IN ('none', 'daily', 'weekly', 'fortnightly', 'monthly')", name="repeat"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("task_lists.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    details: Mapped[str] = mapped_column(sa.String(1000), default="")
    added_by: Mapped[int] = mapped_column(Snowflake)
    doer_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    helper_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    wants_helper: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    needs_help: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    asked_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    asked_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    repeat: Mapped[str] = mapped_column(sa.String(16), default="none")
    rota: Mapped[str] = mapped_column(sa.String(500), default="")  # user ids "1,2,3": turns, in order
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    next_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)  # the repeat made from this one
    last_nudged_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TaskSettings(Base):
    """A server's choices for tasks (kept here, not in guild_settings)."""

    __tablename__ = "task_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    leads_only_channel_lists: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    updated_at: Mapped[datetime]


class TaskMemberSettings(Base):
    """A member's choice about task nudges (in every server)."""

    __tablename__ = "task_member_settings"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    nudges_off: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    updated_at: Mapped[datetime]
