"""The check-in service wired to a real scheduler over the test database, a fake clock and a recording notifier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.features import Shared
from bot.notifier import RecordingNotifier, SentMessage
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.scope import PersonalScope, Scope
from bot.services.checkins import CheckinsService
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHoursService
from cogs.checkins import FEATURE
from db.engine import Database
from db.models import ScheduledWork

GUILD = 111
OTHER_GUILD = 222
LEAD_ROLE = 900
OWNER = Actor(user_id=1, can_manage_server=True, display_name="Morgan")
LEAD = Actor(user_id=2, role_ids=frozenset({LEAD_ROLE}), display_name="Alex")
LEAD2 = Actor(user_id=5, role_ids=frozenset({LEAD_ROLE}), display_name="Kim")
SAM = Actor(user_id=3, display_name="Sam")
PRIYA = Actor(user_id=4, display_name="Priya")
JO = Actor(user_id=6, display_name="Jo")
LEADS_CHANNEL = 7070


@dataclass
class World:
    db: Database
    clock: FakeClock
    service: CheckinsService
    scheduler: Scheduler
    notifier: RecordingNotifier
    settings: GuildSettingsService
    quiet: QuietHoursService

    async def run(self) -> list[Any]:
        return await self.scheduler.run_due_now()

    async def at(self, when: datetime) -> list[Any]:
        self.clock.set(when)
        return await self.run()

    def sent_to(self, user_id: int) -> list[SentMessage]:
        return [m for m in self.notifier.sent if m.user_id == user_id and m.via == "dm"]

    def texts_to(self, user_id: int) -> list[str]:
        return [m.msg.content or "" for m in self.sent_to(user_id)]

    def in_channel(self, channel_id: int) -> list[SentMessage]:
        return [m for m in self.notifier.sent if m.via == "channel" and m.channel_id == channel_id]

    async def rows(self, kind: str | None = None) -> list[ScheduledWork]:
        async with self.db.transaction() as session:
            stmt = sa.select(ScheduledWork).order_by(ScheduledWork.id)
            if kind is not None:
                stmt = stmt.where(ScheduledWork.kind == kind)
            return list((await session.scalars(stmt)).all())

    async def mood_checkin(self, members: tuple[Actor, ...] = (SAM, PRIYA), **options: Any) -> int:
        draft = await self.service.create(
            Scope(GUILD, LEAD),
            kind=options.pop("kind", "mood3"),
            weekdays=options.pop("weekdays", "MO"),
            hour=options.pop("hour", 9),
            **options,
        )
        view = await self.service.start_for_members(Scope(GUILD, LEAD), draft.id, [m.user_id for m in members])
        return view.id


def member(actor: Actor, guild_id: int | None = GUILD) -> PersonalScope:
    return PersonalScope(actor.user_id, guild_id)


async def make_world(db: Database, clock: FakeClock, *, owner_id: int | None = OWNER.user_id) -> World:
    settings = GuildSettingsService(db, clock)
    await settings.set_lead_role(Scope(GUILD, OWNER), LEAD_ROLE)
    quiet = QuietHoursService(db, clock, settings)
    shared = Shared(db=db, clock=clock, settings=settings, quiet_hours=quiet)
    service = FEATURE.build(shared, {})
    bot = SimpleNamespace(get_guild=lambda gid: SimpleNamespace(owner_id=owner_id) if gid == GUILD else None)
    registry = Registry()
    for kind in FEATURE.kinds(service, bot):
        registry.register(kind.name, kind.handler, kind.policy)
    notifier = RecordingNotifier()
    scheduler = Scheduler(db, clock, registry, notifier)
    return World(db, clock, service, scheduler, notifier, settings, quiet)
