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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessRow, ScheduledSend, ScheduledWork

PENDING = "pending"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
MISSED = "missed"
CANCELLED = "cancelled"
ACTIVE_STATES = (PENDING, RUNNING)
ERROR_LIMIT = 500
KIND_LIMIT = 40


@dataclass(frozen=True)
class DueRow:
    """What the scheduler keeps in memory for one row: its id and when to try it."""

    id: int
    run_at: datetime


def _bookkeeping_now(now: datetime | None) -> datetime:
    # Only created_at / updated_at use this default; every decision takes "now" from the caller's clock.
    return now if now is not None else datetime.now(UTC)


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)


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
    due_at = _aware(due_at, "due_at")
    if rule is not None and not timezone:
        raise ValueError("a recurring row needs a time zone")
    if rule is not None and series_start is None:
        series_start = due_at
    stamp = _bookkeeping_now(now)
    row = ScheduledWork(
        guild_id=guild_id,
        kind=kind,
        ref_id=ref_id,
        payload=dict(payload) if payload is not None else None,
        due_at=due_at,
        rule=rule,
        timezone=timezone,
        series_start=_aware(series_start, "series_start") if series_start is not None else None,
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
        .values(state=CANCELLED, lease_until=None, updated_at=_bookkeeping_now(now))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancel_row(session: AsyncSession, row_id: int, *, now: datetime | None = None) -> bool:
    stmt = (
        sa.update(ScheduledWork)
        .where(ScheduledWork.id == row_id, ScheduledWork.state.in_(ACTIVE_STATES))
        .values(state=CANCELLED, lease_until=None, updated_at=_bookkeeping_now(now))
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
    until = _aware(until, "until")
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
    now = _aware(now, "now")
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
        .where(ProcessRow.id == ScheduledWork.lease_owner, ProcessRow.heartbeat_at >= _aware(live_since, "live_since"))
        .exists()
    )
    dead = sa.and_(ScheduledWork.lease_owner.is_not(None), ~holder_alive)
    if owner is None:
        return dead
    return sa.or_(ScheduledWork.lease_owner == owner, dead)


async def _finish(session: AsyncSession, row_id: int, attempt: int, *, keep_sends: bool = False, **values: Any) -> bool:
    stmt = (
        sa.update(ScheduledWork)
        .where(
            ScheduledWork.id == row_id,
            ScheduledWork.state == RUNNING,  # cancelled meanwhile: stays cancelled
            ScheduledWork.attempts == attempt,  # claimed again by someone else: theirs now
        )
        .values(lease_owner=None, **values)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    done = int(result.rowcount) == 1  # type: ignore[attr-defined]
    if done and not keep_sends:
        # The occurrence is over: its send records have done their job (a retry keeps them, so it skips
        # what the failed attempt already sent, even after Discord's nonce memory).
        await session.execute(sa.delete(ScheduledSend).where(ScheduledSend.row_id == row_id))
    return done


async def complete(session: AsyncSession, row_id: int, attempt: int, *, now: datetime, late: bool) -> bool:
    """A one-off row (or the last occurrence of a series) is done."""
    return await _finish(
        session, row_id, attempt, state=DONE, lease_until=None, last_error=None, late=late, updated_at=now
    )


async def reschedule(
    session: AsyncSession, row_id: int, attempt: int, *, next_due: datetime, now: datetime, late: bool
) -> bool:
    """A recurring row moves on to its next occurrence."""
    return await _finish(
        session,
        row_id,
        attempt,
        state=PENDING,
        due_at=_aware(next_due, "next_due"),
        meant_for=_aware(next_due, "next_due"),
        occurrence=ScheduledWork.occurrence + 1,
        attempts=0,
        lease_until=None,
        last_error=None,  # a failed occurrence keeps its error in its own history row
        late=late,
        updated_at=now,
    )


async def retry(
    session: AsyncSession,
    row_id: int,
    attempt: int,
    *,
    retry_at: datetime,
    error: str,
    now: datetime,
    late: bool,
) -> bool:
    """The handler failed; try the same occurrence again at ``retry_at``. ``late`` carries over, and so does
    ``meant_for``: only ``due_at`` moves."""
    return await _finish(
        session,
        row_id,
        attempt,
        keep_sends=True,
        state=PENDING,
        due_at=_aware(retry_at, "retry_at"),
        lease_until=None,
        last_error=error[:ERROR_LIMIT],
        late=late,
        updated_at=now,
    )


async def fail(session: AsyncSession, row_id: int, attempt: int, *, error: str, now: datetime, late: bool) -> bool:
    """No more retries: kept as failed, visible to leads."""
    return await _finish(
        session,
        row_id,
        attempt,
        state=FAILED,
        lease_until=None,
        last_error=error[:ERROR_LIMIT],
        late=late,
        updated_at=now,
    )


async def miss(session: AsyncSession, row_id: int, attempt: int, *, now: datetime, reason: str | None = None) -> bool:
    """Too late for its kind: recorded as missed, never dropped in silence."""
    return await _finish(
        session,
        row_id,
        attempt,
        state=MISSED,
        lease_until=None,
        last_error=reason[:ERROR_LIMIT] if reason else None,
        late=True,
        updated_at=now,
    )


async def record_occurrence(
    session: AsyncSession,
    series: ScheduledWork,
    *,
    state: str,
    due_at: datetime,
    now: datetime,
    error: str | None = None,
) -> ScheduledWork:
    """Keep a failed or missed occurrence of a series as its own row, so the series itself can advance."""
    if state not in (FAILED, MISSED):
        raise ValueError("only failed or missed occurrences are kept")
    row = ScheduledWork(
        guild_id=series.guild_id,
        kind=series.kind,
        ref_id=series.ref_id,
        payload=dict(series.payload) if series.payload is not None else None,
        due_at=_aware(due_at, "due_at"),
        rule=None,  # history, not a series: it never fires
        timezone=series.timezone,
        series_start=series.series_start,
        occurrence=series.occurrence,
        state=state,
        lease_until=None,
        attempts=series.attempts,
        last_error=error[:ERROR_LIMIT] if error else None,
        late=state == MISSED,
        created_at=now,
        updated_at=now,
        meant_for=series.meant_for or due_at,
        created_by=series.created_by,
    )
    session.add(row)
    await session.flush()
    return row


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
        .where(ScheduledWork.state.in_(ACTIVE_STATES), ScheduledWork.due_at <= _aware(until, "until"))
        .where(shard_clause(shard_ids, shard_count))
    )
    return int((await session.execute(stmt)).scalar_one())
