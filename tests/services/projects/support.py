"""Shared helpers for the projects service tests (no tests here; the name keeps it with its feature)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.projects import ProjectDetails, ProjectsService, ProjectView
from db.engine import Database
from db.models import Project, ProjectSignup, ScheduledWork

GUILD = 111
CHANNEL = 500
LEAD_ROLE = 900
# Everyone here acts in GUILD: a Scope is the server and the person (bot/scope.py).
OWNER = Scope(GUILD, Actor(user_id=10, display_name="Owner"))
MANAGER = Scope(GUILD, Actor(user_id=1, can_manage_server=True))
LEAD = Scope(GUILD, Actor(user_id=2, role_ids=frozenset({LEAD_ROLE})))
ANN = Scope(GUILD, Actor(user_id=21))
BEN = Scope(GUILD, Actor(user_id=22))
CAT = Scope(GUILD, Actor(user_id=23))
DAN = Scope(GUILD, Actor(user_id=24))
# Reads that need no one's rights (what a job or a test looks at).
ANY = Scope(GUILD, Actor(user_id=0))
# Wednesday 3 June 2026, 2pm in London (BST), two days after the fake clock's start.
START = datetime(2026, 6, 3, 13, 0, tzinfo=UTC)


async def make_project(
    svc: ProjectsService,
    *,
    title: str = "Film club",
    places: int | None = None,
    repeat: str | None = None,
    start: datetime = START,
    length: timedelta | None = timedelta(hours=2),
    owner: Scope = OWNER,
    where: str = "Room 2",
    link: str = "https://meet.example/film",
    bring: str = "A snack",
    timezone: str = "Europe/London",
) -> ProjectView:
    details = ProjectDetails.clean(title, "We watch a film together.", where, link, bring)
    draft = await svc.create_draft(owner, details, places=places, timezone=timezone, channel_id=CHANNEL)
    await svc.set_start(owner, draft.id, start)
    if length is not None:
        await svc.set_end(owner, draft.id, start + length)
    if repeat is not None:
        await svc.set_repeat(owner, draft.id, repeat)
    return await svc.publish(owner, draft.id)


async def rows(db: Database, kind: str, state: str | None = "pending") -> list[ScheduledWork]:
    async with db.transaction() as s:
        stmt = sa.select(ScheduledWork).where(ScheduledWork.kind == kind).order_by(ScheduledWork.id)
        if state is not None:
            stmt = stmt.where(ScheduledWork.state == state)
        return list((await s.scalars(stmt)).all())


async def notices(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    found = [dict(r.payload or {}) for r in await rows(db, "project_notice")]
    return [n for n in found if kind is None or n["type"] == kind]


async def count_projects(db: Database) -> int:
    async with db.transaction() as s:
        return int((await s.execute(sa.select(sa.func.count()).select_from(Project))).scalar_one())


async def count_signups(db: Database) -> int:
    async with db.transaction() as s:
        return int((await s.execute(sa.select(sa.func.count()).select_from(ProjectSignup))).scalar_one())


def advance_to(clock: FakeClock, when: datetime) -> None:
    clock.set(when)
