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
  Within a process waiters are served in turn: one UPDATE reserves slots for up to ``batch`` (3) waiters
  queued together (fewer round trips in a burst), never more, and a slot woken up more than a slot late
  is given back for a fresh one: slots reserved ahead would otherwise all go at once after a stalled
  event loop. Discord counts 50 in a second from a first request: at 45 a second the shared burst is 2
  (``SHARED_BURST``), so processes starting a burst together stay under 50 in that first second too.
- ``pause(seconds)``: Discord said "global rate limit, retry after N" (X-RateLimit-Global, Retry-After):
  nobody takes a slot before then. On the shared budget that holds every process back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

import sqlalchemy as sa

from db.engine import Database

log = logging.getLogger("connect.ratelimit")

DEFAULT_RATE = 45.0  # requests a second: under Discord's global 50, leaving room for interactions
DEFAULT_BURST = 5
# Shared: at most 2 at once. Discord counts 50 in a second from a first request; 45 a second plus a burst of 2
# leaves room for the one late slot each process may still use (see acquire) and for network jitter.
SHARED_BURST = 2
DEFAULT_BATCH = 3  # slots one UPDATE of the shared budget may reserve for waiters of one process
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


# Takes ``n`` consecutive slots at once; returns how far ahead the first one is (seconds, negative: now).
_RESERVE = sa.text(
    """
    UPDATE rate_budget
       SET next_at = GREATEST(next_at, clock_timestamp() - make_interval(secs => :tolerance))
                     + make_interval(secs => :span)
     WHERE name = :name
    RETURNING EXTRACT(EPOCH FROM (next_at - make_interval(secs => :span) - clock_timestamp()))
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

    A request costs at most one tiny UPDATE (about a millisecond), shared by up to ``batch`` requests of
    the process waiting together; at 50 a second that is nothing for PostgreSQL.
    """

    def __init__(
        self,
        db: Database,
        rate: float = DEFAULT_RATE,
        burst: int = DEFAULT_BURST,
        *,
        name: str = GLOBAL,
        batch: int = DEFAULT_BATCH,
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
        self.batch = max(1, batch)
        self._ready = False
        self._lock = asyncio.Lock()
        self._waiting = 0  # acquire() calls of this process waiting now (the one holding the lock too)
        self._slots: deque[float] = deque()  # slots reserved and not yet used, in this process's clock
        self.given_back = 0  # slots woken up too late and left unused (the bench prints it)

    async def _ensure(self) -> None:
        if not self._ready:
            async with self._db.transaction() as session:
                await session.execute(_ENSURE, {"name": self.name})
            self._ready = True

    async def reserve(self, n: int = 1) -> float:
        """Take the next ``n`` slots (one UPDATE); returns how many seconds to wait for the first (0: now).
        The others follow it one interval apart."""
        await self._ensure()
        interval = 1.0 / self.rate
        params = {
            "name": self.name,
            "interval": interval,
            "tolerance": (self.burst - 1) * interval,
            "span": n * interval,
        }
        async with self._db.transaction() as session:
            wait = (await session.execute(_RESERVE, params)).scalar_one()
        return max(float(wait), 0.0)

    async def acquire(self) -> None:
        # Waiters of one process are served in turn (the lock). The first reserves a slot for each waiter
        # queued behind it too (up to ``batch``: one UPDATE for several requests), and each then waits for
        # its own. Never more than ``batch`` slots ahead: slots reserved seconds ahead would all fall due
        # together after a stall of the event loop (a busy machine) and burst past Discord's limit.
        interval = 1.0 / self.rate
        self._waiting += 1
        try:
            async with self._lock:
                while True:
                    if not self._slots:
                        n = max(1, min(self.batch, self._waiting))
                        wait = await self.reserve(n)
                        first = self._time() + wait  # after the round trip: never earlier than the database's slot
                        self._slots.extend(first + i * interval for i in range(n))
                    due = self._slots.popleft()
                    wait = due - self._time()
                    if wait > 0:
                        await self._sleep(wait)
                    # Woken more than a slot late: going now would crowd the next slot. Take a fresh one.
                    if self._time() - due <= interval:
                        return
                    self.given_back += 1
        finally:
            self._waiting -= 1

    async def pause(self, seconds: float) -> None:
        await self._ensure()
        async with self._db.transaction() as session:
            await session.execute(_PAUSE, {"name": self.name, "seconds": max(seconds, 0.0)})
        log.warning("Discord asked the bot to wait %.2f s (global rate limit); every process waits", seconds)


def budget_for(db: Database, rate: float = DEFAULT_RATE, burst: int | None = None) -> Budget:
    """The shared budget on PostgreSQL, today's in-memory bucket on SQLite (one process)."""
    if db.is_sqlite:
        return TokenBucket(rate, DEFAULT_BURST if burst is None else burst)
    return SharedBudget(db, rate, SHARED_BURST if burst is None else burst)
