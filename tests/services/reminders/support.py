"""Shared pieces for the reminder service tests (no tests here): the service wired to a real scheduler
over the test database, a fake clock, a recording notifier, and a stand-in for the projects service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.errors import NotFound
from bot.notifier import RecordingNotifier, SentMessage
from bot.render.reminders import reminder_message
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.scope import AnyScope, PersonalScope, Scope, belongs
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.projects.views import MemberState, ProjectView, SessionView
from bot.services.reminders import ReminderService
from db.engine import Database
from db.models import Reminder, ScheduledWork

GUILD = 111
CHANNEL = 4242  # where reminders are set
OTHER_CHANNEL = 4343
LEAD_ROLE = 900
TEAM_ROLE = 901
# Everyone acts in GUILD (a Scope is the server and the person).
MANAGER = Scope(GUILD, Actor(user_id=1, can_manage_server=True))
LEAD = Scope(GUILD, Actor(user_id=2, role_ids=frozenset({LEAD_ROLE})))
MEMBER = Scope(GUILD, Actor(user_id=3))
OTHER = Scope(GUILD, Actor(user_id=4))
ORGANISER = Scope(GUILD, Actor(user_id=6))
# The same member, pressing in a DM (Done, Later, Stop on a reminder message).
MEMBER_IN_DM = PersonalScope(3)
PROJECT_ID = 50
PROJECT_CHANNEL = 5050


@dataclass
class FakeProjects:
    """The two calls the reminder service makes, with a project we control."""

    going: tuple[int, ...] = (3, 4)
    state: str = "active"
    organisers: tuple[int, ...] = (ORGANISER.user_id,)
    exists: bool = True
    cards: int = 0

    def view(self) -> ProjectView:
        session = SessionView(
            id=1,
            slot=datetime(2026, 6, 10, 17, tzinfo=UTC),
            starts_at=datetime(2026, 6, 10, 17, tzinfo=UTC),
            ends_at=None,
            cancelled=False,
            going=self.going,
        )
        return ProjectView(
            id=PROJECT_ID,
            guild_id=GUILD,
            owner_id=self.organisers[0],
            co_organisers=self.organisers[1:],
            channel_id=PROJECT_CHANNEL,
            message_id=777,
            title="Film club",
            about="",
            where="",
            link="",
            bring="",
            places=None,
            timezone="Europe/London",
            starts_at=session.starts_at,
            ends_at=None,
            rule=None,
            state=self.state,
            signups_closed=False,
            reminder_minutes=(),
            session=session,
        )

    async def card(self, scope: AnyScope, project_id: int) -> ProjectView:
        self.cards += 1
        if not self.exists or project_id != PROJECT_ID or not belongs(scope, GUILD):
            raise NotFound("no such project")
        return self.view()

    async def member_state(self, scope: Scope, project_id: int) -> MemberState:
        view = await self.card(scope, project_id)
        actor = scope.actor
        return MemberState(
            project=view,
            user_id=actor.user_id,
            status=None,
            every=False,
            waiting_position=None,
            reminders_on=True,
            can_organise=actor.user_id in self.organisers or actor.can_manage_server or LEAD_ROLE in actor.role_ids,
            is_owner=actor.user_id == self.organisers[0],
        )


@dataclass
class World:
    db: Database
    clock: FakeClock
    service: ReminderService
    scheduler: Scheduler
    notifier: RecordingNotifier
    projects: FakeProjects
    settings: GuildSettingsService
    fired: list[Any] = field(default_factory=list)

    async def run(self) -> list[Any]:
        results = await self.scheduler.run_due_now()
        self.fired.extend(results)
        return results

    def sent_to(self, user_id: int) -> list[SentMessage]:
        return [m for m in self.notifier.sent if m.user_id == user_id]

    async def reminders(self) -> list[Reminder]:
        async with self.db.transaction() as session:
            return list((await session.scalars(sa.select(Reminder).order_by(Reminder.id))).all())

    async def rows(self) -> list[ScheduledWork]:
        async with self.db.transaction() as session:
            return list((await session.scalars(sa.select(ScheduledWork).order_by(ScheduledWork.id))).all())

    async def active_rows(self) -> list[ScheduledWork]:
        return [r for r in await self.rows() if r.state in ("pending", "running")]


async def make_world(db: Database, clock: FakeClock) -> World:
    settings = GuildSettingsService(db, clock)
    await settings.set_lead_role(Scope(GUILD, MANAGER.actor), LEAD_ROLE)
    projects = FakeProjects()
    service = ReminderService(db, clock, settings=settings, projects=projects)
    registry = Registry()
    for kind in service.kinds(reminder_message):
        registry.register(kind.name, kind.handler, kind.policy)
    notifier = RecordingNotifier()
    scheduler = Scheduler(db, clock, registry, notifier)
    return World(db, clock, service, scheduler, notifier, projects, settings)
