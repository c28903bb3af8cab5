"""Scheduled work rows: all the SQL of the scheduler lives here.

Services call ``create`` and ``cancel`` inside their own unit of work, so a row exists exactly when the
change that needs it is committed. The scheduler calls the rest.

Every finishing call (complete, reschedule, retry, fail, miss) is fenced by ``attempt``: the value of
``attempts`` that our claim wrote. If our lease ran out and another process claimed the row, its claim
raised ``attempts``, so our late write changes nothing (the functions return False).

Takeover: a claim records its process (``lease_owner``, a ``processes`` row). Given ``live_since`` (the
oldest heartbeat that still counts as alive), a running row is claimable at once when its holder is
this process (``owner``: its firing was cut off, e.g. by a database outage) or has no live heartbeat
(it died), without waiting out the lease. The claim keeps when the cut-off firing began
(``prev_claimed_at``), so the new firing looks for what was already sent.

Shards: the filter ``(guild_id >> 22) % shard_count IN shard_ids`` is computed in SQL; SQLite and
PostgreSQL both have ``>>`` and ``%`` on 64-bit integers. Rows with no guild (DMs) belong to shard 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessRow, ScheduledWork
from db.repositories.scheduled_outcomes import complete, fail, miss, record_occurrence, reschedule, retry
from db.repositories.scheduled_states import (
    ACTIVE_STATES,
    CANCELLED,
    DONE,
    ERROR_LIMIT,
    FAILED,
    KIND_LIMIT,
    MISSED,
    PENDING,
    RUNNING,
    DueRow,
    aware,
    bookkeeping_now,
)


def shard_clause(shard_ids: Iterable[int], shard_count: int) -> sa.ColumnElement[bool]:
    """Rows owned by these shards. Guild rows by Discord's shard formula, DM rows by shard 0."""
    ids = sorted(set(shard_ids))
    if shard_count < 1 or not ids or any(not 0 <= i < shard_count for i in ids):
        raise ValueError("shard_ids must be between 0 and shard_count - 1")
    if shard_count == 1:
        return sa.true()
    col = ScheduledWork.guild_id
    shard_of_guild = col.op(">>")(sa.literal_column("22")) % sa.literal_column(str(int(shard_count)))
    owned = sa.and_(col.is_not(None), shard_of_guild.in_(ids))
    if 0 in ids:
        return sa.or_(col.is_(None), owned)
    return owned


async def create(
    session: AsyncSession,
    *,
    kind: str,
    due_at: datetime,
    guild_id: int | None = None,
    ref_id: int | None = None,
    payload: Mapping[str, Any] | None = None,
    rule: str | None = None,
    timezone: str | None = None,
    series_start: datetime | None = None,
    now: datetime | None = None,
    created_by: int | None = None,
) -> ScheduledWork:
    """Add one pending row. A recurring row needs ``rule`` and ``timezone``; its anchor defaults to due_at.
    ``created_by``: the member who made it (told by DM if Discord refuses the send for good)."""
    if not kind or len(kind) > KIND_LIMIT:
        raise ValueError(f"kind must be 1 to {KIND_LIMIT} characters")
    due_at = aware(due_at, "due_at")
    if rule is not None and not timezone:
        raise ValueError("a recurring row needs a time zone")
    if rule is not None and series_start is None:
        series_start = due_at
    stamp = bookkeeping_now(now)
    row = ScheduledWork(
        guild_id=guild_id,
        kind=kind,
        ref_id=ref_id,
        payload=dict(payload) if payload is not None else None,
        due_at=due_at,
        rule=rule,
        timezone=timezone,
        series_start=aware(series_start, "series_start") if series_start is not None else None,
        occurrence=0,
        state=PENDING,
        lease_until=None,
        attempts=0,
        last_error=None,
        late=False,
        created_at=stamp,
        updated_at=stamp,
        meant_for=due_at,
        created_by=created_by,
    )
    session.add(row)
    await session.flush()  # the caller gets the id (to tell the scheduler after commit)
    return row


async def get(session: AsyncSession, row_id: int) -> ScheduledWork | None:
    # populate_existing: the scheduler reads a row right after its own UPDATE statement.
    return await session.get(ScheduledWork, row_id, populate_existing=True)


async def active_for(session: AsyncSession, kind: str, ref_id: int) -> list[ScheduledWork]:
    """The pending or running rows for one thing (for example one reminder)."""
    stmt = (
        sa.select(ScheduledWork)
        .where(ScheduledWork.kind == kind, ScheduledWork.ref_id == ref_id)
        .where(ScheduledWork.state.in_(ACTIVE_STATES))
        .order_by(ScheduledWork.due_at)
    )
    return list((await session.scalars(stmt)).all())


async def cancel(session: AsyncSession, kind: str, ref_id: int, *, now: datetime | None = None) -> int:
    """Cancel the pending and running rows for one thing. Finished rows (history) stay as they are.

    A running row is cancelled too: its handler may still finish, but the row will not fire again.
    """
    stmt = (
        sa.update(ScheduledWork)
        .where(ScheduledWork.kind == kind, ScheduledWork.ref_id == ref_id)
        .where(ScheduledWork.state.in_(ACTIVE_STATES))
        .values(state=CANCELLED, lease_until=None, updated_at=bookkeeping_now(now))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancel_row(session: AsyncSession, row_id: int, *, now: datetime | None = None) -> bool:
    stmt = (
        sa.update(ScheduledWork)
        .where(ScheduledWork.id == row_id, ScheduledWork.state.in_(ACTIVE_STATES))
        .values(state=CANCELLED, lease_until=None, updated_at=bookkeeping_now(now))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def due_within(
    session: AsyncSession,
    until: datetime,
    *,
    shard_ids: Sequence[int] = (0,),
    shard_count: int = 1,
    limit: int | None = None,
    owner: str | None = None,
    live_since: datetime | None = None,
) -> list[DueRow]:
    """Rows this process should try by ``until``: pending ones by due time, running ones whose lease
    runs out by then (their process died), and, with ``owner``/``live_since``, running ones to take over
    now (see the module's "Takeover"). Overdue rows are included. Oldest first."""
    until = aware(until, "until")
    pending = sa.and_(ScheduledWork.state == PENDING, ScheduledWork.due_at <= until)
    expiring = sa.and_(ScheduledWork.state == RUNNING, ScheduledWork.lease_until < until)
    takeover = _takeover(owner, live_since)
    stmt = (
        sa.select(
            ScheduledWork.id,
            ScheduledWork.state,
            ScheduledWork.due_at,
            ScheduledWork.lease_until,
            takeover.label("takeover"),
        )
        .where(sa.or_(pending, expiring, sa.and_(ScheduledWork.state == RUNNING, takeover)))
        .where(shard_clause(shard_ids, shard_count))
        .order_by(ScheduledWork.due_at, ScheduledWork.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = []
    for row_id, state, due_at, lease_until, take in (await session.execute(stmt)).all():
        run_at = due_at
        if state == RUNNING and not take and lease_until is not None and lease_until > due_at:
            # Claimable only once the lease has run out (strictly after lease_until).
            run_at = lease_until + timedelta(microseconds=1)
        rows.append(DueRow(id=row_id, run_at=run_at))
    return rows


async def claim(
    session: AsyncSession,
    row_id: int,
    now: datetime,
    lease: timedelta,
    *,
    shard_ids: Sequence[int] = (0,),
    shard_count: int = 1,
    owner: str | None = None,
    live_since: datetime | None = None,
) -> bool:
    """pending (or running with a lease that has run out, or to take over) -> running, in ONE conditional
    UPDATE. ``owner`` is written as the lease's holder.

    Only the process whose UPDATE changed the row runs the handler. On PostgreSQL a second UPDATE waits
    for the first to commit, then sees state='running' and changes nothing; on SQLite writers take turns.
    """
    claimed = await claim_row(
        session, row_id, now, lease, shard_ids=shard_ids, shard_count=shard_count, owner=owner, live_since=live_since
    )
    return claimed is not None


async def claim_row(
    session: AsyncSession,
    row_id: int,
    now: datetime,
    lease: timedelta,
    *,
    shard_ids: Sequence[int] = (0,),
    shard_count: int = 1,
    owner: str | None = None,
    live_since: datetime | None = None,
) -> ScheduledWork | None:
    """``claim``, returning the claimed row as the UPDATE wrote it (RETURNING: no second read), or None."""
    now = aware(now, "now")
    stmt = (
        sa.update(ScheduledWork)
        .where(ScheduledWork.id == row_id)
        .where(
            sa.or_(
                ScheduledWork.state == PENDING,
                sa.and_(
                    ScheduledWork.state == RUNNING,
                    sa.or_(ScheduledWork.lease_until < now, _takeover(owner, live_since)),
                ),
            )
        )
        .where(ScheduledWork.due_at <= now)
        .where(shard_clause(shard_ids, shard_count))
        .values(
            state=RUNNING,
            lease_until=now + lease,
            attempts=ScheduledWork.attempts + 1,
            updated_at=now,
            lease_owner=owner,
            # Evaluated on the old values: a firing cut off while running began at its claimed_at.
            prev_claimed_at=sa.case((ScheduledWork.state == RUNNING, ScheduledWork.claimed_at), else_=None),
            claimed_at=now,
        )
        .returning(ScheduledWork)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return (await session.scalars(stmt)).one_or_none()


def _takeover(owner: str | None, live_since: datetime | None) -> sa.ColumnElement[bool]:
    """A running row to take over now: held by ``owner`` (us), or by a process with no live heartbeat."""
    if live_since is None:
        return sa.false()
    holder_alive = (
        sa.select(ProcessRow.id)
        .where(ProcessRow.id == ScheduledWork.lease_owner, ProcessRow.heartbeat_at >= aware(live_since, "live_since"))
        .exists()
    )
    dead = sa.and_(ScheduledWork.lease_owner.is_not(None), ~holder_alive)
    if owner is None:
        return dead
    return sa.or_(ScheduledWork.lease_owner == owner, dead)


async def list_failed_and_missed(
    session: AsyncSession, guild_id: int | None, *, limit: int = 50
) -> list[ScheduledWork]:
    """What leads see: work that failed or was missed in one server (None: DM work), newest first."""
    guild = ScheduledWork.guild_id.is_(None) if guild_id is None else ScheduledWork.guild_id == guild_id
    stmt = (
        sa.select(ScheduledWork)
        .where(guild, ScheduledWork.state.in_((FAILED, MISSED)))
        .order_by(sa.func.coalesce(ScheduledWork.meant_for, ScheduledWork.due_at).desc(), ScheduledWork.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


async def count_pending(session: AsyncSession, until: datetime, *, shard_ids: Sequence[int], shard_count: int) -> int:
    """Pending rows of these shards due by ``until`` (what waits when nobody runs a shard)."""
    stmt = (
        sa.select(sa.func.count())
        .select_from(ScheduledWork)
        .where(ScheduledWork.state.in_(ACTIVE_STATES), ScheduledWork.due_at <= aware(until, "until"))
        .where(shard_clause(shard_ids, shard_count))
    )
    return int((await session.execute(stmt)).scalar_one())


__all__ = [
    "ACTIVE_STATES",
    "CANCELLED",
    "DONE",
    "ERROR_LIMIT",
    "FAILED",
    "KIND_LIMIT",
    "MISSED",
    "PENDING",
    "RUNNING",
    "DueRow",
    "active_for",
    "aware",
    "bookkeeping_now",
    "cancel",
    "cancel_row",
    "claim",
    "complete",
    "count_pending",
    "create",
    "due_within",
    "fail",
    "get",
    "list_failed_and_missed",
    "miss",
    "record_occurrence",
    "reschedule",
    "retry",
    "shard_clause",
]
