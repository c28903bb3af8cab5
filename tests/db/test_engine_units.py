"""The units of work (db/engine.py): writes in the order they asked, reads that never lock, on SQLite and
PostgreSQL. No timing assertions: the tests hold a write open and check what others can do meanwhile."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from db.engine import Database, ReadOnlyError
from db.models import GuildSettings


async def _table(db: Database) -> None:
    key = "id INTEGER PRIMARY KEY" if db.is_sqlite else "id SERIAL PRIMARY KEY"  # numbered as inserted
    async with db.transaction() as s:
        await s.execute(text(f"CREATE TABLE crowd_probe ({key}, n INTEGER NOT NULL)"))


async def _rows(db: Database) -> list[int]:
    async with db.read() as s:
        return [r[0] for r in (await s.execute(text("SELECT n FROM crowd_probe ORDER BY id"))).all()]


async def test_a_read_does_not_wait_for_an_open_write_and_sees_only_what_is_committed(db: Database) -> None:
    await _table(db)
    async with db.transaction() as s:
        await s.execute(text("INSERT INTO crowd_probe (n) VALUES (1)"))
    writing, release = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with db.transaction() as s:
            await s.execute(text("INSERT INTO crowd_probe (n) VALUES (2)"))
            writing.set()
            await release.wait()

    writer = asyncio.create_task(long_write())
    await writing.wait()
    try:
        # The write holds SQLite's write lock (BEGIN IMMEDIATE) and the in-process writer: a read still runs.
        assert await asyncio.wait_for(_rows(db), 30) == [1]
    finally:
        release.set()  # never leave the write open: the test's schema could not be dropped
        await writer
    assert await _rows(db) == [1, 2]


async def test_writes_are_done_in_the_order_they_asked(db: Database) -> None:
    await _table(db)
    order: list[int] = []

    async def write(n: int) -> None:
        async with db.transaction() as s:
            await asyncio.sleep(0)  # give the others every chance to overtake
            await s.execute(text("INSERT INTO crowd_probe (n) VALUES (:n)"), {"n": n})
            await asyncio.sleep(0)
            order.append(n)

    await asyncio.gather(*(write(n) for n in range(30)))
    if db.is_sqlite:  # one in-process writer: strictly first come, first served
        assert order == list(range(30))
        assert await _rows(db) == list(range(30))
    else:  # PostgreSQL runs them side by side; every one is saved
        assert sorted(await _rows(db)) == list(range(30))


async def test_a_read_refuses_to_write(db: Database) -> None:
    with pytest.raises(ReadOnlyError):
        async with db.read() as s:
            s.add(GuildSettings(guild_id=1))
            await s.flush()
    async with db.read() as s:
        assert (await s.execute(text("SELECT count(*) FROM guild_settings"))).scalar_one() == 0


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    await _table(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as s:
            await s.execute(text("INSERT INTO crowd_probe (n) VALUES (7)"))
            raise RuntimeError("boom")
    assert await _rows(db) == []
    async with db.transaction() as s:  # the writer is free again
        await s.execute(text("INSERT INTO crowd_probe (n) VALUES (8)"))
    assert await _rows(db) == [8]


async def test_two_databases_on_one_file_share_the_writer(db: Database) -> None:
    """A test's Database and the bot's (``reopen``) take turns instead of waiting inside SQLite."""
    await _table(db)
    other = db.reopen()
    try:
        holding, release = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with db.transaction() as s:
                await s.execute(text("INSERT INTO crowd_probe (n) VALUES (1)"))
                holding.set()
                await release.wait()

        async def second() -> None:
            async with other.transaction() as s:
                await s.execute(text("INSERT INTO crowd_probe (n) VALUES (2)"))

        first = asyncio.create_task(hold())
        await holding.wait()
        later = asyncio.create_task(second())
        await asyncio.sleep(0.05)
        assert not later.done() or not db.is_sqlite  # on SQLite it waits its turn in this process
        release.set()
        await asyncio.gather(first, later)
        assert sorted(await _rows(db)) == [1, 2]
        if db.is_sqlite:
            assert db.writer is other.writer
    finally:
        await other.dispose()


async def test_a_transaction_inside_a_transaction_of_the_same_task_does_not_wait_for_itself(db: Database) -> None:
    """Nested units are a mistake on SQLite (the inner one is another connection), but they must fail or
    work, never hang on the in-process writer. A read inside a write is fine."""
    await _table(db)
    async with db.transaction() as s:
        await s.execute(text("INSERT INTO crowd_probe (n) VALUES (1)"))
        async with db.read() as r:
            assert (await r.execute(text("SELECT count(*) FROM crowd_probe"))).scalar_one() == 0
