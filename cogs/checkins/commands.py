"""/checkin new | list | pause | stop | waiting, and /help-me."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.render import checkins as render
from cogs._timepicker import picker_card
from cogs.checkins.common import checkins, scope_of
from cogs.checkins.making import start_making

PAUSE = "chkpause"


class CheckinCog(commands.Cog):
    checkin = app_commands.Group(name="checkin", description=texts.CHECKIN_CMD, guild_only=True)

    @checkin.command(name="new", description=texts.CHECKIN_NEW_DESC)
    async def new(self, interaction: discord.Interaction[Any]) -> None:
        """Step by step with buttons and menus: the kind, who gets it, the time picker, the days."""
        await start_making(interaction)

    @checkin.command(name="list", description=texts.CHECKIN_LIST_DESC)
    async def list_command(self, interaction: discord.Interaction[Any]) -> None:
        service = checkins(interaction)
        views = await service.list_for_leads(scope_of(interaction))
        await interaction.response.send_message(render.list_text(views, service.clock.now()), ephemeral=True)

    @checkin.command(name="pause", description=texts.CHECKIN_PAUSE_DESC)
    @app_commands.describe(checkin=texts.CHECKIN_OPT_WHICH)
    async def pause(self, interaction: discord.Interaction[Any], checkin: int) -> None:
        service = checkins(interaction)
        scope = scope_of(interaction)
        views = {v.id: v for v in await service.list_for_leads(scope)}
        found = views.get(checkin)
        if found is None:
            await interaction.response.send_message(texts.CHECKIN_NOT_FOUND, ephemeral=True)
            return
        card = picker_card(
            PAUSE, found.id, found.timezone, service.clock.now(), texts.CHECKIN_PAUSE_WHEN, user_id=interaction.user.id
        )
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

    @checkin.command(name="stop", description=texts.CHECKIN_STOP_DESC)
    @app_commands.describe(checkin=texts.CHECKIN_OPT_WHICH)
    async def stop(self, interaction: discord.Interaction[Any], checkin: int) -> None:
        views = {v.id for v in await checkins(interaction).list_for_leads(scope_of(interaction))}
        if checkin not in views:
            await interaction.response.send_message(texts.CHECKIN_NOT_FOUND, ephemeral=True)
            return
        await interaction.response.send_message(**render.stop_card(checkin).send_kwargs(), ephemeral=True)

    @pause.autocomplete("checkin")
    @stop.autocomplete("checkin")
    async def _which(self, interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[int]]:
        try:
            views = await checkins(interaction).list_for_leads(scope_of(interaction))
        except Exception:
            return []  # not a lead: nothing to offer
        needle = current.strip().lower()
        return [
            app_commands.Choice(name=render.choice_label(v), value=v.id)
            for v in views
            if needle in render.choice_label(v).lower()
        ][:25]

    @checkin.command(name="waiting", description=texts.CHECKIN_WAITING_DESC)
    async def waiting(self, interaction: discord.Interaction[Any]) -> None:
        service = checkins(interaction)
        requests = await service.waiting(scope_of(interaction))
        card = render.waiting_card(requests, service.clock.now())
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

    @app_commands.command(name="help-me", description=texts.CHECKIN_HELPME_DESC)
    @app_commands.guild_only()
    async def help_me(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = scope_of(interaction).guild_id
        leads = await checkins(interaction).help_choices(guild_id, interaction.user.id)
        card = render.help_who_card(guild_id, 0, leads)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
