"""The scheduler's handlers for projects (Discord-free: the messages come from an injected render).

- ``event_reminder`` (ref: session id): a private message to each member coming (not those who turned
  reminders off for the project), with the project's channel as the fallback when DMs are closed.
- ``project_notice`` (ref: project id): private messages made by a change (a place opened, what changed,
  cancelled, signed up by a supporter, taken off, made an organiser), or the thank-you post in the channel.
- ``project_roll`` (ref: project id): a repeating project's session started; make the next one.

Each member gets their own nonce (``job.nonce_for(user_id)``), so a retry after a crash sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.features import Kind
from bot.scheduling.registry import Job
from bot.services.projects.kinds import (
    EVENT_REMINDER,
    NOTICE_POLICY,
    PROJECT_NOTICE,
    PROJECT_ROLL,
    REMINDER_POLICY,
    ROLL_POLICY,
)
from bot.services.projects.service import NOTICE_FINISHED
from bot.services.projects.views import ProjectView, Reminder, SessionView

if TYPE_CHECKING:
    from bot.notifier import OutMessage
    from bot.services.projects.service import ProjectsService

log = logging.getLogger("connect.projects.jobs")

# In the payload of a copy held back by one member's quiet hours: that member's user id.
ONLY_FOR = "only_for"


@dataclass(frozen=True)
class ProjectRender:
    """The Discord side of the messages (bot/render/projects gives the real one)."""

    reminder: Callable[..., OutMessage]  # (Reminder, zone, now, *, late) -> OutMessage
    notice: Callable[..., OutMessage]  # (payload, ProjectView, SessionView | None, zone, now, *, late) -> OutMessage
    finished: Callable[..., OutMessage]  # (ProjectView, participants, *, late) -> OutMessage


@dataclass(frozen=True)
class Sent:
    """What one firing sent (for tests and logs)."""

    dms: int = 0
    channel_posts: int = 0
    fallbacks: int = 0
    skipped: str | None = None


class ProjectJobs:
    def __init__(
        self,
        service: ProjectsService,
        render: ProjectRender,
        on_card_changed: Callable[[int, int], Awaitable[None]] | None = None,
    ) -> None:
        self.service = service
        self.render = render
        # (guild id, project id): draw the card again after scheduled work changed it (the feature's wiring).
        self.on_card_changed = on_card_changed

    def kinds(self) -> list[Kind]:
        return [
            Kind(EVENT_REMINDER, self.event_reminder, REMINDER_POLICY),
            Kind(PROJECT_NOTICE, self.notice, NOTICE_POLICY),
            Kind(PROJECT_ROLL, self.roll, ROLL_POLICY),
        ]

    async def _quiet_now(self, job: Job, user_id: int) -> bool:
        """True when this member is in quiet hours: their copy is sent when they end (a row of its own)."""
        quiet = self.service.quiet_hours
        if quiet is None or job.guild_id is None or job.ref_id is None:
            return False
        when = await quiet.deliver_at(user_id, job.fired_at, job.guild_id)
        if when <= job.fired_at:
            return False
        payload = {**dict(job.payload), ONLY_FOR: user_id}
        await self.service.send_later(job.kind, job.ref_id, job.guild_id, payload, when)
        return True

    def _recipients(self, job: Job, everyone: Sequence[int]) -> list[int]:
        """Everyone, or, for a copy held back by quiet hours, only that member."""
        only = job.payload.get(ONLY_FOR)
        return [u for u in everyone if u == int(only)] if only is not None else list(everyone)

    async def _dm(self, job: Job, user_id: int, msg: OutMessage, fallback: int | None, sent: dict[str, int]) -> None:
        delivery = await job.notifier.send_dm(user_id, msg, job.nonce_for(user_id), fallback_channel_id=fallback)
        if delivery.via != "none":
            sent["dms"] += 1
        if delivery.dm_failed:
            sent["fallbacks"] += 1

    async def event_reminder(self, job: Job) -> None:
        await self.send_reminder(job)

    async def send_reminder(self, job: Job) -> Sent:
        if job.ref_id is None:
            return Sent(skipped="no session")
        reminder: Reminder | None = await self.service.reminder(job.guild_id, job.ref_id, dict(job.payload))
        if reminder is None:
            return Sent(skipped="cancelled, moved or finished")
        sent = {"dms": 0, "fallbacks": 0}
        for user_id in self._recipients(job, reminder.recipients):
            if ONLY_FOR not in job.payload and await self._quiet_now(job, user_id):
                continue
            msg = self.render.reminder(reminder, reminder.zones[user_id], job.fired_at, late=job.late)
            await self._dm(job, user_id, msg, reminder.project.channel_id, sent)
        return Sent(dms=sent["dms"], fallbacks=sent["fallbacks"])

    async def notice(self, job: Job) -> None:
        await self.send_notice(job)

    async def send_notice(self, job: Job) -> Sent:
        payload: Mapping[str, Any] = job.payload
        if job.ref_id is None:
            return Sent(skipped="no project")
        users: Sequence[int] = [int(u) for u in payload.get("user_ids") or []]
        session_id = payload.get("session_id")
        found = await self.service.notice_context(
            job.guild_id, job.ref_id, int(session_id) if session_id is not None else None, users
        )
        if found is None:
            return Sent(skipped="project deleted")
        view, session, zones = found
        if payload.get("type") == NOTICE_FINISHED:
            # Only rows made before the thank-yous feature took over the celebration (kept for upgrades).
            if view.channel_id is None:
                return Sent(skipped="no channel")
            participants = [int(u) for u in payload.get("participants") or []]
            await job.notifier.send_to_channel(
                view.channel_id, self.render.finished(view, participants, late=job.late), job.nonce
            )
            return Sent(channel_posts=1)
        sent = {"dms": 0, "fallbacks": 0}
        for user_id in self._recipients(job, users):
            if _stale(payload, view, session, user_id):
                continue
            if ONLY_FOR not in payload and await self._quiet_now(job, user_id):
                continue
            msg = self.render.notice(payload, view, session, zones[user_id], job.fired_at, late=job.late)
            await self._dm(job, user_id, msg, view.channel_id, sent)
        return Sent(dms=sent["dms"], fallbacks=sent["fallbacks"])

    async def roll(self, job: Job) -> None:
        if job.ref_id is None or not await self.service.roll(job.ref_id):
            return
        if self.on_card_changed is not None and job.guild_id is not None:
            try:
                await self.on_card_changed(job.guild_id, job.ref_id)
            except Exception:  # the roll is done; a card that cannot be edited is only logged
                log.exception("redrawing the card of project %s failed", job.ref_id)


def _stale(payload: Mapping[str, Any], view: ProjectView, session: SessionView | None, user_id: int) -> bool:
    """A "place opened" message for someone who is no longer coming (they left again before it went)."""
    if payload.get("type") == "promoted":
        return session is None or user_id not in session.going or view.state != "active"
    return False
