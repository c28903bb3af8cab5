"""Projects and sign-ups (bot/services/projects)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake

PROJECT_STATES = ("draft", "active", "cancelled", "finished")
SIGNUP_STATUSES = ("going", "maybe", "cant", "waiting", "walkin")
_PROJECT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # rowid on SQLite: autoincrement


class Project(Base):
    """A project or a repeating series of sessions. ``starts_at`` is the first session (the series anchor)."""

    __tablename__ = "projects"
    __table_args__ = (
        sa.Index("ix_projects_guild_id_state", "guild_id", "state"),
        sa.CheckConstraint("state IN ('draft', 'active', 'cancelled', 'finished')", name="state"),
        sa.CheckConstraint("places IS NULL OR (places >= 1 AND places <= 500)", name="places"),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    owner_id: Mapped[int] = mapped_column(Snowflake)
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    title: Mapped[str] = mapped_column(sa.String(100))
    about: Mapped[str] = mapped_column(sa.String(1000), default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")  # "where"
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    bring: Mapped[str] = mapped_column(sa.String(200), default="")
    places: Mapped[int | None] = mapped_column(sa.Integer, default=None)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    rule: Mapped[str | None] = mapped_column(sa.String(300), default=None)
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    signups_closed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    reminder_minutes: Mapped[str] = mapped_column(sa.String(100), default="1440,60")
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectSession(Base):
    """One session of a project, with its own list. ``slot`` is the occurrence of the repeat rule it stands
    for; ``starts_at`` differs from it when the organiser moved this session only."""

    __tablename__ = "project_sessions"
    __table_args__ = (
        sa.Index("ix_project_sessions_project_id_slot", "project_id", "slot"),
        sa.CheckConstraint("state IN ('open', 'cancelled')", name="state"),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    slot: Mapped[datetime]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(sa.String(16), default="open")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectSignup(Base):
    """One member's answer for one session. ``queue_no`` orders the lists (the waiting list above all): each
    new answer takes the next number in its session, so first come is first served whatever the clock says."""

    __tablename__ = "project_signups"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "user_id", name="uq_project_signups_session_id"),
        sa.Index("ix_project_signups_user_id", "user_id"),
        sa.CheckConstraint("status IN ('going', 'maybe', 'cant', 'waiting', 'walkin')", name="status"),
    )

    id: Mapped[int] = mapped_column(_PROJECT_ID, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("project_sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Snowflake)
    status: Mapped[str] = mapped_column(sa.String(16))
    queue_no: Mapped[int] = mapped_column(sa.Integer)
    queued_at: Mapped[datetime]
    added_by: Mapped[int | None] = mapped_column(Snowflake, default=None)  # a supporter signed them up
    attended: Mapped[bool | None] = mapped_column(sa.Boolean, default=None)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProjectRegular(Base):
    """A member who comes to every session of a repeating project (copied into each new session)."""

    __tablename__ = "project_regulars"
    __table_args__ = (
        sa.Index("ix_project_regulars_user_id", "user_id"),
        sa.CheckConstraint("status IN ('going', 'maybe')", name="status"),
    )

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(16))
    added_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    created_at: Mapped[datetime]


class ProjectOrganiser(Base):
    """A co-organiser. The project's owner is not listed here (``Project.owner_id``)."""

    __tablename__ = "project_organisers"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    added_by: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[datetime]


class ProjectReminderOptOut(Base):
    """A member turned reminders off for one project."""

    __tablename__ = "project_reminder_optouts"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime]
