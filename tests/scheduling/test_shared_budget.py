"""The shared PostgreSQL budget: one waiter per process holds a slot, and a slot woken up late is given back
(a stalled event loop must not send several reserved slots at once)."""

from __future__ import annotations

import asyncio

import pytest

from bot.ratelimit import SharedBudget
from db.engine import Database


class LateSleeper:
    """A fake time source whose first ``late`` sleeps oversleep by ``by`` seconds (a busy machine)."""

    def __init__(self, late: int, by: float) -> None:
        self.now = 1000.0
        self.late = late
        self.by = by

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds
        if self.late > 0:
            self.late -= 1
            self.now += self.by


def watched(budget: SharedBudget) -> list[float]:
    """Every wait ``reserve`` answered, in order."""
    waits: list[float] = []
    reserve = budget.reserve

    async def watching() -> float:
        wait = await reserve()
        waits.append(wait)
        return wait

    budget.reserve = watching  # type: ignore[method-assign]
    return waits


def needs_postgres(db_kind: str) -> None:
    if db_kind != "postgresql":
        pytest.skip("the shared budget needs PostgreSQL (SQLite runs one process); set TEST_DATABASE_URL")


async def test_a_slot_woken_up_late_is_given_back_and_a_fresh_one_taken(db: Database, db_kind: str) -> None:
    needs_postgres(db_kind)
    fake = LateSleeper(late=1, by=0.5)
    budget = SharedBudget(db, rate=20, burst=1, sleep=fake.sleep, time_source=fake)
    reserved = watched(budget)
    await budget.acquire()  # the first slot is free now
    await budget.acquire()  # its slot is 50 ms ahead; the sleep overran by 500 ms: reserve again
    assert len(reserved) == 3
    assert reserved[0] == 0.0 and reserved[1] > 0


async def test_one_waiter_of_a_process_holds_a_slot_at_a_time(db: Database, db_kind: str) -> None:
    """Eight tasks of one process: each reserves only when the one before it has gone, so no slot is
    reserved seconds ahead (those would all fall due together after a stall)."""
    needs_postgres(db_kind)
    budget = SharedBudget(db, rate=200, burst=1)
    ahead = watched(budget)
    await asyncio.gather(*(budget.acquire() for _ in range(8)))
    assert max(ahead) <= 2 / budget.rate, f"a slot was reserved {max(ahead):.3f} s ahead"
