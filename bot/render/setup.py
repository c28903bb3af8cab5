"""The /setup card: only settings of features that exist (the thank-you and check-in channels and the
leaderboard arrive with those features)."""

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


def project_reminder_words(minutes: tuple[int, ...]) -> str:
    return texts.SETUP_PROJECT_REMINDER_WORDS.get(minutes, texts.SETUP_NOT_SET)


def setup_card(settings: ServerSettings, saved: str | None = None) -> Card:
    embed = discord.Embed(title=texts.SETUP_TITLE, description=texts.SETUP_INTRO, colour=CARD_COLOUR)
    embed.add_field(name=texts.SETUP_TIMEZONE, value=settings.timezone, inline=False)
    embed.add_field(name=texts.SETUP_LEAD_ROLE, value=_role(settings.lead_role_id), inline=False)
    embed.add_field(
        name=texts.SETUP_PROJECT_STARTERS,
        value=texts.SETUP_LEADS_ONLY if settings.leads_only_projects else texts.SETUP_EVERYONE,
        inline=False,
    )
    reminders_words = project_reminder_words(settings.project_reminder_minutes)
    embed.add_field(name=texts.SETUP_PROJECT_REMINDERS, value=reminders_words, inline=False)

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
    type_tz: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "tztype"), label=texts.SETUP_TYPE_TIMEZONE, emoji="⌨️", row=2
    )
    starters: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "starters"), label=texts.SETUP_TOGGLE_STARTERS, row=2
    )
    reminders: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("setup", "remind"), label=texts.SETUP_CHANGE_PROJECT_REMINDERS, emoji="⏰", row=2
    )
    # Thank-yous keep their own settings panel (cogs/thanks: connect:thanks:set:open).
    thanks: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("thanks", "set", "open"), label=texts.THANKS_SETTINGS_BUTTON, row=3
    )
    # The task settings have their own panel (cogs/tasks answers connect:tasks:settings:show).
    task_settings: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        custom_id=custom_id("tasks", "settings", "show"), label=texts.TASK_SETUP_BUTTON, emoji="📋", row=3
    )
    view = frozen_view(tz_select, lead_select, type_tz, starters, reminders, thanks, task_settings)
    view.add_item(settings_button())  # check-ins' own settings panel (cogs/checkins)
    return Card(content=saved, embed=embed, view=view)
