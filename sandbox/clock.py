"""The sandbox's clock: real time plus an offset that tests may move forward.

Every time-based rule (interaction deadline, follow-up window, nonce window, snowflake timestamps,
rate-limit windows) reads this clock, so a test can jump ahead instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import time


class Clock:
    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def time(self) -> float:
        """Unix time in seconds, shifted by the offset."""
        return time.time() + self.offset

    def monotonic(self) -> float:
        """Monotonic seconds, shifted by the offset (used for short deadlines)."""
        return time.monotonic() + self.offset

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.time(), dt.UTC)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


DISCORD_EPOCH_MS = 1420070400000


class SnowflakeFactory:
    """Makes Discord snowflakes: 42 bits of ms since 2015, worker, process, increment.

    Ids are strictly increasing. `shard=(shard_id, shard_count)` picks an id whose timestamp part
    lands on that shard, i.e. `(id >> 22) % shard_count == shard_id`, for sharding tests.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last_ms = 0
        self._increment = 0

    def next(self, *, shard: tuple[int, int] | None = None) -> int:
        ms = int(self._clock.time() * 1000) - DISCORD_EPOCH_MS
        if ms < self._last_ms:
            ms = self._last_ms
        if ms == self._last_ms:
            self._increment = (self._increment + 1) & 0xFFF
            if self._increment == 0:
                ms += 1
        else:
            self._increment = 0
        if shard is not None:
            shard_id, count = shard
            while ms % count != shard_id:
                ms += 1
            if ms != self._last_ms:
                self._increment = 0
        self._last_ms = ms
        return (ms << 22) | (1 << 17) | (1 << 12) | self._increment


def snowflake_time(snowflake: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, dt.UTC)


def iso(moment: dt.datetime) -> str:
    """Discord's timestamp format: ISO 8601 with microseconds and +00:00."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
