"""Projects: what the scheduled handlers (jobs.py) read and make. Each checks the row is of the job's server."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import SESSION_HELD, SessionHeld
from bot.services.projects.rules import (
    session_view,
)
from bot.services.projects.sessions import ProjectSessions
from bot.services.projects.views import (
    ACTIVE,
    GOING,
    ProjectView,
    Reminder,
    SessionView,
)
from db.models import Project
from db.repositories import projects as repo
from db.repositories import scheduled as sched


class ForJobs(ProjectSessions):
    # ------------------------------------------------------------------ for the scheduled work handlers

    async def send_later(
        self, job_kind: str, ref_id: int, guild_id: int, payload: dict[str, Any], when: datetime
    ) -> None:
        """One member's copy of an automatic message, held back until their quiet hours end.

        A row of its own (its own nonce), due then; the kind's policy still applies, so an event reminder
        held past the start of the event is recorded as missed rather than sent too late.
        """
        async with self._unit() as (s, work):
            row = await sched.create(
                s, kind=job_kind, due_at=when, guild_id=guild_id, ref_id=ref_id, payload=payload, now=self.clock.now()
            )
            work.rows.append((row.id, when))

    async def roll(self, project_id: int) -> bool:
        """A repeating project's session started: make the next one. True when the card should be redrawn.

        After commit, ``SESSION_HELD`` tells of the session that started (a retry tells again: the thank-yous
        feature claims each session once, so nothing is celebrated twice).
        """
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await repo.lock_project(s, project_id)
            if p is None or p.state != ACTIVE or not p.rule:
                return False
            held = await self._held(s, p, now)
            await self._sync(s, p, now, work)
            if held is not None:
                work.after(lambda: self.events.publish(SESSION_HELD, held))
        return True

    async def _held(self, s: AsyncSession, p: Project, now: datetime) -> SessionHeld | None:
        """The session that started last (the one this roll was due for), and how many were held so far."""
        held = sorted(
            (x for x in await repo.sessions_of(s, p.id) if x.state == "open" and x.starts_at <= now),
            key=lambda x: (x.starts_at, x.id),
        )
        if not held:
            return None
        last = held[-1]
        signups = await repo.signups_of(s, [last.id])
        ticked = any(u.attended is not None for u in signups)
        people = tuple(u.user_id for u in signups if (u.attended if ticked else u.status == GOING))
        return SessionHeld(
            guild_id=p.guild_id,
            project_id=p.id,
            project_title=p.title,
            session_id=last.id,
            number=len(held),
            channel_id=p.channel_id,
            people=people,
            starts_at=last.starts_at,
        )

    async def reminder(self, guild_id: int | None, session_id: int, payload: dict[str, Any]) -> Reminder | None:
        """Who gets one reminder firing, or None when it no longer applies (cancelled, moved, finished)."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            sess = await repo.get_session(s, session_id)
            if sess is None or sess.state != "open":
                return None
            p = await repo.get_project(s, sess.project_id)
            if p is None or p.state != ACTIVE or p.guild_id != guild_id:
                return None
            planned = payload.get("starts_at")
            if not isinstance(planned, str) or datetime.fromisoformat(planned) != sess.starts_at:
                return None  # moved since: the moved session has its own reminders
            out = await repo.opted_out(s, p.id)
            signups = await repo.signups_of(s, [sess.id])
            recipients = tuple(u.user_id for u in signups if u.status == GOING and u.user_id not in out)
            view = await self._view(s, p, now)
            zones = await self._zones(s, p.guild_id, recipients)
            return Reminder(
                project=view,
                session=session_view(sess, signups),
                minutes_before=int(payload.get("minutes", 0)),
                recipients=recipients,
                zones=zones,
            )

    async def notice_context(
        self, guild_id: int | None, project_id: int, session_id: int | None, user_ids: Iterable[int]
    ) -> tuple[ProjectView, SessionView | None, dict[int, str]] | None:
        """The project (and session) a notice is about, and each member's time zone."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            p = await repo.get_project(s, project_id)
            if p is None or p.guild_id != guild_id:
                return None
            view = await self._view(s, p, now)
            sess_view = None
            if session_id is not None:
                sess = await repo.get_session(s, session_id)
                if sess is not None and sess.project_id == p.id:
                    sess_view = session_view(sess, await repo.signups_of(s, [sess.id]))
            return view, sess_view, await self._zones(s, p.guild_id, user_ids)
