"""Several processes, one bot (bot/scheduling/processes.py, bot/ratelimit.py, bot/scheduling/sends.py).

- ``processes``: every running Connect process, its shards and its heartbeat.
- ``rate_budget``: Discord's one budget for the bot token, shared by every process (PostgreSQL).
- ``scheduled_sends``: each message a firing sent, written in its own tiny transaction right after the send,
  so a firing taken over after a crash sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Snowflake


class ProcessRow(Base):
    __tablename__ = "processes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(255))
    pid: Mapped[int] = mapped_column(sa.Integer)
    shard_count: Mapped[int] = mapped_column(sa.Integer)
    shard_ids: Mapped[str] = mapped_column(sa.String(1000))  # "0,1,2"
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    stopping: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class RateBudget(Base):
    """One row per shared budget ("global"): the next free slot, in the database's own clock."""

    __tablename__ = "rate_budget"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    next_at: Mapped[datetime]


class ScheduledSend(Base):
    __tablename__ = "scheduled_sends"

    row_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    nonce: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    via: Mapped[str] = mapped_column(sa.String(16))  # channel, dm, none
    channel_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    message_id: Mapped[int | None] = mapped_column(Snowflake, default=None)
    dm_failed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    sent_at: Mapped[datetime]
