"""The plumbing every tasks entry point shares: the unit of work, loading by scope, planning later work.

After the transaction commits, the scheduler hears of the rows made, then the events are published
(``events.TASK_DONE``, ``events.TASKS_ALL_DONE``). A subscriber failing is logged, never undoes the change.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotFound, UserError
from bot.features import Shared
from bot.scope import Scope
from bot.services import guild_settings as gs
from bot.services.tasks import rules
from bot.services.tasks.access import ListFacts, facts
from bot.services.tasks.results import DONE, DRAFT, OPEN, ListView, TaskView
from db.models import Task, TaskList
from db.repositories import scheduled as sched
from db.repositories import settings as settings_repo
from db.repositories import tasks as repo

log = logging.getLogger("connect.tasks")

TASK_NUDGE = "task_nudge"
TASK_NOTICE = "task_notice"


@dataclass
class Work:
    """What this transaction planned: scheduled rows (told after commit) and events (published after)."""

    rows: list[tuple[int, datetime]] = field(default_factory=list)
    events: list[tuple[str, Any]] = field(default_factory=list)


class TasksBase:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.db = shared.db
        self.clock = shared.clock

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[tuple[AsyncSession, Work]]:
        work = Work()
        async with self.db.transaction() as session:
            yield session, work
        # Inside db.batch() (a crowd's presses in one transaction) this waits for the batch's commit.
        await self.db.after_commit(lambda: self._committed(work))

    async def _committed(self, work: Work) -> None:
        for row_id, due_at in work.rows:
            try:
                self.shared.scheduler.notify(row_id, due_at)
            except Exception:  # the periodic refill finds the row anyway
                log.exception("could not tell the scheduler about row %s", row_id)
        for name, event in work.events:
            try:
                await self.shared.events.publish(name, event)
            except Exception:
                log.exception("a subscriber to %s failed", name)

    # ---- loading (a row of another server answers exactly like a missing one)

    async def _task(self, s: AsyncSession, scope: Scope, task_id: int, *, lock: bool = True) -> Task:
        row = await (repo.lock_task if lock else repo.get_task)(s, scope.guild_id, task_id)
        if row is None or row.state == "removed":
            raise NotFound(texts.TASK_NOT_FOUND)
        return row

    async def _open_task(self, s: AsyncSession, scope: Scope, task_id: int) -> Task:
        row = await self._task(s, scope, task_id)
        if row.state == DRAFT:
            raise UserError(texts.TASK_IS_DRAFT)
        if row.state == DONE:
            raise UserError(texts.TASK_IS_DONE.format(title=row.title))
        return row

    async def _list(self, s: AsyncSession, scope: Scope, list_id: int) -> TaskList:
        row = await repo.get_list(s, scope.guild_id, list_id)
        if row is None:
            raise NotFound(texts.TASK_LIST_NOT_FOUND)
        return row

    async def _facts(self, s: AsyncSession, scope: Scope, lst: TaskList) -> ListFacts:
        return await facts(s, scope, lst)

    async def _zone(self, s: AsyncSession, guild_id: int, user_id: int | None = None) -> str:
        if user_id is not None:
            member = await settings_repo.get_member(s, user_id)
            if member is not None and member.timezone:
                return member.timezone
        return (await gs.settings_in(s, guild_id)).timezone

    async def _list_view(self, s: AsyncSession, lst: TaskList, f: ListFacts | None = None) -> ListView:
        # A done chore whose next copy is on the list goes from the card once it can no longer be undone,
        # so a weekly chore does not fill the card with a year of copies.
        gone = self.clock.now() - rules.UNDO_FOR
        rows = [
            r
            for r in await repo.tasks_of(s, lst.id)
            if not (r.state == DONE and r.next_id is not None and r.done_at is not None and r.done_at < gone)
        ]
        own = await repo.get_settings(s, lst.guild_id)
        title = None
        if lst.project_id is not None:
            project = await repo.project(s, lst.guild_id, lst.project_id)
            title = project.title if project else None
        return ListView(
            id=lst.id,
            guild_id=lst.guild_id,
            project_id=lst.project_id,
            project_title=title if f is None else f.project_title,
            channel_id=lst.channel_id,
            message_id=lst.message_id,
            timezone=(await gs.settings_in(s, lst.guild_id)).timezone,
            tasks=tuple(TaskView.of(r) for r in rows),
            members_may_add=lst.project_id is None and not (own and own.leads_only_channel_lists),
        )

    # ---- later work

    async def _notice(self, s: AsyncSession, task: Task, work: Work, kind: str, to: list[int], **data: Any) -> None:
        """A private message to each of ``to`` (never to the person who did the thing: ``data["by"]``)."""
        now = self.clock.now()
        by = data.get("by")
        for user_id in dict.fromkeys(to):
            if not user_id or user_id == by:
                continue
            payload = {"type": kind, "user_id": user_id, "title": task.title, **data}
            row = await sched.create(
                s, kind=TASK_NOTICE, due_at=now, guild_id=task.guild_id, ref_id=task.id, payload=payload, now=now
            )
            work.rows.append((row.id, now))

    async def _plan_nudge(self, s: AsyncSession, task: Task, work: Work) -> None:
        """One nudge to the person doing it before it is due; moved whenever the person or the time changes."""
        now = self.clock.now()
        await sched.cancel(s, TASK_NUDGE, task.id, now=now)
        if task.state != OPEN or task.doer_id is None or task.due_at is None:
            return
        member = await repo.get_member(s, task.doer_id)
        if member is not None and member.nudges_off:
            return
        zone = await self._zone(s, task.guild_id, task.doer_id)
        when = rules.nudge_time(task.due_at, zone, now)
        if when is None:
            return
        payload = {"doer": task.doer_id, "due": task.due_at.isoformat()}
        row = await sched.create(
            s, kind=TASK_NUDGE, due_at=when, guild_id=task.guild_id, ref_id=task.id, payload=payload, now=now
        )
        work.rows.append((row.id, when))
