"""Shared pieces for the thanks service tests: people, a server, a service on a fresh database, and firing
the pending scheduled rows through the real handlers and render."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.features import Shared
from bot.notifier import RecordingNotifier
from bot.render import thanks as render
from bot.scheduling.registry import Job
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHoursService
from bot.services.thanks import CELEBRATION, Person, ThanksJobs, ThanksService
from db.engine import Database
from db.models import ScheduledWork

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


async def names(guild_id: int, ids: Sequence[int]) -> dict[int, str]:
    return {i: NAMES[i] for i in ids if i in NAMES}


def jobs(svc: ThanksService) -> ThanksJobs:
    return ThanksJobs(svc, render.thanks_render(), names)


async def rows(db: Database, kind: str) -> list[ScheduledWork]:
    async with db.transaction() as s:
        found = await s.scalars(
            sa.select(ScheduledWork).where(ScheduledWork.kind == kind, ScheduledWork.state == "pending")
        )
        return list(found.all())


def job_of(row: ScheduledWork, notifier: RecordingNotifier, now: datetime) -> Job:
    return Job(
        id=row.id,
        guild_id=row.guild_id,
        kind=row.kind,
        ref_id=row.ref_id,
        payload=dict(row.payload or {}),
        due_at=row.due_at,
        rule=row.rule,
        timezone=row.timezone,
        series_start=row.series_start,
        occurrence=row.occurrence,
        attempt=1,
        late=False,
        fired_at=now,
        nonce=f"n{row.id}",
        notifier=notifier,
    )


async def fire_all(svc: ThanksService, db: Database, clock: FakeClock, kind: str = CELEBRATION) -> RecordingNotifier:
    notifier = RecordingNotifier()
    for row in await rows(db, kind):
        await getattr(jobs(svc), "celebration" if kind == CELEBRATION else "weekly_digest")(
            job_of(row, notifier, clock.now())
        )
    return notifier
