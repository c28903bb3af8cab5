"""The token bucket, on a fake time source: a burst, then a steady rate, never more."""

from __future__ import annotations

import asyncio

import pytest

from bot.ratelimit import TokenBucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_burst_then_steady_rate() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=45, burst=5, time_source=fake, sleep=fake.sleep)
    stamps = []
    for _ in range(500):
        await bucket.acquire()
        stamps.append(fake.now)

    assert stamps[:5] == [1000.0] * 5  # the burst goes at once
    assert fake.sleeps and all(s > 0 for s in fake.sleeps)
    # In any one second, at most the burst plus one second of tokens.
    for i, start in enumerate(stamps):
        in_window = sum(1 for t in stamps[i:] if t < start + 1.0)
        assert in_window <= 5 + 45
    # And no slower than the rate: 495 tokens after the burst need 11 seconds.
    assert stamps[-1] - stamps[0] == pytest.approx(495 / 45)


async def test_tokens_come_back_after_a_quiet_time_but_no_more_than_the_burst() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=45, burst=5, time_source=fake, sleep=fake.sleep)
    assert [bucket.try_acquire() for _ in range(6)] == [True] * 5 + [False]
    fake.now += 60  # a quiet minute saves up only the burst
    assert [bucket.try_acquire() for _ in range(6)] == [True] * 5 + [False]
    fake.now += 1 / 45
    assert bucket.try_acquire() is True


async def test_waiters_share_one_bucket() -> None:
    fake = FakeTime()
    bucket = TokenBucket(rate=10, burst=2, time_source=fake, sleep=fake.sleep)
    stamps: list[float] = []

    async def one() -> None:
        await bucket.acquire()
        stamps.append(fake.now)

    await asyncio.gather(*(one() for _ in range(12)))
    assert len(stamps) == 12
    assert max(stamps) - min(stamps) == pytest.approx(1.0)  # 10 after the burst of 2, at 10 a second


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0)
    with pytest.raises(ValueError):
        TokenBucket(burst=0)
