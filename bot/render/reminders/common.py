"""Reminders' render: limits, text helpers and the buttons other features use."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import discord

from bot import texts
from bot.base36 import base36, from_base36
from bot.errors import WayOn, checked_id
from bot.render.components import custom_id
from bot.services.reminders import (
    CHANNEL,
    PROJECT,
    ROLE,
    ReminderInfo,
)
from bot.textclean import public_text
from bot.timefmt import when_text

REM = "rem"
MAX_LINE_TEXT = 80  # a reminder's text in the list and in menus
MAX_OPTION_LABEL = 100
MAX_CONTENT = 2000

Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]

# ---------------------------------------------------------------- text helpers

_MASS_MENTION = re.compile(r"@(everyone|here)")


def safe(text: str) -> str:
    """Member text, shown as typed. @everyone and @here get a zero-width space after the @, so they can
    never ping. User and role mentions stay as they are: allowed mentions (bot/notifier.py) lets only the
    role of a lead's role reminder ping, and the bot's default is none. A masked link shows where it goes."""
    return _MASS_MENTION.sub("@\u200b\\1", public_text(text))


def short(text: str, limit: int = MAX_LINE_TEXT) -> str:
    """One line, at most ``limit`` characters, markdown shown as typed (lists stay readable)."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return discord.utils.escape_markdown(safe(line))


def _sentence(text: str) -> str:
    """``text`` ending like a sentence (our templates end where the member's text ends)."""
    return text if text[-1:] in ".!?…" else text + "."


def ids_text(ids: Sequence[int]) -> str:
    return ".".join(base36(i) for i in ids)


def parse_ids(text: str) -> list[int]:
    return [checked_id(from_base36(part)) for part in text.split(".") if part]


def who(info: ReminderInfo) -> str:
    """Who gets it, in a sentence: "you", "<#channel>", "<@&role>", "everyone coming to Film club"."""
    if info.target_kind == CHANNEL and info.target_id:
        return f"<#{info.target_id}>"
    if info.target_kind == ROLE and info.target_id:
        return f"<@&{info.target_id}>"
    if info.target_kind == PROJECT:
        return texts.REMIND_TO_EVERYONE_COMING.format(project=project_name(info))
    return texts.REMIND_TO_YOU


def project_name(info: ReminderInfo) -> str:
    return short(info.project_title, 60) if info.project_title else texts.REMIND_A_PROJECT


def _when(info: ReminderInfo, timezone: str, now: datetime) -> str:
    if info.next_at is None:
        return texts.REMIND_NOT_SENT_YET
    return when_text(info.next_at, timezone, now)


def _clip(content: str) -> str:
    return content if len(content) <= MAX_CONTENT else content[: MAX_CONTENT - 1] + "…"


# ---------------------------------------------------------------- buttons other features use


def remind_me_button(project_id: int | None = None, row: int | None = None) -> Button:
    """ "⏰ Remind me" (about a project when ``project_id`` is given): a typing box, then buttons."""
    return discord.ui.Button(
        custom_id=custom_id(REM, "new", project_id or 0),
        label=texts.REMIND_BUTTON,
        emoji="⏰",
        style=discord.ButtonStyle.secondary,
        row=row,
    )


def remind_me_way(project_id: int) -> WayOn:
    """ "⏰ Remind me" about a project, as the way on from "Only organisers can remind everyone coming"."""
    return WayOn(texts.REMIND_BUTTON, custom_id(REM, "new", project_id), "⏰")


def remind_everyone_button(project_id: int, row: int | None = None) -> Button:
    """ "⏰ Remind everyone coming" for a project's organisers."""
    return discord.ui.Button(
        custom_id=custom_id(REM, "new-everyone", project_id),
        label=texts.REMIND_BUTTON_EVERYONE,
        emoji="⏰",
        style=discord.ButtonStyle.secondary,
        row=row,
    )
