"""Reminders (bot/services/reminders)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake

REMINDER_STATES = ("draft", "active", "sent", "done", "cancelled")
REMINDER_TARGETS = ("me", "channel", "role", "project")


class Reminder(Base):
    """A reminder someone set. Its firings are ``scheduled_work`` rows of kind "reminder" (ref: this id).

    States: draft (no time yet; the time picker's ref is this id), active (a firing is due),
    sent (a one-off went out; "Later" can still bring it back), done, cancelled.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        sa.Index("ix_reminders_guild_id_author_id_state", "guild_id", "author_id", "state"),
        sa.Index("ix_reminders_guild_id_target_kind_state", "guild_id", "target_kind", "state"),
        sa.CheckConstraint("state IN ('draft', 'active', 'sent', 'done', 'cancelled')", name="state"),
        sa.CheckConstraint("target_kind IN ('me', 'channel', 'role', 'project')", name="target_kind"),
    )

    # Integer on SQLite, so the column is the rowid and autoincrements.
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    guild_id: Mapped[int] = mapped_column(Snowflake)
    author_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # where it was set
    target_kind: Mapped[str] = mapped_column(sa.String(16), default="me")
    target_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # channel, role or project id
    project_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)  # the project it links to
    text: Mapped[str] = mapped_column(sa.String(1000), default="")
    repeat: Mapped[str] = mapped_column(sa.String(16), default="none")  # a button choice, or "typed"
    rule: Mapped[str | None] = mapped_column(sa.String(300), default=None)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    start_at: Mapped[datetime | None] = mapped_column(default=None)  # the first (or changed) time
    tts: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    last_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_delivery: Mapped[str | None] = mapped_column(sa.String(16), default=None)  # dm, channel, none
    dm_failures: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
