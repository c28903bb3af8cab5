"""The scheduler's handlers for tasks (Discord-free: the messages come from an injected render).

- ``task_nudge`` (ref: task id): one private nudge to the person doing it before it is due. Skipped when
  the task changed since it was planned, the member is away or turned nudges off, or a nudge went less
  than a day ago; held until quiet hours end (a row of its own), never after the task is due.
- ``task_notice`` (ref: task id): one private message (asked, your turn, done, given back, needs help,
  said yes or no), or the celebration in the project's channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.scheduling.registry import Job, KindPolicy
from bot.services.tasks import rules
from bot.services.tasks.base import TASK_NOTICE, TASK_NUDGE
from bot.services.tasks.results import OPEN, TaskView
from db.repositories import scheduled as sched
from db.repositories import tasks as repo

if TYPE_CHECKING:
    from bot.notifier import OutMessage
    from bot.services.tasks import TasksService

log = logging.getLogger("connect.tasks.jobs")

# A nudge is useless once the task is due; a notice a day late still helps.
NUDGE_POLICY = KindPolicy(max_lateness=timedelta(hours=24))
NOTICE_POLICY = KindPolicy(max_lateness=timedelta(hours=24))


@dataclass(frozen=True)
class TaskRender:
    """The Discord side of the messages (bot/render/tasks.py gives the real one)."""

    nudge: Callable[..., OutMessage]  # (TaskView, zone, now, *, late) -> OutMessage
    notice: Callable[..., OutMessage]  # (payload, TaskView | None, zone, now, *, late) -> OutMessage
    celebrate: Callable[..., OutMessage]  # (payload, *, late) -> OutMessage


class TaskJobs:
    def __init__(self, service: TasksService, render: TaskRender) -> None:
        self.service = service
        self.render = render

    async def _task(self, guild_id: int | None, task_id: int) -> tuple[TaskView | None, datetime | None, int | None]:
        """The task (of the row's own server), when it was last nudged, and its list's channel."""
        async with self.service.db.transaction() as s:
            row = await repo.get_task(s, guild_id or 0, task_id)
            if row is None:
                return None, None, None
            lst = await repo.get_list(s, row.guild_id, row.list_id)
            return TaskView.of(row), row.last_nudged_at, lst.channel_id if lst else None

    async def _zone_of(self, guild_id: int | None, user_id: int) -> str:
        return await self.service.shared.settings.timezone_for(guild_id, user_id)

    async def _held(self, job: Job, user_id: int, kind: str, ref_id: int, *, before: datetime | None = None) -> bool:
        """In the member's quiet hours: the message waits in a row of its own until they end (a nudge
        that would then come after the task is due is dropped). True when it was held or dropped."""
        when = await self.service.shared.quiet_hours.deliver_at(user_id, job.fired_at, job.guild_id)
        if when <= job.fired_at:
            return False
        if before is not None and when >= before:
            return True
        async with self.service.db.transaction() as s:
            held = await sched.create(
                s, kind=kind, due_at=when, guild_id=job.guild_id, ref_id=ref_id, payload=dict(job.payload)
            )
        self.service.shared.scheduler.notify(held.id, when)
        return True

    async def nudge(self, job: Job) -> None:
        await self.send_nudge(job)

    async def send_nudge(self, job: Job) -> str:
        """Returns what happened ("sent", or why not), for tests and logs."""
        if job.ref_id is None:
            return "no task"
        task, last, channel_id = await self._task(job.guild_id, job.ref_id)
        payload: Mapping[str, Any] = job.payload
        if task is None or task.state != OPEN or task.doer_id is None or task.due_at is None:
            return "not open"
        if task.doer_id != payload.get("doer") or task.due_at.isoformat() != payload.get("due"):
            return "changed"
        if task.due_at <= job.fired_at:
            return "already due"
        doer = task.doer_id
        if not await self.service.nudges_on(doer):
            return "nudges off"
        if await self.service.shared.quiet_hours.is_away(doer):
            return "away"
        if last is not None and job.fired_at - last < rules.NUDGE_GAP:
            return "nudged today"
        if await self._held(job, doer, TASK_NUDGE, task.id, before=task.due_at):
            return "held for quiet hours"
        msg = self.render.nudge(task, await self._zone_of(job.guild_id, doer), job.fired_at, late=job.late)
        await job.notifier.send_dm(doer, msg, job.nonce, fallback_channel_id=channel_id)
        async with self.service.db.transaction() as s:
            row = await repo.get_task(s, task.guild_id, task.id)
            if row is not None:
                row.last_nudged_at = job.fired_at
        return "sent"

    async def notice(self, job: Job) -> None:
        await self.send_notice(job)

    async def send_notice(self, job: Job) -> str:
        payload: Mapping[str, Any] = job.payload
        if payload.get("type") == "celebrate":
            # Only rows made before the thank-yous feature took over the celebration (kept for upgrades).
            channel_id = int(payload["channel_id"])
            await job.notifier.send_to_channel(channel_id, self.render.celebrate(payload, late=job.late), job.nonce)
            return "posted"
        user_id = int(payload.get("user_id") or 0)
        if not user_id or job.ref_id is None:
            return "nobody"
        task, _last, fallback = await self._task(job.guild_id, job.ref_id)
        if task is not None and task.state == "removed":
            return "removed"
        if payload.get("type") == "ask" and (task is None or task.asked_id != user_id):
            return "answered or changed"
        if await self._held(job, user_id, TASK_NOTICE, task.id if task else job.ref_id):
            return "held for quiet hours"
        zone = await self._zone_of(job.guild_id, user_id)
        msg = self.render.notice(payload, task, zone, job.fired_at, late=job.late)
        await job.notifier.send_dm(user_id, msg, job.nonce, fallback_channel_id=fallback)
        return "sent"


def kinds_of(jobs: TaskJobs) -> list[tuple[str, Any, KindPolicy]]:
    return [(TASK_NUDGE, jobs.nudge, NUDGE_POLICY), (TASK_NOTICE, jobs.notice, NOTICE_POLICY)]
