"""Reads: a list, one task as one member sees it, a member's own tasks. They never write."""

from __future__ import annotations

from bot.scope import Scope
from bot.services.tasks import rules
from bot.services.tasks.access import may_manage
from bot.services.tasks.presses import TaskPresses
from bot.services.tasks.results import DONE, ListView, MyTasks, TaskPanel, TaskView
from db.repositories import tasks as repo


def _soonest(tasks: list[TaskView]) -> tuple[TaskView, ...]:
    return tuple(sorted(tasks, key=lambda t: (t.due_at is None, t.due_at or t.done_at, t.id)))


class TaskQueries(TaskPresses):
    async def list_view(self, scope: Scope, list_id: int) -> ListView:
        async with self.db.transaction() as s:
            lst = await self._list(s, scope, list_id)
            return await self._list_view(s, lst)

    async def card(self, guild_id: int, list_id: int) -> ListView | None:
        """The newest state of a list, for redrawing its card (no person involved)."""
        async with self.db.transaction() as s:
            lst = await repo.get_list(s, guild_id, list_id)
            return await self._list_view(s, lst) if lst is not None else None

    async def panel(self, scope: Scope, task_id: int) -> TaskPanel:
        now = self.clock.now()
        async with self.db.transaction() as s:
            row = await self._task(s, scope, task_id, lock=False)
            lst = await self._list(s, scope, row.list_id)
            f = await self._facts(s, scope, lst)
            view = TaskView.of(row)
            can_undo = (
                row.state == DONE
                and row.done_at is not None
                and now - row.done_at <= rules.UNDO_FOR
                and (scope.user_id in view.done_by or may_manage(scope, row, f))
            )
            return TaskPanel(
                task=view,
                list=await self._list_view(s, lst, f),
                viewer_id=scope.user_id,
                can_manage=may_manage(scope, row, f),
                can_undo=can_undo,
                zone=await self._zone(s, scope.guild_id, scope.user_id),
            )

    async def mine(self, scope: Scope) -> tuple[MyTasks, str]:
        """What I am doing (or was asked to do) and what I asked for, soonest due first; and my zone."""
        async with self.db.transaction() as s:
            rows = [TaskView.of(r) for r in await repo.mine(s, scope.guild_id, scope.user_id)]
            zone = await self._zone(s, scope.guild_id, scope.user_id)
        me = scope.user_id
        doing = [t for t in rows if me in (t.doer_id, t.helper_id, t.asked_id)]
        asked = [t for t in rows if t not in doing]
        return MyTasks(doing=_soonest(doing), asked_for=_soonest(asked)), zone
