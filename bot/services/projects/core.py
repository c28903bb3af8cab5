"""Projects: the shared opening of every action (the unit of work, the scoped row lock, who may) and
the scheduled rows a change makes.

One transaction per action. Every action on a project first locks its row (``repo.lock_project``), so the
lists of one project change one action at a time and the number coming never exceeds the places.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed, NotFound, UserError
from bot.features import Events
from bot.scope import AnyScope, Scope, belongs
from bot.services import guild_settings as gs
from bot.services.projects.kinds import EVENT_REMINDER, PROJECT_NOTICE, PROJECT_ROLL
from bot.services.projects.rules import (
    NOTICE_FINISHED,
    QuietHoursLookup,
    dedupe,
    minutes_of,
)
from bot.services.projects.views import (
    ACTIVE,
    CANCELLED,
    DRAFT,
    FINISHED,
    Member,
)
from bot.services.unit import SchedulerHook, Work, unit
from db.engine import Database
from db.models import Project, ProjectSession
from db.repositories import projects as repo
from db.repositories import scheduled as sched


class ProjectsCore:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        scheduler: SchedulerHook | None = None,
        *,
        quiet_hours: QuietHoursLookup | None = None,
        events: Events | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.scheduler = scheduler
        # Members' quiet hours: automatic messages wait until they end.
        self.quiet_hours = quiet_hours
        # "project.finished" goes out here after the finish commits (celebrations subscribe).
        self.events = events or Events()

    # ------------------------------------------------------------------ plumbing

    def _unit(self) -> AbstractAsyncContextManager[tuple[AsyncSession, Work]]:
        return unit(self.db, self.scheduler)

    async def _locked(self, s: AsyncSession, scope: AnyScope, project_id: int) -> Project:
        """The project row, locked, if it belongs to the scope's server (else it does not exist)."""
        project = await repo.lock_project(s, project_id)
        if project is None or not belongs(scope, project.guild_id):
            raise NotFound(texts.PROJECT_NOT_FOUND)
        return project

    async def _organised(self, s: AsyncSession, scope: AnyScope, project_id: int) -> Project:
        """The opening of every organiser action: the scoped row, locked; active; an organiser or lead."""
        p = await self._locked(s, scope, project_id)
        self._require_active(p)
        await self._require_organiser(s, p, scope)
        return p

    async def _own_draft(self, s: AsyncSession, scope: AnyScope, project_id: int) -> Project:
        """The opening of every draft action: the scoped row, locked; still a draft; its owner or a lead."""
        p = await self._locked(s, scope, project_id)
        self._require_draft(p)
        await self._require_owner_or_lead(s, p, scope)
        return p

    async def _read(self, s: AsyncSession, scope: AnyScope, project_id: int) -> Project:
        """The project row for a read (no lock), if it belongs to the scope's server."""
        project = await repo.get_project(s, project_id)
        if project is None or not belongs(scope, project.guild_id):
            raise NotFound(texts.PROJECT_NOT_FOUND)
        return project

    @staticmethod
    def _require_active(p: Project) -> None:
        if p.state == CANCELLED:
            raise UserError(texts.PROJECT_IS_CANCELLED)
        if p.state == FINISHED:
            raise UserError(texts.PROJECT_IS_FINISHED)
        if p.state == DRAFT:
            raise UserError(texts.PROJECT_NOT_POSTED)

    @staticmethod
    def _require_draft(p: Project) -> None:
        if p.state != DRAFT:
            raise UserError(texts.PROJECT_ALREADY_POSTED)

    async def _settings(self, s: AsyncSession, guild_id: int) -> gs.ServerSettings:
        # Read inside this transaction: a second one would wait for our own write lock on SQLite.
        return await gs.settings_in(s, guild_id)

    async def _is_lead(self, s: AsyncSession, p: Project, scope: AnyScope) -> bool:
        # Lead rights come from the server the press came from, which is the project's (see _locked).
        return isinstance(scope, Scope) and (await self._settings(s, p.guild_id)).is_lead(scope.actor)

    async def _can_organise(self, s: AsyncSession, p: Project, scope: AnyScope) -> bool:
        if scope.user_id == p.owner_id:
            return True
        if await repo.get_organiser(s, p.id, scope.user_id) is not None:
            return True
        return await self._is_lead(s, p, scope)

    async def _require_organiser(self, s: AsyncSession, p: Project, scope: AnyScope) -> None:
        if not await self._can_organise(s, p, scope):
            raise NotAllowed(texts.PROJECT_ONLY_ORGANISERS)

    async def _require_owner_or_lead(self, s: AsyncSession, p: Project, scope: AnyScope) -> None:
        if scope.user_id != p.owner_id and not await self._is_lead(s, p, scope):
            raise NotAllowed(texts.PROJECT_ONLY_OWNER)

    @staticmethod
    def _check_member(member: Member) -> None:
        if member.is_bot:
            raise UserError(texts.PROJECT_NOT_FOR_BOTS)
        if not member.in_server:
            raise UserError(texts.PROJECT_MEMBER_LEFT)

    # ------------------------------------------------------------------ scheduled rows

    async def _notice(
        self, s: AsyncSession, p: Project, kind: str, user_ids: Iterable[int], now: datetime, work: Work, **data: Any
    ) -> None:
        users = list(dedupe(user_ids))
        if not users and kind != NOTICE_FINISHED:
            return
        payload = {"type": kind, "user_ids": users, **data}
        row = await sched.create(
            s, kind=PROJECT_NOTICE, due_at=now, guild_id=p.guild_id, ref_id=p.id, payload=payload, now=now
        )
        work.rows.append((row.id, now))

    async def _schedule_reminders(
        self, s: AsyncSession, p: Project, sess: ProjectSession, now: datetime, work: Work
    ) -> None:
        await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
        if p.state != ACTIVE or sess.state != "open":
            return
        for minutes in minutes_of(p.reminder_minutes):
            due = sess.starts_at - timedelta(minutes=minutes)
            if due <= now:
                continue
            payload = {
                "project_id": p.id,
                "session_id": sess.id,
                "minutes": minutes,
                "starts_at": sess.starts_at.isoformat(),  # the policy's deadline; also spots a moved session
            }
            row = await sched.create(
                s, kind=EVENT_REMINDER, due_at=due, guild_id=p.guild_id, ref_id=sess.id, payload=payload, now=now
            )
            work.rows.append((row.id, due))

    async def _cancel_pending_rolls(self, s: AsyncSession, p: Project, now: datetime) -> None:
        for row in await sched.active_for(s, PROJECT_ROLL, p.id):
            if row.state == sched.PENDING:
                await sched.cancel_row(s, row.id, now=now)

    async def _ensure_roll(
        self, s: AsyncSession, p: Project, current: ProjectSession | None, now: datetime, work: Work
    ) -> None:
        """One pending roll row, due when the next session starts (it then makes the one after)."""
        want = current.starts_at if (p.state == ACTIVE and p.rule and current is not None) else None
        pending = [r for r in await sched.active_for(s, PROJECT_ROLL, p.id) if r.state == sched.PENDING]
        if want is not None and len(pending) == 1 and pending[0].due_at == want:
            return
        for row in pending:
            await sched.cancel_row(s, row.id, now=now)
        if want is not None:
            row = await sched.create(s, kind=PROJECT_ROLL, due_at=want, guild_id=p.guild_id, ref_id=p.id, now=now)
            work.rows.append((row.id, want))
