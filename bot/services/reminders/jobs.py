"""Reminders: the scheduler's handler for kind "reminder": one firing, sent and recorded.

Raising asks the scheduler for a retry; the nonces make a retry send nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from bot.errors import UserError
from bot.features import Kind
from bot.recurrence import next_occurrence
from bot.scope import system_scope
from db.repositories import reminders as repo
from db.repositories import scheduled as sched

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.notifier import Delivery
    from bot.scheduling.registry import Job
    from bot.services.projects.views import ProjectView

from bot.services.reminders.core import ReminderCore
from bot.services.reminders.results import (
    CHANNEL,
    KIND,
    LIVE,
    ME,
    PROJECT,
    REMINDER_POLICY,
    ROLE,
    SERVER_KINDS,
    FiringResult,
    ProjectLink,
    ReminderInfo,
    ReminderNotice,
    Render,
)
from bot.services.reminders.rules import info_of, project_url

log = logging.getLogger("connect.reminders")
T = TypeVar("T")


class Firing(ReminderCore):
    # ------------------------------------------------------------------ firing (the scheduler's handler)

    def kinds(self, render: Render) -> list[Kind]:
        """The feature's one kind, "reminder", fired with this service (given to the app by the Feature)."""

        async def handle(job: Job) -> None:
            await self.fire(job, render)

        return [Kind(KIND, handle, REMINDER_POLICY)]

    async def fire(self, job: Job, render: Render) -> FiringResult:
        """One firing: build the message, send it (DMs with the channel as fallback), record what happened.

        Raising asks the scheduler for a retry; the nonces make a retry send nothing twice.
        """
        if job.ref_id is None:
            return FiringResult(0, 0, skipped="no reminder")
        again = bool(job.payload.get("later"))
        only_user = job.payload.get("user") if again else None
        ref_id = job.ref_id

        async def load(session: AsyncSession) -> ReminderInfo | FiringResult:
            row = await repo.get(session, ref_id)
            if row is not None and row.guild_id != job.guild_id:
                return FiringResult(0, 0, skipped="another server")  # never fires another server's reminder
            if row is None or row.state not in (repo.ACTIVE, repo.SENT):
                # Cancelled or finished meanwhile: make sure nothing of it fires again.
                await sched.cancel(session, KIND, ref_id, now=job.fired_at)
                return FiringResult(0, 0, skipped="not active")
            return info_of(row, None, None)

        loaded = await self._transact(job, load)
        if isinstance(loaded, FiringResult):
            return loaded
        snapshot = loaded

        project: ProjectLink | None = None
        view: ProjectView | None = None
        if snapshot.project_id is not None and self.projects is not None:
            try:
                view = await self.projects.card(system_scope(snapshot.guild_id), snapshot.project_id)
                project = ProjectLink(view.id, view.title, project_url(view))
            except UserError:
                view = None

        recipients: list[int] = []
        if snapshot.target_kind == ME:
            recipients = [snapshot.author_id]
        elif snapshot.target_kind == PROJECT:
            if isinstance(only_user, int):
                recipients = [only_user]
            elif view is not None and view.state == "active" and view.session is not None:
                recipients = list(dict.fromkeys(view.session.going))
            elif view is None or view.state != "active":
                await self._end_for_project(job, snapshot)
                return FiringResult(0, 0, skipped="project gone")

        zone = snapshot.timezone
        if snapshot.target_kind in SERVER_KINDS:
            zone = (await self._server(snapshot.guild_id)).timezone
        elif snapshot.target_kind == PROJECT and view is not None:
            zone = view.timezone
        notice = ReminderNotice(
            reminder_id=snapshot.id,
            guild_id=snapshot.guild_id,
            author_id=snapshot.author_id,
            text=snapshot.text,
            target_kind=snapshot.target_kind,
            role_id=snapshot.target_id if snapshot.target_kind == ROLE else None,
            set_at=snapshot.created_at,
            due_at=job.due_at,
            timezone=zone,
            repeating=snapshot.repeating,
            repeat_words=snapshot.repeat_words,
            late=job.late,
            tts=snapshot.tts and snapshot.target_kind == CHANNEL,
            project=project,
            again=again,
        )
        msg = render(notice)

        sent = failures = 0
        via = "channel"
        if snapshot.target_kind == CHANNEL and snapshot.target_id:
            await job.notifier.send_to_channel(snapshot.target_id, msg, job.nonce)
            sent = 1
        elif snapshot.target_kind == ROLE and snapshot.channel_id:
            await job.notifier.send_to_channel(snapshot.channel_id, msg, job.nonce)
            sent = 1
        else:
            fallback = snapshot.channel_id
            if snapshot.target_kind == PROJECT and view is not None and view.channel_id:
                fallback = view.channel_id
            via = "dm"
            for user_id in recipients:
                nonce = job.nonce if len(recipients) == 1 else job.nonce_for(user_id)
                delivery: Delivery = await job.notifier.send_dm(user_id, msg, nonce, fallback_channel_id=fallback)
                if delivery.dm_failed:
                    failures += 1
                    via = delivery.via
                    log.info("reminder %s: DMs closed for a member, sent via %s", snapshot.id, delivery.via)
                if delivery.via != "none":
                    sent += 1
            if not recipients:
                via = "none"

        await self._record(job, snapshot.id, via, failures)
        return FiringResult(sent, failures)

    async def _record(self, job: Job, reminder_id: int, via: str, failures: int) -> None:
        """After sending: when it was sent and how (a DM that failed is counted), and whether anything of
        the reminder is still to come."""
        now = self.clock.now()

        async def record(session: AsyncSession) -> None:
            row = await repo.lock(session, reminder_id)
            if row is None:
                return
            row.last_sent_at = now
            row.last_delivery = via
            row.dm_failures = (row.dm_failures or 0) + failures
            row.updated_at = now
            if row.state == repo.ACTIVE:
                others = [r for r in await sched.active_for(session, KIND, reminder_id) if r.id != job.id]
                series_goes_on = bool(
                    job.rule
                    and job.timezone
                    and next_occurrence(job.rule, job.timezone, job.series_start or job.due_at, job.due_at)
                )
                if not others and not series_goes_on:
                    row.state = repo.SENT

        await self._transact(job, record)

    async def _transact(self, job: Job, op: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """In the scheduler's shared transactions when it gives them (a burst's firings then share
        commits, bot/scheduling/batch.py), else in a transaction of its own."""
        if job.writes is not None:
            return await job.writes.run(op)
        async with self.db.transaction() as session:
            return await op(session)

    async def _end_for_project(self, job: Job, snapshot: ReminderInfo) -> None:
        """The project was cancelled, finished or deleted: its reminders stop."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await repo.lock(session, snapshot.id)
            if row is not None and row.state in LIVE:
                await sched.cancel(session, KIND, row.id, now=now)
                row.state = repo.CANCELLED
                row.updated_at = now
        log.info("reminder %s stopped: its project %s is gone", snapshot.id, snapshot.project_id)
