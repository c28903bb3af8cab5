"""A database outage, seen from the scheduler: one ERROR when it starts, one INFO when it ends.

While the database is away, every firing that needs it stops quietly (no traceback per row). A probe tries
the database every ``probe_every`` seconds; when it answers, ``on_back`` runs (the scheduler loads what is
due again, so sending resumes within seconds instead of at the next one-minute refill).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import sqlalchemy as sa
import sqlalchemy.exc as sa_exc

from bot import texts
from db.engine import Database

log = logging.getLogger("connect.scheduler")

PROBE_EVERY = 2.0


def is_outage(exc: BaseException) -> bool:
    """The database could not be reached (not: a bug in a query)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, (sa_exc.OperationalError, sa_exc.InterfaceError, ConnectionError, TimeoutError)):
            return True
        if isinstance(current, OSError) and not isinstance(current, FileNotFoundError):
            return True
        if type(current).__module__.startswith("asyncpg") and "Connection" in type(current).__name__:
            return True
        if type(current).__name__ in ("CannotConnectNowError", "ConnectionDoesNotExistError", "AdminShutdown"):
            return True
        current = current.__cause__ or current.__context__
    return False


class OutageWatch:
    def __init__(self, db: Database, on_back: Callable[[], Awaitable[object]], *, probe_every: float = PROBE_EVERY):
        self._db = db
        self._on_back = on_back
        self._probe_every = probe_every
        self.down = False
        self._probe: asyncio.Task[None] | None = None

    def seen(self, exc: BaseException) -> bool:
        """Call with an exception; True (and the outage noted) when it means the database is away."""
        if not is_outage(exc):
            return False
        if not self.down:
            self.down = True
            log.error(texts.SCHEDULER_DB_DOWN)
            log.debug("database error", exc_info=exc)
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._wait_for_database(), name="scheduler-db-probe")
        return True

    async def _wait_for_database(self) -> None:
        while True:
            await asyncio.sleep(self._probe_every)
            try:
                async with self._db.transaction() as session:
                    await session.execute(sa.text("SELECT 1"))
            except Exception:
                continue
            break
        self.down = False
        self._probe = None  # a failure in on_back starts a new probe
        log.info(texts.SCHEDULER_DB_BACK)
        try:
            await self._on_back()
        except Exception as exc:
            if not self.seen(exc):
                log.exception("loading scheduled work after the database came back failed")

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._probe
