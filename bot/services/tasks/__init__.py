"""Shared task lists (issue 10): the service, its results and its rules. Discord-free.

``TasksService`` is built by ``cogs/tasks``'s ``FEATURE`` from the shared parts. Its layers, one file each:
base (unit of work, loading, later work), commands (lists, adding, changing, settings), presses (the
buttons on a task), queries (reads), jobs (scheduled kinds), data (my data).
"""

from bot.services.tasks.base import TASK_NOTICE, TASK_NUDGE
from bot.services.tasks.data import TasksPersonalData
from bot.services.tasks.jobs import TaskJobs, TaskRender
from bot.services.tasks.queries import TaskQueries
from bot.services.tasks.results import ListView, Member, MyTasks, Pressed, TaskPanel, TaskSettingsView, TaskView


class TasksService(TaskQueries):
    """Every entry point takes a ``Scope``: the server and the person acting."""


__all__ = [
    "TASK_NOTICE",
    "TASK_NUDGE",
    "ListView",
    "Member",
    "MyTasks",
    "Pressed",
    "TaskJobs",
    "TaskPanel",
    "TaskRender",
    "TaskSettingsView",
    "TaskView",
    "TasksPersonalData",
    "TasksService",
]
