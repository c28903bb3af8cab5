"""The daily thinning of old personal data, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.services.mydata.retention import KIND, Retention
from db.engine import Database
from db.models import Project, ProjectSignup, Reminder, ScheduledWork
from db.repositories import scheduled
from tests.services.report.seed import add_organiser, add_project, add_session

NOW = datetime(2029, 6, 1, 12, tzinfo=UTC)


async def _reminder(db: Database, state: str, age: timedelta) -> int:
    async with db.transaction() as s:
        row = Reminder(
            guild_id=1,
            author_id=7,
            timezone="Europe/London",
            text="x",
            state=state,
            created_at=NOW - age,
            updated_at=NOW - age,
        )
        s.add(row)
        await s.flush()
        return row.id


async def test_old_history_is_thinned_and_recent_kept(db: Database) -> None:
    old_done = await _reminder(db, "done", timedelta(days=31))
    new_done = await _reminder(db, "done", timedelta(days=5))
    old_active = await _reminder(db, "active", timedelta(days=400))
    old = await add_project(db, 1, owner=7, title="Old film club", state="finished")
    recent = await add_project(db, 1, owner=8, title="New film club", state="finished")
    await add_organiser(db, old, 9)
    await add_session(db, old, NOW - timedelta(days=800), [7, 10])
    await add_session(db, recent, NOW - timedelta(days=100), [7, 11])
    async with db.transaction() as s:
        await s.execute(sa.update(Project).where(Project.id == old).values(finished_at=NOW - timedelta(days=740)))
        await s.execute(sa.update(Project).where(Project.id == recent).values(finished_at=NOW - timedelta(days=90)))
        done = await scheduled.create(s, kind="notice", due_at=NOW - timedelta(days=40), now=NOW - timedelta(days=40))
        done.state = "done"
        done.updated_at = NOW - timedelta(days=40)
    thinned = await Retention(db, FakeClock(NOW)).run()
    assert (thinned.reminders, thinned.projects, thinned.scheduled) == (1, 1, 1)
    async with db.transaction() as s:
        left = set((await s.scalars(sa.select(Reminder.id))).all())
        assert left == {new_done, old_active} and old_done not in left
        users = (await s.execute(sa.select(ProjectSignup.user_id).order_by(ProjectSignup.id))).scalars().all()
        assert users[:2] == [u for u in users[:2] if u < 0], "old sign-ups keep their numbers, not their names"
        assert users[2:] == [7, 11]
        owners = {pid: owner for pid, owner in (await s.execute(sa.select(Project.id, Project.owner_id))).all()}
        assert owners == {old: 0, recent: 8}
        assert await s.scalar(sa.select(sa.func.count()).select_from(ScheduledWork)) == 0


async def test_one_daily_row_however_often_it_starts(db: Database) -> None:
    retention = Retention(db, FakeClock(NOW))
    await retention.ensure_daily()
    await retention.ensure_daily()
    async with db.transaction() as s:
        rows = (await s.scalars(sa.select(ScheduledWork).where(ScheduledWork.kind == KIND))).all()
    assert len(rows) == 1 and rows[0].rule is not None and rows[0].due_at > NOW
