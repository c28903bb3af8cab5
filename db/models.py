"""Typed SQLAlchemy models. Every datetime is stored timezone-aware in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

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


# ---------------------------------------------------------------- scheduled work (bot/scheduling)
# Own imports: this block was appended while others edit the top of the file.
from typing import Any  # noqa: E402

import sqlalchemy as sa  # noqa: E402

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


# ---------------------------------------------------------------- projects and sign-ups (bot/services/projects)
# Own imports: this block was appended while others edit the file.
import sqlalchemy as _psa  # noqa: E402

PROJECT_STATES = ("draft", "active", "cancelled", "finished")
SIGNUP_STATUSES = ("going", "maybe", "cant", "waiting", "walkin")
_PROJECT_ID = _psa.BigInteger().with_variant(_psa.Integer(), "sqlite")  # rowid on SQLite: autoincrement


class Project(Base):
    """A project or a repeating series of sessions. ``starts_at`` is the first session (the series anchor)."""

    __tablename__ = "projects"
    __table_args__ = (
        _psa.Index("ix_projects_guild_id_state", "guild_id", "state"),
        _psa.CheckConstraint("state IN ('draft', 'active', 'cancelled', 'finished')", name="state"),
        _psa.CheckConstraint("places IS NULL OR (places >= 1 AND places <= 500)", name="places"),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    owner_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    title: Mapped[str] = mapped_column(_psa.String(100))
    about: Mapped[str] = mapped_column(_psa.String(1000), default="")
    place: Mapped[str] = mapped_column(_psa.String(200), default="")  # "where"
    link: Mapped[str] = mapped_column(_psa.String(500), default="")
    bring: Mapped[str] = mapped_column(_psa.String(200), default="")
    places: Mapped[int | None] = mapped_column(_psa.Integer, default=None)
    timezone: Mapped[str] = mapped_column(_psa.String(64))
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    rule: Mapped[str | None] = mapped_column(_psa.String(300), default=None)
    state: Mapped[str] = mapped_column(_psa.String(16), default="draft")
    signups_closed: Mapped[bool] = mapped_column(_psa.Boolean, default=False)
    reminder_minutes: Mapped[str] = mapped_column(_psa.String(100), default="1440,60")
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectSession(Base):
    """One session of a project, with its own list. ``slot`` is the occurrence of the repeat rule it stands
    for; ``starts_at`` differs from it when the organiser moved this session only."""

    __tablename__ = "project_sessions"
    __table_args__ = (
        _psa.Index("ix_project_sessions_project_id_slot", "project_id", "slot"),
        _psa.CheckConstraint("state IN ('open', 'cancelled')", name="state"),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    project_id: Mapped[int] = mapped_column(_psa.ForeignKey("projects.id", ondelete="CASCADE"))
    slot: Mapped[datetime]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(_psa.String(16), default="open")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectSignup(Base):
    """One member's answer for one session. ``queue_no`` orders the lists (the waiting list above all): each
    new answer takes the next number in its session, so first come is first served whatever the clock says."""

    __tablename__ = "project_signups"
    __table_args__ = (
        _psa.UniqueConstraint("session_id", "user_id", name="uq_project_signups_session_id"),
        _psa.Index("ix_project_signups_user_id", "user_id"),
        _psa.CheckConstraint(
            "status IN ('going', 'maybe', 'cant', 'waiting', 'walkin')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(_psa.ForeignKey("project_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Snowflake)
    status: Mapped[str] = mapped_column(_psa.String(16))
    queue_no: Mapped[int] = mapped_column(_psa.Integer)
    queued_at: Mapped[datetime]
    added_by: Mapped[int | None] = mapped_column(Snowflake, default=None)  # a supporter signed them up
    attended: Mapped[bool | None] = mapped_column(_psa.Boolean, default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectRegular(Base):
    """A member who comes to every session of a repeating project (copied into each new session)."""

    __tablename__ = "project_regulars"
    __table_args__ = (
        _psa.Index("ix_project_regulars_user_id", "user_id"),
        _psa.CheckConstraint("status IN ('going', 'maybe')", name="status"),
    )

    project_id: Mapped[int] = mapped_column(
        _psa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(_psa.String(16))
    added_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    created_at: Mapped[datetime]


class ProjectOrganiser(Base):
    """A co-organiser. The project's owner is not listed here (``Project.owner_id``)."""

    __tablename__ = "project_organisers"

    project_id: Mapped[int] = mapped_column(
        _psa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    added_by: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[datetime]


class ProjectReminderOptOut(Base):
    """A member turned reminders off for one project."""

    __tablename__ = "project_reminder_optouts"

    project_id: Mapped[int] = mapped_column(
        _psa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime]


# ---------------------------------------------------------------- reminders (bot/services/reminders.py)
# Own imports: this block was appended while others edit the file.
import sqlalchemy as _rsa  # noqa: E402

REMINDER_STATES = ("draft", "active", "sent", "done", "cancelled")
REMINDER_TARGETS = ("me", "channel", "role", "project")


class Reminder(Base):
    """A reminder someone set. Its firings are ``scheduled_work`` rows of kind "reminder" (ref: this id).

    States: draft (no time yet; the time picker's ref is this id), active (a firing is due),
    sent (a one-off went out; "Later" can still bring it back), done, cancelled.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        _rsa.Index("ix_reminders_guild_id_author_id_state", "guild_id", "author_id", "state"),
        _rsa.Index("ix_reminders_guild_id_target_kind_state", "guild_id", "target_kind", "state"),
        _rsa.CheckConstraint("state IN ('draft', 'active', 'sent', 'done', 'cancelled')", name="state"),
        _rsa.CheckConstraint("target_kind IN ('me', 'channel', 'role', 'project')", name="target_kind"),
    )

    # Integer on SQLite, so the column is the rowid and autoincrements.
    id: Mapped[int] = mapped_column(
        _rsa.BigInteger().with_variant(_rsa.Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    guild_id: Mapped[int] = mapped_column(Snowflake)
    author_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # where it was set
    target_kind: Mapped[str] = mapped_column(_rsa.String(16), default="me")
    target_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # channel, role or project id
    project_id: Mapped[int | None] = mapped_column(_rsa.BigInteger, default=None)  # the project it links to
    text: Mapped[str] = mapped_column(_rsa.String(1000), default="")
    repeat: Mapped[str] = mapped_column(_rsa.String(16), default="none")  # a button choice, or "typed"
    rule: Mapped[str | None] = mapped_column(_rsa.String(300), default=None)
    timezone: Mapped[str] = mapped_column(_rsa.String(64))
    start_at: Mapped[datetime | None] = mapped_column(default=None)  # the first (or changed) time
    tts: Mapped[bool] = mapped_column(_rsa.Boolean, default=False)
    state: Mapped[str] = mapped_column(_rsa.String(16), default="draft")
    last_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_delivery: Mapped[str | None] = mapped_column(_rsa.String(16), default=None)  # dm, channel, none
    dm_failures: Mapped[int] = mapped_column(_rsa.Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DMChannel(Base):
    """The DM channel Discord made for a member. It never changes, so we ask Discord for it once ever."""

    __tablename__ = "dm_channels"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[datetime]
