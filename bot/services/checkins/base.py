"""The parts every piece of the check-in service shares."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.errors import UserError
from bot.scope import system_scope
from bot.services.checkins.results import CheckinView

if TYPE_CHECKING:
    from bot.features import Shared

Notes = list[tuple[int, datetime]]  # scheduled rows to tell the scheduler about after commit


class ServiceBase:
    def __init__(self, shared: Shared, projects: Any = None) -> None:
        self.shared = shared
        self.projects = projects  # the projects service (built before this one), for "a project's members"
        self.db = shared.db
        self.clock = shared.clock

    def _now(self) -> datetime:
        return self.clock.now()

    def _tell(self, notes: Notes) -> None:
        for row_id, due in notes:
            self.shared.scheduler.notify(row_id, due)

    async def _project(self, guild_id: int, project_id: int) -> tuple[str, tuple[int, ...]] | None:
        """A running project of this server: its title and members (its regulars, and who is coming to a session
        still to come)."""
        if self.projects is None:
            return None
        try:
            view = await self.projects.card(system_scope(guild_id), project_id)
        except UserError:  # NotFound too
            return None
        if view.state != "active":
            return None
        sessions = (view.session, *view.upcoming) if view.session is not None else view.upcoming
        going = [user_id for session in sessions for user_id in session.going]
        return view.title, tuple(dict.fromkeys((*view.regulars, *going)))

    async def project_members(self, guild_id: int, project_id: int) -> tuple[int, ...] | None:
        """For an opening: the project's members now, or None when the project has ended."""
        found = await self._project(guild_id, project_id)
        return found[1] if found else None

    async def _titled(self, view: CheckinView) -> CheckinView:
        """The project's title for the lead's card (read after the draft's transaction: one at a time)."""
        if view.project_id is None:
            return view
        found = await self._project(view.guild_id, view.project_id)
        return replace(view, project_title=found[0] if found else "")
