"""The shared PostgreSQL budget: one waiter per process holds a slot, and a slot woken up late is given back
(a stalled event loop must not send several reserved slots at once)."""

from __future__ import annotations

import asyncio
import time

import pytest
import sqlalchemy as sa

from bot.ratelimit import SHARED_BURST, SharedBudget
from db.engine import Database
from tests.scheduling.conftest import OpenDb


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

    async def watching(n: int = 1) -> float:
        wait = await reserve(n)
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


async def test_waiters_of_one_process_share_an_update_and_keep_the_pace(db: Database, db_kind: str) -> None:
    """Nine requests waiting together: one UPDATE reserves slots for up to ``batch`` of them (3 UPDATEs, not
    9), and each still goes at its own slot, one interval apart."""
    needs_postgres(db_kind)
    budget = SharedBudget(db, rate=100, burst=1, batch=3)
    reserved = watched(budget)
    times: list[float] = []

    async def one() -> None:
        await budget.acquire()
        times.append(budget._time())

    await asyncio.gather(*(one() for _ in range(9)))
    assert len(reserved) + budget.given_back <= 4, f"{len(reserved)} UPDATEs for 9 requests"
    # 9 requests at 100 a second: the last no sooner than 8 intervals after the first.
    assert max(times) - min(times) >= 8 / budget.rate - 0.002


async def test_processes_starting_together_stay_under_discords_first_second(
    db: Database, db_kind: str, open_db: OpenDb
) -> None:
    """Three processes, each with many requests waiting, on the shared budget as the bot makes it (scaled
    down to 10 a second): Discord counts a second from the first request, and in it at most the burst of 2
    and one second of slots go (12), never the 15 a burst of 5 would let through."""
    needs_postgres(db_kind)
    budgets = [SharedBudget(d, rate=10, burst=SHARED_BURST) for d in (db, open_db(), open_db())]
    await budgets[0].reserve()
    async with db.transaction() as session:  # the bot has been quiet for a minute: the full burst is there
        await session.execute(sa.text("UPDATE rate_budget SET next_at = now() - interval '1 minute'"))
    times: list[float] = []

    async def one(budget: SharedBudget) -> None:
        await budget.acquire()
        times.append(time.monotonic())

    await asyncio.gather(*(one(b) for b in budgets for _ in range(6)))
    first = min(times)
    in_first_second = sum(1 for t in times if t < first + 1.0)
    assert in_first_second <= 13, f"{in_first_second} requests in the first second"
