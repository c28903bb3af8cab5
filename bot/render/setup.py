"""The /setup card: only settings of features that exist.

The first view has at most 5 choices (../shared/EASY_READ.md): the lead role menu, "Time zone and
projects", and each feature's own settings button. The group opens in the same card, with its choices as
menus (never a cycle on each press) and "Back".
"""

from __future__ import annotations

import discord

from bot import texts
from bot.render.checkins_settings import settings_button
from bot.render.components import Card, custom_id, frozen_view
from bot.services.guild_settings import (
    KEEP_CHECKIN_CHOICES,
    KEEP_PROJECT_CHOICES,
    KEEP_REMINDER_CHOICES,
    PROJECT_REMINDER_CHOICES,
    ServerSettings,
)
from bot.timefmt import COMMON_TIMEZONES, zone_words

CARD_COLOUR = discord.Colour.blurple()

# The views a card can show (the last part of "connect:setup:<field>").
MAIN = "back"
MORE = "more"
KEEP = "keep"
PANELS = (MAIN, MORE, KEEP)
# The retention menus (the field in "connect:setup:<field>") and what each one sets.
KEEP_MENUS = {"keepproj": "projects", "keeprem": "reminders", "keepchk": "checkins"}

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


def keep_words(days: int) -> str:
    return texts.SETUP_KEEP_WORDS.get(days, f"{days} days")


def _keep_embed(settings: ServerSettings) -> discord.Embed:
    embed = discord.Embed(title=texts.SETUP_KEEP_BUTTON, description=texts.SETUP_KEEP_INTRO, colour=CARD_COLOUR)
    embed.add_field(name=texts.SETUP_KEEP_PROJECTS, value=keep_words(settings.keep_project_days), inline=False)
    embed.add_field(name=texts.SETUP_KEEP_REMINDERS, value=keep_words(settings.keep_reminder_days), inline=False)
    embed.add_field(name=texts.SETUP_KEEP_CHECKINS, value=keep_words(settings.keep_checkin_days), inline=False)
    return embed


def _keep_menu(field: str, placeholder: str, choices: tuple[int, ...], current: int, row: int) -> Select:
    options = [
        discord.SelectOption(label=keep_words(days), value=str(days), default=days == current) for days in choices
    ]
    return discord.ui.Select(custom_id=custom_id("setup", field), placeholder=placeholder, options=options, row=row)


def _keep_view(settings: ServerSettings) -> discord.ui.View:
    """How long old things are kept: a menu for each, then Back (4 choices)."""
    return frozen_view(
        _keep_menu("keepproj", texts.SETUP_PICK_KEEP_PROJECTS, KEEP_PROJECT_CHOICES, settings.keep_project_days, 0),
        _keep_menu("keeprem", texts.SETUP_PICK_KEEP_REMINDERS, KEEP_REMINDER_CHOICES, settings.keep_reminder_days, 1),
        _keep_menu("keepchk", texts.SETUP_PICK_KEEP_CHECKINS, KEEP_CHECKIN_CHOICES, settings.keep_checkin_days, 2),
        _button(MAIN, texts.SETUP_BACK, "⬅️", 3),
    )


def keep_value(settings: ServerSettings, what: str) -> tuple[str, str]:
    """The setting's name and its words now, for the "Saved" line."""
    if what == "projects":
        return texts.SETUP_KEEP_PROJECTS, keep_words(settings.keep_project_days)
    if what == "reminders":
        return texts.SETUP_KEEP_REMINDERS, keep_words(settings.keep_reminder_days)
    return texts.SETUP_KEEP_CHECKINS, keep_words(settings.keep_checkin_days)


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


def _lead_menu(settings: ServerSettings) -> discord.ui.RoleSelect[discord.ui.View]:
    return discord.ui.RoleSelect(
        custom_id=custom_id("setup", "lead"),
        placeholder=texts.SETUP_PICK_LEAD_ROLE,
        default_values=[discord.Object(settings.lead_role_id, type=discord.Role)] if settings.lead_role_id else [],
        row=0,
    )


def _main_view(settings: ServerSettings) -> discord.ui.View:
    """Five choices: the lead role, Connect's own settings, then each feature's own settings panel."""
    more = _button(MORE, texts.SETUP_ZONE_AND_PROJECTS, "⚙️", 1)
    # Thank-yous, tasks and check-ins keep their own settings panels (cogs/thanks, cogs/tasks, cogs/checkins).
    thanks: Button = discord.ui.Button(
        custom_id=custom_id("thanks", "set", "open"), label=texts.THANKS_SETTINGS_BUTTON, row=1
    )
    tasks: Button = discord.ui.Button(
        custom_id=custom_id("tasks", "settings", "show"), label=texts.TASK_SETUP_BUTTON, emoji="📋", row=1
    )
    view = frozen_view(_lead_menu(settings), more, thanks, tasks)
    view.add_item(settings_button())
    return view


def _timezone_menu(settings: ServerSettings) -> Select:
    zones = [zone for zone, _ in COMMON_TIMEZONES]
    options = [
        discord.SelectOption(label=label, value=zone, default=zone == settings.timezone)
        for zone, label in COMMON_TIMEZONES
    ]
    if settings.timezone not in zones:
        # A typed zone: keep it visible as the chosen one (25 options at most).
        options = [discord.SelectOption(label=settings.timezone, value=settings.timezone, default=True)]
        options += [discord.SelectOption(label=label, value=zone) for zone, label in COMMON_TIMEZONES[:24]]
    return discord.ui.Select(
        custom_id=custom_id("setup", "tz"), placeholder=texts.SETUP_PICK_TIMEZONE, options=options, row=0
    )


def _more_view(settings: ServerSettings) -> discord.ui.View:
    """The time zone, who can start projects and the reminders before them: menus showing every choice."""
    starters: Select = discord.ui.Select(
        custom_id=custom_id("setup", "starters"),
        placeholder=texts.SETUP_PICK_STARTERS,
        options=[
            discord.SelectOption(label=texts.SETUP_EVERYONE, value=EVERYONE, default=not settings.leads_only_projects),
            discord.SelectOption(label=texts.SETUP_LEADS_ONLY, value=LEADS, default=settings.leads_only_projects),
        ],
        row=1,
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
        row=2,
    )
    type_tz = _button("tztype", texts.SETUP_TYPE_TIMEZONE, "⌨️", 3)
    keep = _button(KEEP, texts.SETUP_KEEP_BUTTON, "🗂️", 3)
    back = _button(MAIN, texts.SETUP_BACK, "⬅️", 3)
    return frozen_view(_timezone_menu(settings), starters, reminders, type_tz, keep, back)


def setup_card(settings: ServerSettings, saved: str | None = None, panel: str = MAIN) -> Card:
    """The card, showing one group of settings (``panel``); ``saved`` says what just changed."""
    if panel == KEEP:
        return Card(content=saved, embed=_keep_embed(settings), view=_keep_view(settings))
    view = _more_view(settings) if panel == MORE else _main_view(settings)
    return Card(content=saved, embed=_embed(settings), view=view)
