"""My data for tasks: what we hold about a member, a copy of it, and erasing it.

Erasing keeps the list whole for everyone else: a task the member did or was doing stays, without their
name (an open one goes back to the list); tasks they added stay, marked as added by nobody (0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import texts
from bot.services.tasks.base import TASK_NOTICE, TASK_NUDGE, TasksBase
from bot.services.tasks.results import OPEN, parse_rota
from db.models import ScheduledWork, Task
from db.repositories import scheduled as sched
from db.repositories import tasks as repo

_FIELDS = ("id", "guild_id", "list_id", "title", "details", "state", "repeat", "due_at", "done_at", "created_at")


def _row(task: Task, user_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(task, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    out["your_part"] = [
        part
        for part, uid in (
            ("added", task.added_by),
            ("doing", task.doer_id),
            ("helping", task.helper_id),
            ("asked", task.asked_id),
            ("asked someone", task.asked_by),
        )
        if uid == user_id
    ] + (["in the turns"] if user_id in parse_rota(task.rota) else [])
    return out


class TasksPersonalData:
    def __init__(self, service: TasksBase) -> None:
        self.service = service

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        async with self.service.db.transaction() as s:
            rows = await repo.tasks_holding(s, user_id, guild_id)
            member = await repo.get_member(s, user_id)
        lines = []
        doing = sum(1 for t in rows if t.state == OPEN and user_id in (t.doer_id, t.helper_id))
        added = sum(1 for t in rows if t.added_by == user_id and t.state != "draft")
        if doing:
            lines.append(texts.TASK_DATA_DOING.format(count=doing))
        if added:
            lines.append(texts.TASK_DATA_ADDED.format(count=added))
        if member is not None and member.nudges_off:
            lines.append(texts.TASK_DATA_NUDGES_OFF)
        return lines

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        async with self.service.db.transaction() as s:
            rows = await repo.tasks_holding(s, user_id, guild_id)
            member = await repo.get_member(s, user_id)
        found = [_row(t, user_id) for t in rows]
        out: dict[str, list[dict[str, Any]]] = {"tasks": [r for r in found if r["your_part"]]}
        if member is not None:
            out["task_member_settings"] = [{"user_id": user_id, "nudges_off": member.nudges_off}]
        return out

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        now = self.service.clock.now()
        async with self.service.unit() as (s, work):
            for task in await repo.tasks_holding(s, user_id, guild_id):
                if task.state == "draft" and task.added_by == user_id:
                    await repo.delete_task(s, task)
                    continue
                if task.doer_id == user_id:
                    if task.state == OPEN:  # the helper carries on; else it goes back to the list
                        task.doer_id, task.helper_id = task.helper_id, None
                        task.wants_helper = task.needs_help = False
                    else:
                        task.doer_id = None
                if task.helper_id == user_id:
                    task.helper_id = None
                if task.asked_id == user_id:
                    task.asked_id = None
                if task.asked_by == user_id:
                    task.asked_by = None
                if task.added_by == user_id:
                    task.added_by = 0
                rota = [u for u in parse_rota(task.rota) if u != user_id]
                task.rota = ",".join(str(u) for u in rota)
                task.updated_at = now
                await self.service._plan_nudge(s, task, work)
                # Messages still waiting that are addressed to them.
                for row in await sched.active_for(s, TASK_NOTICE, task.id):
                    if isinstance(row.payload, dict) and row.payload.get("user_id") == user_id:
                        await sched.cancel_row(s, row.id, now=now)
            for row in await _nudges_for(s, user_id):
                await sched.cancel_row(s, row.id, now=now)
            if guild_id is None:
                await repo.delete_member(s, user_id)


async def _nudges_for(s: Any, user_id: int) -> list[ScheduledWork]:
    import sqlalchemy as sa

    stmt = sa.select(ScheduledWork).where(
        ScheduledWork.kind == TASK_NUDGE, ScheduledWork.state.in_(sched.ACTIVE_STATES)
    )
    rows = (await s.scalars(stmt)).all()
    return [r for r in rows if isinstance(r.payload, dict) and r.payload.get("doer") == user_id]
