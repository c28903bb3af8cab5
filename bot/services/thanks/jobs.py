"""Events heard from other features, and the scheduled kinds: a celebration, the weekly good news.

A finished project, a project's tasks all done, a first task, or a 10th, 25th or 50th session (of a
project, or of a member) becomes one ``thanks_celebration`` row, claimed once per event in
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

from bot.events import AllTasksDone, SessionHeld, TaskDone
from bot.scheduling.registry import Job, KindPolicy
from bot.services.guild_settings import settings_in
from bot.services.thanks import rules
from bot.services.thanks.results import Digest
from db.repositories import scheduled as sched
from db.repositories import thanks as repo

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

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
    # (project title, the people to name, how many more, *, late) -> message
    all_tasks: Callable[..., OutMessage]
    # (project title, number, project_id, *, late) -> message: a project's 10th, 25th or 50th session
    sessions: Callable[..., OutMessage]
    # (user_id, number, *, late) -> message: a member's own 10th, 25th or 50th session
    member_sessions: Callable[..., OutMessage]


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
            row_id = await self._celebration(s, event.guild_id, event.project_id, payload)
        svc.shared.scheduler.notify(row_id, now)

    async def _celebration(self, s: AsyncSession, guild_id: int, ref_id: int, payload: dict[str, Any]) -> int:
        """One celebration row, due now (the caller tells the scheduler after commit)."""
        now = self.service.clock.now()
        row = await sched.create(
            s, kind=rules.CELEBRATION, due_at=now, guild_id=guild_id, ref_id=ref_id, payload=payload, now=now
        )
        return row.id

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
                rows.append((await self._celebration(s, event.guild_id, event.task_id, payload), now))
        for row_id, due in rows:
            svc.shared.scheduler.notify(row_id, due)

    async def all_tasks_done(self, event: AllTasksDone) -> None:
        """One celebration per project, when the server's "all tasks done" switch is on (the good news
        counts each task through TASK_DONE). In the project's channel, else the thank-you channel."""
        svc = self.service
        now = svc.clock.now()
        async with svc.db.transaction() as s:
            settings = await repo.get_settings(s, event.guild_id)
            if settings is not None and not settings.celebrate_tasks:
                return
            channel = event.channel_id or (await settings_in(s, event.guild_id)).celebrations_channel_id
            if channel is None:
                return
            if not await repo.claim_celebration(s, event.guild_id, rules.ALL_TASKS, event.project_id, now):
                return  # heard before (or done, undone and done again): one celebration per project
            payload = {
                "type": rules.ALL_TASKS,
                "title": event.project_title,
                "channel_id": channel,
                "people": sorted(set(event.done_by)),
            }
            row_id = await self._celebration(s, event.guild_id, event.project_id, payload)
        svc.shared.scheduler.notify(row_id, now)

    async def session_held(self, event: SessionHeld) -> None:
        """A repeating project's 10th, 25th or 50th session; a member's own, only with their consent."""
        svc = self.service
        now = svc.clock.now()
        rows: list[int] = []
        async with svc.db.transaction() as s:
            settings = await repo.get_settings(s, event.guild_id)
            if settings is not None and not settings.celebrate_sessions:
                return
            channel = (await settings_in(s, event.guild_id)).celebrations_channel_id or event.channel_id
            if channel is None:
                return
            base = {"title": event.project_title, "channel_id": channel}
            number = event.number
            if number in rules.SESSION_MILESTONES and await repo.claim_celebration(
                s, event.guild_id, rules.SESSION, event.session_id, now
            ):
                payload = {**base, "type": rules.SESSION, "number": number, "project_id": event.project_id}
                rows.append(await self._celebration(s, event.guild_id, event.project_id, payload))
            people = sorted(set(event.people))
            choices = await repo.members(s, people)
            counts = await repo.sessions_been_to(s, event.guild_id, people, event.starts_at)
            for user in people:
                count = counts.get(user, 0)
                choice = choices.get(user)
                if count not in rules.SESSION_MILESTONES or choice is None or choice.no_posts or not choice.milestones:
                    continue  # milestones about a person only when they said yes
                kind = f"{rules.MEMBER_SESSIONS}_{count}"
                if await repo.claim_celebration(s, event.guild_id, kind, user, now):
                    payload = {**base, "type": rules.MEMBER_SESSIONS, "number": count, "user_id": user}
                    rows.append(await self._celebration(s, event.guild_id, event.session_id, payload))
        for row_id in rows:
            svc.shared.scheduler.notify(row_id, now)


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
        kind = payload.get("type")
        if kind == rules.SESSION:
            project_id = int(payload.get("project_id") or job.ref_id or 0)
            msg = self.render.sessions(str(payload["title"]), int(payload["number"]), project_id, late=job.late)
            await job.notifier.send_to_channel(channel, msg, job.nonce)
            return
        if kind == rules.MEMBER_SESSIONS:
            user = int(payload["user_id"])
            if (await self.service.choices_of([user])).get(user, (False, False)) != (False, True):
                return  # they changed their mind since: nothing is said about them
            msg = self.render.member_sessions(user, int(payload["number"]), late=job.late)
            await job.notifier.send_to_channel(channel, msg, job.nonce)
            return
        people = [int(u) for u in payload.get("people", [])]
        choices = await self.service.choices_of(people)
        named = [u for u in people if not choices.get(u, (False, False))[0]]
        if kind == rules.ALL_TASKS:
            msg = self.render.all_tasks(str(payload["title"]), named, len(people) - len(named), late=job.late)
            await job.notifier.send_to_channel(channel, msg, job.nonce)
            return
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
