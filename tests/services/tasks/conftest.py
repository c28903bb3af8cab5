"""Fixtures for the tasks service: the shared parts on a fresh database, a project, a fake clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa

from bot.clock import FakeClock
from bot.features import Shared
from bot.notifier import RecordingNotifier
from bot.render.tasks import task_render
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.projects import ProjectsService
from bot.services.quiet_hours import QuietHoursService
from bot.services.tasks import TaskJobs, TasksService
from bot.services.tasks.jobs import kinds_of
from db.engine import Database
from db.models import ScheduledWork
from tests.services.projects.support import GUILD, LEAD_ROLE, make_project
from tests.services.projects.support import OWNER as OWNER_SCOPE

OWNER = OWNER_SCOPE.actor  # the projects' owner, as the Actor the task tests use

OTHER_GUILD = 222
CHANNEL = 600
LEAD = Actor(user_id=2, role_ids=frozenset({LEAD_ROLE}))
ANN, BEN, CAT, DAN = (Actor(user_id=u) for u in (21, 22, 23, 24))


def scope(actor: Actor, guild: int = GUILD) -> Scope:
    return Scope(guild, actor)


@pytest.fixture
def shared(db: Database, clock: FakeClock) -> Shared:
    settings = GuildSettingsService(db, clock)
    return Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock, settings))


@pytest.fixture
def svc(shared: Shared) -> TasksService:
    return TasksService(shared)


@pytest.fixture
async def lead_role(shared: Shared) -> None:
    await shared.settings.set_lead_role(Scope(GUILD, Actor(user_id=1, can_manage_server=True)), LEAD_ROLE)


@pytest.fixture
async def project_list(db: Database, clock: FakeClock, svc: TasksService) -> int:
    """Film club (owner: OWNER), its task list opened by its owner. Returns the list id."""
    project = await make_project(ProjectsService(db, clock))
    view, may_add = await svc.open_list(scope(OWNER), project_id=project.id)
    assert may_add
    return view.id


async def add_task(
    svc: TasksService, list_id: int, title: str = "Book the room", by: Actor = OWNER, **draft: Any
) -> int:
    task = await svc.start_draft(scope(by), list_id, title, "")
    if draft:
        await svc.set_draft(scope(by), task.id, **draft)
    return (await svc.publish(scope(by), task.id)).id


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
async def scheduler(
    db: Database, clock: FakeClock, svc: TasksService, notifier: RecordingNotifier
) -> AsyncIterator[Scheduler]:
    registry = Registry()
    for kind, handler, policy in kinds_of(TaskJobs(svc, task_render())):
        registry.register(kind, handler, policy)
    sched = Scheduler(db, clock, registry, notifier)
    yield sched
    await sched.stop(wait=False)


async def pending(db: Database, kind: str) -> list[ScheduledWork]:
    async with db.transaction() as s:
        stmt = sa.select(ScheduledWork).where(ScheduledWork.kind == kind, ScheduledWork.state == "pending")
        return list((await s.scalars(stmt.order_by(ScheduledWork.id))).all())


async def notices(db: Database, kind: str | None = None) -> list[dict[str, Any]]:
    found = [dict(r.payload or {}) for r in await pending(db, "task_notice")]
    return [n for n in found if kind is None or n["type"] == kind]
