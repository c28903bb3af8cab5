"""/thanks, the "🎉 Say thank you" user menu, and a lead's "Remove thank you" message menu."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import UserError
from bot.interactions import require_guild
from bot.render import thanks as render
from cogs.thanks.items import board_on, open_box, person, scope_of, thanks


class ThanksCog(commands.Cog):
    @app_commands.command(name="thanks", description=texts.THANKS_COMMAND)
    @app_commands.guild_only()
    async def thanks_command(self, interaction: discord.Interaction[Any]) -> None:
        require_guild(interaction)
        card = render.panel(private=False, board=await board_on(interaction))
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


@app_commands.context_menu(name=texts.THANKS_CONTEXT_MENU)
@app_commands.guild_only()
async def say_thank_you(interaction: discord.Interaction[Any], user: discord.Member | discord.User) -> None:
    """Right-click a name: the box opens at once with that person picked."""
    await open_box(interaction, [person(user)])


@app_commands.context_menu(name=texts.THANKS_REMOVE_MENU)
@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
async def remove_thank_you(interaction: discord.Interaction[Any], message: discord.Message) -> None:
    """Leads only (the service checks): asks first. The card's "Me too" button carries the thank-you's id."""
    thanks_id = None
    for row in message.components:
        for child in getattr(row, "children", []):
            cid = getattr(child, "custom_id", None) or ""
            if cid.startswith("connect:thanks:metoo:"):
                thanks_id = int(cid.rsplit(":", 1)[1])
    if thanks_id is None:
        raise UserError(texts.THANKS_NOT_FOUND)
    await thanks(interaction).card(scope_of(interaction), thanks_id)  # another server's: not found
    settings = await interaction.client.services.guild_settings.get(require_guild(interaction))
    if not settings.is_lead(scope_of(interaction).actor):
        raise UserError(texts.THANKS_ONLY_LEADS_REMOVE)
    await interaction.response.send_message(**render.confirm_remove(thanks_id).send_kwargs(), ephemeral=True)
