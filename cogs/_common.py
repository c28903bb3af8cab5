"""Small helpers shared by cogs (not a cog: the name starts with an underscore)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from bot.app import Services


def services(interaction: discord.Interaction[Any]) -> Services:
    return interaction.client.services
