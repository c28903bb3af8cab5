"""/setup: a lead's settings card for this server."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import StaleControl, UserError
from bot.interactions import GuardedItem, GuardedModal, scope_of
from bot.render.kept import keeping, refill
from bot.render.setup import (
    EVERYONE,
    KEEP,
    KEEP_MENUS,
    LEADS,
    MAIN,
    MORE,
    PANELS,
    keep_value,
    project_reminder_words,
    reminders_from_value,
    setup_card,
    timezone_detail,
)
from bot.services.guild_settings import MAX_TIMEZONE_TEXT, ServerSettings
from cogs._common import services
from cogs._unknown import add_items


class SetupCog(commands.Cog):
    @app_commands.command(name="setup", description=texts.SETUP_CMD)
    @app_commands.guild_only()
    async def setup_command(self, interaction: discord.Interaction[Any]) -> None:
        current = await services(interaction).guild_settings.require_lead(scope_of(interaction))
        card = setup_card(current)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


class TimezoneModal(GuardedModal, title=texts.SETUP_TYPE_TIMEZONE):
    zone: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label=texts.SETUP_TIMEZONE_FIELD, placeholder="Europe/London", max_length=MAX_TIMEZONE_TEXT, custom_id="zone"
    )

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        typed = str(self.zone.value)
        try:
            updated = await services(interaction).guild_settings.set_timezone(scope_of(interaction), typed)
        except UserError as refused:  # "Try again" opens the box again with what was typed
            raise keeping(refused, TimezoneModal(), {"zone": typed}, "connect:setup:tztype") from None
        await _show_saved(interaction, updated, texts.SETUP_TIMEZONE, timezone_detail(updated.timezone), MORE)


async def _show_saved(
    interaction: discord.Interaction[Any], updated: ServerSettings, what: str, value: str, panel: str
) -> None:
    """The card again, on the same group of settings, saying what changed."""
    card = setup_card(updated, saved=texts.SETUP_SAVED.format(what=what, value=value), panel=panel)
    if interaction.message is not None:
        await interaction.response.edit_message(**card.edit_kwargs())
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


class SetupComponent(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=r"connect:setup:(?P<field>[a-z]{1,12})",
):
    """Every control on the settings card. Works after restarts: the card's ids carry the field."""

    def __init__(self, item: discord.ui.Item[Any], field: str) -> None:
        super().__init__(item)
        self.field = field

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SetupComponent:
        return cls(item, match["field"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = services(interaction).guild_settings
        scope = scope_of(interaction)
        item: Any = self.item
        values = [str(v) for v in getattr(item, "values", None) or []] if self.field != "lead" else []
        if self.field in KEEP_MENUS:
            await self._keep(interaction, KEEP_MENUS[self.field], values)
            return
        if self.field in PANELS or (self.field in ("starters", "remind") and not values):
            # The main view or the group; an old card's "Change ..." button opens the group with its menus.
            current = await service.require_lead(scope)
            panel = self.field if self.field in PANELS else MORE
            await interaction.response.edit_message(**setup_card(current, panel=panel).edit_kwargs())
            return
        if self.field == "tztype":
            await service.require_lead(scope)
            await interaction.response.send_modal(refill(TimezoneModal(), interaction.message))
            return
        if self.field == "tz":
            if not values:
                raise StaleControl()
            updated = await service.set_timezone(scope, values[0])
            await _show_saved(interaction, updated, texts.SETUP_TIMEZONE, timezone_detail(updated.timezone), MORE)
        elif self.field == "lead":
            role = item.values[0] if item.values else None
            updated = await service.set_lead_role(scope, role.id if role else None)
            name = role.name if role else texts.SETUP_NOT_SET
            await _show_saved(interaction, updated, texts.SETUP_LEAD_ROLE, name, MAIN)
        elif self.field == "starters":
            if values[0] not in (EVERYONE, LEADS):
                raise StaleControl()
            updated = await service.set_leads_only_projects(scope, values[0] == LEADS)
            value = texts.SETUP_LEADS_ONLY if updated.leads_only_projects else texts.SETUP_EVERYONE
            await _show_saved(interaction, updated, texts.SETUP_PROJECT_STARTERS, value, MORE)
        elif self.field == "remind":
            chosen = reminders_from_value(values[0])
            if chosen is None:
                raise StaleControl()
            updated = await service.set_project_reminders(scope, chosen)
            value = project_reminder_words(updated.project_reminder_minutes)
            await _show_saved(interaction, updated, texts.SETUP_PROJECT_REMINDERS, value, MORE)
        else:
            raise StaleControl()  # an old card's control (or a setting that has moved to its feature)

    async def _keep(self, interaction: discord.Interaction[Any], what: str, values: list[str]) -> None:
        """A retention menu: the value is untrusted, so only one of the choices is taken (else stale)."""
        if not values or not values[0].isdigit() or len(values[0]) > 5:
            raise StaleControl()
        try:
            updated = await services(interaction).guild_settings.set_keep(scope_of(interaction), what, int(values[0]))
        except ValueError:
            raise StaleControl() from None
        name, words = keep_value(updated, what)
        await _show_saved(interaction, updated, name, words, KEEP)


async def setup(bot: commands.Bot) -> None:
    add_items(bot, "setup", SetupComponent)
    await bot.add_cog(SetupCog())
