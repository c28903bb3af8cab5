"""The process registry: a duplicate shard refuses to start, a missing shard owner is reported, a dead
process's rows are taken over at once (no lease wait, nothing late), a stopping one is waited for."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot import texts
from bot.clock import FakeClock
from bot.outbox import RecordingNotifier
from bot.scheduling.processes import ProcessRegistry, ShardClaimed
from bot.scheduling.scheduler import LEASE, Outcome
from db.engine import Database
from db.models import ProcessRow
from db.repositories import scheduled as repo
from tests.scheduling.conftest import OpenDb
from tests.scheduling.harness import Calls, add_row, load, make_scheduler

GONE_PID = 2**22 + 12345  # beyond Linux's pid_max default: never a live process


class Wall:
    """A wall clock for the registry that a test can move."""

    def __init__(self) -> None:
        self.at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def registry(
    db: Database, shards: list[int], count: int, wall: Wall, *, host: str = "h1", pid: int = 1
) -> ProcessRegistry:
    return ProcessRegistry(db, shards, count, host=host, pid=pid, wall_clock=wall, stop_grace=timedelta(0))


async def test_a_second_process_on_the_same_shard_refuses_to_start(db: Database, open_db: OpenDb) -> None:
    wall = Wall()
    first = registry(db, [0], 2, wall, host="a")
    await first.register()
    second = registry(open_db(), [0], 2, wall, host="b")
    with pytest.raises(ShardClaimed) as refused:
        await second.register()
    assert str(refused.value) == texts.PROCESS_SHARD_TAKEN.format(shards="0")
    # Another shard is fine.
    await registry(open_db(), [1], 2, wall, host="b").register()


async def test_a_different_shard_count_refuses_to_start(db: Database, open_db: OpenDb) -> None:
    wall = Wall()
    await registry(db, [0], 2, wall, host="a").register()
    with pytest.raises(ShardClaimed, match="SHARD_COUNT"):
        await registry(open_db(), [2], 3, wall, host="b").register()


async def test_a_process_whose_heartbeat_stopped_is_replaced(db: Database, open_db: OpenDb) -> None:
    wall = Wall()
    await registry(db, [0], 1, wall, host="a").register()
    wall.at += timedelta(seconds=21)  # no heartbeat for longer than dead_after
    await registry(open_db(), [0], 1, wall, host="b").register()
    async with db.transaction() as session:
        hosts = [r.host for r in (await session.scalars(sa.select(ProcessRow))).all()]
    assert hosts == ["b"]


async def test_a_crashed_process_on_this_host_is_replaced_at_once(db: Database, open_db: OpenDb) -> None:
    wall = Wall()
    await registry(db, [0], 1, wall, host="same", pid=GONE_PID).register()  # kill -9: its pid is gone
    await registry(open_db(), [0], 1, wall, host="same", pid=1).register()  # heartbeat still fresh


async def test_a_stopping_process_is_waited_for_then_replaced(db: Database, open_db: OpenDb) -> None:
    wall = Wall()
    old = registry(db, [0], 1, wall, host="a")
    await old.register()
    await old.mark_stopping()
    new = ProcessRegistry(open_db(), [0], 1, host="b", pid=2, wall_clock=wall, stop_grace=timedelta(seconds=30))
    import asyncio

    task = asyncio.create_task(new.register())
    await asyncio.sleep(0.7)
    assert not task.done(), "waits while the old process finishes"
    await old.close()
    await asyncio.wait_for(task, 10)


async def test_a_shard_with_no_live_process_is_an_error_with_its_waiting_messages(
    db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    wall = Wall()
    guild_on_shard_1 = 1 << 22  # (id >> 22) % 2 == 1
    for _ in range(3):
        await add_row(db, wall.at - timedelta(minutes=1), guild_id=guild_on_shard_1)
    await add_row(db, wall.at - timedelta(minutes=1), guild_id=2 << 22)  # shard 0: served
    ours = registry(db, [0], 2, wall)
    await ours.register()
    with caplog.at_level(logging.ERROR, logger="connect.processes"):
        missing = await ours.check_shards()
    assert missing == {1: 3}
    assert [r.getMessage() for r in caplog.records] == [texts.PROCESS_SHARD_MISSING.format(shard=1, count=3)]
    assert all(r.exc_info is None for r in caplog.records), "a plain line, no traceback"


async def test_rows_of_a_dead_process_are_taken_over_at_once_and_are_not_late(
    db: Database, clock: FakeClock, open_db: OpenDb
) -> None:
    wall = Wall()
    due = clock.now()
    row_id = await add_row(db, due)
    # Process A claims the row, then dies before finishing (its lease runs for two more minutes).
    a = registry(db, [0], 1, wall, host="a")
    await a.register()
    async with db.transaction() as session:
        assert await repo.claim(session, row_id, due, LEASE, owner=a.id, live_since=a.live_since())
    wall.at += timedelta(seconds=25)
    clock.advance(timedelta(seconds=25))

    b_db = open_db()
    b = registry(b_db, [0], 1, wall, host="b")
    await b.register()
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(b_db, clock, calls, notifier, process=b)
    (result,) = await scheduler.run_due_now()

    assert result.outcome is Outcome.DONE
    (job,) = calls.jobs
    assert job.late is False, "taken over within seconds, so nothing is late"
    assert job.taken_over_since == due
    assert (await load(db, row_id)).lease_owner is None


async def test_a_live_holder_keeps_its_row(db: Database, clock: FakeClock, open_db: OpenDb) -> None:
    wall = Wall()
    row_id = await add_row(db, clock.now())
    a = registry(db, [0], 2, wall, host="a")
    await a.register()
    async with db.transaction() as session:
        assert await repo.claim(session, row_id, clock.now(), LEASE, owner=a.id, live_since=a.live_since())
    b_db = open_db()
    b = registry(b_db, [1], 2, wall, host="b")  # alive, but A still beats
    await b.register()
    scheduler = make_scheduler(b_db, clock, Calls(), RecordingNotifier(), process=b, shard_ids=[0, 1], shard_count=2)
    assert await scheduler.run_due_now() == []


async def test_a_missing_shard_with_nothing_due_says_so(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    ours = registry(db, [0], 2, Wall())
    await ours.register()
    with caplog.at_level(logging.ERROR, logger="connect.processes"):
        assert await ours.check_shards() == {1: 0}
    assert [r.getMessage() for r in caplog.records] == [texts.PROCESS_SHARD_MISSING_NONE.format(shard=1)]
