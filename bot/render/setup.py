"""The /setup card."""

from __future__ import annotations

import discord

from bot import texts
from bot.render.checkins import settings_button
from bot.render.components import Card, custom_id, frozen_view
from bot.services.guild_settings import ServerSettings
from bot.timefmt import COMMON_TIMEZONES

CARD_COLOUR = discord.Colour.blurple()


def _role(role_id: int | None) -> str:
    return f"<@&{role_id}>" if role_id else texts.SETUP_NOT_SET


def _channel(channel_id: int | None) -> str:
    return f"<#{channel_id}>" if channel_id else texts.SETUP_NOT_SET


def project_reminder_words(minutes: tuple[int, ...]) -> str:
    return texts.SETUP_PROJECT_REMINDER_WORDS.get(minutes, texts.SETUP_NOT_SET)


def setup_card(settings: ServerSettings, saved: str | None = None) -> Card:
    embed = discord.Embed(title=texts.SETUP_TITLE, description=texts.SETUP_INTRO, colour=CARD_COLOUR)
    embed.add_field(name=texts.SETUP_TIMEZONE, value=settings.timezone, inline=False)
    embed.add_field(name=texts.SETUP_LEAD_ROLE, value=_role(settings.lead_role_id), inline=False)
    embed.add_field(
        name=texts.SETUP_CELEBRATIONS, value=_channel(settings.celebrations_channel_id), inline=False
    )
    embed.add_field(name=texts.SETUP_CHECKINS, value=_channel(settings.checkins_channel_id), inline=False)
    embed.add_field(
        name=texts.SETUP_PROJECT_STARTERS,
        value=texts.SETUP_LEADS_ONLY if settings.leads_only_projects else texts.SETUP_EVERYONE,
        inline=False,
    )
    reminders_words = project_reminder_words(settings.project_reminder_minutes)
    embed.add_field(name=texts.SETUP_PROJECT_REMINDERS, value=reminders_words, inline=False)
    embed.add_field(
        name=texts.SETUP_LEADERBOARD,
        value=texts.SETUP_ON if settings.leaderboard_enabled else texts.SETUP_OFF,
        inline=False,
    )

    zones = [zone for zone, _ in COMMON_TIMEZONES]
    options = [
        discord.SelectOption(label=label, value=zone, default=zone == settings.timezone)
        for zone, label in COMMON_TIMEZONES
    ]
    if settings.timezone not in zones:
        # A typed zone: keep it visible as the chosen one (25 options at most).
        options = [discord.SelectOption(label=settings.timezone, value=settings.timezone, default=True)]
        options += [discord.SelectOption(label=label, value=zone) for zone, label in COMMON_TIMEZONES[:24]]
    tz_select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id("setup", "tz"), placeholder=texts.SETUP_PICK_TIMEZONE, options=options, row=0
    )
    lead_select: discord.ui.RoleSelect[discord.ui.View] = discord.ui.RoleSelect(
        custom_id=custom_id("setup", "lead"),
        placeholder=texts.SETUP_PICK_LEAD_ROLE,
        default_values=[discord.Object(settings.lead_role_id, type=discord.Role)]
        if settings.lead_role_id
        else [],
        row=1,
    )
    celebrations: discord.ui.ChannelSelect[discord.ui.View] = discord.ui.ChannelSelect(
        custom_id=custom_id("setup", "cele"),
        placeholder=texts.SETUP_PICK_CELEBRATIONS,
        channel_types=[discord.ChannelType.text],
        default_values=[discord.Object(settings.celebrations_channel_id, type=discord.abc.GuildChannel)]
        if settings.celebrations_channel_id
        else [],
        row=2,
    )
    checkins: discord.ui.ChannelSelect[discord.ui.View] = discord.ui.ChannelSelect(
        custom_id=custom_id("setup", "chk"),
        placeholder=texts.SETUP_PICK_CHECKINS,
        channel_types=[discord.ChannelType.text],
        default_values=[discord.Object(settings.checkins_channel_id, type=discord.abc.GuildChannel)]
        if settings.checkins_channel_id
        else [],
        row=3,
    )
    type_tz: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "tztype"), label=texts.SETUP_TYPE_TIMEZONE, emoji="⌨️", row=4
    )
    starters: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "starters"), label=texts.SETUP_TOGGLE_STARTERS, row=4
    )
    board: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "board"), label=texts.SETUP_TOGGLE_LEADERBOARD, row=4
    )
    reminders: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "remind"), label=texts.SETUP_CHANGE_PROJECT_REMINDERS, emoji="⏰", row=4
    )
    view = frozen_view(tz_select, lead_select, celebrations, checkins, type_tz, starters, reminders, board)
    view.add_item(settings_button())  # check-ins' own settings panel (cogs/checkins)
    return Card(content=saved, embed=embed, view=view)
