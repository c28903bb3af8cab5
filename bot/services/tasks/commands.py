"""Writes that organisers and members make to lists: open a list, draft and add a task, change it,
remove it, ask a member, change the due date, the settings. One transaction each."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import Scope
from bot.services.tasks import rules
from bot.services.tasks.access import may_add, require_add, require_manage
from bot.services.tasks.base import TasksBase
from bot.services.tasks.results import DRAFT, OPEN, REMOVED, ListView, Member, TaskSettingsView, TaskView
from db.models import Task
from db.repositories import scheduled as sched
from db.repositories import settings as settings_repo
from db.repositories import tasks as repo

DRAFT_LIFETIME = timedelta(days=1)


def _check_member(member: Member) -> None:
    if member.is_bot:
        raise UserError(texts.TASK_NOT_FOR_BOTS)
    if not member.in_server:
        raise UserError(texts.TASK_MEMBER_LEFT)


class TaskCommands(TasksBase):
    # ---------------------------------------------------------------- lists

    async def open_list(
        self, scope: Scope, *, project_id: int | None = None, channel_id: int | None = None
    ) -> tuple[ListView, bool]:
        """A project's list or a channel's list (made the first time). Returns it and whether this
        person may add to it. ``channel_id`` is the channel the command was used in (from Discord)."""
        now = self.clock.now()
        async with self.unit() as (s, _work):
            if project_id is not None:
                project = await repo.project(s, scope.guild_id, project_id)
                if project is None:
                    raise NotFound(texts.TASK_LIST_NOT_FOUND)
                lst = await repo.find_list(s, scope.guild_id, project_id=project_id)
                home = project.channel_id
            else:
                if channel_id is None:
                    raise UserError(texts.TASK_NOT_IN_CHANNEL)
                lst = await repo.find_list(s, scope.guild_id, channel_id=channel_id)
                home = channel_id
            if lst is None:
                lst = await repo.add_list(
                    s, guild_id=scope.guild_id, project_id=project_id, channel_id=home, created_at=now, updated_at=now
                )
            f = await self._facts(s, scope, lst)
            return await self._list_view(s, lst, f), may_add(scope, lst, f)

    async def set_card(self, scope: Scope, list_id: int, channel_id: int, message_id: int) -> tuple[int, int] | None:
        """Remember where the list's card is now. Returns the old card (channel, message), if any."""
        async with self.unit() as (s, _work):
            lst = await repo.lock_list(s, list_id)
            if lst is None or lst.guild_id != scope.guild_id:
                raise NotFound(texts.TASK_LIST_NOT_FOUND)
            old = (lst.channel_id, lst.message_id) if lst.channel_id and lst.message_id else None
            lst.channel_id, lst.message_id, lst.updated_at = channel_id, message_id, self.clock.now()
            return old if old != (channel_id, message_id) else None

    # ---------------------------------------------------------------- adding: a draft, then Add

    async def start_draft(self, scope: Scope, list_id: int, title: str | None, details: str | None) -> TaskView:
        clean_title, clean_details = rules.clean_title(title), rules.clean_details(details)
        now = self.clock.now()
        async with self.unit() as (s, _work):
            lst = await self._list(s, scope, list_id)
            f = await self._facts(s, scope, lst)
            require_add(scope, lst, f)
            if not f.project_active:
                raise UserError(texts.TASK_PROJECT_GONE)
            if await repo.count_open(s, lst.id) >= rules.MAX_OPEN:
                raise UserError(texts.TASK_TOO_MANY)
            await repo.delete_old_drafts(s, scope.guild_id, scope.user_id, now - DRAFT_LIFETIME)
            row = await repo.add_task(
                s,
                guild_id=scope.guild_id,
                list_id=lst.id,
                title=clean_title,
                details=clean_details,
                added_by=scope.user_id,
                wants_helper=False,
                needs_help=False,
                repeat="none",
                rota="",
                state=DRAFT,
                created_at=now,
                updated_at=now,
            )
            return TaskView.of(row)

    async def draft(self, scope: Scope, task_id: int) -> TaskView:
        async with self.unit() as (s, _work):
            return TaskView.of(await self._own_draft(s, scope, task_id))

    async def _own_draft(self, s: AsyncSession, scope: Scope, task_id: int) -> Task:
        row = await self._task(s, scope, task_id)
        if row.state != DRAFT:
            raise UserError(texts.TASK_KEPT)
        if row.added_by != scope.user_id:
            raise NotAllowed(texts.TASK_ONLY_MANAGERS)
        return row

    async def set_draft(
        self,
        scope: Scope,
        task_id: int,
        *,
        due: datetime | bool | None = False,
        who: Member | bool | None = False,
        repeat: str | None = None,
        rota: list[Member] | None = None,
    ) -> TaskView:
        """Change one part of a draft (``False``: leave it). ``due=None`` clears the due date."""
        now = self.clock.now()
        async with self.unit() as (s, _work):
            row = await self._own_draft(s, scope, task_id)
            if due is not False:
                row.due_at = rules.check_due(due if isinstance(due, datetime) else None, now)
            if who is not False:
                if isinstance(who, Member):
                    _check_member(who)
                    row.asked_id = who.user_id
                else:
                    row.asked_id = None
            if repeat is not None:
                row.repeat = rules.check_repeat(repeat)
                if repeat == "none":
                    row.rota = ""
            if rota is not None:
                people = [m for m in rota if not m.is_bot and m.in_server]
                row.rota = ",".join(str(u) for u in rules.check_rota(m.user_id for m in people))
            row.updated_at = now
            return TaskView.of(row)

    async def discard_draft(self, scope: Scope, task_id: int) -> None:
        async with self.unit() as (s, _work):
            row = await self._own_draft(s, scope, task_id)
            await repo.delete_task(s, row)

    async def publish(self, scope: Scope, task_id: int) -> TaskView:
        """Add the draft to its list. A chosen member is asked (a message with Yes / No)."""
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._own_draft(s, scope, task_id)
            lst = await self._list(s, scope, row.list_id)
            f = await self._facts(s, scope, lst)
            require_add(scope, lst, f)  # the rules may have changed since the draft began
            if row.due_at is not None and row.due_at <= now:
                raise UserError(texts.TASK_DUE_PAST)
            row.state, row.created_at, row.updated_at = OPEN, now, now
            rota = rules.check_rota(int(u) for u in row.rota.split(",") if u)
            if row.asked_id == scope.user_id:
                row.doer_id, row.asked_id = scope.user_id, None
            elif row.asked_id is not None:
                row.asked_by = scope.user_id
                await self._notice(s, row, work, "ask", [row.asked_id], by=scope.user_id)
            elif rota:
                turn = rules.next_turn(rota, None, await self._away(s, rota))
                if turn is not None:
                    row.doer_id = turn
                    await self._notice(s, row, work, "turn", [turn], by=scope.user_id)
            lst.celebrated_at = None
            await self._plan_nudge(s, row, work)
            return TaskView.of(row)

    async def _away(self, s: AsyncSession, user_ids: tuple[int, ...]) -> set[int]:
        """Who is away now (read inside this transaction, from the shared member settings)."""
        now = self.clock.now()
        away = set()
        for uid in user_ids:
            member = await settings_repo.get_member(s, uid)
            if member is not None and member.away_until is not None and member.away_until > now:
                away.add(uid)
        return away

    # ---------------------------------------------------------------- changing an open task

    async def edit(self, scope: Scope, task_id: int, title: str | None, details: str | None) -> TaskView:
        clean_title, clean_details = rules.clean_title(title), rules.clean_details(details)
        async with self.unit() as (s, _work):
            row = await self._open_task(s, scope, task_id)
            require_manage(scope, row, await self._facts(s, scope, await self._list(s, scope, row.list_id)))
            row.title, row.details, row.updated_at = clean_title, clean_details, self.clock.now()
            return TaskView.of(row)

    async def set_due(self, scope: Scope, task_id: int, due: datetime | None) -> TaskView:
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            require_manage(scope, row, await self._facts(s, scope, await self._list(s, scope, row.list_id)))
            row.due_at, row.updated_at = rules.check_due(due, now), now
            await self._plan_nudge(s, row, work)
            return TaskView.of(row)

    async def remove(self, scope: Scope, task_id: int) -> TaskView:
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._task(s, scope, task_id)
            if row.state == DRAFT:
                raise UserError(texts.TASK_IS_DRAFT)
            lst = await self._list(s, scope, row.list_id)
            require_manage(scope, row, await self._facts(s, scope, lst))
            row.state, row.updated_at = REMOVED, now
            await self._plan_nudge(s, row, work)  # cancels it
            await sched.cancel(s, "task_notice", row.id, now=now)
            return TaskView.of(row)

    async def ask(self, scope: Scope, task_id: int, member: Member) -> TaskView:
        """An organiser asks a member to do it: the member gets "Can you do this?" with Yes / No."""
        _check_member(member)
        now = self.clock.now()
        async with self.unit() as (s, work):
            row = await self._open_task(s, scope, task_id)
            require_manage(scope, row, await self._facts(s, scope, await self._list(s, scope, row.list_id)))
            if row.doer_id == member.user_id:
                raise UserError(texts.TASK_ALREADY_YOURS.format(title=row.title))
            row.asked_id, row.asked_by, row.updated_at = member.user_id, scope.user_id, now
            if member.user_id == scope.user_id:
                row.doer_id, row.asked_id, row.helper_id = scope.user_id, None, None
            else:
                await self._notice(s, row, work, "ask", [member.user_id], by=scope.user_id)
            await self._plan_nudge(s, row, work)
            return TaskView.of(row)

    # ---------------------------------------------------------------- settings

    async def settings(self, guild_id: int) -> TaskSettingsView:
        async with self.db.transaction() as s:
            row = await repo.get_settings(s, guild_id)
        return TaskSettingsView(guild_id, bool(row and row.leads_only_channel_lists))

    async def toggle_leads_only(self, scope: Scope) -> TaskSettingsView:
        from bot.services import guild_settings as gs

        async with self.unit() as (s, _work):
            if not (await gs.settings_in(s, scope.guild_id)).is_lead(scope.actor):
                raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
            row = await repo.get_settings(s, scope.guild_id)
            current = bool(row and row.leads_only_channel_lists)
            saved = await repo.upsert_settings(
                s, scope.guild_id, self.clock.now(), leads_only_channel_lists=not current
            )
            return TaskSettingsView(scope.guild_id, saved.leads_only_channel_lists)

    async def nudges_on(self, user_id: int) -> bool:
        async with self.db.transaction() as s:
            row = await repo.get_member(s, user_id)
        return not (row and row.nudges_off)

    async def set_nudges(self, user_id: int, on: bool) -> bool:
        """Turn a member's task nudges on or off. Their planned nudges go or come back."""
        now = self.clock.now()
        async with self.unit() as (s, work):
            await repo.set_nudges_off(s, user_id, not on, now)
            for row in await repo.doing(s, user_id):
                await self._plan_nudge(s, row, work)
        return on
