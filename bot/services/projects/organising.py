"""Projects: what organisers and leads do (sign up for, take off, co-organisers, sign-ups, details, time, cancel)."""

from __future__ import annotations

from datetime import datetime

from bot import texts
from bot.errors import NotFound, UserError
from bot.scope import Scope
from bot.services.projects.answers import Answers
from bot.services.projects.fields import ProjectDetails
from bot.services.projects.kinds import EVENT_REMINDER
from bot.services.projects.rules import (
    NOTICE_CANCELLED,
    NOTICE_CHANGED,
    NOTICE_ORGANISER,
    NOTICE_REMOVED,
    NOTICE_SIGNED_UP,
    Change,
    ChangeResult,
)
from bot.services.projects.views import (
    ACTIVE,
    CANCELLED,
    DRAFT,
    GOING,
    WAITING,
    Member,
    ProjectView,
    SignupResult,
)
from bot.services.timing import check_future
from db.repositories import projects as repo
from db.repositories import scheduled as sched


class Organising(Answers):
    # ------------------------------------------------------------------ organisers

    async def sign_up_for(self, scope: Scope, project_id: int, member: Member, *, every: bool = False) -> SignupResult:
        """Supporter mode: an organiser or lead signs a member up. The member is told and can say no."""
        now = self.clock.now()
        self._check_member(member)
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work)
            self._require_open_session(target, now)
            row = await repo.get_signup(s, target.id, member.user_id)
            every = every and p.rule is not None
            if (
                row is not None
                and row.status in (GOING, WAITING)
                and (not every or await repo.get_regular(s, p.id, member.user_id) is not None)
            ):
                raise UserError(texts.PROJECT_ALREADY_ON_LIST)
            status_now, changed, promoted = await self._answer(
                s, p, sessions, target, member.user_id, GOING, now, work, every=every, added_by=scope.user_id
            )
            result = await self._result(s, p, now, target, member.user_id, status_now, changed, every, promoted)
            await self._notice(
                s,
                p,
                NOTICE_SIGNED_UP,
                [member.user_id],
                now,
                work,
                session_id=target.id,
                by=scope.user_id,
                status=status_now,
                position=result.waiting_position,
                every=every,
            )
            return result

    async def remove_member(self, scope: Scope, project_id: int, user_id: int) -> ProjectView:
        """Take a member off the project's upcoming lists (and off "every session"). They are told."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            sessions = await self._sync(s, p, now, work)
            removed = False
            regular = await repo.get_regular(s, p.id, user_id)
            if regular is not None:
                await repo.delete_row(s, regular)
                removed = True
            for sess in self._upcoming_open(sessions, now):
                gone, _promoted = await self._remove_signup(s, p, sess, user_id, now, work)
                removed = removed or gone
            if not removed:
                raise UserError(texts.PROJECT_NOT_ON_LIST)
            await self._notice(s, p, NOTICE_REMOVED, [user_id], now, work, by=scope.user_id)
            return await self._view(s, p, now, sessions)

    async def add_organiser(self, scope: Scope, project_id: int, member: Member) -> ProjectView:
        now = self.clock.now()
        self._check_member(member)
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            if member.user_id == p.owner_id or await repo.get_organiser(s, p.id, member.user_id) is not None:
                raise UserError(texts.PROJECT_ALREADY_ORGANISER)
            await repo.add_organiser(s, project_id=p.id, user_id=member.user_id, added_by=scope.user_id, created_at=now)
            await self._notice(s, p, NOTICE_ORGANISER, [member.user_id], now, work, by=scope.user_id)
            return await self._view(s, p, now)

    async def set_signups_closed(self, scope: Scope, project_id: int, closed: bool) -> ProjectView:
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            p.signups_closed = closed
            p.updated_at = now
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def update_details(self, scope: Scope, project_id: int, details: ProjectDetails) -> ChangeResult:
        """New title, about, where, link or bring. Everyone on the list gets one "What changed" message."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, scope, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, scope)
            else:
                self._require_active(p)
                await self._require_organiser(s, p, scope)
            changes = [
                Change(what, old, new)
                for what, old, new in (
                    ("title", p.title, details.title),
                    ("where", p.place, details.where),
                    ("link", p.link, details.link),
                    ("bring", p.bring, details.bring),
                    ("about", p.about, details.about),
                )
                if old != new
            ]
            old_title = p.title
            p.title, p.about, p.place, p.link, p.bring = (
                details.title,
                details.about,
                details.where,
                details.link,
                details.bring,
            )
            p.updated_at = now
            told: list[int] = []
            sessions = await self._sync(s, p, now, work) if p.state == ACTIVE else []
            if changes and p.state == ACTIVE:
                told = await self._listed_people(s, p, self._upcoming_open(sessions, now))
                shown = self._shown(p, sessions, now)
                await self._notice(
                    s,
                    p,
                    NOTICE_CHANGED,
                    told,
                    now,
                    work,
                    session_id=shown.id if shown else None,
                    old_title=old_title,
                    changes=[{"what": c.what, "old": c.old, "new": c.new} for c in changes],
                )
            return ChangeResult(project=await self._view(s, p, now, sessions), changes=tuple(changes), told=tuple(told))

    async def move(
        self, scope: Scope, project_id: int, starts_at: datetime, *, session_id: int | None = None
    ) -> ChangeResult:
        """A new start time. One-off: the project. Repeating: ``session_id`` moves that session only, else
        the whole repeat moves from its next session on. Reminders move; everyone on the list is told once."""
        now = self.clock.now()
        starts_at = check_future(starts_at, now)
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            sessions = await self._sync(s, p, now, work)
            assert p.starts_at is not None
            if p.rule is None or session_id is not None:
                target = await self._target(s, p, sessions, now, work, session_id)
                self._require_open_session(target, now)
                old = target.starts_at
                if old == starts_at:
                    return ChangeResult(await self._view(s, p, now, sessions), (), ())
                length = target.ends_at - target.starts_at if target.ends_at is not None else None
                target.starts_at = starts_at
                target.ends_at = starts_at + length if length is not None else None
                target.updated_at = now
                if p.rule is None:
                    target.slot = starts_at
                    p.starts_at = starts_at
                    p.ends_at = target.ends_at
                moved = [target]
            else:
                upcoming = self._upcoming_open(sessions, now)
                first = upcoming[0] if upcoming else self._shown(p, sessions, now)
                assert first is not None
                old = first.starts_at
                if old == starts_at:
                    return ChangeResult(await self._view(s, p, now, sessions), (), ())
                duration = self._duration(p)
                # The repeat starts again from the new time; sessions still to come take its next slots in order.
                p.starts_at = starts_at
                p.ends_at = starts_at + duration if duration is not None else None
                future = sorted((x for x in sessions if x.starts_at > now), key=lambda x: (x.slot, x.id))
                slot: datetime | None = starts_at
                moved = []
                for sess in future:
                    if slot is None:  # the repeat ended: a leftover session is cancelled, its people told
                        sess.state = "cancelled"
                    else:
                        sess.slot = slot
                        sess.starts_at = slot
                        sess.ends_at = slot + duration if duration is not None else None
                        slot = self._next_slot(p, slot)
                    sess.updated_at = now
                    moved.append(sess)
            p.updated_at = now
            await s.flush()
            for sess in moved:
                await self._schedule_reminders(s, p, sess, now, work)
            still_on = [x for x in moved if x.state == "open"]
            told = await self._listed_people(s, p, still_on, regulars=p.rule is not None and session_id is None)
            shown_id = moved[0].id if moved else None
            change = {"what": "time", "old": old.isoformat(), "new": starts_at.isoformat()}
            await self._notice(s, p, NOTICE_CHANGED, told, now, work, session_id=shown_id, changes=[change])
            sessions = await self._sync(s, p, now, work)
            view = await self._view(s, p, now, sessions)
            return ChangeResult(view, (Change("time", old.isoformat(), starts_at.isoformat()),), tuple(told))

    async def move_session(self, scope: Scope, session_id: int, starts_at: datetime) -> ChangeResult:
        """Move one session of a repeating project (the time picker knows the session, not the project)."""
        async with self.db.transaction() as s:
            sess = await repo.get_session(s, session_id)
            if sess is None:
                raise NotFound(texts.PROJECT_SESSION_NOT_FOUND)
            project_id = sess.project_id  # move() checks the project is of this server
        return await self.move(scope, project_id, starts_at, session_id=session_id)

    async def cancel(self, scope: Scope, project_id: int) -> ProjectView:
        """Cancel the whole project. Everyone on a list still to come is told; reminders stop."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            sessions = await self._sync(s, p, now, work)
            upcoming = self._upcoming_open(sessions, now)
            told = await self._listed_people(s, p, upcoming)
            p.state = CANCELLED
            p.cancelled_at = now
            p.updated_at = now
            for sess in sessions:
                await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
            await self._cancel_pending_rolls(s, p, now)
            shown = self._shown(p, sessions, now)
            await self._notice(
                s, p, NOTICE_CANCELLED, told, now, work, session_id=shown.id if shown else None, whole=True
            )
            return await self._view(s, p, now, sessions)

    async def cancel_session(self, scope: Scope, project_id: int, session_id: int | None = None) -> ProjectView:
        """Cancel one session of a repeating project (a one-off project is cancelled as a whole)."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._organised(s, scope, project_id)
            if p.rule is None:
                raise UserError(texts.PROJECT_CANCEL_WHOLE)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work, session_id)
            self._require_open_session(target, now)
            told = await self._listed_people(s, p, [target], regulars=False)
            target.state = "cancelled"
            target.updated_at = now
            await s.flush()
            await sched.cancel(s, EVENT_REMINDER, target.id, now=now)
            await self._notice(s, p, NOTICE_CANCELLED, told, now, work, session_id=target.id, whole=False)
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)
