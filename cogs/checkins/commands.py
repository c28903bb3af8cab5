"""/checkin new | list | pause | stop | waiting, and /help-me."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.render import checkins as render
from bot.timefmt import clock_words
from cogs._timepicker import picker_card
from cogs.checkins.common import checkins, scope_of

PAUSE = "chkpause"
KINDS = [app_commands.Choice(name=words, value=kind) for kind, words in texts.CHECKIN_KIND_WORDS.items()]
DAYS = [app_commands.Choice(name=words, value=code) for code, words in texts.CHECKIN_DAY_CHOICES.items()]
TIMES = [app_commands.Choice(name=clock_words(hour, 0), value=hour * 60) for hour in range(6, 23)]
ZONES = [
    app_commands.Choice(name=texts.CHECKIN_ZONE_SERVER, value="server"),
    app_commands.Choice(name=texts.CHECKIN_ZONE_MEMBER, value="member"),
]


class CheckinCog(commands.Cog):
    checkin = app_commands.Group(name="checkin", description=texts.CHECKIN_CMD, guild_only=True)

    @checkin.command(name="new", description=texts.CHECKIN_NEW_DESC)
    @app_commands.describe(
        kind=texts.CHECKIN_OPT_KIND,
        day=texts.CHECKIN_OPT_DAY,
        time=texts.CHECKIN_OPT_TIME,
        zone=texts.CHECKIN_OPT_ZONE,
        post_in=texts.CHECKIN_OPT_CHANNEL,
        question1=texts.CHECKIN_OPT_QUESTION,
        question2=texts.CHECKIN_OPT_QUESTION,
        question3=texts.CHECKIN_OPT_QUESTION,
    )
    @app_commands.choices(kind=KINDS, day=DAYS, zone=ZONES)
    @app_commands.choices(time=TIMES)
    @app_commands.rename(post_in="post-in")
    async def new(
        self,
        interaction: discord.Interaction[Any],
        kind: app_commands.Choice[str],
        day: app_commands.Choice[str],
        time: app_commands.Choice[int],
        zone: app_commands.Choice[str] | None = None,
        post_in: discord.TextChannel | None = None,
        question1: app_commands.Range[str, 1, 200] | None = None,
        question2: app_commands.Range[str, 1, 200] | None = None,
        question3: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        service = checkins(interaction)
        view = await service.create(
            scope_of(interaction),
            kind=kind.value,
            weekdays=day.value,
            hour=time.value // 60,
            minute=time.value % 60,
            member_zone=zone is not None and zone.value == "member",
            channel_id=post_in.id if post_in else None,
            questions=[question1, question2, question3],
        )
        if view.state == "active":
            await interaction.response.send_message(render.created_text(view, service.clock.now()), ephemeral=True)
            return
        card = render.members_card(view.id)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

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
