"""/mydata, and /mydata for:<member> for leads."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.interactions import actor_of, require_guild
from bot.render.mydata import summary_card
from bot.services.mydata import MyDataService


def mydata(interaction: discord.Interaction[Any]) -> MyDataService:
    service: MyDataService = interaction.client.services.features["mydata"]
    return service


class MyDataCog(commands.Cog):
    @app_commands.command(name="mydata", description=texts.MYDATA_COMMAND)
    @app_commands.describe(member=texts.MYDATA_OPTION_FOR)
    @app_commands.rename(member="for")
    @app_commands.guild_only()
    async def mydata(self, interaction: discord.Interaction[Any], member: discord.User | None = None) -> None:
        await show_card(interaction, member or interaction.user)


async def show_card(interaction: discord.Interaction[Any], target: discord.abc.User) -> None:
    """The "what Connect knows" card, seen only by whoever asked (also /me data)."""
    guild_id = require_guild(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    summary = await mydata(interaction).summary(guild_id, actor_of(interaction), target.id)
    card = summary_card(summary, target.id, target.display_name)
    await interaction.followup.send(**card.send_kwargs(), ephemeral=True)
