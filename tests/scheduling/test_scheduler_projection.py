"""The APScheduler side: memory holds only the window, notify adds to it, the real timer fires rows,
a full page of backlog is paged in, and a graceful stop lets a firing finish."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock, SystemClock
from bot.notifier import RecordingNotifier
from bot.scheduling.registry import Job, Registry
from bot.scheduling.scheduler import Outcome, Scheduler
from db.engine import Database
from tests.scheduling.harness import Calls, add_row, load, make_scheduler

WAIT = 20  # seconds: only a guard against a hang, never a measured time


async def test_memory_holds_only_the_window(db: Database) -> None:
    clock = FakeClock(datetime.now(UTC))
    now = clock.now()
    soon = [await add_row(db, now + timedelta(minutes=m)) for m in (1, 5, 9)]
    overdue = await add_row(db, now - timedelta(hours=1))
    far = [await add_row(db, now + timedelta(days=d)) for d in range(1, 60)]
    scheduler = make_scheduler(db, clock, Calls(), RecordingNotifier(), window=timedelta(minutes=10))

    await scheduler.start(paused=True)  # project, but fire nothing
    try:
        assert scheduler.projected_ids() == {*soon, overdue}

        # A service tells the scheduler about rows it committed: only one inside the window is kept.
        later = await add_row(db, now + timedelta(hours=2))
        scheduler.notify(later, now + timedelta(hours=2))
        new = await add_row(db, now + timedelta(minutes=3))
        scheduler.notify(new, now + timedelta(minutes=3))
        assert scheduler.projected_ids() == {*soon, overdue, new}

        scheduler.forget(new)
        assert new not in scheduler.projected_ids()

        # A day later the next refill brings in what is due then.
        clock.advance(timedelta(days=1))
        await scheduler.refill()
        assert far[0] in scheduler.projected_ids()
        assert far[1] not in scheduler.projected_ids()
    finally:
        await scheduler.stop()


async def test_real_timer_fires_loaded_and_notified_rows(db: Database) -> None:
    clock = SystemClock()
    fired: dict[int, asyncio.Event] = {}
    registry = Registry()

    async def handle(job: Job) -> None:
        fired.setdefault(job.id, asyncio.Event()).set()

    registry.register("reminder", handle)
    loaded = await add_row(db, clock.now() + timedelta(milliseconds=200))
    scheduler = Scheduler(db, clock, registry, RecordingNotifier())
    await scheduler.start()
    try:
        notified = await add_row(db, clock.now() + timedelta(milliseconds=100))
        scheduler.notify(notified, (await load(db, notified)).due_at)
        for row_id in (loaded, notified):
            await asyncio.wait_for(fired.setdefault(row_id, asyncio.Event()).wait(), WAIT)
    finally:
        await scheduler.stop()
    for row_id in (loaded, notified):
        assert (await load(db, row_id)).state == "done"


async def test_a_backlog_bigger_than_one_page_is_paged_in(db: Database) -> None:
    clock = SystemClock()
    seen: list[int] = []
    all_fired = asyncio.Event()
    row_ids = [await add_row(db, clock.now() - timedelta(minutes=30, seconds=i)) for i in range(12)]
    registry = Registry()

    async def handle(job: Job) -> None:
        seen.append(job.id)
        if len(seen) == len(row_ids):
            all_fired.set()

    registry.register("reminder", handle)
    scheduler = Scheduler(db, clock, registry, RecordingNotifier(), load_limit=5)
    await scheduler.start()
    try:
        await asyncio.wait_for(all_fired.wait(), WAIT)
    finally:
        await scheduler.stop()
    assert sorted(seen) == sorted(row_ids)


async def test_graceful_stop_lets_a_firing_finish(db: Database, clock: FakeClock) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    registry = Registry()

    async def handle(job: Job) -> None:
        started.set()
        await release.wait()

    registry.register("reminder", handle)
    row_id = await add_row(db, clock.now())
    scheduler = Scheduler(db, clock, registry, RecordingNotifier())
    run = asyncio.create_task(scheduler.run_due_now())
    await asyncio.wait_for(started.wait(), WAIT)
    stopping = asyncio.create_task(scheduler.stop(wait=True))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not stopping.done()  # still waiting for the handler
    release.set()
    await asyncio.wait_for(stopping, WAIT)
    assert [r.outcome for r in await run] == [Outcome.DONE]
    assert (await load(db, row_id)).state == "done"
