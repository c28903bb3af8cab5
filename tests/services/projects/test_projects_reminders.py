"""A project's reminders: turned off for one project, stale ones, none in the past.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.services.projects import ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    BEN,
    GUILD,
    OWNER,
    START,
    make_project,
    rows,
)


async def test_reminders_turned_off_for_one_project(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc)
    other = await make_project(svc, title="Lego")
    for p in (project, other):
        await svc.join(ANN, p.id)
        await svc.join(BEN, p.id)
    state = await svc.set_reminders(ANN, project.id, False)
    assert state.reminders_on is False
    reminder_rows = await rows(db, "event_reminder")
    assert project.session is not None and other.session is not None
    first = next(r for r in reminder_rows if r.ref_id == project.session.id)
    second = next(r for r in reminder_rows if r.ref_id == other.session.id)
    got = await svc.reminder(GUILD, project.session.id, dict(first.payload or {}))
    assert got is not None and got.recipients == (BEN.user_id,)
    got = await svc.reminder(GUILD, other.session.id, dict(second.payload or {}))
    assert got is not None and got.recipients == (ANN.user_id, BEN.user_id)
    assert (await svc.set_reminders(ANN, project.id, True)).reminders_on is True
    got = await svc.reminder(GUILD, project.session.id, dict(first.payload or {}))
    assert got is not None and got.recipients == (ANN.user_id, BEN.user_id)


async def test_a_stale_reminder_sends_nothing(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    assert project.session is not None
    old = (await rows(db, "event_reminder"))[0]
    await svc.move(OWNER, project.id, START + timedelta(days=2))
    assert await svc.reminder(GUILD, project.session.id, dict(old.payload or {})) is None
    new = (await rows(db, "event_reminder"))[0]
    assert await svc.reminder(GUILD, project.session.id, dict(new.payload or {})) is not None
    await svc.cancel(OWNER, project.id)
    assert await svc.reminder(GUILD, project.session.id, dict(new.payload or {})) is None


async def test_no_reminder_in_the_past(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    await make_project(svc, start=clock.now() + timedelta(hours=3))
    assert [r.due_at for r in await rows(db, "event_reminder")] == [clock.now() + timedelta(hours=2)]
