"""Service-level events between features, published on ``Shared.events`` after the change commits.

Publishers and subscribers agree on the names and payloads here, and import nothing of each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Payload: bot.services.projects.views.ProjectFinished (published by projects when a project is finished).
PROJECT_FINISHED = "project.finished"
TASK_DONE = "task.done"  # payload: TaskDone
TASKS_ALL_DONE = "tasks.all_done"  # payload: AllTasksDone
# Published by projects once a repeating project's session has started (its scheduled roll): at most once per
# firing; a retry after a crash may publish it again, so subscribers claim each session once.
SESSION_HELD = "project.session_held"  # payload: SessionHeld


@dataclass(frozen=True)
class TaskDone:
    guild_id: int
    task_id: int
    title: str
    project_id: int | None  # None for a channel's list
    channel_id: int | None  # where the list card is
    done_by: tuple[int, ...]  # the person doing it and their helper, both credited
    done_at: datetime


@dataclass(frozen=True)
class AllTasksDone:
    guild_id: int
    project_id: int
    project_title: str
    channel_id: int | None  # the project's channel or thread, where the celebration goes
    done_by: tuple[int, ...]  # everyone credited on the project's tasks
    done_at: datetime


@dataclass(frozen=True)
class SessionHeld:
    guild_id: int
    project_id: int
    project_title: str
    session_id: int
    number: int  # how many sessions of the project have been held, this one included (cancelled ones not)
    channel_id: int | None  # the project's channel or thread
    people: tuple[int, ...]  # who came (ticked), else who was going when it started
    starts_at: datetime
