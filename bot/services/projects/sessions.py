"""Projects: sessions, places and the waiting list, and the snapshots the card is drawn from.

A one-off project has one session. A repeating project makes its sessions as they come: the next open
session always exists (with the regulars copied in), and a scheduled "project_roll" row at its start makes
the one after (or the first write that needs it). Past sessions keep their lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import UserError
from bot.recurrence import next_occurrence
from bot.scope import AnyScope
from bot.services.projects.core import ProjectsCore
from bot.services.projects.rules import (
    CHOICES,
    LISTED,
    NOTICE_PROMOTED,
    SLOT_WALK,
    dedupe,
    minutes_of,
    session_view,
)
from bot.services.projects.views import (
    ACTIVE,
    GOING,
    WAITING,
    MemberState,
    ProjectView,
    SessionView,
)
from bot.services.unit import Work
from bot.timefmt import DEFAULT_TIMEZONE, is_valid_timezone
from db.models import Project, ProjectSession
from db.repositories import projects as repo


class ProjectSessions(ProjectsCore):
    # ------------------------------------------------------------------ sessions

    @staticmethod
    def _duration(p: Project) -> timedelta | None:
        if p.starts_at is None or p.ends_at is None:
            return None
        return p.ends_at - p.starts_at

    async def _make_session(
        self, s: AsyncSession, p: Project, slot: datetime, now: datetime, work: Work
    ) -> ProjectSession:
        duration = self._duration(p)
        sess = await repo.add_session(
            s,
            project_id=p.id,
            slot=slot,
            starts_at=slot,
            ends_at=slot + duration if duration is not None else None,
            state="open",
            created_at=now,
            updated_at=now,
        )
        # Regulars come to every session: they join each new one in the order they became regulars.
        for regular in await repo.regulars_of(s, p.id):
            await self._set_status(s, p, sess, regular.user_id, regular.status, now, work, added_by=regular.added_by)
        await self._schedule_reminders(s, p, sess, now, work)
        return sess

    @staticmethod
    def _next_open(sessions: Sequence[ProjectSession], now: datetime) -> ProjectSession | None:
        upcoming = [x for x in sessions if x.state == "open" and x.starts_at > now]
        return min(upcoming, key=lambda x: (x.starts_at, x.id)) if upcoming else None

    def _next_slot(self, p: Project, after: datetime) -> datetime | None:
        assert p.rule is not None and p.starts_at is not None
        return next_occurrence(p.rule, p.timezone, p.starts_at, after)

    async def _sync(self, s: AsyncSession, p: Project, now: datetime, work: Work) -> list[ProjectSession]:
        """Make sure the next open session of a repeating project exists (and its roll row). Needs the lock."""
        sessions = await repo.sessions_of(s, p.id)
        if p.state != ACTIVE or not p.rule or p.starts_at is None:
            return sessions
        by_slot = {x.slot: x for x in sessions}
        slot = self._next_slot(p, now)
        for _ in range(SLOT_WALK):
            if slot is None:
                break
            sess = by_slot.get(slot)
            if sess is None:
                sess = await self._make_session(s, p, slot, now, work)
                sessions.append(sess)
                by_slot[slot] = sess
            if sess.state == "open" and sess.starts_at > now:
                break
            slot = self._next_slot(p, slot)
        sessions.sort(key=lambda x: (x.slot, x.id))
        await self._ensure_roll(s, p, self._next_open(sessions, now), now, work)
        return sessions

    def _shown(self, p: Project, sessions: Sequence[ProjectSession], now: datetime) -> ProjectSession | None:
        """The session the card is about: the next open one, else the latest one."""
        nxt = self._next_open(sessions, now)
        if nxt is not None:
            return nxt
        return max(sessions, key=lambda x: (x.starts_at, x.id)) if sessions else None

    async def _target(
        self,
        s: AsyncSession,
        p: Project,
        sessions: list[ProjectSession],
        now: datetime,
        work: Work,
        session_id: int | None = None,
        slot: datetime | None = None,
    ) -> ProjectSession:
        """The session an answer is for: the one named, a later one of the repeat, or the next one."""
        if session_id is not None:
            for sess in sessions:
                if sess.id == session_id:
                    return sess
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        if slot is not None:
            for sess in sessions:
                if sess.slot == slot:
                    return sess
            if not p.rule or slot <= now or self._next_slot(p, slot - timedelta(microseconds=1)) != slot:
                raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
            sess = await self._make_session(s, p, slot, now, work)
            sessions.append(sess)
            sessions.sort(key=lambda x: (x.slot, x.id))
            return sess
        shown = self._shown(p, sessions, now)
        if shown is None:
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        return shown

    @staticmethod
    def _require_open_session(sess: ProjectSession, now: datetime) -> None:
        if sess.state == "cancelled":
            raise UserError(texts.PROJECT_SESSION_CANCELLED)
        if sess.starts_at <= now:
            raise UserError(texts.PROJECT_SESSION_STARTED)

    def _upcoming_open(self, sessions: Iterable[ProjectSession], now: datetime) -> list[ProjectSession]:
        return sorted((x for x in sessions if x.state == "open" and x.starts_at > now), key=lambda x: x.starts_at)

    # ------------------------------------------------------------------ places and the waiting list

    async def _set_status(
        self,
        s: AsyncSession,
        p: Project,
        sess: ProjectSession,
        user_id: int,
        status: str,
        now: datetime,
        work: Work,
        *,
        added_by: int | None = None,
    ) -> tuple[str, bool, list[int]]:
        """Give ``user_id`` the answer ``status`` for one session. Returns (status now, changed, promoted)."""
        row = await repo.get_signup(s, sess.id, user_id)
        old = row.status if row is not None else None
        promoted: list[int] = []
        if status == GOING:
            if old in (GOING, WAITING):
                return old or GOING, False, promoted
            going = await repo.count_status(s, sess.id, GOING)
            new = GOING if p.places is None or going < p.places else WAITING
        else:
            if old == status:
                return status, False, promoted
            new = status
        if row is None:
            await repo.add_signup(
                s,
                session_id=sess.id,
                user_id=user_id,
                status=new,
                queue_no=await repo.next_queue_no(s, sess.id),
                queued_at=now,
                added_by=added_by,
                attended=None,
                created_at=now,
                updated_at=now,
            )
        else:
            row.status = new
            row.queue_no = await repo.next_queue_no(s, sess.id)  # a new answer goes to the back
            row.queued_at = now
            row.added_by = added_by
            row.updated_at = now
        await s.flush()
        if old == GOING and new != GOING:
            promoted = await self._fill(s, p, sess, now, work)
        return new, True, promoted

    async def _remove_signup(
        self, s: AsyncSession, p: Project, sess: ProjectSession, user_id: int, now: datetime, work: Work
    ) -> tuple[bool, list[int]]:
        row = await repo.get_signup(s, sess.id, user_id)
        if row is None or row.status not in LISTED:
            return False, []
        was_going = row.status == GOING
        await repo.delete_row(s, row)
        return True, (await self._fill(s, p, sess, now, work) if was_going else [])

    async def _fill(self, s: AsyncSession, p: Project, sess: ProjectSession, now: datetime, work: Work) -> list[int]:
        """Move members from the waiting list into free places, first come first. Each is told."""
        if sess.state != "open" or sess.starts_at <= now or p.state != ACTIVE:
            return []  # a past session's list is history
        promoted: list[int] = []
        going = await repo.count_status(s, sess.id, GOING)
        while p.places is None or going < p.places:
            first = await repo.first_waiting(s, sess.id)
            if first is None:
                break
            first.status = GOING
            first.updated_at = now
            await s.flush()
            going += 1
            promoted.append(first.user_id)
        if promoted:
            await self._notice(s, p, NOTICE_PROMOTED, promoted, now, work, session_id=sess.id)
        return promoted

    # ------------------------------------------------------------------ snapshots

    async def _view(
        self, s: AsyncSession, p: Project, now: datetime, sessions: Sequence[ProjectSession] | None = None
    ) -> ProjectView:
        if sessions is None:
            sessions = await repo.sessions_of(s, p.id)
        shown = self._shown(p, sessions, now)
        upcoming = self._upcoming_open(sessions, now)[:5]
        wanted = {x.id: x for x in [*upcoming, *([shown] if shown else [])]}
        signups = await repo.signups_of(s, wanted)
        views = {sid: session_view(sess, [u for u in signups if u.session_id == sid]) for sid, sess in wanted.items()}
        return replace(
            light_view(p, views[shown.id] if shown else None),
            co_organisers=tuple(await repo.co_organisers(s, p.id)),
            regulars=tuple(r.user_id for r in await repo.regulars_of(s, p.id)),
            upcoming=tuple(views[x.id] for x in upcoming),
            choices=self._choices(p, sessions, now),
        )

    async def _zones(self, s: AsyncSession, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = list(user_ids)
        server, own = await repo.zones_of(s, guild_id, ids)
        default = server if server and is_valid_timezone(server) else DEFAULT_TIMEZONE
        return {uid: own[uid] if uid in own and is_valid_timezone(own[uid]) else default for uid in ids}

    def _choices(
        self, p: Project, sessions: Sequence[ProjectSession], now: datetime, count: int = CHOICES
    ) -> tuple[tuple[datetime, datetime], ...]:
        """The next open sessions of a repeating project, made or not yet made: (slot, start)."""
        if p.state != ACTIVE or not p.rule or p.starts_at is None:
            return ()
        by_slot = {x.slot: x for x in sessions}
        found: list[tuple[datetime, datetime]] = []
        slot = self._next_slot(p, now)
        for _ in range(SLOT_WALK):
            if slot is None or len(found) >= count:
                break
            made = by_slot.get(slot)
            if made is None:
                found.append((slot, slot))
            elif made.state == "open" and made.starts_at > now:
                found.append((slot, made.starts_at))
            slot = self._next_slot(p, slot)
        return tuple(sorted(found, key=lambda c: c[1]))

    async def _listed_people(
        self, s: AsyncSession, p: Project, sessions: Iterable[ProjectSession], *, regulars: bool = True
    ) -> list[int]:
        ids = [u.user_id for u in await repo.signups_of(s, [x.id for x in sessions]) if u.status in LISTED]
        if regulars:
            ids += [r.user_id for r in await repo.regulars_of(s, p.id)]
        return list(dedupe(ids))

    async def _member_state(self, s: AsyncSession, p: Project, view: ProjectView, scope: AnyScope) -> MemberState:
        status = None
        position = None
        if view.session is not None:
            row = await repo.get_signup(s, view.session.id, scope.user_id)
            if row is not None:
                status = row.status
                if row.status == WAITING:
                    position = await repo.waiting_position(s, row)
        return MemberState(
            project=view,
            user_id=scope.user_id,
            status=status,
            every=scope.user_id in view.regulars,
            waiting_position=position,
            reminders_on=await repo.get_optout(s, p.id, scope.user_id) is None,
            can_organise=await self._can_organise(s, p, scope),
            is_owner=scope.user_id == p.owner_id,
        )


def light_view(p: Project, session: SessionView | None) -> ProjectView:
    """The project's own fields and one session: no organisers, regulars or other sessions.

    A sign-up press replies from this (the title and the time); the card is drawn from the full view.
    """
    return ProjectView(
        id=p.id,
        guild_id=p.guild_id,
        owner_id=p.owner_id,
        co_organisers=(),
        channel_id=p.channel_id,
        message_id=p.message_id,
        title=p.title,
        about=p.about,
        where=p.place,
        link=p.link,
        bring=p.bring,
        places=p.places,
        timezone=p.timezone,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        rule=p.rule,
        state=p.state,
        signups_closed=p.signups_closed,
        reminder_minutes=minutes_of(p.reminder_minutes),
        session=session,
    )
