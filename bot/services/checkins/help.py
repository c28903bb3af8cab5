"""Talk to someone: a member's request, the leads it goes to, and the first lead who says "I will talk to them".

A request must never be lost: the alert is a scheduled row (retries, DM fallback to the private leads
channel, then the server owner) made in the same transaction as the request, with the re-alert beside it.
Nothing here is ever sent to a public channel.
"""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import PersonalScope, Scope
from bot.services.checkins import rules
from bot.services.checkins.access import load_for_member, require_lead
from bot.services.checkins.base import Notes, ServiceBase
from bot.services.checkins.results import ClaimResult, HelpView, LeadChoice
from bot.services.checkins.views import help_view
from bot.services.guild_settings import settings_in
from bot.services.people import Actor
from db.models import HelpRequest
from db.repositories import checkins as repo
from db.repositories import scheduled

SOON = ("today", "week")
MAX_LEAD_CHOICES = 4  # with "Anyone", one row of 5 buttons


class CheckinHelp(ServiceBase):
    async def help_choices(self, guild_id: int, user_id: int) -> tuple[LeadChoice, ...]:
        """The leads a member may name (the ones the bot knows), never the member themself."""
        async with self.db.transaction() as session:
            leads = await repo.leads(session, guild_id)
        found = [LeadChoice(r.user_id, r.display_name) for r in leads if r.user_id != user_id and r.display_name]
        return tuple(found[:MAX_LEAD_CHOICES])

    async def request_help(
        self,
        scope: PersonalScope,
        *,
        user_name: str,
        wanted_id: int | None,
        soon: str,
        checkin_id: int | None = None,
        from_dm: bool = False,
    ) -> HelpView:
        if scope.guild_id is None:
            raise UserError(texts.ONLY_IN_SERVER)
        if soon not in SOON:
            raise UserError(texts.CHECKIN_HELP_GONE)
        notes: Notes = []
        async with self.db.transaction() as session:
            now = self._now()
            settings = await settings_in(session, scope.guild_id)
            own = await repo.settings(session, scope.guild_id)
            known = {r.user_id: r.display_name for r in await repo.leads(session, scope.guild_id)}
            if wanted_id is not None and wanted_id not in known:
                wanted_id = None  # an id from the client that is not a lead here: "anyone"
            if checkin_id is not None:
                try:
                    await load_for_member(session, scope.guild_id, checkin_id, scope.user_id)
                except NotFound:
                    if from_dm:
                        raise  # from a DM the server comes from the button: only a check-in's member may use it
                    checkin_id = None
            elif from_dm:
                raise NotFound(texts.CHECKIN_HELP_GONE)
            row = HelpRequest(
                guild_id=scope.guild_id,
                user_id=scope.user_id,
                user_name=user_name[:100],
                wanted_id=wanted_id,
                soon=soon,
                checkin_id=checkin_id,
                state="open",
                alerted_ids=[],
                alerts=0,
                owner_told=False,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            alert = await scheduled.create(
                session, kind=rules.HELP_ALERT, due_at=now, guild_id=scope.guild_id, ref_id=row.id, now=now
            )
            notes.append((alert.id, now))
            again_at = now + timedelta(hours=own.realert_hours if own else 4)
            again = await scheduled.create(
                session, kind=rules.HELP_AGAIN, due_at=again_at, guild_id=scope.guild_id, ref_id=row.id, now=now
            )
            notes.append((again.id, again_at))
            view = help_view(row, settings.timezone, known.get(wanted_id) if wanted_id else None)
        self._tell(notes)
        return view

    async def claim_help(self, scope: PersonalScope, request_id: int, actor: Actor) -> ClaimResult:
        """ "I will talk to them": the first lead wins; the member is told that lead's name (scheduled, so
        it is not lost). In a DM only a lead who got the alert may press; in the server, any lead."""
        notes: Notes = []
        async with self.db.transaction() as session:
            now = self._now()
            row = await repo.help_get(session, request_id)
            if row is None or (scope.guild_id is not None and row.guild_id != scope.guild_id):
                raise NotFound(texts.CHECKIN_HELP_GONE)
            settings = await settings_in(session, row.guild_id)
            alerted = {int(i) for i in (row.alerted_ids or [])}
            in_server_lead = scope.guild_id == row.guild_id and settings.is_lead(actor)
            if actor.user_id not in alerted and not in_server_lead:
                raise NotAllowed(texts.CHECKIN_CLAIM_NOT_ALLOWED)
            name = actor.display_name or texts.CHECKIN_HELP_ANYONE
            won = await repo.help_claim(session, row.id, actor.user_id, name[:100], now)
            if won:
                await scheduled.cancel(session, rules.HELP_AGAIN, row.id, now=now)
                told = await scheduled.create(
                    session, kind=rules.HELP_NAMED, due_at=now, guild_id=row.guild_id, ref_id=row.id, now=now
                )
                notes.append((told.id, now))
                # The leads' copies say who took it (copies still being sent get it from the alert job).
                taken = await scheduled.create(
                    session, kind=rules.HELP_TAKEN, due_at=now, guild_id=row.guild_id, ref_id=row.id, now=now
                )
                notes.append((taken.id, now))
                await repo.note_lead(session, row.guild_id, actor.user_id, name, now)
            row = await repo.help_get(session, request_id)
            assert row is not None
            view = help_view(row, settings.timezone)
        self._tell(notes)
        return ClaimResult(request=view, won=won)

    async def waiting(self, scope: Scope) -> tuple[HelpView, ...]:
        """Leads: help requests nobody has said they will take yet, oldest first."""
        async with self.db.transaction() as session:
            settings = await require_lead(session, scope, self._now())
            rows = await repo.help_open(session, scope.guild_id)
            return tuple(help_view(r, settings.timezone) for r in rows)
