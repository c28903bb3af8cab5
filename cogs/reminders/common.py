"""Helpers shared by the reminder commands, buttons, typing boxes and time picks."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.interactions import scope_of
from bot.render import reminders as render
from bot.render.components import Card
from bot.services.reminders import (
    ReminderInfo,
    ReminderService,
)
from cogs._common import services
from cogs._timepicker import picker_card

log = logging.getLogger("connect.reminders")


PURPOSE = "remind"
URL = re.compile(r"https://\S+")


def reminders(interaction: discord.Interaction[Any]) -> ReminderService:
    return services(interaction).reminders


async def context(interaction: discord.Interaction[Any]) -> tuple[str, datetime]:
    """The member's zone and now, to show times in words."""
    service = reminders(interaction)
    zone = await service.timezone_for(interaction.guild_id, interaction.user.id)
    return zone, service.clock.now()


async def reply(interaction: discord.Interaction[Any], card: Card, *, edit: bool) -> None:
    """Edit the card the press came from, or answer with a new private card."""
    if edit and interaction.message is not None:
        await interaction.response.edit_message(**card.edit_kwargs())
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def show_result(interaction: discord.Interaction[Any], info: ReminderInfo, *, edit: bool) -> None:
    """After a change: the confirmation when it is set, else the draft card or the time picker."""
    zone, now = await context(interaction)
    if info.state == "active":
        await reply(interaction, render.confirmation_card(info, zone, now), edit=edit)
    elif info.is_draft and info.text:
        await show_draft(interaction, info, edit=edit)
    else:
        await interaction.response.send_message(texts.REMIND_GONE, ephemeral=True)


async def show_draft(
    interaction: discord.Interaction[Any], info: ReminderInfo, *, edit: bool, roles: bool = False
) -> None:
    """The draft, offering only where this person may send it (no "To a role" for members)."""
    targets = await reminders(interaction).targets_for(scope_of(interaction), info)
    await reply(interaction, render.draft_card(info, targets=targets, show_roles=roles), edit=edit)


async def show_picker(interaction: discord.Interaction[Any], info: ReminderInfo, *, edit: bool) -> None:
    zone, now = await context(interaction)
    card = picker_card(PURPOSE, info.id, zone, now, render.pick_time_prompt(info), user_id=interaction.user.id)
    await reply(interaction, card, edit=edit)


# ---------------------------------------------------------------- the time picker's answers


async def on_time_picked(interaction: discord.Interaction[Any], ref: int, when_utc: datetime) -> None:
    info = await reminders(interaction).set_time(scope_of(interaction), ref, when_utc)
    await show_result(interaction, info, edit=True)


async def on_picker_cancel(interaction: discord.Interaction[Any], ref: int) -> None:
    """Cancel in the picker: a draft is dropped; a reminder being moved stays as it was."""
    service = reminders(interaction)
    scope = scope_of(interaction)
    info = await service.get(scope, ref)
    if info.is_draft:
        await service.cancel(scope, ref)
        await interaction.response.edit_message(content=render.cancelled_text(info), view=None)
        return
    await show_result(interaction, info, edit=True)
