"""/task add, and /tasks (this channel's list, or your own tasks)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import NotAllowed
from bot.render import tasks as render
from cogs.tasks.common import now, scope, svc

MINE = "mine"
CHANNEL = "channel"


class TasksCog(commands.Cog):
    task = app_commands.Group(name="task", description=texts.TASK_CMD_GROUP, guild_only=True)

    @task.command(name="add", description=texts.TASK_CMD_ADD)
    async def add(self, interaction: discord.Interaction[Any]) -> None:
        view, may_add = await svc(interaction).open_list(scope(interaction), channel_id=interaction.channel_id)
        if not may_add:
            raise NotAllowed(texts.TASK_ONLY_LEADS_ADD)
        await interaction.response.send_modal(render.task_modal("new", view.id))

    @app_commands.command(name="tasks", description=texts.TASK_CMD_TASKS)
    @app_commands.guild_only()
    @app_commands.describe(show=texts.TASK_CMD_SHOW)
    @app_commands.choices(
        show=[
            app_commands.Choice(name=texts.TASK_SHOW_CHANNEL, value=CHANNEL),
            app_commands.Choice(name=texts.TASK_SHOW_MINE, value=MINE),
        ]
    )
    async def tasks(self, interaction: discord.Interaction[Any], show: app_commands.Choice[str] | None = None) -> None:
        service, who = svc(interaction), scope(interaction)
        if show is not None and show.value == MINE:
            mine, my_zone = await service.mine(who)
            card = render.mine_card(mine, my_zone, now(interaction))
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        view, _may_add = await service.open_list(who, channel_id=interaction.channel_id)
        # The list is posted here for everyone; the newest post is the one kept up to date.
        await interaction.response.send_message(**render.list_card(view, now(interaction)).send_kwargs())
        message = await interaction.original_response()
        old = await service.set_card(who, view.id, message.channel.id, message.id)
        if old is not None:
            try:
                moved = interaction.client.get_partial_messageable(old[0]).get_partial_message(old[1])
                await moved.edit(content=texts.TASK_LIST_MOVED, embed=None, view=None)
            except discord.HTTPException:
                pass  # the old card is gone: nothing to point from
