"""The scheduled kinds of check-ins: openings, the one gentle reminder, summaries for leads, help alerts,
the re-alert, telling the member a lead's name, and the daily clean-up of old answers.

Handlers send through ``job.notifier`` with nonces from the row, and raise to be retried. Nothing about
moods or help requests goes to a public channel: DMs to members have no channel fallback, and leads'
messages go to leads' DMs, the private leads channel, or (when no lead can be reached) the server owner.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from bot.scheduling.registry import Job, KindPolicy
from bot.services.checkins import rules
from bot.services.checkins.results import HelpView, MoodCount, Opening, StandupAnswer, Summary
from bot.services.checkins.views import checkin_view, help_view
from bot.services.guild_settings import settings_in
from db.repositories import checkins as repo
from db.repositories import scheduled

if TYPE_CHECKING:
    from bot.notifier import Delivery, OutMessage
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
}


class NobodyReached(RuntimeError):
    """No lead, no leads channel and no owner took the message: retry (then it shows in /unsent)."""


class Render(Protocol):
    """The Discord side, given by the cog: results -> messages."""

    def opening(self, opening: Opening, late: bool) -> OutMessage: ...
    def reminder(self, opening: Opening) -> OutMessage: ...
    def summary(self, summary: Summary, late: bool) -> OutMessage: ...
    def help_alert(self, request: HelpView, *, again: bool, owner: bool) -> OutMessage: ...
    def help_named(self, request: HelpView) -> OutMessage: ...
    def help_taken(self, request: HelpView) -> OutMessage: ...
    def named_not_sent(self, request: HelpView) -> OutMessage: ...


# Edits a message the bot sent: (channel id, message id, new message) -> False when it is gone.
Editor = Callable[[int, int, "OutMessage"], Awaitable[bool]]


@dataclass
class Reached:
    users: list[int]
    channel: bool = False
    owner: bool = False
    copies: list[tuple[int, int]] = field(default_factory=list)  # (channel id, message id) of each copy sent

    @property
    def anyone(self) -> bool:
        return bool(self.users) or self.channel


class CheckinJobs:
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
        opening = await self._opening(job, int(user_id) if user_id is not None else None)
        if opening is None:
            return
        message = self.render.opening(opening, job.late)
        if channel_id is not None:
            await job.notifier.send_to_channel(int(channel_id), message, job.nonce)
            return
        assert user_id is not None
        # No channel fallback: a check-in naming a member in a public channel would tell others about them.
        delivery = await job.notifier.send_dm(int(user_id), message, job.nonce, fallback_channel_id=None)
        if delivery.via == "none" or not await self.service.reminders_on(int(user_id)):
            return
        when = await self.service.shared.quiet_hours.deliver_at(
            int(user_id), job.due_at + timedelta(minutes=rules.REMINDER_AFTER_MINUTES), job.guild_id
        )
        async with self.db.transaction() as session:
            work = await scheduled.create(
                session,
                kind=rules.REMINDER,
                due_at=when,
                guild_id=job.guild_id,
                ref_id=job.ref_id,
                payload={"user_id": int(user_id), "day": opening.day},
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

    # ---- help requests

    async def _to_leads(
        self,
        job: Job,
        guild_id: int,
        message: OutMessage,
        owner_message: OutMessage,
        *,
        exclude: set[int],
        dms_too: bool,
    ) -> Reached:
        """The private leads channel and/or each known lead's DM; the owner when nobody could be reached."""
        async with self.db.transaction() as session:
            own = await repo.settings(session, guild_id)
            leads = [r.user_id for r in await repo.leads(session, guild_id) if r.user_id not in exclude]
        channel_id = own.leads_channel_id if own else None
        reached = Reached(users=[])
        if channel_id is not None:
            try:
                sent = await job.notifier.send_to_channel(channel_id, message, job.nonce_for("c"))
                reached.channel = True
                reached.copies.append((channel_id, sent))
            except Exception:
                log.warning("leads channel %s of guild %s did not take a message", channel_id, guild_id, exc_info=True)
        if dms_too or not reached.channel:
            for lead in leads:
                try:
                    delivery = await job.notifier.send_dm(lead, message, job.nonce_for(f"l{lead}"))
                except Exception:
                    log.warning("could not send to lead %s of guild %s", lead, guild_id, exc_info=True)
                    continue
                if delivery.via != "none":
                    reached.users.append(lead)
                    _note_copy(reached, delivery)
        if reached.anyone:
            return reached
        owner = self.owner_of(guild_id)
        if owner is not None and owner not in exclude:
            delivery = await job.notifier.send_dm(owner, owner_message, job.nonce_for("owner"))
            if delivery.via != "none":
                reached.users.append(owner)
                reached.owner = True
                _note_copy(reached, delivery)
                return reached
        raise NobodyReached(f"no lead of guild {guild_id} could be reached")

    async def _alert(self, job: Job, *, again: bool) -> None:
        async with self.db.transaction() as session:
            row = await repo.help_get(session, job.ref_id or 0)
            if row is None or (again and row.state != "open"):
                return
            timezone = (await settings_in(session, row.guild_id)).timezone
            leads = {r.user_id: r.display_name for r in await repo.leads(session, row.guild_id)}
            # Who may press "I will talk to them" from a DM: written before sending, so a quick press works.
            intended = {int(i) for i in (row.alerted_ids or [])} | (set(leads) - {row.user_id})
            owner = self.owner_of(row.guild_id)
            if owner is not None and owner != row.user_id:
                intended.add(owner)
            row.alerted_ids = sorted(intended)
            view = help_view(row, timezone, leads.get(row.wanted_id) if row.wanted_id else None)
        message = self.render.help_alert(view, again=again, owner=False)
        owner_message = self.render.help_alert(view, again=again, owner=True)
        reached = await self._to_leads(job, view.guild_id, message, owner_message, exclude={view.user_id}, dms_too=True)
        taken = None
        async with self.db.transaction() as session:
            # Locked: a lead's claim either waits for these copies or is seen here (then they are edited too).
            row = await repo.help_get(session, view.id, lock=True)
            if row is not None:
                row.alerts = max(row.alerts, 2 if again else 1)
                row.owner_told = row.owner_told or reached.owner
                known = [list(c) for c in (row.alert_messages or [])]
                row.alert_messages = known + [list(c) for c in reached.copies if list(c) not in known]
                if row.state == "claimed" and reached.copies:
                    # Taken while these were sent: say so on them too.
                    now = self.clock.now()
                    taken = await scheduled.create(
                        session, kind=rules.HELP_TAKEN, due_at=now, guild_id=row.guild_id, ref_id=row.id, now=now
                    )
        if taken is not None:
            self.service.shared.scheduler.notify(taken.id, taken.due_at)

    async def help_alert(self, job: Job) -> None:
        await self._alert(job, again=False)

    async def help_again(self, job: Job) -> None:
        await self._alert(job, again=True)

    async def help_named(self, job: Job) -> None:
        async with self.db.transaction() as session:
            row = await repo.help_get(session, job.ref_id or 0)
            if row is None or row.state != "claimed" or row.claimed_by is None:
                return
            view = help_view(row, (await settings_in(session, row.guild_id)).timezone)
        delivery = await job.notifier.send_dm(view.user_id, self.render.help_named(view), job.nonce)
        if delivery.via == "none" and view.claimed_by is not None:
            await job.notifier.send_dm(view.claimed_by, self.render.named_not_sent(view), job.nonce_for("lead"))

    async def help_taken(self, job: Job) -> None:
        """Every copy of the alert now says which lead took it. A copy someone deleted is skipped; an edit
        Discord refuses raises, so the row is tried again (the alert itself is never removed)."""
        async with self.db.transaction() as session:
            row = await repo.help_get(session, job.ref_id or 0)
            if row is None or row.state != "claimed":
                return
            view = help_view(row, (await settings_in(session, row.guild_id)).timezone)
            copies = [(int(c[0]), int(c[1])) for c in (row.alert_messages or [])]
        message = self.render.help_taken(view)
        for channel_id, message_id in copies:
            if not await self.edit(channel_id, message_id, message):
                log.info("alert copy %s in %s is gone; nothing to edit", message_id, channel_id)

    # ---- keep answers only as long as needed

    async def retention(self, job: Job) -> None:
        guild_id = job.ref_id or 0
        async with self.db.transaction() as session:
            own = await repo.settings(session, guild_id)
            cutoff = self.clock.now() - timedelta(days=own.retention_days if own else 90)
            answers = await repo.delete_answers_before(session, guild_id, cutoff)
            helps = await repo.delete_claimed_help_before(session, guild_id, cutoff)
        log.info("check-in clean-up in guild %s: %d answers, %d help requests", guild_id, answers, helps)


def _note_copy(reached: Reached, delivery: Delivery) -> None:
    if delivery.channel_id is not None and delivery.message_id is not None:
        reached.copies.append((delivery.channel_id, delivery.message_id))
