"""/report: leads pick a period with buttons."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.interactions import actor_of, require_guild
from bot.render.report import period_card
from bot.services.report.service import ReportService


def reports(interaction: discord.Interaction[Any]) -> ReportService:
    service: ReportService = interaction.client.services.features["report"]
    return service


class ReportCog(commands.Cog):
    @app_commands.command(name="report", description=texts.REPORT_COMMAND)
    @app_commands.guild_only()
    async def report(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        await reports(interaction).timezone(guild_id, actor_of(interaction))  # leads only: refused here
        await interaction.response.send_message(**period_card().send_kwargs(), ephemeral=True)
