"""Pacing the scheduler's requests to Discord: one budget for the bot, however many processes run it.

Discord allows about 50 requests a second per bot token (across every process) before it answers 429.
A burst of due rows (a busy Monday 9am) must not draw a 429, so every send, DM-channel creation and
message look-up made by scheduled work takes a token first. Interactions are answered without it: they
have their own limits and must be quick (DEFAULT_RATE leaves them room).

- ``TokenBucket``: one process (SQLite, or tests). In memory.
- ``SharedBudget``: several processes on PostgreSQL. The budget is one row (``rate_budget``) holding the
  next free slot in the database's own clock (no clock skew between hosts): each request reserves the
  next slot with ONE atomic UPDATE and sleeps until it (a cell-rate limiter). All processes together
  stay under the rate, however many run, and a process that stops simply takes no more slots.
  Within a process one waiter holds a slot at a time, and a slot woken up more than a slot late is given
  back for a fresh one: slots reserved ahead would otherwise all go at once after a stalled event loop.
- ``pause(seconds)``: Discord said "global rate limit, retry after N" (X-RateLimit-Global, Retry-After):
  nobody takes a slot before then. On the shared budget that holds every process back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import sqlalchemy as sa

from db.engine import Database

log = logging.getLogger("connect.ratelimit")

DEFAULT_RATE = 45.0  # requests a second: under Discord's global 50, leaving room for interactions
DEFAULT_BURST = 5
GLOBAL = "global"


class Budget(Protocol):
    async def acquire(self) -> None:
        """Wait until this request may go."""
        ...

    async def pause(self, seconds: float) -> None:
        """Discord asked everyone to wait: take no token for ``seconds``."""
        ...


_EPSILON = 1e-9  # float sums of tiny refills fall just short of a whole token


class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up. Waiters are served first come, first served."""

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        time_source: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = float(rate)
        self.burst = burst
        self._time = time_source
        self._sleep = sleep
        self._tokens = float(burst)
        self._stamp = time_source()
        # One waiter at a time: the lock queues the others in arrival order.
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._time()
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def try_acquire(self) -> bool:
        """Take a token if one is there now; never waits."""
        self._refill()
        if self._tokens >= 1 - _EPSILON:
            self._tokens = max(0.0, self._tokens - 1)
            return True
        return False

    async def acquire(self) -> None:
        """Wait until a token is there, then take it."""
        async with self._lock:
            while not self.try_acquire():
                await self._sleep((1 - self._tokens) / self.rate)

    async def pause(self, seconds: float) -> None:
        """No token for ``seconds`` (a global 429's Retry-After)."""
        self._refill()
        self._tokens = min(self._tokens, 0.0) - max(seconds, 0.0) * self.rate


_RESERVE = sa.text(
    """
    UPDATE rate_budget
       SET next_at = GREATEST(next_at, clock_timestamp() - make_interval(secs => :tolerance))
                     + make_interval(secs => :interval)
     WHERE name = :name
    RETURNING EXTRACT(EPOCH FROM (next_at - make_interval(secs => :interval) - clock_timestamp()))
    """
)
_PAUSE = sa.text(
    """
    UPDATE rate_budget SET next_at = GREATEST(next_at, clock_timestamp() + make_interval(secs => :seconds))
     WHERE name = :name
    """
)
_ENSURE = sa.text(
    "INSERT INTO rate_budget (name, next_at) VALUES (:name, clock_timestamp()) ON CONFLICT (name) DO NOTHING"
)


class SharedBudget:
    """``rate`` requests a second for ALL processes together, at most ``burst`` at once (PostgreSQL only).

    Each request costs one tiny UPDATE (about a millisecond); at 50 a second that is nothing for PostgreSQL.
    """

    def __init__(
        self,
        db: Database,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        name: str = GLOBAL,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        time_source: Callable[[], float] = time.monotonic,
    ) -> None:
        if db.is_sqlite:
            raise ValueError("a shared budget needs PostgreSQL; SQLite runs one process with a TokenBucket")
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._db = db
        self.rate = float(rate)
        self.burst = burst
        self.name = name
        self._sleep = sleep
        self._time = time_source
        self._ready = False
        self._lock = asyncio.Lock()

    async def _ensure(self) -> None:
        if not self._ready:
            async with self._db.transaction() as session:
                await session.execute(_ENSURE, {"name": self.name})
            self._ready = True

    async def reserve(self) -> float:
        """Take the next slot; returns how many seconds to wait for it (0 when it is free now)."""
        await self._ensure()
        interval = 1.0 / self.rate
        params = {"name": self.name, "interval": interval, "tolerance": (self.burst - 1) * interval}
        async with self._db.transaction() as session:
            wait = (await session.execute(_RESERVE, params)).scalar_one()
        return max(float(wait), 0.0)

    async def acquire(self) -> None:
        # One waiter per process holds a slot at a time: slots reserved seconds ahead by many waiters all
        # fall due together after a stall of the event loop (a busy machine) and burst past Discord's limit.
        async with self._lock:
            while True:
                wait = await self.reserve()
                if wait <= 0:
                    return
                due = self._time() + wait
                await self._sleep(wait)
                # Woken more than a slot late: going now would crowd the next slot. Take a fresh one.
                if self._time() - due <= 1.0 / self.rate:
                    return

    async def pause(self, seconds: float) -> None:
        await self._ensure()
        async with self._db.transaction() as session:
            await session.execute(_PAUSE, {"name": self.name, "seconds": max(seconds, 0.0)})
        log.warning("Discord asked the bot to wait %.2f s (global rate limit); every process waits", seconds)


def budget_for(db: Database, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST) -> Budget:
    """The shared budget on PostgreSQL, today's in-memory bucket on SQLite (one process)."""
    if db.is_sqlite:
        return TokenBucket(rate, burst)
    return SharedBudget(db, rate, burst)
