"""Help requests' scheduled kinds: the alert to every lead at once, the re-alert, telling the member a
lead's name, and editing the leads' copies once one lead takes it. Also how anything reaches leads.

Nothing here goes to a public channel: leads' DMs, the private leads channel, or (when no lead can be
reached) the server owner. A request is never lost: a handler that reaches nobody raises, to be retried.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.scheduling.registry import Job
from bot.services.checkins import rules
from bot.services.checkins.results import HelpView, Opening, Summary
from bot.services.checkins.views import help_view
from bot.services.guild_settings import settings_in
from db.repositories import checkins as repo
from db.repositories import scheduled

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.notifier import Delivery, OutMessage
    from bot.services.checkins import CheckinsService
    from db.engine import Database

log = logging.getLogger("connect.checkins.jobs")


class NobodyReached(RuntimeError):
    """No lead, no leads channel and no owner took the message: retry (then it shows in /unsent)."""


class Render(Protocol):
    """The Discord side, given by the cog: results -> messages."""

    def opening(self, opening: Opening, late: bool) -> OutMessage: ...
    def reminder(self, opening: Opening) -> OutMessage: ...
    def summary(self, summary: Summary, late: bool) -> OutMessage: ...
    def help_alert(self, request: HelpView, *, again: bool, owner: bool) -> OutMessage: ...
    def help_named(self, request: HelpView) -> OutMessage: ...
    def help_taken(self, request: HelpView, *, again: bool, owner: bool) -> OutMessage: ...
    def named_not_sent(self, request: HelpView) -> OutMessage: ...
    def shared(self, user_id: int, answers: tuple[tuple[str, str], ...]) -> OutMessage: ...


# Edits a message the bot sent: (channel id, message id, new message) -> False when it is gone.
Editor = Callable[[int, int, "OutMessage"], Awaitable[bool]]


@dataclass
class Reached:
    users: list[int]
    channel: bool = False
    owner: bool = False
    # (channel id, message id, the owner's copy) of each copy sent
    copies: list[tuple[int, int, bool]] = field(default_factory=list)

    @property
    def anyone(self) -> bool:
        return bool(self.users) or self.channel


class HelpJobs:
    """Part of ``CheckinJobs``."""

    service: CheckinsService
    render: Render
    owner_of: Callable[[int], int | None]
    edit: Editor
    db: Database
    clock: Clock

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
                reached.copies.append((channel_id, sent, False))
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
                    _note_copy(reached, delivery, owner=False)
        if reached.anyone:
            return reached
        owner = self.owner_of(guild_id)
        if owner is not None and owner not in exclude:
            delivery = await job.notifier.send_dm(owner, owner_message, job.nonce_for("owner"))
            if delivery.via != "none":
                reached.users.append(owner)
                reached.owner = True
                _note_copy(reached, delivery, owner=True)
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
                # Stored as [channel, message, flags]: 1 the owner's copy, 2 a re-alert (its words are kept).
                sent = [[c, m, int(owner) | (2 if again else 0)] for c, m, owner in reached.copies]
                row.alert_messages = known + [c for c in sent if c not in known]
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
            timezone = (await settings_in(session, row.guild_id)).timezone
            leads = {r.user_id: r.display_name for r in await repo.leads(session, row.guild_id)}
            view = help_view(row, timezone, leads.get(row.wanted_id) if row.wanted_id else None)
            copies = [(int(c[0]), int(c[1]), int(c[2]) if len(c) > 2 else 0) for c in (row.alert_messages or [])]
        for channel_id, message_id, flags in copies:
            message = self.render.help_taken(view, again=bool(flags & 2), owner=bool(flags & 1))
            if not await self.edit(channel_id, message_id, message):
                log.info("alert copy %s in %s is gone; nothing to edit", message_id, channel_id)


def _note_copy(reached: Reached, delivery: Delivery, *, owner: bool) -> None:
    if delivery.channel_id is not None and delivery.message_id is not None:
        reached.copies.append((delivery.channel_id, delivery.message_id, owner))
