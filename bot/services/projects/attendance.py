"""Projects: who came, and finishing a project (published as "project.finished" after commit)."""

from __future__ import annotations

from collections.abc import Iterable

from bot import texts
from bot.errors import UserError
from bot.events import PROJECT_FINISHED
from bot.scope import Scope
from bot.services.projects.kinds import EVENT_REMINDER
from bot.services.projects.rules import (
    dedupe,
)
from bot.services.projects.sessions import ProjectSessions
from bot.services.projects.views import (
    CANCELLED,
    DRAFT,
    FINISHED,
    GOING,
    MAYBE,
    WAITING,
    WALKIN,
    Attendance,
    ProjectFinished,
)
from db.repositories import projects as repo
from db.repositories import scheduled as sched


class Attending(ProjectSessions):
    async def record_attendance(
        self, scope: Scope, project_id: int, came: Iterable[int], *, session_id: int | None = None
    ) -> Attendance:
        """Tick who came to a session that has started (for the impact report). Others on the list did not."""
        now = self.clock.now()
        present = set(came)
        async with self._unit() as (s, _work):
            p = await self._locked(s, scope, project_id)
            if p.state in (DRAFT, CANCELLED):
                self._require_active(p)
            await self._require_organiser(s, p, scope)
            sessions = await repo.sessions_of(s, p.id)
            if session_id is None:
                started = [x for x in sessions if x.state == "open" and x.starts_at <= now]
                if not started:
                    raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
                target = max(started, key=lambda x: (x.starts_at, x.id))
            else:
                found = [x for x in sessions if x.id == session_id]
                if not found:
                    raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
                target = found[0]
                if target.starts_at > now:
                    raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
                if target.state == "cancelled":
                    raise UserError(texts.PROJECT_SESSION_CANCELLED)
            rows = {u.user_id: u for u in await repo.signups_of(s, [target.id])}
            for uid, row in rows.items():
                if row.status == WALKIN and uid not in present:
                    await repo.delete_row(s, row)
                    continue
                if row.status in (GOING, MAYBE, WAITING, WALKIN) or uid in present:
                    row.attended = uid in present
                    row.updated_at = now
            for uid in sorted(present - rows.keys()):
                await repo.add_signup(
                    s,
                    session_id=target.id,
                    user_id=uid,
                    status=WALKIN,
                    queue_no=await repo.next_queue_no(s, target.id),
                    queued_at=now,
                    added_by=scope.user_id,
                    attended=True,
                    created_at=now,
                    updated_at=now,
                )
            await s.flush()
            final = await repo.signups_of(s, [target.id])
            return Attendance(
                session_id=target.id,
                came=tuple(u.user_id for u in final if u.attended),
                did_not_come=tuple(u.user_id for u in final if u.attended is False),
            )

    async def finish(self, scope: Scope, project_id: int) -> ProjectFinished:
        """Mark the project finished: the thank-you is posted and ``on_finished`` subscribers hear of it."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            sessions = await repo.sessions_of(s, p.id)
            held = [x for x in sessions if x.state == "open" and x.starts_at <= now]
            if not held:
                raise UserError(texts.PROJECT_NOT_STARTED_YET)
            signups = await repo.signups_of(s, [x.id for x in held])
            ticked = [u for u in signups if u.attended is not None]
            if ticked:
                participants = dedupe(u.user_id for u in signups if u.attended)
            else:
                participants = dedupe(u.user_id for u in signups if u.status == GOING)
            p.state = FINISHED
            p.finished_at = now
            p.updated_at = now
            for sess in sessions:
                await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
            await self._cancel_pending_rolls(s, p, now)
            # The celebration ("🎉 Film club is finished. Thank you to ...") is the thank-yous feature's,
            # which hears PROJECT_FINISHED: projects posts nothing of its own, so there is one post.
            organisers = (p.owner_id, *await repo.co_organisers(s, p.id))
            event = ProjectFinished(
                project_id=p.id,
                guild_id=p.guild_id,
                channel_id=p.channel_id,
                message_id=p.message_id,
                title=p.title,
                organiser_ids=organisers,
                participant_ids=participants,
                finished_by=scope.user_id,
                finished_at=now,
                sessions=len(held),
            )
            work.after(lambda: self.events.publish(PROJECT_FINISHED, event))
        return event
