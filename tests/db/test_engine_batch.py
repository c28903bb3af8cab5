"""db.batch() (db/engine.py) and the presses done in it (bot/presses.py ``Together.batch``), on SQLite and
PostgreSQL: one transaction whose units are savepoints; a failing unit undoes only itself; reads inside see
the batch's writes; after-commit steps wait for the commit and never run when it fails; a crowd's presses
are done in press order in one transaction, each told its own outcome. No timing assertions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.errors import UserError
from bot.presses import Presses, Together, Work
from db.engine import Database
from tests.db.test_engine_units import _rows, _table
from tests.unit.test_presses import crowd


async def _insert(db: Database, n: int, *, fail: bool = False) -> None:
    async with db.transaction() as s:
        await s.execute(text("INSERT INTO crowd_probe (n) VALUES (:n)"), {"n": n})
        if fail:
            raise UserError("not this one")


async def test_a_batch_is_one_transaction_and_a_failing_unit_undoes_only_itself(db: Database) -> None:
    await _table(db)
    after: list[str] = []
    seen_outside: list[list[int]] = []

    async def step(name: str) -> None:
        after.append(name)

    async with db.batch():
        await _insert(db, 1)
        await db.after_commit(lambda: step("one"))
        with pytest.raises(UserError):
            await _insert(db, 2, fail=True)
        await _insert(db, 3)
        await db.after_commit(lambda: step("three"))
        assert await _rows(db) == [1, 3], "a read inside the batch sees what it wrote"
        assert after == [], "after-commit steps wait for the batch's commit"
        seen_outside.append(await asyncio.ensure_future(_rows(db)))  # another task: its own snapshot
    assert seen_outside == [[]], "another task does not share the batch's session"
    assert await _rows(db) == [1, 3]
    assert after == ["one", "three"]


async def test_a_failed_batch_leaves_nothing_and_runs_no_after_commit_step(db: Database) -> None:
    await _table(db)
    after: list[str] = []

    async def step() -> None:
        after.append("ran")

    with pytest.raises(RuntimeError):
        async with db.batch():
            await _insert(db, 1)
            await db.after_commit(step)
            raise RuntimeError("boom")
    assert await _rows(db) == [] and after == []
    await _insert(db, 2)  # the writer is free again
    assert await _rows(db) == [2]


def _count_commits(db: Database) -> list[int]:
    commits: list[int] = []
    event.listen(db.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def test_a_crowds_presses_are_done_in_press_order_in_one_transaction(db: Database) -> None:
    await _table(db)
    commits = _count_commits(db)
    presses = Presses()

    def work(i: int) -> Work:
        async def press() -> str:
            await _insert(db, i, fail=i == 3)
            return f"saved {i} of {len(await _rows(db))}"

        return press

    people = crowd(6)
    outcomes = await asyncio.gather(
        *(presses.press(p, "card", work(p.id), together=Together.batch(db)) for p in people)  # type: ignore[arg-type]
    )
    assert outcomes == ["ok", "ok", "ok", "user-error", "ok", "ok"]
    assert await _rows(db) == [0, 1, 2, 4, 5], "press order; the refused press left nothing"
    assert presses.together == 6, "the presses that came together were done together"
    assert len(commits) == 1, "in ONE transaction"
    assert people[5].log == ["ack", "followup:saved 5 of 5"], "each press sees the ones before it"
    assert people[3].log == ["ack", "followup:not this one"]


async def test_a_batch_that_fails_to_commit_is_redone_press_by_press(db: Database) -> None:
    await _table(db)
    presses = Presses()
    broken = {"once": True}

    def fail_the_batch_commit(conn: Any) -> None:
        if broken["once"] and len(presses_waiting) > 1:
            broken["once"] = False
            raise RuntimeError("a bug at commit")

    presses_waiting: list[int] = []
    event.listen(db.engine.sync_engine, "commit", fail_the_batch_commit)

    def work(i: int) -> Work:
        async def press() -> str:
            presses_waiting.append(i)
            await _insert(db, i)
            return f"saved {i}"

        return press

    people = crowd(4)
    outcomes = await asyncio.gather(
        *(presses.press(p, "card", work(p.id), together=Together.batch(db)) for p in people)  # type: ignore[arg-type]
    )
    assert outcomes == ["ok"] * 4
    assert await _rows(db) == [0, 1, 2, 3], "redone press by press, each once, in press order"
    assert people[3].log == ["ack", "followup:saved 3"]
