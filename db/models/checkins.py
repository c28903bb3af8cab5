"""Check-ins (bot/services/checkins): scheduled "How are you today?", answers, and help requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake

CHECKIN_KINDS = ("mood3", "mood5", "standup")
CHECKIN_STATES = ("draft", "active", "stopped")
HELP_STATES = ("open", "claimed")

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # the rowid on SQLite, so it autoincrements


class Checkin(Base):
    """A check-in a lead scheduled. Openings are ``scheduled_work`` rows of kind "checkin_open" (ref: this id,
    payload: the member, or ``channel``), one series per member, in that member's zone or the server's."""

    __tablename__ = "checkins"
    __table_args__ = (
        sa.Index("ix_checkins_guild_id_state", "guild_id", "state"),
        sa.CheckConstraint("kind IN ('mood3', 'mood5', 'standup')", name="kind"),
        sa.CheckConstraint("state IN ('draft', 'active', 'stopped')", name="state"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    kind: Mapped[str] = mapped_column(sa.String(16))
    questions: Mapped[list[str] | None] = mapped_column(sa.JSON, default=None)  # stand-ups only
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # a channel post instead of DMs
    project_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)  # DMs to a project's members
    # Stand-ups only: each member may choose to share their answers in the channel.
    share_answers: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    weekdays: Mapped[str] = mapped_column(sa.String(32))  # "MO,TU" (RRULE day codes)
    hour: Mapped[int] = mapped_column(sa.Integer)
    minute: Mapped[int] = mapped_column(sa.Integer, default=0)
    member_zone: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # each member's own zone
    summary_after_minutes: Mapped[int] = mapped_column(sa.Integer, default=180)
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    paused_until: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[int] = mapped_column(Snowflake)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CheckinMember(Base):
    """Who gets a check-in by DM (chosen by the lead: the bot cannot list a server's members)."""

    __tablename__ = "checkin_members"

    checkin_id: Mapped[int] = mapped_column(sa.ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)


class CheckinAnswer(Base):
    """One member's answer for one day. Moods keep only the choice, never free text."""

    __tablename__ = "checkin_answers"
    __table_args__ = (
        sa.UniqueConstraint("checkin_id", "user_id", "day", name="member_day"),
        sa.Index("ix_checkin_answers_guild_id_answered_at", "guild_id", "answered_at"),
        sa.Index("ix_checkin_answers_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    checkin_id: Mapped[int] = mapped_column(sa.ForeignKey("checkins.id", ondelete="CASCADE"))
    guild_id: Mapped[int] = mapped_column(Snowflake)
    user_id: Mapped[int] = mapped_column(Snowflake)
    day: Mapped[str] = mapped_column(sa.String(10))  # the opening's date, "2027-03-22"
    choice: Mapped[str | None] = mapped_column(sa.String(16), default=None)  # a mood; None for skip / stand-up
    skipped: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    answers: Mapped[list[str] | None] = mapped_column(sa.JSON, default=None)  # stand-up answers
    shared_at: Mapped[datetime | None] = mapped_column(default=None)  # the member shared them in the channel
    answered_at: Mapped[datetime]


class HelpRequest(Base):
    """ "I would like to talk to someone". Delivered through scheduled work (kind "checkin_help")."""

    __tablename__ = "checkin_help_requests"
    __table_args__ = (
        sa.Index("ix_checkin_help_requests_guild_id_state", "guild_id", "state"),
        sa.Index("ix_checkin_help_requests_user_id", "user_id"),
        sa.CheckConstraint("state IN ('open', 'claimed')", name="state"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    user_id: Mapped[int] = mapped_column(Snowflake)
    user_name: Mapped[str] = mapped_column(sa.String(100), default="")
    wanted_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # a lead they chose; None: anyone
    soon: Mapped[str] = mapped_column(sa.String(8))  # "today" or "week"
    checkin_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)
    state: Mapped[str] = mapped_column(sa.String(16), default="open")
    alerted_ids: Mapped[list[Any] | None] = mapped_column(sa.JSON, default=None)  # who may press "I will talk"
    alerts: Mapped[int] = mapped_column(sa.Integer, default=0)  # rounds sent (1, then 2 after the re-alert)
    # Every copy of the alert sent, as [channel id, message id]: edited to say who took it.
    alert_messages: Mapped[list[Any] | None] = mapped_column(sa.JSON, default=None)
    owner_told: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    claimed_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    claimed_name: Mapped[str | None] = mapped_column(sa.String(100), default=None)
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)


class CheckinSettings(Base):
    """A server's check-in settings (the check-ins channel itself is ``guild_settings.checkins_channel_id``)."""

    __tablename__ = "checkin_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    leads_channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    realert_hours: Mapped[int] = mapped_column(sa.Integer, default=4)
    retention_days: Mapped[int] = mapped_column(sa.Integer, default=90)
    updated_at: Mapped[datetime]


class CheckinLead(Base):
    """Leads the bot knows in a server (it has no member list): chosen in the settings, or seen acting."""

    __tablename__ = "checkin_leads"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    display_name: Mapped[str] = mapped_column(sa.String(100), default="")
    seen_at: Mapped[datetime]


class CheckinMemberPrefs(Base):
    """A member's own check-in choice: one gentle reminder, or none (the default)."""

    __tablename__ = "checkin_member_prefs"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    reminders: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    updated_at: Mapped[datetime]
