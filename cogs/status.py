"""/status: leads see whether every part of Connect is running (a shard with no process is shown)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.interactions import actor_of, require_guild
from bot.ops.status import status_for_lead
from cogs._common import services


class StatusCog(commands.Cog):
    @app_commands.command(name="status", description=texts.STATUS_CMD)
    @app_commands.guild_only()
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        process = getattr(interaction.client, "process", None)
        status = await status_for_lead(services(interaction).db, process, guild_id, actor_of(interaction))
        embed = discord.Embed(title=texts.STATUS_TITLE, description="\n".join(status.lines()))
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(StatusCog())
