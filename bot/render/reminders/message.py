"""The reminder itself: what a firing sends, and its Done / Later / Stop buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.notifier import OutMessage
from bot.render.components import Card, custom_id, frozen_view
from bot.render.reminders.common import REM, Button, _clip, safe, short
from bot.services.reminders import (
    CHANNEL,
    LATER_1_HOUR,
    LATER_10_MINUTES,
    LATER_TOMORROW,
    ROLE,
    ReminderInfo,
    ReminderNotice,
)
from bot.timechoices import MORNING
from bot.timefmt import clock_words, when_text

# ---------------------------------------------------------------- the reminder itself


def reminder_message(notice: ReminderNotice) -> OutMessage:
    """What a firing sends. Pings only the role of a lead's role reminder; the text never pings."""
    lines: list[str] = []
    if notice.late:
        lines.append(texts.SCHEDULED_LATE)
    mention_roles: frozenset[int] = frozenset()
    if notice.role_id:
        lines.append(f"<@&{notice.role_id}>")
        mention_roles = frozenset({notice.role_id})
    template = texts.REMIND_FIRE_AGAIN if notice.again else texts.REMIND_FIRE
    lines.append(template.format(text=safe(notice.text)))
    if notice.target_kind in (CHANNEL, ROLE):
        lines.append(
            texts.REMIND_FIRE_SET_BY.format(
                author=f"<@{notice.author_id}>", when=when_text(notice.set_at, notice.timezone)
            )
        )
    if notice.project is not None:
        title = short(notice.project.title, 100)
        lines.append(texts.REMIND_FIRE_PROJECT.format(title=title))
    if notice.repeating and notice.repeat_words:
        lines.append(texts.REMIND_FIRE_REPEATS.format(repeat=notice.repeat_words))
    view = reminder_view(notice.reminder_id, repeating=notice.repeating, project_url=_url(notice))
    fields: dict[str, Any] = {
        "content": _clip("\n".join(lines)),
        "view": view,
        "mention_role_ids": mention_roles,
        "mention_user_ids": frozenset(),
    }
    if notice.tts and notice.target_kind == CHANNEL:
        fields["tts"] = True
    return OutMessage(**fields)


def _url(notice: ReminderNotice) -> str | None:
    return notice.project.url if notice.project is not None else None


def reminder_view(
    reminder_id: int, *, repeating: bool, project_url: str | None = None, answered: bool = False
) -> discord.ui.View:
    """✅ Done, ⏰ Later and (for a repeating one) Stop these reminders; a link to the project.
    ``answered``: after Done, only Stop and the link stay."""
    items: list[discord.ui.Item[discord.ui.View]] = []
    if not answered:
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "done", reminder_id),
                label=texts.REMIND_DONE,
                emoji="✅",
                style=discord.ButtonStyle.success,
            )
        )
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "later", reminder_id),
                label=texts.REMIND_LATER,
                emoji="⏰",
                style=discord.ButtonStyle.secondary,
            )
        )
    if repeating:
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "stop", reminder_id),
                label=texts.REMIND_STOP,
                style=discord.ButtonStyle.secondary,
            )
        )
    if project_url:
        items.append(discord.ui.Button(url=project_url, label=texts.REMIND_OPEN_PROJECT))
    return frozen_view(*items)


def later_card(reminder_id: int) -> Card:
    def choice(value: str, label: str) -> Button:
        return discord.ui.Button(
            custom_id=custom_id(REM, "later-choice", reminder_id, value), label=label, style=discord.ButtonStyle.primary
        )

    return Card(
        content=texts.REMIND_LATER_QUESTION,
        view=frozen_view(
            choice(LATER_10_MINUTES, texts.REMIND_LATER_10_MINUTES),
            choice(LATER_1_HOUR, texts.REMIND_LATER_1_HOUR),
            choice(LATER_TOMORROW, texts.REMIND_LATER_TOMORROW.format(time=clock_words(MORNING.hour, MORNING.minute))),
        ),
    )


def later_saved_text(when: datetime, timezone: str, now: datetime) -> str:
    return texts.REMIND_LATER_SAVED.format(when=when_text(when, timezone, now))


def done_text(info: ReminderInfo, timezone: str, now: datetime) -> str:
    if info.repeating and info.next_at is not None:
        return texts.REMIND_DONE_NEXT.format(when=when_text(info.next_at, timezone, now))
    return texts.REMIND_DONE_SAVED
