"""The declarative base and the models every feature shares: settings, scheduled work, DM channels."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import BigInteger, Boolean, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out, on SQLite (which forgets zones) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Discord ids are 64-bit snowflakes.
Snowflake = BigInteger


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), int: BigInteger()}


class GuildSettings(Base):
    """Connect's settings for one Discord server."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    lead_role_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    celebrations_channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    checkins_channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    projects_channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    leads_only_projects: Mapped[bool] = mapped_column(Boolean, default=False)
    leaderboard_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Minutes before each project session that reminders go, e.g. "1440,60" (a day and an hour); "" for none.
    project_reminders: Mapped[str] = mapped_column(String(40), default="1440,60", server_default="1440,60")
    # How long the daily retention job keeps finished projects' lists and done reminders (days).
    keep_project_days: Mapped[int] = mapped_column(default=730, server_default="730")
    keep_reminder_days: Mapped[int] = mapped_column(default=30, server_default="30")


class MemberSettings(Base):
    """One member's own choices. Their time zone applies in every server."""

    __tablename__ = "member_settings"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Quiet hours for automatic messages, as minutes after midnight on the member's own clock (both or none).
    quiet_start: Mapped[int | None] = mapped_column(default=None)
    quiet_end: Mapped[int | None] = mapped_column(default=None)
    # Away until this time (UTC): no check-ins, no task nudges, skipped in rotas. In every server.
    away_until: Mapped[datetime | None] = mapped_column(default=None)


# ---------------------------------------------------------------- scheduled work (bot/scheduling)

SCHEDULED_STATES = ("pending", "running", "done", "failed", "missed", "cancelled")


class ScheduledWork(Base):
    """Everything that happens later is a row (DESIGN.md). The scheduler is only a projection of this table.

    A recurring row is one series: it advances (occurrence + 1, next due_at) after each firing. A missed or
    failed occurrence of a series is kept as its own history row, so the series can go on.
    """

    __tablename__ = "scheduled_work"
    __table_args__ = (
        sa.Index("ix_scheduled_work_state_due_at", "state", "due_at"),
        sa.Index("ix_scheduled_work_kind_ref_id", "kind", "ref_id"),
        sa.CheckConstraint("state IN ('pending', 'running', 'done', 'failed', 'missed', 'cancelled')", name="state"),
    )

    # Integer on SQLite, so the column is the rowid and autoincrements.
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    guild_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # NULL: DM work, shard 0
    kind: Mapped[str] = mapped_column(sa.String(40))
    ref_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)
    payload: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, default=None)
    due_at: Mapped[datetime]
    rule: Mapped[str | None] = mapped_column(sa.String(500), default=None)
    timezone: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    series_start: Mapped[datetime | None] = mapped_column(default=None)
    occurrence: Mapped[int] = mapped_column(sa.Integer, default=0)
    state: Mapped[str] = mapped_column(sa.String(16), default="pending")
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(500), default=None)
    late: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The time this occurrence was meant for. A retry moves due_at, never this (what /unsent shows).
    meant_for: Mapped[datetime | None] = mapped_column(default=None)
    # Who made it (a user id the feature fills): told once by DM when Discord refuses the send for good.
    created_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    # The process holding the lease (processes.id), so a live process can take over a dead one's rows.
    lease_owner: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    # Set by a claim that took the row over from a firing that never finished: when that firing began.
    # The handler then looks for what it already sent before sending again.
    prev_claimed_at: Mapped[datetime | None] = mapped_column(default=None)


class DMChannel(Base):
    """The DM channel Discord made for a member. It never changes, so we ask Discord for it once ever."""

    __tablename__ = "dm_channels"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[datetime]
