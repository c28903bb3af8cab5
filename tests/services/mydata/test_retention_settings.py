"""Each server's own /setup retention periods (issue 13): set by leads only, used by the daily job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.clock import FakeClock
from bot.errors import NotAllowed
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.mydata.retention import Retention
from bot.services.people import Actor
from db.engine import Database
from db.models import Project, Reminder
from db.repositories import checkins as checkins_repo
from tests.services.report.seed import add_project

NOW = datetime(2029, 6, 1, 12, tzinfo=UTC)
A, B, C = 501, 502, 503
MANAGER = Actor(user_id=1, can_manage_server=True)
MEMBER = Actor(user_id=3)


async def _finished(db: Database, guild_id: int, age: timedelta) -> int:
    pid = await add_project(db, guild_id, owner=7, title="Film club", state="finished")
    async with db.transaction() as s:
        await s.execute(sa.update(Project).where(Project.id == pid).values(finished_at=NOW - age))
    return pid


async def _done_reminder(db: Database, guild_id: int, age: timedelta) -> int:
    async with db.transaction() as s:
        row = Reminder(
            guild_id=guild_id, author_id=7, timezone="Europe/London", text="x", state="done",
            created_at=NOW - age, updated_at=NOW - age,
        )  # fmt: skip
        s.add(row)
        await s.flush()
        return row.id


async def _owners(db: Database) -> dict[int, int]:
    async with db.transaction() as s:
        return {pid: owner for pid, owner in (await s.execute(sa.select(Project.id, Project.owner_id))).all()}


async def test_the_job_uses_each_servers_own_period(db: Database) -> None:
    settings = GuildSettingsService(db, FakeClock(NOW))
    await settings.set_keep(Scope(A, MANAGER), "projects", 365)
    await settings.set_keep(Scope(B, MANAGER), "projects", 730)
    await settings.set_keep(Scope(A, MANAGER), "reminders", 90)
    in_a, in_b, in_c = [await _finished(db, g, timedelta(days=400)) for g in (A, B, C)]
    a_40, b_40 = await _done_reminder(db, A, timedelta(days=40)), await _done_reminder(db, B, timedelta(days=40))
    a_100 = await _done_reminder(db, A, timedelta(days=100))

    thinned = await Retention(db, FakeClock(NOW)).run()

    # A keeps 1 year: its 400-day-old list loses its names; B (2 years) and C (no settings: 2 years) keep theirs.
    assert await _owners(db) == {in_a: 0, in_b: 7, in_c: 7}
    assert thinned.projects == 1
    async with db.transaction() as s:
        left = set((await s.scalars(sa.select(Reminder.id))).all())
    # A keeps done reminders 90 days, B the default 30 days.
    assert left == {a_40} and {b_40, a_100}.isdisjoint(left)


async def test_only_leads_change_how_long_things_are_kept(db: Database) -> None:
    settings = GuildSettingsService(db, FakeClock(NOW))
    for what, days in (("projects", 365), ("reminders", 90), ("checkins", 30)):
        with pytest.raises(NotAllowed):
            await settings.set_keep(Scope(A, MEMBER), what, days)
    kept = await settings.get(A)
    assert (kept.keep_project_days, kept.keep_reminder_days, kept.keep_checkin_days) == (730, 30, 90)
    async with db.transaction() as s:
        assert await checkins_repo.settings(s, A) is None


@pytest.mark.parametrize(("what", "days"), [("projects", 1), ("reminders", 0), ("checkins", 7), ("other", 90)])
async def test_only_the_offered_choices_are_taken(db: Database, what: str, days: int) -> None:
    settings = GuildSettingsService(db, FakeClock(NOW))
    with pytest.raises(ValueError):
        await settings.set_keep(Scope(A, MANAGER), what, days)
    assert (await settings.get(A)).keep_project_days == 730


async def test_check_in_answers_use_the_check_ins_own_setting(db: Database) -> None:
    """Not a second copy: the /setup menu changes the period the check-ins' own job reads."""
    settings = GuildSettingsService(db, FakeClock(NOW))
    updated = await settings.set_keep(Scope(A, MANAGER), "checkins", 365)
    assert updated.keep_checkin_days == 365
    async with db.transaction() as s:
        own = await checkins_repo.settings(s, A)
        assert own is not None and own.retention_days == 365
    assert (await settings.get(B)).keep_checkin_days == 90
