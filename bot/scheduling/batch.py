"""Group commit: small writes of concurrent firings share one transaction.

In a burst, each DM costs a claim, a send record and an outcome. Each was its own transaction (BEGIN, the
statement, COMMIT, and a pool checkout), so the bot mostly waited on PostgreSQL. Here, a write asks
``run(op)``; the ops that arrive while a commit is in flight go together in the next one. The first op of
a quiet moment goes at once (after one event-loop turn), so no write waits longer than before.

Each caller still waits until ITS write has committed, so every guarantee stays: a send is recorded
before the firing goes on, an outcome is fenced by its attempt, a claim won is a claim committed.

If a shared transaction fails (one op raised, a deadlock, a lost connection), nothing of it was written,
and each op runs again alone in its own transaction: one bad op never takes the others down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database

log = logging.getLogger("connect.scheduler.batch")

T = TypeVar("T")
Op = Callable[[AsyncSession], Awaitable[Any]]


class GroupCommit:
    """One per scheduler. ``max_batch`` keeps a transaction (and the row locks it holds) short."""

    def __init__(self, db: Database, *, max_batch: int = 32) -> None:
        self._db = db
        self._max = max_batch
        self._queue: list[tuple[Op, asyncio.Future[Any]]] = []
        self._drain: asyncio.Task[None] | None = None
        self.transactions = 0  # how many transactions it used (tests and the bench's profile)

    async def run(self, op: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``op(session)`` in a transaction shared with other waiting ops; return its result once committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((op, future))
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._drain_queue(), name="scheduler-group-commit")
        return await future

    async def close(self) -> None:
        """Wait for writes already asked for (their callers may have been cancelled; the writes still go)."""
        if self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)

    async def _drain_queue(self) -> None:
        await asyncio.sleep(0)  # callers of the same event-loop turn join the first transaction
        while self._queue:
            batch, self._queue = self._queue[: self._max], self._queue[self._max :]
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[Op, asyncio.Future[Any]]]) -> None:
        if len(batch) > 1:
            try:
                results = []
                self.transactions += 1
                async with self._db.transaction() as session:
                    for op, _future in batch:
                        results.append(await op(session))
            except Exception:
                log.debug("a shared transaction of %s writes failed; each runs alone", len(batch), exc_info=True)
            else:
                for (_op, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
                return
        for op, future in batch:
            try:
                self.transactions += 1
                async with self._db.transaction() as session:
                    result = await op(session)
            except Exception as exc:
                if not future.done():
                    future.set_exception(exc)
            else:
                if not future.done():
                    future.set_result(result)
