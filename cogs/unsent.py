"""/unsent: leads see the scheduled messages that failed or were missed."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.interactions import scope_of
from bot.render.unsent import unsent_card
from cogs._common import services


class UnsentCog(commands.Cog):
    @app_commands.command(name="unsent", description=texts.UNSENT_CMD)
    @app_commands.guild_only()
    async def unsent(self, interaction: discord.Interaction[Any]) -> None:
        result = await services(interaction).unsent.for_leads(scope_of(interaction))
        await interaction.response.send_message(**unsent_card(result).send_kwargs(), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(UnsentCog())
