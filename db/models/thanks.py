"""Thank-yous and celebrations (bot/services/thanks). No scores are stored: only who thanked whom, for what."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake

THANKS_STATES = ("draft", "posted", "erased")  # erased: a bare count (bot/services/thanks/data.py)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # rowid on SQLite: autoincrement


class Thanks(Base):
    """One thank-you. A draft holds who is thanked while the person types the reason (the modal)."""

    __tablename__ = "thanks"
    __table_args__ = (sa.Index("ix_thanks_guild_created", "guild_id", "created_at"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    # Who says it. ``typed_by``: a supporter who typed it for them ("From Sam, typed by Jo").
    author_id: Mapped[int] = mapped_column(Snowflake)
    typed_by: Mapped[int | None] = mapped_column(Snowflake, default=None)
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    private: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")
    project_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)
    task_id: Mapped[int | None] = mapped_column(sa.BigInteger, default=None)
    said_in: Mapped[int | None] = mapped_column(Snowflake, default=None)  # the channel where it was said
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)  # where the card is
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    created_at: Mapped[datetime]
    posted_at: Mapped[datetime | None] = mapped_column(default=None)


class ThanksRecipient(Base):
    __tablename__ = "thanks_recipients"
    __table_args__ = (sa.Index("ix_thanks_recipients_user", "user_id"),)

    thanks_id: Mapped[int] = mapped_column(sa.ForeignKey("thanks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    # True: this person said "do not post about me", so they got it by DM only.
    by_dm: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class ThanksMeToo(Base):
    """ "🙌 Me too": once per person per thank-you (the primary key makes a second press harmless)."""

    __tablename__ = "thanks_me_too"
    __table_args__ = (sa.Index("ix_thanks_me_too_user", "user_id"),)

    thanks_id: Mapped[int] = mapped_column(sa.ForeignKey("thanks.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    created_at: Mapped[datetime]


class ThanksSettings(Base):
    """A server's choices for thank-yous. The channel and the leaderboard switch live in guild_settings."""

    __tablename__ = "thanks_settings"

    guild_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    celebrate_projects: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    celebrate_tasks: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    celebrate_milestones: Mapped[bool] = mapped_column(sa.Boolean, default=True)  # first project, first task
    # A repeating project's 10th, 25th and 50th session, and a member's own (with their consent).
    celebrate_sessions: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    digest_on: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    digest_weekday: Mapped[int] = mapped_column(sa.Integer, default=4)  # Monday is 0; Friday
    digest_minute: Mapped[int] = mapped_column(sa.Integer, default=16 * 60)  # 4pm, the server's clock
    updated_at: Mapped[datetime]


class ThanksMember(Base):
    """One member's consent choices, in every server (like their time zone)."""

    __tablename__ = "thanks_members"

    user_id: Mapped[int] = mapped_column(Snowflake, primary_key=True, autoincrement=False)
    no_posts: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # "do not post about me"
    milestones: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # opt-in, off by default
    hide_from_board: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    updated_at: Mapped[datetime]


class ThanksCelebration(Base):
    """An automatic celebration that happened (or a milestone that passed): never two for one event."""

    __tablename__ = "thanks_celebrations"
    __table_args__ = (sa.UniqueConstraint("guild_id", "kind", "ref_id", name="uq_thanks_celebrations_event"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    kind: Mapped[str] = mapped_column(sa.String(32))  # project, first_project, first_task
    ref_id: Mapped[int] = mapped_column(sa.BigInteger)  # the project, or the member for a first
    created_at: Mapped[datetime]


class ThanksTaskDone(Base):
    """A task done, heard from the tasks feature: the weekly good news counts these."""

    __tablename__ = "thanks_tasks_done"
    __table_args__ = (
        sa.UniqueConstraint("task_id", "user_id", name="uq_thanks_tasks_done_task"),
        sa.Index("ix_thanks_tasks_done_guild_done", "guild_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    task_id: Mapped[int] = mapped_column(sa.BigInteger)
    user_id: Mapped[int] = mapped_column(Snowflake)
    title: Mapped[str] = mapped_column(sa.String(200))
    done_at: Mapped[datetime]


class ThanksDigest(Base):
    """One weekly good news sent (or missed) per server and week: never two for one week."""

    __tablename__ = "thanks_digests"
    __table_args__ = (sa.UniqueConstraint("guild_id", "week_start", name="uq_thanks_digests_week"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(Snowflake)
    week_start: Mapped[date] = mapped_column(sa.Date)
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    created_at: Mapped[datetime]
