"""Projects and sign-ups (issue 5): /project, the card and its persistent buttons, the time picks.

``setup`` wires the feature into the bot: the persistent item, the modal listener, the picker purposes,
the card redraw after scheduled work, and (when the app has them) the scheduler's handlers.
"""

from __future__ import annotations

import logging

from discord.ext import commands

from bot.render.projects import project_card, project_render
from bot.services.projects import EVENT_REMINDER, ProjectsService
from cogs._timepicker import register_purpose, setup_picker
from cogs.projects.commands import ProjectsCog
from cogs.projects.common import refresh_card
from cogs.projects.handlers import (
    PICK_END,
    PICK_MOVE,
    PICK_MOVE_ONE,
    PICK_START,
    ProjectItem,
    on_end_picked,
    on_move_one_picked,
    on_move_picked,
    on_pick_cancelled,
    on_project_modal,
    on_start_cancelled,
    on_start_picked,
)

log = logging.getLogger("connect.projects.cog")

__all__ = ["ProjectItem", "ProjectsCog", "project_card", "setup", "wire"]


def wire(bot: commands.Bot) -> None:
    """Connect the service to the scheduler and redraw cards after scheduled work, when the app has them.

    The app may instead call ``services.projects.register(registry, project_render())`` where it builds the
    scheduler, and set ``services.projects.scheduler``; doing both is harmless.
    """
    svc = getattr(bot, "services", None)
    service: ProjectsService | None = getattr(svc, "projects", None)
    if service is None:
        log.warning("no projects service: projects are off")
        return
    registry = getattr(bot, "registry", None) or getattr(svc, "registry", None)
    if registry is not None and EVENT_REMINDER not in registry.kinds():
        service.register(registry, project_render())
    scheduler = getattr(bot, "scheduler", None) or getattr(svc, "scheduler", None)
    if scheduler is not None and service.scheduler is None:
        service.scheduler = scheduler

    async def redraw(project_id: int) -> None:
        view = await service.card(project_id)
        await refresh_card(bot, view, service.clock.now())

    service.on_card_changed[:] = [h for h in service.on_card_changed if getattr(h, "__name__", "") != "redraw"]
    service.on_card_changed.append(redraw)


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PICK_START, on_start_picked, on_cancel=on_start_cancelled)
    register_purpose(PICK_END, on_end_picked, on_cancel=on_pick_cancelled)
    register_purpose(PICK_MOVE, on_move_picked, on_cancel=on_pick_cancelled)
    register_purpose(PICK_MOVE_ONE, on_move_one_picked, on_cancel=on_pick_cancelled)
    bot.add_dynamic_items(ProjectItem)
    bot.remove_listener(on_project_modal, "on_interaction")
    bot.add_listener(on_project_modal, "on_interaction")
    wire(bot)
    await bot.add_cog(ProjectsCog())
