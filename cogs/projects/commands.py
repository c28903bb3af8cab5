"""/project new, /project list, /project mine."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import NotAllowed
from bot.render import projects as render
from cogs.projects.common import now, projects, scope, zone


class ProjectsCog(commands.Cog):
    project = app_commands.Group(name="project", description=texts.PROJECT_CMD, guild_only=True)

    @project.command(name="new", description=texts.PROJECT_CMD_NEW)
    async def new(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await projects(interaction).check_can_start(scope(interaction))
        except NotAllowed as refused:  # "See the projects": joining one is open to everyone
            raise NotAllowed(refused.message, render.refused_ways("new", 0)) from None
        await interaction.response.send_modal(render.details_modal())

    @project.command(name="list", description=texts.PROJECT_CMD_LIST)
    async def list_projects(self, interaction: discord.Interaction[Any]) -> None:
        page = await projects(interaction).list_upcoming(scope(interaction), 0)
        card = render.list_card(page, now(interaction))
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

    @project.command(name="mine", description=texts.PROJECT_CMD_MINE)
    async def mine(self, interaction: discord.Interaction[Any]) -> None:
        found = await projects(interaction).mine(scope(interaction))
        card = render.mine_card(found, await zone(interaction), now(interaction))
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
