"""How a firing ends: complete, reschedule, retry, fail, miss, each fenced by its attempt (see scheduled.py);
and a repeat's next occurrence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ScheduledSend, ScheduledWork
from db.repositories.scheduled_states import DONE, ERROR_LIMIT, FAILED, MISSED, PENDING, RUNNING, aware


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
        due_at=aware(next_due, "next_due"),
        meant_for=aware(next_due, "next_due"),
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
        due_at=aware(retry_at, "retry_at"),
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
        due_at=aware(due_at, "due_at"),
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
