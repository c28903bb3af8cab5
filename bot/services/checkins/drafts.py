"""Making a check-in step by step (buttons and menus): kind, who gets it, the first time, the days, start.

A draft is a ``checkins`` row in state "draft", only its maker's; nothing is scheduled until it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotFound, StaleControl, UserError
from bot.scope import Scope
from bot.services.checkins import rules
from bot.services.checkins.access import check_lead, load, require_lead
from bot.services.checkins.base import Notes
from bot.services.checkins.commands import CheckinCommands
from bot.services.checkins.results import CheckinView, LeadChoice
from bot.services.checkins.views import checkin_view
from bot.services.guild_settings import settings_in
from bot.timefmt import get_zone
from db.models import Checkin
from db.repositories import checkins as repo

TOGGLES = ("zone", "share")
DRAFT_LIFETIME = timedelta(days=1)  # a draft never started is dropped when its maker starts another
MAX_PROJECT_CHOICES = 25  # one menu


class CheckinDrafts(CheckinCommands):
    """Part of ``CheckinsService``."""

    async def new_draft(self, scope: Scope, kind: str, questions: list[str | None] | None = None) -> CheckinView:
        kind = rules.check_kind(kind)
        asked = rules.clean_questions(questions or []) if kind == "standup" else ()
        async with self.db.transaction() as session:
            now = self._now()
            settings = await require_lead(session, scope, now)
            await repo.delete_old_drafts(session, scope.guild_id, scope.user_id, now - DRAFT_LIFETIME)
            row = Checkin(
                guild_id=scope.guild_id,
                kind=kind,
                questions=list(asked) or None,
                weekdays="",  # no time picked yet
                hour=9,
                minute=0,
                member_zone=False,
                share_answers=False,
                summary_after_minutes=180,
                state="draft",
                created_by=scope.user_id,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            await session.flush()
            return await checkin_view(session, row, settings.timezone)

    async def _draft(
        self, session: AsyncSession, scope: Scope, checkin_id: int, *, write: bool = True
    ) -> tuple[Checkin, str]:
        """The lead's own draft of this server, locked for a write (another lead's draft, or a started one:
        not here)."""
        settings = await (require_lead(session, scope, self._now()) if write else check_lead(session, scope))
        row = await load(session, scope.guild_id, checkin_id, lock=write)
        if row.created_by != scope.user_id:
            raise NotFound(texts.CHECKIN_NOT_FOUND)
        if row.state != "draft":
            raise UserError(texts.CHECKIN_ALREADY_ACTIVE)
        return row, settings.timezone

    async def draft(self, scope: Scope, checkin_id: int) -> CheckinView:
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id, write=False)
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def set_target(
        self,
        scope: Scope,
        checkin_id: int,
        *,
        channel_id: int | None = None,
        members: Iterable[int] = (),
        project_id: int | None = None,
    ) -> CheckinView:
        """Who gets it: a channel post, members the lead picks, or a project's members (one of them)."""
        chosen = list(dict.fromkeys(u for u in members if u))[: rules.MAX_MEMBERS]
        if project_id is not None:
            found = await self._project(scope.guild_id, project_id)
            if found is None:
                raise NotFound(texts.CHECKIN_PROJECT_GONE)
        elif channel_id is None and not chosen:
            raise UserError(texts.CHECKIN_NO_MEMBERS)
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            row.channel_id = channel_id if project_id is None else None
            row.project_id = project_id
            await repo.set_members(session, row.id, chosen if channel_id is None and project_id is None else [])
            if row.channel_id is not None or row.project_id is not None:
                row.member_zone = False  # one series in the server's time
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def clear_target(self, scope: Scope, checkin_id: int) -> CheckinView:
        """Back to choosing who gets it."""
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            row.channel_id = row.project_id = None
            await repo.set_members(session, row.id, [])
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return view

    async def set_first_time(self, scope: Scope, checkin_id: int, when_utc: datetime) -> CheckinView:
        """The time picker's answer: its time of day (server time) and, unless days are chosen, its day."""
        if when_utc <= self._now():
            raise UserError(texts.TIME_IN_PAST)
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            local = when_utc.astimezone(get_zone(zone))
            row.hour, row.minute = local.hour, local.minute
            if not row.weekdays:
                row.weekdays = rules.DAY_CODES[local.weekday()]
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def set_days(self, scope: Scope, checkin_id: int, codes: Iterable[str]) -> CheckinView:
        """The repeat menu: which days of the week (at least one)."""
        weekdays = rules.check_weekdays(",".join(codes))
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            if not row.weekdays:
                raise UserError(texts.CHECKIN_PICK_TIME_FIRST)
            row.weekdays = weekdays
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def toggle(self, scope: Scope, checkin_id: int, what: str) -> CheckinView:
        """``zone``: the server's time or each member's own (DMs to picked members only);
        ``share``: stand-ups only, members may share their answers in the channel."""
        if what not in TOGGLES:
            raise UserError(texts.CHECKIN_NOT_FOUND)
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            if what == "zone" and row.channel_id is None and row.project_id is None:
                row.member_zone = not row.member_zone
            elif what == "share" and row.kind == "standup":
                row.share_answers = not row.share_answers
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def set_summary(self, scope: Scope, checkin_id: int, minutes: int) -> CheckinView:
        """How long after the check-in leads get the summary: one of its choices (a menu), else an old press."""
        if minutes not in rules.SUMMARY_CHOICES:
            raise StaleControl()
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            row.summary_after_minutes = minutes
            row.updated_at = self._now()
            view = await checkin_view(session, row, zone)
        return await self._titled(view)

    async def start(self, scope: Scope, checkin_id: int) -> CheckinView:
        notes: Notes = []
        async with self.db.transaction() as session:
            row, zone = await self._draft(session, scope, checkin_id)
            if not row.weekdays:
                raise UserError(texts.CHECKIN_PICK_TIME_FIRST)
            if row.channel_id is None and row.project_id is None and not await repo.members(session, row.id):
                raise UserError(texts.CHECKIN_NO_MEMBERS)
            if row.share_answers and row.channel_id is None:
                server = await settings_in(session, row.guild_id)
                if server.checkins_channel_id is None:
                    raise UserError(texts.CHECKIN_SHARE_NEEDS_CHANNEL)
            first = await self._activate(session, row, zone, notes)
            view = await checkin_view(session, row, zone, first)
        self._tell(notes)
        return view

    async def discard(self, scope: Scope, checkin_id: int) -> None:
        async with self.db.transaction() as session:
            row, _ = await self._draft(session, scope, checkin_id)
            await session.delete(row)

    # ---- a project's members

    async def project_choices(self, scope: Scope) -> tuple[LeadChoice, ...]:
        """Projects of this server to pick from (id, title), for leads."""
        if self.projects is None:
            return ()
        async with self.db.transaction() as session:
            await check_lead(session, scope)
        page = await self.projects.list_upcoming(scope, 0, MAX_PROJECT_CHOICES)
        return tuple(LeadChoice(item.id, item.title) for item in page.items)
