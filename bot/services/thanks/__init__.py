"""Thank-yous and celebrations (issue 11): score-free thanks, "me too", consent, the weekly good news.

``ThanksService`` is the feature's service (``bot.services.features["thanks"]``): writes in commands.py,
reads in queries.py, events and scheduled kinds in jobs.py, personal data in data.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import events
from bot.services.thanks.commands import ThanksCommands
from bot.services.thanks.data import ThanksData
from bot.services.thanks.jobs import ThanksEvents, ThanksJobs, ThanksRender
from bot.services.thanks.queries import TaskLookup
from bot.services.thanks.results import (
    BoardLine,
    Digest,
    Draft,
    MemberChoices,
    MeToo,
    Person,
    Said,
    TaskFacts,
    ThanksSettingsView,
    ThanksView,
)
from bot.services.thanks.rules import CELEBRATION, WEEKLY_DIGEST

if TYPE_CHECKING:
    from bot.features import Shared

__all__ = [
    "CELEBRATION",
    "WEEKLY_DIGEST",
    "BoardLine",
    "Digest",
    "Draft",
    "MeToo",
    "MemberChoices",
    "Person",
    "Said",
    "TaskFacts",
    "TaskLookup",
    "ThanksData",
    "ThanksJobs",
    "ThanksRender",
    "ThanksService",
    "ThanksSettingsView",
    "ThanksView",
]


class ThanksService(ThanksCommands):
    def __init__(self, shared: Shared, tasks: TaskLookup | None = None) -> None:
        super().__init__(shared, tasks)
        self.events = ThanksEvents(self)
        self.data = ThanksData(self)
        shared.events.subscribe(events.PROJECT_FINISHED, self.events.project_finished)
        shared.events.subscribe(events.TASK_DONE, self.events.task_done)
        shared.events.subscribe(events.TASKS_ALL_DONE, self.events.all_tasks_done)
        shared.events.subscribe(events.SESSION_HELD, self.events.session_held)
