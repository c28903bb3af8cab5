"""Projects: reads. None of them takes a lock or writes (the card, the More panel, lists, the calendar)."""

from __future__ import annotations

from dataclasses import replace

from bot import texts
from bot.errors import UserError
from bot.scope import AnyScope, Scope
from bot.services.projects.rules import (
    MAX_MINE,
    PAGE_SIZE,
    end_for,
    session_view,
)
from bot.services.projects.sessions import ProjectSessions
from bot.services.projects.views import (
    CANCELLED,
    DRAFT,
    GOING,
    CalendarInfo,
    MemberState,
    MovedSession,
    MyProject,
    ProjectPage,
    ProjectSummary,
    ProjectView,
    SessionView,
)
from db.models import Project
from db.repositories import projects as repo


class Queries(ProjectSessions):
    # ------------------------------------------------------------------ reading

    async def card(self, scope: AnyScope, project_id: int) -> ProjectView:
        """The card's data now. A read: the next session of a repeat is made by the roll job or a write."""
        now = self.clock.now()
        async with self.db.read() as s:
            p = await self._read(s, scope, project_id)
            return await self._view(s, p, now)

    async def posted_card(self, scope: Scope, project_id: int) -> ProjectView:
        """The card shown by "Open" in the list: only a posted project (a draft is its owner's alone)."""
        view = await self.card(scope, project_id)
        if view.state == DRAFT:
            raise UserError(texts.PROJECT_NOT_POSTED)
        return view

    async def sessions(self, scope: Scope, project_id: int) -> tuple[SessionView, ...]:
        """Every session made so far with its list, oldest first (past sessions keep their lists)."""
        async with self.db.transaction() as s:
            p = await self._read(s, scope, project_id)
            found = await repo.sessions_of(s, p.id)
            signups = await repo.signups_of(s, [x.id for x in found])
            return tuple(session_view(x, signups) for x in sorted(found, key=lambda x: (x.starts_at, x.id)))

    async def draft(self, scope: Scope, project_id: int) -> ProjectView:
        now = self.clock.now()
        async with self.db.transaction() as s:
            p = await self._read(s, scope, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, scope)
            return await self._view(s, p, now, [])

    async def member_state(self, scope: Scope, project_id: int) -> MemberState:
        """What the "More" panel shows to this member (a read)."""
        now = self.clock.now()
        async with self.db.read() as s:
            p = await self._read(s, scope, project_id)
            self._require_active_or_finished(p)
            view = await self._view(s, p, now)
            return await self._member_state(s, p, view, scope)

    async def list_upcoming(self, scope: Scope, page: int = 0, per_page: int = PAGE_SIZE) -> ProjectPage:
        """Upcoming projects in this server, newest first, one page at a time."""
        now = self.clock.now()
        guild_id = scope.guild_id
        async with self.db.transaction() as s:
            total = await repo.count_upcoming(s, guild_id, now)
            pages = max(1, -(-total // per_page))
            page = min(max(0, page), pages - 1)
            rows = await repo.upcoming(s, guild_id, now, page * per_page, per_page)
            nexts = await repo.next_open_sessions(s, [p.id for p in rows], now)
            # Places left: the shown session of each limited project, counted in two queries for the page.
            limited = [p for p in rows if p.places is not None]
            sessions = await repo.sessions_of_many(s, [p.id for p in limited])
            shown_ids = {p.id: shown.id for p in limited if (shown := self._shown(p, sessions[p.id], now))}
            going_by = await repo.count_status_many(s, shown_ids.values(), GOING)
            items = []
            for p in rows:
                nxt = nexts.get(p.id)
                if nxt is None and p.rule and p.starts_at is not None:
                    nxt = self._next_slot(p, now)
                if nxt is None:
                    nxt = p.starts_at
                places_left = None
                if p.places is not None:
                    going = going_by.get(shown_ids[p.id], 0) if p.id in shown_ids else 0
                    places_left = max(0, p.places - going)
                items.append(
                    ProjectSummary(
                        id=p.id,
                        title=p.title,
                        next_start=nxt,
                        where=p.place,
                        link=p.link,
                        places_left=places_left,
                        repeating=p.rule is not None,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
                )
            return ProjectPage(items=tuple(items), page=page, pages=pages, total=total)

    async def mine(self, scope: Scope) -> tuple[MyProject, ...]:
        """What this member is coming to (or might, or is waiting for), soonest first, one line a project."""
        now = self.clock.now()
        guild_id, user_id = scope.guild_id, scope.user_id
        async with self.db.transaction() as s:
            found: dict[int, MyProject] = {}
            regular_projects = await repo.my_regular_projects(s, guild_id, user_id)
            regular_ids = {p.id for p in regular_projects}
            for p, sess, signup in await repo.my_upcoming_signups(s, guild_id, user_id, now):
                if p.id not in found:
                    found[p.id] = MyProject(
                        id=p.id,
                        title=p.title,
                        starts_at=sess.starts_at,
                        status=signup.status,
                        every=p.id in regular_ids,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
            # A regular whose next session is not made yet is still coming.
            for p in regular_projects:
                if p.id in found or not p.rule or p.starts_at is None:
                    continue
                nxt = self._next_slot(p, now)
                regular = await repo.get_regular(s, p.id, user_id)
                if nxt is not None and regular is not None:
                    found[p.id] = MyProject(
                        id=p.id,
                        title=p.title,
                        starts_at=nxt,
                        status=regular.status,
                        every=True,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
            return tuple(sorted(found.values(), key=lambda m: (m.starts_at, m.id))[:MAX_MINE])

    async def calendar(self, scope: Scope, project_id: int) -> CalendarInfo:
        """What "Add to my calendar" puts in the .ics file."""
        async with self.db.transaction() as s:
            p = await self._read(s, scope, project_id)
            self._require_active_or_finished(p)
            sessions = await repo.sessions_of(s, p.id)
            assert p.starts_at is not None
            about = CalendarInfo(
                project_id=p.id,
                title=p.title,
                about=p.about,
                where=p.place,
                link=p.link,
                bring=p.bring,
                timezone=p.timezone,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                rule=p.rule,
                updated_at=p.updated_at,
            )
            if p.rule is None:
                only = sessions[0] if sessions else None
                if only is None:
                    return about
                return replace(about, starts_at=only.starts_at, ends_at=only.ends_at)
            in_series = [x for x in sessions if x.slot >= p.starts_at]
            return replace(
                about,
                cancelled_slots=tuple(x.slot for x in in_series if x.state == "cancelled"),
                moved=tuple(
                    MovedSession(slot=x.slot, starts_at=x.starts_at, ends_at=x.ends_at)
                    for x in in_series
                    if x.state == "open" and (x.starts_at != x.slot or x.ends_at != end_for(p, x.slot))
                ),
            )

    @staticmethod
    def _require_active_or_finished(p: Project) -> None:
        if p.state == CANCELLED:
            raise UserError(texts.PROJECT_IS_CANCELLED)
        if p.state == DRAFT:
            raise UserError(texts.PROJECT_NOT_POSTED)
