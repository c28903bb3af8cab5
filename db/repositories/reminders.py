"""Reminder rows. Their firings are ``scheduled_work`` rows (kind "reminder", ref_id = reminder id):
the SQL that reads both lives here, the rest of scheduled work in db/repositories/scheduled.py."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Reminder, ScheduledWork
from db.repositories.scheduled import ACTIVE_STATES

KIND = "reminder"
DRAFT = "draft"
ACTIVE = "active"
SENT = "sent"
DONE = "done"
CANCELLED = "cancelled"


async def add(session: AsyncSession, **values: Any) -> Reminder:
    row = Reminder(**values)
    session.add(row)
    await session.flush()  # the id: the time picker's ref and the scheduled row's ref
    return row


async def get(session: AsyncSession, reminder_id: int) -> Reminder | None:
    return await session.get(Reminder, reminder_id, populate_existing=True)


async def lock(session: AsyncSession, reminder_id: int) -> Reminder | None:
    """The row, locked until commit (PostgreSQL), so two presses on one reminder take turns."""
    return await session.get(Reminder, reminder_id, with_for_update=True, populate_existing=True)


async def lock_many(session: AsyncSession, reminder_ids: Collection[int]) -> list[Reminder]:
    if not reminder_ids:
        return []
    stmt = (
        sa.select(Reminder)
        .where(Reminder.id.in_(sorted(set(reminder_ids))))
        .order_by(Reminder.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(stmt)).all())


_LIMIT_LOCK_CLASS = 60_061  # our class of advisory locks: "reminder limits", one lock per server


async def lock_limits(session: AsyncSession, guild_id: int) -> None:
    """Make "count, then add" atomic for one server's limits until commit.

    PostgreSQL (READ COMMITTED) would let two transactions both count 24 and both add the 25th, so they
    take a transaction-scoped advisory lock per server. SQLite needs nothing: BEGIN IMMEDIATE (db/engine.py)
    already lets one writer at a time in.
    """
    if session.get_bind().dialect.name == "postgresql":
        params = {"cls": _LIMIT_LOCK_CLASS, "key": guild_id % (2**31 - 1)}
        await session.execute(sa.text("SELECT pg_advisory_xact_lock(:cls, :key)"), params)


async def count_by_author(
    session: AsyncSession, guild_id: int, author_id: int, kinds: Collection[str], states: Collection[str]
) -> int:
    stmt = sa.select(sa.func.count(Reminder.id)).where(
        Reminder.guild_id == guild_id,
        Reminder.author_id == author_id,
        Reminder.target_kind.in_(list(kinds)),
        Reminder.state.in_(list(states)),
    )
    return int((await session.execute(stmt)).scalar_one())


async def count_in_server(session: AsyncSession, guild_id: int, kinds: Collection[str], states: Collection[str]) -> int:
    stmt = sa.select(sa.func.count(Reminder.id)).where(
        Reminder.guild_id == guild_id,
        Reminder.target_kind.in_(list(kinds)),
        Reminder.state.in_(list(states)),
    )
    return int((await session.execute(stmt)).scalar_one())


async def drafts_of(session: AsyncSession, guild_id: int, author_id: int) -> list[Reminder]:
    """A member's drafts, newest first."""
    stmt = (
        sa.select(Reminder)
        .where(Reminder.guild_id == guild_id, Reminder.author_id == author_id, Reminder.state == DRAFT)
        .order_by(Reminder.id.desc())
    )
    return list((await session.scalars(stmt)).all())


async def delete(session: AsyncSession, rows: Sequence[Reminder]) -> None:
    for row in rows:
        await session.delete(row)
    await session.flush()


def _next_due() -> Any:
    """Per reminder: the soonest pending or running firing (a series, or a "Later")."""
    return (
        sa.select(ScheduledWork.ref_id.label("ref_id"), sa.func.min(ScheduledWork.due_at).label("next_due"))
        .where(ScheduledWork.kind == KIND, ScheduledWork.state.in_(ACTIVE_STATES))
        .group_by(ScheduledWork.ref_id)
        .subquery("next_firing")
    )


def _listed(guild_id: int, author_id: int, server_kinds: Collection[str]) -> sa.ColumnElement[bool]:
    mine = Reminder.author_id == author_id
    if server_kinds:
        mine = sa.or_(mine, Reminder.target_kind.in_(list(server_kinds)))
    return sa.and_(Reminder.guild_id == guild_id, Reminder.state == ACTIVE, mine)


async def count_listed(session: AsyncSession, guild_id: int, author_id: int, server_kinds: Collection[str] = ()) -> int:
    stmt = sa.select(sa.func.count(Reminder.id)).where(_listed(guild_id, author_id, server_kinds))
    return int((await session.execute(stmt)).scalar_one())


async def listed(
    session: AsyncSession,
    guild_id: int,
    author_id: int,
    server_kinds: Collection[str] = (),
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[tuple[Reminder, datetime | None]]:
    """Active reminders a member sees in their list, soonest first: their own, and (for leads) the
    server's reminders of ``server_kinds``. Each with its next firing."""
    nxt = _next_due()
    stmt = (
        sa.select(Reminder, nxt.c.next_due)
        .outerjoin(nxt, nxt.c.ref_id == Reminder.id)
        .where(_listed(guild_id, author_id, server_kinds))
        # Soonest first; a reminder with no firing (should not happen) last; ties by id, so numbers are stable.
        .order_by(nxt.c.next_due.is_(None), nxt.c.next_due, Reminder.id)
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    result = await session.execute(stmt)
    return [(row, due) for row, due in result.all()]


async def next_due(session: AsyncSession, reminder_id: int) -> datetime | None:
    stmt = sa.select(sa.func.min(ScheduledWork.due_at)).where(
        ScheduledWork.kind == KIND, ScheduledWork.ref_id == reminder_id, ScheduledWork.state.in_(ACTIVE_STATES)
    )
    # min() keeps the column's type, so the value comes back aware UTC like the column itself.
    value: datetime | None = (await session.execute(stmt)).scalar_one_or_none()
    return value
