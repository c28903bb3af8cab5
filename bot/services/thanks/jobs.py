"""Events heard from other features, and the scheduled kinds: a celebration, the weekly good news.

A finished project (or a first task) becomes one ``thanks_celebration`` row, claimed once per event in
``thanks_celebrations``: never two celebrations for one event, even when the event is heard twice. The row
is sent by the scheduler with its nonce, so a crash between sending and committing does not post twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.events import AllTasksDone, TaskDone
from bot.scheduling.registry import Job, KindPolicy
from bot.services.guild_settings import settings_in
from bot.services.thanks import rules
from bot.services.thanks.results import Digest
from db.repositories import scheduled as sched
from db.repositories import thanks as repo

if TYPE_CHECKING:
    from bot.notifier import OutMessage
    from bot.services.projects.views import ProjectFinished
    from bot.services.thanks import ThanksService

log = logging.getLogger("connect.thanks.jobs")

# The weekly good news is about a week: more than half a day late, it is recorded as missed.
DIGEST_POLICY = KindPolicy(max_lateness=timedelta(hours=12))
CELEBRATION_POLICY = KindPolicy(max_lateness=timedelta(days=2))

NameLookup = Callable[[int, Sequence[int]], Awaitable[dict[int, str]]]


@dataclass(frozen=True)
class ThanksRender:
    """The messages the handlers send (bot/render/thanks.py gives the real ones)."""

    # (title, project_id, everyone who took part, the ones to name, firsts to celebrate, *, late) -> message
    project: Callable[..., OutMessage]
    # (name, task title, user_id, *, late) -> message
    first_task: Callable[..., OutMessage]
    # (Digest, names in alphabetical order, *, late) -> message
    digest: Callable[..., OutMessage]


class ThanksEvents:
    """What the thanks feature does when other features publish (subscribed in ThanksService)."""

    def __init__(self, service: ThanksService) -> None:
        self.service = service

    async def project_finished(self, event: ProjectFinished) -> None:
        svc = self.service
        now = svc.clock.now()
        people = sorted(set(event.participant_ids))
        async with svc.db.transaction() as s:
            settings = await repo.get_settings(s, event.guild_id)
            if not await repo.claim_celebration(s, event.guild_id, rules.PROJECT, event.project_id, now):
                return  # heard before: one celebration per event
            # A first is recorded for everyone (so it stays a first), celebrated only with consent.
            firsts = [u for u in people if await repo.claim_celebration(s, event.guild_id, rules.FIRST_PROJECT, u, now)]
            if settings is not None and not settings.celebrate_projects:
                return
            if settings is not None and not settings.celebrate_milestones:
                firsts = []
            server = await settings_in(s, event.guild_id)
            channel = server.celebrations_channel_id or event.channel_id
            if channel is None:
                return
            payload = {
                "type": rules.PROJECT,
                "title": event.title,
                "channel_id": channel,
                "people": people,
                "firsts": firsts,
                "project_id": event.project_id,
            }
            row = await sched.create(
                s,
                kind=rules.CELEBRATION,
                due_at=now,
                guild_id=event.guild_id,
                ref_id=event.project_id,
                payload=payload,
                now=now,
            )
        svc.shared.scheduler.notify(row.id, now)

    async def task_done(self, event: TaskDone) -> None:
        """Recorded for the weekly good news; a member's first task is celebrated only with their consent."""
        svc = self.service
        now = svc.clock.now()
        rows: list[tuple[int, Any]] = []
        async with svc.db.transaction() as s:
            settings = await repo.get_settings(s, event.guild_id)
            server = await settings_in(s, event.guild_id)
            for user in sorted(set(event.done_by)):
                await repo.add_task_done(
                    s,
                    guild_id=event.guild_id,
                    task_id=event.task_id,
                    user_id=user,
                    title=event.title[:200],
                    done_at=event.done_at,
                )
                first = await repo.claim_celebration(s, event.guild_id, rules.FIRST_TASK, user, now)
                channel = event.channel_id or server.celebrations_channel_id
                if not first or channel is None or (settings is not None and not settings.celebrate_milestones):
                    continue
                payload = {"type": rules.FIRST_TASK, "title": event.title, "channel_id": channel, "user_id": user}
                row = await sched.create(
                    s,
                    kind=rules.CELEBRATION,
                    due_at=now,
                    guild_id=event.guild_id,
                    ref_id=event.task_id,
                    payload=payload,
                    now=now,
                )
                rows.append((row.id, now))
        for row_id, due in rows:
            svc.shared.scheduler.notify(row_id, due)

    async def all_tasks_done(self, event: AllTasksDone) -> None:
        """The tasks feature posts this celebration itself; the good news counts each task through TASK_DONE."""
        log.debug("all tasks done for project %s in %s", event.project_id, event.guild_id)


class ThanksJobs:
    def __init__(self, service: ThanksService, render: ThanksRender, names: NameLookup) -> None:
        self.service = service
        self.render = render
        self.names = names

    async def celebration(self, job: Job) -> None:
        payload = dict(job.payload)
        guild_id = job.guild_id
        assert guild_id is not None
        channel = int(payload["channel_id"])
        if payload.get("type") == rules.FIRST_TASK:
            user = int(payload["user_id"])
            no_posts, milestones = (await self.service.choices_of([user])).get(user, (False, False))
            if no_posts or not milestones:
                return  # no consent (asked at the time it is posted): nothing is said about them
            names = await self.names(guild_id, [user])
            msg = self.render.first_task(names.get(user, ""), str(payload["title"]), user, late=job.late)
            await job.notifier.send_to_channel(channel, msg, job.nonce)
            return
        people = [int(u) for u in payload.get("people", [])]
        choices = await self.service.choices_of(people)
        named = [u for u in people if not choices.get(u, (False, False))[0]]
        firsts = [int(u) for u in payload.get("firsts", []) if choices.get(int(u), (False, False)) == (False, True)]
        msg = self.render.project(
            str(payload["title"]), int(payload["project_id"]), people, named, firsts, late=job.late
        )
        await job.notifier.send_to_channel(channel, msg, job.nonce)

    async def weekly_digest(self, job: Job) -> None:
        guild_id = job.guild_id
        if guild_id is None or job.timezone is None:
            return
        start = rules.week_before(job.due_at, job.timezone)
        # Keyed by the calendar week it is sent in (its Monday), so a lead changing the day mid-week
        # cannot bring a second one that week.
        local_day = job.due_at.astimezone(ZoneInfo(job.timezone)).date()
        week = local_day - timedelta(days=local_day.weekday())
        svc = self.service
        async with svc.db.transaction() as s:
            if await repo.digest_sent(s, guild_id, week):
                return  # never two for one week
            server = await settings_in(s, guild_id)
        if server.celebrations_channel_id is None:
            log.info("no thank-you channel in %s: the weekly good news waits for one", guild_id)
            return
        digest: Digest = await svc.digest(guild_id, start, job.due_at)
        names = await self.names(guild_id, list(digest.people))
        ordered = sorted((names.get(u) or "" for u in digest.people), key=lambda n: (n.casefold(), n))
        msg = self.render.digest(digest, [n for n in ordered if n], late=job.late)
        message_id = await job.notifier.send_to_channel(server.celebrations_channel_id, msg, job.nonce)
        async with svc.db.transaction() as s:
            await repo.record_digest(s, guild_id, week, message_id, svc.clock.now())
