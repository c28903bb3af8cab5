"""The scheduled-work repository and its migration, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.clock import FakeClock
from db import migrate
from db.engine import Database
from db.repositories import scheduled as repo


async def test_migration_goes_down_and_up_again(db: Database) -> None:
    async def tables() -> set[str]:
        async with db.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))

    assert "scheduled_work" in await tables()
    await migrate.downgrade(db.engine, "0001")
    assert "scheduled_work" not in await tables()
    await migrate.upgrade(db.engine)
    assert "scheduled_work" in await tables()


async def test_create_fills_defaults_and_checks_input(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    async with db.transaction() as session:
        one = await repo.create(session, kind="reminder", due_at=now, ref_id=5, payload={"a": 1}, now=now)
        series = await repo.create(
            session, kind="reminder", due_at=now, rule="FREQ=DAILY", timezone="Europe/London", now=now
        )
        with pytest.raises(ValueError):
            await repo.create(session, kind="reminder", due_at=now, rule="FREQ=DAILY")
        with pytest.raises(ValueError):
            await repo.create(session, kind="reminder", due_at=now.replace(tzinfo=None))
        with pytest.raises(ValueError):
            await repo.create(session, kind="x" * 41, due_at=now)
    assert one.id != series.id
    async with db.transaction() as session:
        row = await repo.get(session, one.id)
        assert row is not None
        assert (row.state, row.occurrence, row.attempts, row.late, row.payload) == ("pending", 0, 0, False, {"a": 1})
        assert row.due_at == now and row.due_at.tzinfo is not None
        again = await repo.get(session, series.id)
        assert again is not None and again.series_start == now
        assert [r.id for r in await repo.active_for(session, "reminder", 5)] == [one.id]


async def test_claim_is_one_conditional_update(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    lease = timedelta(minutes=5)
    async with db.transaction() as session:
        later = await repo.create(session, kind="reminder", due_at=now + timedelta(seconds=1), now=now)
        due = await repo.create(session, kind="reminder", due_at=now, now=now)
        gone = await repo.create(session, kind="reminder", due_at=now, ref_id=3, now=now)
        await repo.cancel(session, "reminder", 3, now=now)

    async with db.transaction() as session:
        assert await repo.claim(session, later.id, now, lease) is False  # not due yet
        assert await repo.claim(session, gone.id, now, lease) is False  # cancelled
        assert await repo.claim(session, due.id, now, lease) is True
        assert await repo.claim(session, due.id, now, lease) is False  # running, lease holds
        assert await repo.claim(session, 999_999, now, lease) is False
    async with db.transaction() as session:
        assert await repo.claim(session, due.id, now + lease, lease) is False  # lease_until < now, strictly
        assert await repo.claim(session, due.id, now + lease + timedelta(seconds=1), lease) is True
        # The first claimant's late result is fenced out: attempts moved on.
        assert await repo.complete(session, due.id, 1, now=now, late=False) is False
        assert await repo.complete(session, due.id, 2, now=now, late=False) is True
        row = await repo.get(session, due.id)
        assert row is not None and (row.state, row.attempts) == ("done", 2)


async def test_due_within_loads_the_window_and_expired_leases(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    async with db.transaction() as session:
        overdue = await repo.create(session, kind="reminder", due_at=now - timedelta(days=3), now=now)
        soon = await repo.create(session, kind="reminder", due_at=now + timedelta(minutes=9), now=now)
        await repo.create(session, kind="reminder", due_at=now + timedelta(minutes=11), now=now)
        crashed = await repo.create(session, kind="reminder", due_at=now - timedelta(minutes=1), now=now)
    async with db.transaction() as session:
        assert await repo.claim(session, crashed.id, now, timedelta(minutes=5))
    async with db.transaction() as session:
        rows = await repo.due_within(session, now + timedelta(minutes=10))
        limited = await repo.due_within(session, now + timedelta(minutes=10), limit=1)
    assert [r.id for r in rows] == [overdue.id, crashed.id, soon.id]
    assert {r.id: r.run_at for r in rows}[crashed.id] == now + timedelta(minutes=5, microseconds=1)
    assert [r.id for r in limited] == [overdue.id]


async def test_shard_filter_matches_discords_formula(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    rng = random.Random(7)
    guilds = [rng.randrange(1 << 40, 1 << 63) for _ in range(60)] + [None, None]
    async with db.transaction() as session:
        ids = {}
        for guild in guilds:
            row = await repo.create(session, kind="reminder", due_at=now, guild_id=guild, now=now)
            ids[row.id] = guild
    for shard_count, shard_ids in [(1, [0]), (2, [0]), (2, [1]), (4, [1, 3]), (4, [0, 2]), (3, [2])]:
        async with db.transaction() as session:
            got = {r.id for r in await repo.due_within(session, now, shard_ids=shard_ids, shard_count=shard_count)}
        expected = {
            row_id
            for row_id, guild in ids.items()
            if (0 in shard_ids if guild is None else (guild >> 22) % shard_count in shard_ids)
        }
        assert got == expected, (shard_count, shard_ids)
    with pytest.raises(ValueError):
        repo.shard_clause([2], 2)


async def test_cancel_leaves_finished_rows_and_list_shows_failed_and_missed(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    async with db.transaction() as session:
        a = await repo.create(session, kind="reminder", due_at=now, guild_id=1, ref_id=1, now=now)
        b = await repo.create(session, kind="reminder", due_at=now, guild_id=1, ref_id=1, now=now)
        dm = await repo.create(session, kind="reminder", due_at=now, ref_id=2, now=now)
    async with db.transaction() as session:
        for row in (a, b, dm):
            assert await repo.claim(session, row.id, now, timedelta(minutes=5))
        assert await repo.fail(session, a.id, 1, error="x" * 900, now=now, late=False)
        assert await repo.miss(session, dm.id, 1, now=now, reason="too late")
        assert await repo.cancel(session, "reminder", 1, now=now) == 1  # only b was still active
    async with db.transaction() as session:
        listed = await repo.list_failed_and_missed(session, 1)
        dms = await repo.list_failed_and_missed(session, None)
        b_row = await repo.get(session, b.id)
    assert [(r.id, r.state, len(r.last_error or "")) for r in listed] == [(a.id, "failed", 500)]
    assert [(r.id, r.state) for r in dms] == [(dm.id, "missed")]
    assert b_row is not None and b_row.state == "cancelled"


async def test_datetimes_come_back_aware_utc(db: Database) -> None:
    when = datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC)
    async with db.transaction() as session:
        row = await repo.create(session, kind="reminder", due_at=when, now=when)
    async with db.transaction() as session:
        again = await repo.get(session, row.id)
    assert again is not None and again.due_at == when and again.due_at.utcoffset() == timedelta(0)
