"""Reminders: the shared opening of every action (the scoped row, who may, limits) and making a
reminder come at a time (its scheduled row, in the same transaction).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import AnyScope, Scope, belongs, system_scope
from bot.services.guild_settings import GuildSettingsService, ServerSettings
from bot.services.unit import SchedulerHook, Work
from bot.timefmt import get_zone
from db.engine import Database
from db.models import Reminder
from db.repositories import reminders as repo
from db.repositories import scheduled as sched

if TYPE_CHECKING:
    from bot.services.projects.views import ProjectView

from bot.services.reminders.results import (
    CHANNEL,
    KIND,
    LIVE,
    ME,
    MEMBER_LIMIT,
    PROJECT,
    ROLE,
    SERVER_KINDS,
    SERVER_LIMIT,
    TARGETS,
    TYPED,
    WEEKDAYS,
    ProjectsLookup,
    ReminderInfo,
    Target,
)
from bot.services.reminders.rules import button_rule, first_on_rule, info_of

log = logging.getLogger("connect.reminders")


class ReminderCore:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        settings: GuildSettingsService | None = None,
        projects: ProjectsLookup | None = None,
        scheduler: SchedulerHook | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings or GuildSettingsService(db, clock)
        # Both may be attached after start-up (the scheduler needs the bot for its notifier).
        self.projects = projects
        self.scheduler = scheduler

    # ------------------------------------------------------------------ plumbing

    async def _server(self, guild_id: int) -> ServerSettings:
        return await self.settings.get(guild_id)

    async def _project(self, guild_id: int, project_id: int) -> ProjectView:
        """A project of this server (another server's answers as one that does not exist)."""
        if self.projects is None:
            raise UserError(texts.REMIND_NO_PROJECTS)
        try:
            return await self.projects.card(system_scope(guild_id), project_id)
        except NotFound:
            raise NotFound(texts.REMIND_PROJECT_NOT_FOUND) from None

    async def _can_organise(self, scope: AnyScope, guild_id: int, project_id: int) -> bool:
        if self.projects is None or not isinstance(scope, Scope) or scope.guild_id != guild_id:
            return False
        try:
            return (await self.projects.member_state(scope, project_id)).can_organise
        except UserError:
            return False

    async def _is_lead(self, scope: AnyScope, guild_id: int) -> bool:
        """Lead rights count only in the server the press came from (never from a DM)."""
        return (
            isinstance(scope, Scope)
            and scope.guild_id == guild_id
            and (await self._server(guild_id)).is_lead(scope.actor)
        )

    async def _info(self, session: Any, row: Reminder, project_title: str | None = None) -> ReminderInfo:
        nxt = await repo.next_due(session, row.id) if row.state in (repo.ACTIVE, repo.SENT) else None
        return info_of(row, nxt, project_title)

    async def _check_target(self, scope: Scope, target: Target, channel_id: int | None) -> Target:
        """Who may remind whom. Returns the target with its id filled in."""
        guild_id = scope.guild_id
        if target.kind not in TARGETS:
            raise UserError(texts.REMIND_WHERE_UNKNOWN)
        if target.kind == ME:
            return Target(ME, None)
        if target.kind == CHANNEL:
            chosen = target.id or channel_id
            if not chosen:
                raise UserError(texts.ONLY_IN_SERVER)
            return Target(CHANNEL, chosen)
        if target.kind == ROLE:
            if not await self._is_lead(scope, guild_id):
                raise NotAllowed(texts.REMIND_ROLE_ONLY_LEADS)
            if not target.id:
                raise UserError(texts.REMIND_PICK_ROLE)
            if target.id == guild_id:  # the @everyone role
                raise UserError(texts.REMIND_NOT_EVERYONE_ROLE)
            if not channel_id:
                raise UserError(texts.ONLY_IN_SERVER)
            return Target(ROLE, target.id)
        # PROJECT
        if not target.id:
            raise UserError(texts.REMIND_PICK_PROJECT)
        view = await self._project(guild_id, target.id)
        if view.state != "active":
            raise UserError(texts.REMIND_PROJECT_NOT_OPEN)
        if not await self._can_organise(scope, guild_id, target.id):
            raise NotAllowed(texts.REMIND_PROJECT_ONLY_ORGANISERS)
        return Target(PROJECT, target.id)

    async def _check_limits(self, session: Any, row: Reminder, is_lead: bool) -> None:
        """Checked when a reminder becomes active (not for a "Later" of one that is already counted)."""
        personal = [ME, PROJECT] + ([] if is_lead else [CHANNEL, ROLE])
        if row.target_kind in personal:
            mine = await repo.count_by_author(session, row.guild_id, row.author_id, personal, [repo.ACTIVE])
            if mine >= MEMBER_LIMIT:
                raise UserError(texts.REMIND_LIMIT_MEMBER.format(limit=MEMBER_LIMIT))
        if row.target_kind in SERVER_KINDS:
            server = await repo.count_in_server(session, row.guild_id, SERVER_KINDS, [repo.ACTIVE])
            if server >= SERVER_LIMIT:
                raise UserError(texts.REMIND_LIMIT_SERVER.format(limit=SERVER_LIMIT))

    async def _may_manage(self, row: Reminder, scope: AnyScope) -> None:
        """Change the time, cancel, stop: the author; leads too for the server's and project reminders."""
        if scope.user_id == row.author_id:
            return
        if row.target_kind != ME and await self._is_lead(scope, row.guild_id):
            return
        if (
            row.target_kind == PROJECT
            and row.target_id
            and await self._can_organise(scope, row.guild_id, row.target_id)
        ):
            return
        raise NotAllowed(texts.REMIND_NOT_YOURS)

    async def _may_answer(self, row: Reminder, scope: AnyScope) -> None:
        """Done and Later on a firing: the person it is for. A project reminder goes to the members
        coming (and a "Later" to the one who asked): only they answer it, each for themselves."""
        if row.target_kind != PROJECT:
            await self._may_manage(row, scope)
            return
        if scope.user_id == row.author_id or await self._was_sent_to(row, scope.user_id):
            return
        raise NotAllowed(texts.REMIND_NOT_YOURS)

    async def _was_sent_to(self, row: Reminder, user_id: int) -> bool:
        async with self.db.transaction() as session:
            for pending in await sched.active_for(session, KIND, row.id):
                if (pending.payload or {}).get("user") == user_id:
                    return True
        if self.projects is None or row.project_id is None:
            return False
        try:
            view = await self.projects.card(system_scope(row.guild_id), row.project_id)
        except UserError:
            return False
        return view.session is not None and user_id in view.session.going

    def _plan(self, row: Reminder, when: datetime) -> tuple[str | None, datetime]:
        """The rule and first firing for a reminder that should next come at ``when``."""
        if row.repeat == TYPED and row.rule:
            return row.rule, when  # a typed rule keeps its days; the series starts at the new time
        zone = get_zone(row.timezone)
        rule = button_rule(row.repeat, when.astimezone(zone))
        if rule is not None and row.repeat == WEEKDAYS:
            when = first_on_rule(rule, row.timezone, when)
        return rule, when

    async def _activate(
        self, session: Any, row: Reminder, when: datetime, now: datetime, work: Work, *, is_lead: bool
    ) -> None:
        """Make ``row`` come at ``when`` (cancelling what was planned). Checks the limits first."""
        if not row.text:
            raise UserError(texts.FIELD_EMPTY.format(field=texts.REMIND_FIELD_NAME))
        rule, first = self._plan(row, when)
        if row.state != repo.ACTIVE:
            await repo.lock_limits(session, row.guild_id)
            await self._check_limits(session, row, is_lead)
        await sched.cancel(session, KIND, row.id, now=now)
        created = await sched.create(
            session,
            kind=KIND,
            due_at=first,
            guild_id=row.guild_id,
            ref_id=row.id,
            payload={},
            rule=rule,
            timezone=row.timezone if rule else None,
            series_start=first if rule else None,
            now=now,
            created_by=row.author_id,  # a send refused with 403 is told to the person who made it
        )
        work.rows.append((created.id, first))
        row.rule = rule
        row.start_at = first
        row.state = repo.ACTIVE
        row.updated_at = now

    @staticmethod
    async def _series_due(session: Any, reminder_id: int) -> datetime | None:
        """When the reminder itself comes next (not counting a "Later")."""
        for pending in await sched.active_for(session, KIND, reminder_id):
            if not (pending.payload or {}).get("later"):
                return pending.due_at
        return None

    async def _locked(self, session: Any, scope: AnyScope, reminder_id: int) -> Reminder:
        row = await repo.lock(session, reminder_id)
        if row is None or not belongs(scope, row.guild_id):
            raise NotFound(texts.REMIND_NOT_FOUND)
        return row

    @staticmethod
    def _require_live(row: Reminder) -> None:
        if row.state not in LIVE:
            raise UserError(texts.REMIND_GONE)

    async def _snapshot(self, scope: AnyScope, reminder_id: int) -> Reminder:
        """The row as it is now, read in its own short transaction: checks that read other tables (lead
        role, project organisers) run between transactions, never inside one (SQLite has one writer)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, reminder_id)
        if row is None or not belongs(scope, row.guild_id):
            raise NotFound(texts.REMIND_NOT_FOUND)
        return row

    async def _titled(self, info: ReminderInfo) -> ReminderInfo:
        if info.project_id is None or self.projects is None:
            return info
        try:
            card = await self.projects.card(system_scope(info.guild_id), info.project_id)
            return replace(info, project_title=card.title)
        except UserError:
            return info
