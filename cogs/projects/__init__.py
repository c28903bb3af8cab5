"""Projects and sign-ups (issue 5): /project, the card and its persistent buttons, the time picks.

``FEATURE`` declares the feature once (its service, its scheduled kinds, its cog); ``setup`` adds the
persistent item, the modal listener and the picker purposes. Cards redrawn after scheduled work (a new
session of a repeat) come through the kinds' wiring here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.interactions import listen
from bot.render.projects import FORM_TEMPLATE, project_card, project_render
from bot.scope import system_scope
from bot.services.projects import ProjectsService
from bot.services.projects.data import ProjectsData
from bot.services.projects.jobs import ProjectJobs
from cogs._timepicker import register_purpose, setup_picker
from cogs._unknown import add_items
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

__all__ = ["FEATURE", "ProjectItem", "ProjectsCog", "project_card", "setup"]


def build(shared: Shared, built: Mapping[str, Any]) -> ProjectsService:
    return ProjectsService(
        shared.db, shared.clock, shared.scheduler, quiet_hours=shared.quiet_hours, events=shared.events
    )


def kinds(service: ProjectsService, bot: Any) -> list[Kind]:
    async def redraw(guild_id: int, project_id: int) -> None:
        view = await service.card(system_scope(guild_id), project_id)
        await refresh_card(bot, view, service.clock.now())

    return ProjectJobs(service, project_render(), on_card_changed=redraw).kinds()


def personal_data(service: ProjectsService) -> ProjectsData:
    return ProjectsData(service.db, service.clock)


FEATURE = Feature(name="projects", build=build, cog="cogs.projects", kinds=kinds, personal_data=personal_data)


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PICK_START, on_start_picked, on_cancel=on_start_cancelled)
    register_purpose(PICK_END, on_end_picked, on_cancel=on_pick_cancelled)
    register_purpose(PICK_MOVE, on_move_picked, on_cancel=on_pick_cancelled)
    register_purpose(PICK_MOVE_ONE, on_move_one_picked, on_cancel=on_pick_cancelled)
    add_items(bot, "proj", ProjectItem, modals=(FORM_TEMPLATE,))
    listen(bot, on_project_modal)
    await bot.add_cog(ProjectsCog())
