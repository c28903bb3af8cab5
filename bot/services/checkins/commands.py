"""Leads' writes: make, start, pause, stop check-ins; the check-in settings. One transaction each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotFound, StaleControl, UserError
from bot.recurrence import next_occurrence
from bot.scope import Scope
from bot.services.checkins import rules
from bot.services.checkins.access import load, require_lead
from bot.services.checkins.base import Notes, ServiceBase
from bot.services.checkins.results import CheckinView, LeadChoice, SettingsView
from bot.services.checkins.views import checkin_view
from bot.services.guild_settings import settings_in
from bot.services.keep import DEFAULT_KEEP_CHECKIN_DAYS
from bot.services.people import Actor
from db.models import Checkin
from db.repositories import checkins as repo
from db.repositories import scheduled
from db.repositories import settings as settings_repo


class CheckinCommands(ServiceBase):
    """Part of ``CheckinsService``."""

    async def create(
        self,
        scope: Scope,
        *,
        kind: str,
        weekdays: str,
        hour: int,
        minute: int = 0,
        member_zone: bool = False,
        channel_id: int | None = None,
        questions: list[str | None] | None = None,
        summary_after_minutes: int = 180,
        project_id: int | None = None,
        share_answers: bool = False,
    ) -> CheckinView:
        """A new check-in. With a channel or a project it starts at once; otherwise it waits for its members."""
        kind = rules.check_kind(kind)
        weekdays = rules.check_weekdays(weekdays)
        hour, minute = rules.check_time(hour, minute)
        asked = rules.clean_questions(questions or []) if kind == "standup" else ()
        if project_id is not None and channel_id is None and await self._project(scope.guild_id, project_id) is None:
            raise NotFound(texts.CHECKIN_PROJECT_GONE)
        notes: Notes = []
        async with self.db.transaction() as session:
            now = self._now()
            settings = await require_lead(session, scope, now)
            row = Checkin(
                guild_id=scope.guild_id,
                kind=kind,
                questions=list(asked) or None,
                channel_id=channel_id,
                project_id=project_id if channel_id is None else None,
                share_answers=share_answers and kind == "standup",
                weekdays=weekdays,
                hour=hour,
                minute=minute,
                member_zone=member_zone and channel_id is None and project_id is None,
                summary_after_minutes=max(0, min(summary_after_minutes, 12 * 60)),
                state="draft",
                created_by=scope.user_id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            first = None
            if row.channel_id is not None or row.project_id is not None:
                first = await self._activate(session, row, settings.timezone, notes)
            view = await checkin_view(session, row, settings.timezone, first)
        self._tell(notes)
        return view

    async def start_for_members(self, scope: Scope, checkin_id: int, user_ids: Iterable[int]) -> CheckinView:
        """The lead picked the members of a new check-in: it starts."""
        chosen = list(dict.fromkeys(u for u in user_ids if u))[: rules.MAX_MEMBERS]
        if not chosen:
            raise UserError(texts.CHECKIN_NO_MEMBERS)
        notes: Notes = []
        async with self.db.transaction() as session:
            settings = await require_lead(session, scope, self._now())
            row = await load(session, scope.guild_id, checkin_id, lock=True)
            if row.state != "draft":
                raise UserError(texts.CHECKIN_ALREADY_ACTIVE)
            await repo.set_members(session, row.id, chosen)
            first = await self._activate(session, row, settings.timezone, notes)
            view = await checkin_view(session, row, settings.timezone, first)
        self._tell(notes)
        return view

    async def _activate(self, session: AsyncSession, row: Checkin, server_zone: str, notes: Notes) -> datetime:
        """The check-in's series: an opening per member (in their zone or the server's), a summary, a clean-up."""
        now = self._now()
        rule = rules.weekly_rule(row.weekdays, row.hour, row.minute)
        targets: list[tuple[dict[str, int], str]] = []
        if row.channel_id is not None:
            targets.append(({"channel_id": row.channel_id}, server_zone))
        if row.project_id is not None:
            targets.append(({"project_id": row.project_id}, server_zone))  # members found at each opening
        for user_id in await repo.members(session, row.id):
            zone = server_zone
            if row.member_zone:
                member = await settings_repo.get_member(session, user_id)
                zone = member.timezone if member and member.timezone else server_zone
            targets.append(({"user_id": user_id}, zone))
        first_server = None
        for payload, zone in targets:
            due = await _repeat(session, rules.OPEN, rule, zone, row.guild_id, row.id, now, notes, payload)
            if zone == server_zone and (first_server is None or due < first_server):
                first_server = due
        s_hour, s_minute = rules.summary_time(row.hour, row.minute, row.summary_after_minutes)
        s_rule = rules.weekly_rule(row.weekdays, s_hour, s_minute)
        await _repeat(session, rules.SUMMARY, s_rule, server_zone, row.guild_id, row.id, now, notes)
        if not await scheduled.active_for(session, rules.RETENTION, row.guild_id):
            r_rule = f"FREQ=DAILY;BYHOUR={rules.RETENTION_HOUR};BYMINUTE=0;BYSECOND=0"
            await _repeat(session, rules.RETENTION, r_rule, server_zone, row.guild_id, row.guild_id, now, None)
        row.state = "active"
        row.updated_at = now
        await session.flush()
        return first_server or next_occurrence(rule, server_zone, now, now) or now

    async def pause(self, scope: Scope, checkin_id: int, until: datetime | None) -> CheckinView:
        """Pause until a moment (openings before it send nothing), or go on again with None."""
        async with self.db.transaction() as session:
            now = self._now()
            settings = await require_lead(session, scope, now)
            if until is not None and until <= now:
                raise UserError(texts.CHECKIN_PAUSE_PAST)
            row = await load(session, scope.guild_id, checkin_id, lock=True)
            if row.state == "stopped":
                raise UserError(texts.CHECKIN_STOPPED)
            row.paused_until = until
            row.updated_at = now
            return await checkin_view(session, row, settings.timezone)

    async def stop(self, scope: Scope, checkin_id: int) -> CheckinView:
        async with self.db.transaction() as session:
            now = self._now()
            settings = await require_lead(session, scope, now)
            row = await load(session, scope.guild_id, checkin_id, lock=True)
            for kind in rules.SERIES_KINDS:
                await scheduled.cancel(session, kind, row.id, now=now)
            row.state = "stopped"
            row.updated_at = now
            return await checkin_view(session, row, settings.timezone)

    # ---- settings (the /setup card's "Check-ins settings")

    async def settings(self, scope: Scope) -> SettingsView:
        async with self.db.transaction() as session:
            await require_lead(session, scope, self._now())
            return await self._settings_view(session, scope.guild_id)

    async def _settings_view(self, session: AsyncSession, guild_id: int) -> SettingsView:
        server = await settings_in(session, guild_id)
        own = await repo.settings(session, guild_id)
        leads = tuple(LeadChoice(r.user_id, r.display_name) for r in await repo.leads(session, guild_id))
        return SettingsView(
            guild_id=guild_id,
            checkins_channel_id=server.checkins_channel_id,
            leads_channel_id=own.leads_channel_id if own else None,
            realert_hours=own.realert_hours if own else 4,
            retention_days=own.retention_days if own else DEFAULT_KEEP_CHECKIN_DAYS,
            leads=leads,
        )

    async def change_settings(self, scope: Scope, field: str, value: int | None = None) -> SettingsView:
        """``leads_channel`` / ``checkins_channel`` / ``realert`` (hours, one of its choices) to ``value``. How long
        answers are kept is a menu of its choices (``GuildSettingsService.set_keep``, as on /setup)."""
        async with self.db.transaction() as session:
            now = self._now()
            await require_lead(session, scope, now)
            if field == "leads_channel":
                await repo.upsert_settings(session, scope.guild_id, now, leads_channel_id=value)
            elif field == "checkins_channel":
                await settings_repo.upsert_guild(session, scope.guild_id, now, checkins_channel_id=value)
            elif field == "realert":  # one of its choices (a menu): anything else is an old or made-up press
                if value not in rules.REALERT_CHOICES:
                    raise StaleControl()
                await repo.upsert_settings(session, scope.guild_id, now, realert_hours=value)
            else:
                raise ValueError(f"unknown check-in setting {field!r}")
            return await self._settings_view(session, scope.guild_id)

    async def set_alert_leads(self, scope: Scope, chosen: Iterable[Actor]) -> tuple[SettingsView, tuple[str, ...]]:
        """The leads who get help alerts: those picked who are leads here (others are named back, not added)."""
        async with self.db.transaction() as session:
            now = self._now()
            server = await require_lead(session, scope, now)
            refused: list[str] = []
            keep = {scope.user_id}
            for actor in chosen:
                if server.is_lead(actor):
                    await repo.note_lead(session, scope.guild_id, actor.user_id, actor.display_name, now)
                    keep.add(actor.user_id)
                else:
                    refused.append(actor.display_name or str(actor.user_id))
            for lead in await repo.leads(session, scope.guild_id):
                if lead.user_id not in keep:
                    await repo.forget_lead(session, scope.guild_id, lead.user_id)
            return await self._settings_view(session, scope.guild_id), tuple(refused)


def retention_cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


async def _repeat(
    session: AsyncSession,
    kind: str,
    rule: str,
    zone: str,
    guild_id: int,
    ref_id: int,
    now: datetime,
    notes: Notes | None,
    payload: dict[str, int] | None = None,
) -> datetime:
    """A repeating row of a check-in, first due at the rule's next time. ``notes`` gets it, to tell the
    scheduler after commit (None: not told, like the daily clean-up)."""
    due = next_occurrence(rule, zone, now, now)
    assert due is not None  # these rules never end
    work = await scheduled.create(
        session,
        kind=kind,
        due_at=due,
        guild_id=guild_id,
        ref_id=ref_id,
        payload=payload,
        rule=rule,
        timezone=zone,
        now=now,
    )
    if notes is not None:
        notes.append((work.id, due))
    return due
