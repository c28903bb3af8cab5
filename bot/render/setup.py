"""The /setup card: only settings of features that exist.

The first view has at most 5 choices (../shared/EASY_READ.md): one button per group of settings. Each
group opens in the same card, with its choices as menus (never a cycle on each press) and "Back".
"""

from __future__ import annotations

import discord

from bot import texts
from bot.render.checkins import settings_button
from bot.render.components import Card, custom_id, frozen_view
from bot.services.guild_settings import PROJECT_REMINDER_CHOICES, ServerSettings
from bot.timefmt import COMMON_TIMEZONES, zone_words

CARD_COLOUR = discord.Colour.blurple()

# The groups a card can show (the last part of "connect:setup:<field>").
MAIN = "back"
ZONE_PANEL = "zone"
PROJECT_PANEL = "proj"
PANELS = (MAIN, ZONE_PANEL, PROJECT_PANEL)

# Menu values: what the select sends back (untrusted: read with ``reminders_from_value``).
EVERYONE = "everyone"
LEADS = "leads"
NO_REMINDERS = "none"

Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


def _role(role_id: int | None) -> str:
    return f"<@&{role_id}>" if role_id else texts.SETUP_NOT_SET


def project_reminder_words(minutes: tuple[int, ...]) -> str:
    return texts.SETUP_PROJECT_REMINDER_WORDS.get(minutes, texts.SETUP_NOT_SET)


def timezone_detail(zone: str) -> str:
    """The lead's detail: the zone in words, with its exact name for the lead who typed it."""
    return texts.SETUP_TIMEZONE_DETAIL.format(words=zone_words(zone), zone=zone)


def reminders_value(minutes: tuple[int, ...]) -> str:
    return ",".join(str(m) for m in minutes) or NO_REMINDERS


def reminders_from_value(value: str) -> tuple[int, ...] | None:
    """The choice a menu value names; None for anything that is not one of the choices."""
    for choice in PROJECT_REMINDER_CHOICES:
        if reminders_value(choice) == value:
            return choice
    return None


def _embed(settings: ServerSettings) -> discord.Embed:
    embed = discord.Embed(title=texts.SETUP_TITLE, description=texts.SETUP_INTRO, colour=CARD_COLOUR)
    embed.add_field(name=texts.SETUP_TIMEZONE, value=timezone_detail(settings.timezone), inline=False)
    embed.add_field(name=texts.SETUP_LEAD_ROLE, value=_role(settings.lead_role_id), inline=False)
    embed.add_field(
        name=texts.SETUP_PROJECT_STARTERS,
        value=texts.SETUP_LEADS_ONLY if settings.leads_only_projects else texts.SETUP_EVERYONE,
        inline=False,
    )
    reminders_words = project_reminder_words(settings.project_reminder_minutes)
    embed.add_field(name=texts.SETUP_PROJECT_REMINDERS, value=reminders_words, inline=False)
    return embed


def _button(field: str, label: str, emoji: str | None, row: int) -> Button:
    return discord.ui.Button(custom_id=custom_id("setup", field), label=label, emoji=emoji, row=row)


def _back(row: int) -> Button:
    return _button(MAIN, texts.SETUP_BACK, "⬅️", row)


def _main_view() -> discord.ui.View:
    """Five choices: two groups of Connect's own settings, then each feature's own settings panel."""
    zone = _button(ZONE_PANEL, texts.SETUP_ZONE_AND_LEAD, "🕐", 0)
    projects = _button(PROJECT_PANEL, texts.SETUP_PROJECTS_BUTTON, "📁", 0)
    # Thank-yous, tasks and check-ins keep their own settings panels (cogs/thanks, cogs/tasks, cogs/checkins).
    thanks = discord.ui.Button(custom_id=custom_id("thanks", "set", "open"), label=texts.THANKS_SETTINGS_BUTTON, row=1)
    tasks: Button = discord.ui.Button(
        custom_id=custom_id("tasks", "settings", "show"), label=texts.TASK_SETUP_BUTTON, emoji="📋", row=1
    )
    view = frozen_view(zone, projects, thanks, tasks)
    view.add_item(settings_button())
    return view


def _zone_view(settings: ServerSettings) -> discord.ui.View:
    zones = [zone for zone, _ in COMMON_TIMEZONES]
    options = [
        discord.SelectOption(label=label, value=zone, default=zone == settings.timezone)
        for zone, label in COMMON_TIMEZONES
    ]
    if settings.timezone not in zones:
        # A typed zone: keep it visible as the chosen one (25 options at most).
        options = [discord.SelectOption(label=settings.timezone, value=settings.timezone, default=True)]
        options += [discord.SelectOption(label=label, value=zone) for zone, label in COMMON_TIMEZONES[:24]]
    tz_select: Select = discord.ui.Select(
        custom_id=custom_id("setup", "tz"), placeholder=texts.SETUP_PICK_TIMEZONE, options=options, row=0
    )
    lead_select: discord.ui.RoleSelect[discord.ui.View] = discord.ui.RoleSelect(
        custom_id=custom_id("setup", "lead"),
        placeholder=texts.SETUP_PICK_LEAD_ROLE,
        default_values=[discord.Object(settings.lead_role_id, type=discord.Role)] if settings.lead_role_id else [],
        row=1,
    )
    type_tz = _button("tztype", texts.SETUP_TYPE_TIMEZONE, "⌨️", 2)
    return frozen_view(tz_select, lead_select, type_tz, _back(2))


def _project_view(settings: ServerSettings) -> discord.ui.View:
    starters: Select = discord.ui.Select(
        custom_id=custom_id("setup", "starters"),
        placeholder=texts.SETUP_PICK_STARTERS,
        options=[
            discord.SelectOption(label=texts.SETUP_EVERYONE, value=EVERYONE, default=not settings.leads_only_projects),
            discord.SelectOption(label=texts.SETUP_LEADS_ONLY, value=LEADS, default=settings.leads_only_projects),
        ],
        row=0,
    )
    reminders: Select = discord.ui.Select(
        custom_id=custom_id("setup", "remind"),
        placeholder=texts.SETUP_PICK_PROJECT_REMINDERS,
        options=[
            discord.SelectOption(
                label=project_reminder_words(choice),
                value=reminders_value(choice),
                emoji="⏰",
                default=choice == settings.project_reminder_minutes,
            )
            for choice in PROJECT_REMINDER_CHOICES
        ],
        row=1,
    )
    return frozen_view(starters, reminders, _back(2))


def setup_card(settings: ServerSettings, saved: str | None = None, panel: str = MAIN) -> Card:
    """The card, showing one group of settings (``panel``); ``saved`` says what just changed."""
    if panel == ZONE_PANEL:
        view = _zone_view(settings)
    elif panel == PROJECT_PANEL:
        view = _project_view(settings)
    else:
        view = _main_view()
    return Card(content=saved, embed=_embed(settings), view=view)
