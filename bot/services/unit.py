"""One unit of work: one write transaction, then what must happen only once it has committed.

Both features made scheduled rows inside a transaction and told the scheduler about them after commit
(and projects then told its subscribers). That is written once here::

    async with unit(db, scheduler) as (session, work):
        row = await sched.create(session, ...)
        work.scheduled(row.id, row.due_at)
        work.after(lambda: events.publish(PROJECT_FINISHED, event))

Nothing in ``work`` runs when the transaction fails. A failing note or subscriber is logged, never undoes
the committed change (the scheduler's periodic refill finds a row it was not told about).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from db.engine import Database

log = logging.getLogger("connect.unit")


class SchedulerHook(Protocol):
    """What a service needs from the scheduler (``bot.features.SchedulerLink`` in the app)."""

    def notify(self, row_id: int, due_at: datetime) -> None: ...


@dataclass
class Work:
    """What a transaction leaves for after its commit."""

    rows: list[tuple[int, datetime]] = field(default_factory=list)
    callbacks: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def scheduled(self, row_id: int, due_at: datetime) -> None:
        self.rows.append((row_id, due_at))

    def after(self, callback: Callable[[], Awaitable[None]]) -> None:
        self.callbacks.append(callback)


async def committed(work: Work, scheduler: SchedulerHook | None) -> None:
    """Tell the scheduler about the rows, then run the callbacks (each failure logged on its own)."""
    if scheduler is not None:
        for row_id, due_at in work.rows:
            try:
                scheduler.notify(row_id, due_at)
            except Exception:
                log.exception("could not tell the scheduler about row %s", row_id)
    for callback in work.callbacks:
        try:
            await callback()
        except Exception:
            log.exception("an after-commit step failed")


@asynccontextmanager
async def unit(db: Database, scheduler: SchedulerHook | None) -> AsyncIterator[tuple[AsyncSession, Work]]:
    work = Work()
    async with db.transaction() as session:
        yield session, work
    # Inside db.batch() (a crowd's presses in one transaction) these wait for the batch's commit.
    await db.after_commit(lambda: committed(work, scheduler))
