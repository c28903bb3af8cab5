"""The check-in parts of /me (the commands themselves are in cogs/me.py): away until a day, one reminder."""

from __future__ import annotations

from typing import Any

import discord

from bot import texts
from bot.interactions import any_scope_of
from cogs._common import services
from cogs._timepicker import picker_card
from cogs.checkins.common import checkins

AWAY = "meaway"


async def away(interaction: discord.Interaction[Any], back: bool) -> None:
    app = services(interaction)
    if back:
        await app.quiet_hours.set_away(any_scope_of(interaction), None)
        await interaction.response.send_message(texts.CHECKIN_AWAY_BACK, ephemeral=True)
        return
    zone = await app.guild_settings.timezone_for(interaction.guild_id, interaction.user.id)
    card = picker_card(AWAY, 0, zone, app.clock.now(), texts.CHECKIN_AWAY_WHEN, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def reminders(interaction: discord.Interaction[Any], on: bool) -> None:
    saved = await checkins(interaction).set_reminders(interaction.user.id, on)
    content = texts.CHECKIN_REMIND_ON if saved else texts.CHECKIN_REMIND_OFF
    await interaction.response.send_message(content, ephemeral=True)
