"""Shared task lists (issue 10): /task add, /tasks, the list card, each task's buttons, the new-task panel.

``FEATURE`` declares the feature once (bot/app.py lists it); ``setup`` adds the persistent item, the modal
listener and the time picker's purposes.
"""

from __future__ import annotations

from typing import Any

from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.interactions import listen
from bot.render.tasks import FORM_TEMPLATE, task_render
from bot.services.tasks import TaskJobs, TasksPersonalData, TasksService
from bot.services.tasks.jobs import kinds_of
from bot.services.tasks.report import TasksReport
from cogs._timepicker import register_purpose, setup_picker
from cogs._unknown import add_items
from cogs.tasks.commands import TasksCog
from cogs.tasks.drafts import (
    PICK_DRAFT_DUE,
    PICK_TASK_DUE,
    on_draft_due,
    on_draft_due_cancelled,
    on_task_due,
    on_task_due_cancelled,
    on_task_modal,
)
from cogs.tasks.items import TaskItem


def _build(shared: Shared, services_so_far: Any) -> TasksService:
    return TasksService(shared)


def _kinds(service: TasksService, bot: Any) -> list[Kind]:
    jobs = TaskJobs(service, task_render())
    return [Kind(name, handler, policy) for name, handler, policy in kinds_of(jobs)]


FEATURE = Feature(
    name="tasks",
    build=_build,
    cog="cogs.tasks",
    kinds=_kinds,
    personal_data=TasksPersonalData,
    report=lambda service: TasksReport(service.db),
)


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PICK_DRAFT_DUE, on_draft_due, on_cancel=on_draft_due_cancelled)
    register_purpose(PICK_TASK_DUE, on_task_due, on_cancel=on_task_due_cancelled)
    add_items(bot, "tasks", TaskItem, modals=(FORM_TEMPLATE,))
    listen(bot, on_task_modal)
    await bot.add_cog(TasksCog())
