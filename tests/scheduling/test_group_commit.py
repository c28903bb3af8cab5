"""Group commit (bot/scheduling/batch.py): a burst's claims, send records and outcomes share transactions,
each caller still gets only its own committed result, and one bad write never takes the others down."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.notifier import RecordingNotifier
from bot.scheduling.batch import GroupCommit
from bot.scheduling.outcomes import Outcome
from db.engine import Database
from db.models import ScheduledSend
from db.repositories import processes as prepo
from db.repositories import scheduled as repo
from tests.scheduling.harness import Calls, add_row, count_transactions, load, make_scheduler


async def test_a_burst_of_claims_shares_one_transaction(db: Database, clock: FakeClock) -> None:
    ids = [await add_row(db, clock.now()) for _ in range(6)]
    writes = GroupCommit(db)
    counter = count_transactions(db)

    async def claim(row_id: int) -> object:
        return await writes.run(lambda s: repo.claim_row(s, row_id, clock.now(), timedelta(minutes=2)))

    rows = await asyncio.gather(*(claim(i) for i in ids), claim(ids[0]))

    assert counter[0] == 1 and writes.transactions == 1
    assert [getattr(r, "id", None) for r in rows[:6]] == ids  # each caller got its own row, as written
    assert all(getattr(r, "state", None) == "running" for r in rows[:6])
    assert rows[6] is None  # the second claim of a row in the same transaction wins nothing
    assert (await load(db, ids[0])).state == "running"  # committed


async def test_one_failing_write_does_not_lose_the_others(db: Database, clock: FakeClock) -> None:
    ids = [await add_row(db, clock.now()) for _ in range(3)]
    writes = GroupCommit(db)

    def record(row_id: int, nonce: str) -> asyncio.Future[None]:
        op = lambda s: prepo.record_send(  # noqa: E731
            s, row_id, nonce, via="dm", channel_id=None, message_id=1, dm_failed=False, now=clock.now()
        )
        return asyncio.ensure_future(writes.run(op))

    async def boom(_session: AsyncSession) -> None:
        raise RuntimeError("a bad write")

    good = [record(i, "n1") for i in ids]
    bad = asyncio.ensure_future(writes.run(boom))
    await asyncio.gather(*good)
    with pytest.raises(RuntimeError, match="a bad write"):
        await bad

    async with db.transaction() as session:
        recorded = (await session.scalars(sa.select(ScheduledSend.row_id))).all()
    assert sorted(recorded) == ids
    assert writes.transactions == 1 + 4  # the shared one rolled back, then each alone


async def test_a_burst_needs_fewer_transactions_than_rows(db: Database, clock: FakeClock) -> None:
    rows = 16
    ids = [await add_row(db, clock.now(), payload={"text": f"Film club {i}"}) for i in range(rows)]
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(db, clock, calls, notifier)
    counter = count_transactions(db)

    results = await scheduler.run_due_now()

    assert sorted(r.row_id for r in results if r.outcome is Outcome.DONE) == ids
    assert sorted(calls.per_row()) == ids and len(notifier.sent) == rows
    # One transaction per row before the claim alone; claim + send record + outcome were three per row.
    assert counter[0] < rows, counter[0]
    for row_id in ids:
        assert (await load(db, row_id)).state == "done"
