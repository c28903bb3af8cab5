"""Projects' render: Discord's limits and the small helpers every card uses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot import texts
from bot.recurrence import Recurrence
from bot.services.projects import (
    ProjectView,
    SessionView,
)
from bot.timefmt import clock_words, get_zone, when_text, when_words

COLOUR = discord.Colour.blurple()
DONE_COLOUR = discord.Colour.green()
GONE_COLOUR = discord.Colour.dark_grey()

# Discord's limits.
FIELD_VALUE = 1024
EMBED_TITLE = 256
LABEL = 80
OPTIONS = 25

PLACE_CHOICES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100)

# Input ids inside the project modal.
IN_TITLE, IN_ABOUT, IN_WHERE, IN_LINK, IN_BRING, IN_PLACES = "title", "about", "where", "link", "bring", "places"


def _button(
    label: str,
    custom: str,
    style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    row: int | None = None,
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label[:LABEL], custom_id=custom, style=style, row=row)


def _link(label: str, url: str, row: int | None = None) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label[:LABEL], url=url, style=discord.ButtonStyle.link, row=row)


def jump_url(guild_id: int | None, channel_id: int | None, message_id: int | None) -> str | None:
    if not (guild_id and channel_id and message_id):
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def people(ids: Sequence[int], limit: int = FIELD_VALUE) -> str:
    """Mentions, as many as fit, then "and N more". Inside an embed they show names and never ping."""
    if not ids:
        return texts.PROJECT_CARD_NOBODY
    shown: list[str] = []
    for i, uid in enumerate(ids):
        rest = len(ids) - i - 1
        candidate = ", ".join([*shown, f"<@{uid}>"])
        tail = f", {texts.PROJECT_CARD_AND_MORE.format(count=rest)}" if rest else ""
        if len(candidate) + len(tail) > limit:
            break
        shown.append(f"<@{uid}>")
    rest = len(ids) - len(shown)
    text = ", ".join(shown)
    if rest:
        more = texts.PROJECT_CARD_AND_MORE.format(count=rest)
        text = f"{text}, {more}" if text else more
    return text


def _end_words(start: datetime, end: datetime, zone: str, now: datetime) -> str:
    tz = get_zone(zone)
    if start.astimezone(tz).date() == end.astimezone(tz).date():
        local = end.astimezone(tz)
        return texts.PROJECT_CARD_ENDS_AT.format(time=clock_words(local.hour, local.minute))
    return texts.PROJECT_CARD_ENDS_ON.format(when=when_words(end, zone, now))


def when_block(view: ProjectView, session: SessionView | None, now: datetime) -> str:
    """When, in words in the project's zone and as a Discord timestamp; the end; how it repeats."""
    start = session.starts_at if session else view.starts_at
    if start is None:
        return texts.PROJECT_NOT_SET
    end = session.ends_at if session else view.ends_at
    lines = [when_text(start, view.timezone, now)]
    if end is not None:
        lines.append(_end_words(start, end, view.timezone, now))
    if view.rule:
        lines.append(texts.PROJECT_CARD_REPEATS.format(repeat=Recurrence(view.rule, view.timezone).describe()))
    return "\n".join(lines)
