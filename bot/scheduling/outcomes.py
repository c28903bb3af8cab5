"""Finishing one firing in ONE write: done, the next occurrence, a retry with back-off, failed, missed.

Every write is fenced by the attempt our claim wrote (see db/repositories/scheduled.py): if another
process took the row over meanwhile, nothing is written and the outcome is LOST.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.scheduling.batch import GroupCommit
from bot.scheduling.registry import FALLBACK_POLICY, Job, KindPolicy
from db.engine import Database
from db.models import ScheduledWork
from db.repositories import scheduled as repo

log = logging.getLogger("connect.scheduler")

NextOccurrence = Callable[[str, str, datetime, datetime], datetime | None]


class Outcome(StrEnum):
    DONE = "done"
    RESCHEDULED = "rescheduled"  # a recurring row moved on to its next occurrence
    RETRY = "retry"
    FAILED = "failed"
    MISSED = "missed"
    NOT_CLAIMED = "not_claimed"  # someone else has it, or it is not due, cancelled or finished
    LOST = "lost"  # our lease ran out and another process claimed the row; our result was not written
    WAITING = "waiting"  # the database is away: the row is tried again when it is back


@dataclass(frozen=True)
class FireResult:
    row_id: int
    outcome: Outcome
    next_due: datetime | None = None


def error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[: repo.ERROR_LIMIT]


class Outcomes:
    def __init__(
        self, db: Database, clock: Clock, next_occurrence: NextOccurrence, writes: GroupCommit | None = None
    ) -> None:
        self._clock = clock
        self._next_occurrence = next_occurrence
        # Outcomes of a burst share a transaction (bot/scheduling/batch.py); each is still fenced on its own.
        self._writes = writes or GroupCommit(db)

    def next_due(self, row: ScheduledWork) -> datetime | None:
        """The occurrence after this one, in the row's zone. None for one-off rows and ended series."""
        if not row.rule:
            return None
        if not row.timezone:
            raise ValueError("a recurring row needs a time zone")
        start = row.series_start or row.due_at
        return self._next_occurrence(row.rule, row.timezone, start, row.meant_for or row.due_at)

    async def succeeded(self, row: ScheduledWork, job: Job) -> FireResult:
        now = self._clock.now()
        try:
            next_due = self.next_due(row)
        except Exception as exc:
            # Sent, but the series cannot go on: leads must see it.
            log.exception("scheduled row %s: cannot compute the next occurrence", row.id)
            return await self.failed(row, job, FALLBACK_POLICY, error_text(exc), retry=False, advance=False)

        async def write(session: AsyncSession) -> bool:
            if next_due is None:
                return await repo.complete(session, row.id, job.attempt, now=now, late=job.late)
            return await repo.reschedule(session, row.id, job.attempt, next_due=next_due, now=now, late=job.late)

        if not await self._writes.run(write):
            return self.lost(row)
        if next_due is None:
            return FireResult(row.id, Outcome.DONE)
        return FireResult(row.id, Outcome.RESCHEDULED, next_due)

    async def failed(
        self,
        row: ScheduledWork,
        job: Job,
        policy: KindPolicy,
        error: str,
        *,
        retry: bool,
        advance: bool = True,
    ) -> FireResult:
        now = self._clock.now()
        delay = policy.retry_delay(job.attempt) if retry else None
        if delay is not None:
            retry_at = now + delay
            write_retry = functools.partial(
                repo.retry, row_id=row.id, attempt=job.attempt, retry_at=retry_at, error=error, now=now, late=job.late
            )
            ok = await self._writes.run(write_retry)
            return FireResult(row.id, Outcome.RETRY, retry_at) if ok else self.lost(row)
        # Out of retries. A series keeps the failed occurrence as history and goes on.
        next_due = None
        if advance:
            try:
                next_due = self.next_due(row)
            except Exception as exc:
                error = f"{error}; next occurrence: {error_text(exc)}"[: repo.ERROR_LIMIT]

        async def write(session: AsyncSession) -> bool:
            if next_due is None:
                return await repo.fail(session, row.id, job.attempt, error=error, now=now, late=job.late)
            return await self._advance(session, row, job, next_due, now, state=repo.FAILED, error=error, late=job.late)

        if not await self._writes.run(write):
            return self.lost(row)
        return FireResult(row.id, Outcome.FAILED, next_due)

    async def missed(self, row: ScheduledWork, job: Job, reason: str) -> FireResult:
        now = self._clock.now()
        log.info("scheduled row %s (%s) missed: %s", row.id, row.kind, reason)
        try:
            next_due = self.next_due(row)
        except Exception as exc:
            next_due = None
            reason = f"{reason}; next occurrence: {error_text(exc)}"

        async def write(session: AsyncSession) -> bool:
            if next_due is None:
                return await repo.miss(session, row.id, job.attempt, now=now, reason=reason)
            return await self._advance(session, row, job, next_due, now, state=repo.MISSED, error=reason, late=True)

        if not await self._writes.run(write):
            return self.lost(row)
        return FireResult(row.id, Outcome.MISSED, next_due)

    @staticmethod
    async def _advance(
        session: AsyncSession,
        row: ScheduledWork,
        job: Job,
        next_due: datetime,
        now: datetime,
        *,
        state: str,
        error: str,
        late: bool,
    ) -> bool:
        """A series moves on; the occurrence that failed or was missed is kept as its own history row."""
        ok = await repo.reschedule(session, row.id, job.attempt, next_due=next_due, now=now, late=late)
        if ok:
            await repo.record_occurrence(session, row, state=state, due_at=row.due_at, now=now, error=error)
        return ok

    def lost(self, row: ScheduledWork) -> FireResult:
        log.warning("scheduled row %s was claimed again or cancelled while it ran; result not written", row.id)
        return FireResult(row.id, Outcome.LOST)
