"""A token bucket that paces the scheduler's requests to Discord.

Discord allows about 50 requests a second per bot before it answers 429. A burst of due rows (a busy
Monday 9am) must not draw a 429, so every send and DM-channel creation made by scheduled work takes
a token first. Interactions are answered without it: they have their own limits and must be quick.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

DEFAULT_RATE = 45.0  # requests a second: under Discord's global 50, leaving room for interactions
DEFAULT_BURST = 5
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
