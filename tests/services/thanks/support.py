"""Shared pieces for the thanks service tests: people, a server, a service on a fresh database."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.features import Shared
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHoursService
from bot.services.thanks import Person, ThanksService
from db.engine import Database

GUILD = 111
OTHER_GUILD = 222
CHANNEL = 500
SAID_IN = 501
MANAGER = Actor(user_id=1, can_manage_server=True)
ANN, BEN, CAT, DAN = (Actor(user_id=i) for i in (21, 22, 23, 24))
NAMES = {1: "Morgan", 21: "Ann", 22: "Ben", 23: "Cat", 24: "Dan"}


def scope(actor: Actor, guild: int = GUILD) -> Scope:
    return Scope(guild, actor)


def person(actor: Actor) -> Person:
    return Person(actor.user_id, NAMES[actor.user_id])


def make_service(db: Database, clock: FakeClock) -> ThanksService:
    settings = GuildSettingsService(db, clock)
    shared = Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock, settings))
    return ThanksService(shared)


async def say(svc: ThanksService, who: Actor, to: list[Actor], reason: str = "for the tea", **kwargs: object):  # type: ignore[no-untyped-def]
    draft = await svc.draft(scope(who), [person(a) for a in to], said_in=SAID_IN, **kwargs)  # type: ignore[arg-type]
    return await svc.finish(scope(who), draft.id, reason)
