"""The scheduled kinds of check-ins: openings (to a channel, to each member, or to a project's members found
at the time), the one gentle reminder, summaries for leads, a member's shared stand-up answers, and the
daily clean-up of old answers. Help requests' kinds are in help_jobs.py.

Handlers send through ``job.notifier`` with nonces from the row, and raise to be retried. Nothing about
moods or help requests goes to a public channel: DMs to members have no channel fallback, and leads'
messages go to leads' DMs, the private leads channel, or (when no lead can be reached) the server owner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.scheduling.registry import Job, KindPolicy
from bot.services.checkins import rules
from bot.services.checkins.access import share_channel
from bot.services.checkins.help_jobs import Editor, HelpJobs, Render
from bot.services.checkins.results import MoodCount, Opening, StandupAnswer, Summary
from bot.services.checkins.views import checkin_view, help_view
from bot.services.guild_settings import settings_in
from db.repositories import checkins as repo
from db.repositories import scheduled

if TYPE_CHECKING:
    from bot.services.checkins import CheckinsService

log = logging.getLogger("connect.checkins.jobs")

URGENT = KindPolicy(
    max_lateness=None,  # a help request is never too late to pass on
    late_after=timedelta(minutes=2),
    retry_delays=(
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=10),
        timedelta(minutes=30),
        timedelta(hours=1),
        timedelta(hours=3),
    ),
)
POLICIES: dict[str, KindPolicy] = {
    rules.OPEN: KindPolicy(max_lateness=timedelta(hours=12)),
    rules.REMINDER: KindPolicy(max_lateness=timedelta(hours=6)),
    rules.SUMMARY: KindPolicy(max_lateness=timedelta(hours=12)),
    rules.HELP_ALERT: URGENT,
    rules.HELP_AGAIN: URGENT,
    rules.HELP_NAMED: URGENT,
    rules.HELP_TAKEN: URGENT,
    rules.RETENTION: KindPolicy(max_lateness=None),
    rules.SHARE: KindPolicy(max_lateness=timedelta(hours=12)),
}


class CheckinJobs(HelpJobs):
    def __init__(
        self, service: CheckinsService, render: Render, owner_of: Callable[[int], int | None], edit: Editor
    ) -> None:
        self.service = service
        self.render = render
        self.owner_of = owner_of  # the server owner's id (from Discord's guild), the last resort
        self.edit = edit
        self.db = service.db
        self.clock = service.clock

    def handlers(self) -> list[tuple[str, Callable[[Job], object], KindPolicy]]:
        found = {
            rules.OPEN: self.open,
            rules.REMINDER: self.remind,
            rules.SUMMARY: self.summary,
            rules.HELP_ALERT: self.help_alert,
            rules.HELP_AGAIN: self.help_again,
            rules.HELP_NAMED: self.help_named,
            rules.HELP_TAKEN: self.help_taken,
            rules.RETENTION: self.retention,
            rules.SHARE: self.share,
        }
        return [(kind, handler, POLICIES[kind]) for kind, handler in found.items()]

    # ---- openings and the reminder

    async def _opening(self, job: Job, user_id: int | None, day: str | None = None) -> Opening | None:
        """The opening to send, or None when it should send nothing (stopped, paused, away, not a member)."""
        if user_id is not None and await self.service.shared.quiet_hours.is_away(user_id):
            return None
        async with self.db.transaction() as session:
            row = await repo.get(session, job.guild_id, job.ref_id or 0)
            if row is None or row.state != "active":
                return None
            if row.paused_until is not None and row.paused_until > self.clock.now():
                return None
            if user_id is not None and not await repo.is_member(session, row.id, user_id):
                return None
            timezone = (await settings_in(session, row.guild_id)).timezone
            view = await checkin_view(session, row, timezone)
        return Opening(view, day or rules.local_day(job.due_at, job.timezone or timezone), user_id)

    async def open(self, job: Job) -> None:
        user_id = job.payload.get("user_id")
        channel_id = job.payload.get("channel_id")
        if job.payload.get("project_id") is not None:
            await self._open_for_project(job, int(job.payload["project_id"]))
            return
        opening = await self._opening(job, int(user_id) if user_id is not None else None)
        if opening is None:
            return
        if channel_id is not None:
            await job.notifier.send_to_channel(int(channel_id), self.render.opening(opening, job.late), job.nonce)
            return
        assert user_id is not None
        await self._open_dm(job, opening, int(user_id), job.nonce)

    async def _open_for_project(self, job: Job, project_id: int) -> None:
        """A project's members now (its regulars and who is coming next): they become the check-in's members,
        so their presses are accepted and the summary counts them; each gets the usual private message."""
        members = await self.service.project_members(job.guild_id or 0, project_id)
        if members is None:
            return  # the project has ended or gone: nothing to send
        async with self.db.transaction() as session:
            row = await repo.get(session, job.guild_id, job.ref_id or 0, lock=True)
            if row is None or row.state != "active":
                return
            await repo.set_members(session, row.id, list(members)[: rules.MAX_PROJECT_MEMBERS])
        for user_id in members[: rules.MAX_PROJECT_MEMBERS]:
            opening = await self._opening(job, user_id)
            if opening is not None:
                await self._open_dm(job, opening, user_id, job.nonce_for(f"u{user_id}"))

    async def _open_dm(self, job: Job, opening: Opening, user_id: int, nonce: str) -> None:
        message = self.render.opening(opening, job.late)
        # No channel fallback: a check-in naming a member in a public channel would tell others about them.
        delivery = await job.notifier.send_dm(user_id, message, nonce, fallback_channel_id=None)
        if delivery.via == "none" or not await self.service.reminders_on(user_id):
            return
        when = await self.service.shared.quiet_hours.deliver_at(
            user_id, job.due_at + timedelta(minutes=rules.REMINDER_AFTER_MINUTES), job.guild_id
        )
        async with self.db.transaction() as session:
            wanted = {"user_id": user_id, "day": opening.day}
            if any(r.payload == wanted for r in await scheduled.active_for(session, rules.REMINDER, job.ref_id or 0)):
                return  # a retried opening of a project's check-in: the reminder is there already
            work = await scheduled.create(
                session,
                kind=rules.REMINDER,
                due_at=when,
                guild_id=job.guild_id,
                ref_id=job.ref_id,
                payload={"user_id": user_id, "day": opening.day},
                now=self.clock.now(),
            )
        self.service.shared.scheduler.notify(work.id, when)

    async def remind(self, job: Job) -> None:
        user_id = int(job.payload["user_id"])
        opening = await self._opening(job, user_id, str(job.payload["day"]))
        if opening is None:
            return
        async with self.db.transaction() as session:
            if await repo.answer_for(session, opening.checkin.id, user_id, opening.day) is not None:
                return  # answered or skipped: no reminder
        if rules.local_day(self.clock.now(), job.timezone or opening.checkin.timezone) > opening.day:
            return  # the day is over; never "you missed"
        await job.notifier.send_dm(user_id, self.render.reminder(opening), job.nonce, fallback_channel_id=None)

    # ---- summaries for leads

    async def summary(self, job: Job) -> None:
        async with self.db.transaction() as session:
            row = await repo.get(session, job.guild_id, job.ref_id or 0)
            if row is None or row.state != "active":
                return
            if row.paused_until is not None and row.paused_until > self.clock.now():
                return
            timezone = (await settings_in(session, row.guild_id)).timezone
            view = await checkin_view(session, row, timezone)
            day = rules.local_day(job.due_at, job.timezone or timezone)
            answers = await repo.answers_on(session, row.id, day)
            asked = await repo.help_since(session, row.guild_id, row.id, job.due_at - timedelta(hours=24))
            helps = tuple(help_view(h, timezone) for h in asked)
        counts = {choice: 0 for choice in rules.scale(row.kind)}
        standups = []
        for answer in answers:
            if answer.choice in counts:
                counts[answer.choice] += 1
            if answer.answers:
                pairs = tuple((q, a) for q, a in zip(view.questions, answer.answers, strict=False) if a)
                if pairs:
                    standups.append(StandupAnswer(answer.user_id, pairs))
        summary = Summary(
            checkin=view,
            day=day,
            moods=tuple(MoodCount(c, n) for c, n in counts.items()),
            answered=len(answers),
            standups=tuple(standups),
            help=helps,
        )
        message = self.render.summary(summary, job.late)
        await self._to_leads(job, row.guild_id, message, message, exclude=set(), dms_too=False)

    # ---- a member's stand-up answers, shared by their choice

    async def share(self, job: Job) -> None:
        user_id, day = int(job.payload["user_id"]), str(job.payload["day"])
        async with self.db.transaction() as session:
            row = await repo.get(session, job.guild_id, job.ref_id or 0)
            if row is None or row.state == "stopped":
                return
            answer = await repo.answer_for(session, row.id, user_id, day)
            channel_id = await share_channel(session, row)
            if answer is None or answer.shared_at is None or channel_id is None:
                return  # erased, changed since, or sharing turned off: nothing to post
            pairs = tuple((q, a) for q, a in zip(row.questions or (), answer.answers or (), strict=False) if a)
        if pairs:
            await job.notifier.send_to_channel(channel_id, self.render.shared(user_id, pairs), job.nonce)

    # ---- keep answers only as long as needed

    async def retention(self, job: Job) -> None:
        guild_id = job.ref_id or 0
        async with self.db.transaction() as session:
            own = await repo.settings(session, guild_id)
            cutoff = self.clock.now() - timedelta(days=own.retention_days if own else 90)
            answers = await repo.delete_answers_before(session, guild_id, cutoff)
            helps = await repo.delete_claimed_help_before(session, guild_id, cutoff)
        log.info("check-in clean-up in guild %s: %d answers, %d help requests", guild_id, answers, helps)
