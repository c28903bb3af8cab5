"""Making a reminder: the typing boxes, the draft, the confirmation and one reminder's card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot import texts
from bot.errors import WayOn
from bot.render.components import Card, custom_id, frozen_view
from bot.render.kept import try_again
from bot.render.reminders.common import REM, Button, _clip, _sentence, _when, project_name, safe, who
from bot.services.reminders import (
    CHANNEL,
    ME,
    PROJECT,
    REPEAT_CHOICES,
    ROLE,
    TYPED,
    ReminderInfo,
    TwoTimes,
)
from bot.timefmt import when_words

# ---------------------------------------------------------------- the typing boxes


def text_modal(reminder_id: int) -> discord.ui.Modal:
    """The typing box for the text. Answered from its custom_id (cogs/reminders.py), so it works after a
    restart; stopped so discord.py keeps no copy."""
    modal = discord.ui.Modal(title=texts.REMIND_MODAL_TITLE, custom_id=custom_id(REM, "text", reminder_id))
    modal.add_item(
        discord.ui.TextInput(
            custom_id="text",
            label=texts.REMIND_MODAL_LABEL,
            placeholder=texts.REMIND_MODAL_PLACEHOLDER,
            style=discord.TextStyle.paragraph,
            max_length=1000,
            required=True,
        )
    )
    modal.stop()
    return modal


def repeat_modal(reminder_id: int) -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title=texts.REMIND_REPEAT_MODAL_TITLE, custom_id=custom_id(REM, "repeat-text", reminder_id)
    )
    modal.add_item(
        discord.ui.TextInput(
            custom_id="repeat",
            label=texts.REMIND_REPEAT_MODAL_LABEL,
            placeholder=texts.REMIND_REPEAT_MODAL_PLACEHOLDER,
            max_length=100,
            required=True,
        )
    )
    modal.stop()
    return modal


def box_opener(kind: str, reminder_id: int) -> str:
    """The control that opens a typing box again ("Try again" on its refusal): ``kind`` "text" or "repeat"."""
    return custom_id(REM, "type-text" if kind == "text" else "type-repeat", reminder_id)


def repeat_ways_on(reminder_id: int) -> list[WayOn]:
    """After a typed repeat we could not read: type it again (what was typed kept), or "Pick a time"."""
    return [
        try_again(box_opener("repeat", reminder_id)),
        WayOn(texts.REMIND_PICK_TIME, custom_id(REM, "when", reminder_id), "📅"),
    ]


# ---------------------------------------------------------------- making a reminder


def where_words(info: ReminderInfo) -> str:
    """Where it goes, on the draft: "a private message to you", "<#channel>", ..."""
    return texts.REMIND_WHERE_DM if info.target_kind == ME else who(info)


def draft_card(info: ReminderInfo, *, targets: Sequence[str] = (ME, CHANNEL), show_roles: bool = False) -> Card:
    """Where, how often, then "Pick a time": every step is a button or a menu (5 choices at most).

    ``targets``: where this person may send it (a role for leads, everyone coming for organisers), so the
    menu only offers what they may do."""
    repeat = texts.REMIND_REPEAT_LABELS.get(info.repeat, texts.REMIND_NO_REPEAT)
    if info.repeat == TYPED and info.repeat_words:
        repeat = info.repeat_words
    lines = [
        texts.REMIND_DRAFT_TITLE.format(text=safe(info.text)),
        texts.REMIND_DRAFT_WHERE.format(where=where_words(info)),
        texts.REMIND_DRAFT_REPEAT.format(repeat=repeat),
        texts.REMIND_DRAFT_NEXT,
    ]
    labels = {
        ME: texts.REMIND_WHERE_ME,
        CHANNEL: texts.REMIND_WHERE_CHANNEL,
        ROLE: texts.REMIND_WHERE_ROLE,
        PROJECT: texts.REMIND_WHERE_PROJECT,
    }
    shown = [kind for kind in labels if kind in targets or kind == info.target_kind]
    where_menu: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id(REM, "where", info.id),
        placeholder=texts.REMIND_WHERE_MENU,
        options=[
            discord.SelectOption(label=labels[kind], value=kind, default=kind == info.target_kind) for kind in shown
        ],
        row=0,
    )
    items: list[discord.ui.Item[discord.ui.View]] = [where_menu]
    row = 1
    if show_roles or info.target_kind == ROLE:
        items.append(
            discord.ui.RoleSelect(
                custom_id=custom_id(REM, "role", info.id), placeholder=texts.REMIND_PICK_ROLE_MENU, row=row
            )
        )
        row += 1
    options = [
        discord.SelectOption(label=texts.REMIND_REPEAT_LABELS[key], value=key, default=key == info.repeat)
        for key in REPEAT_CHOICES
    ]
    items.append(
        discord.ui.Select(
            custom_id=custom_id(REM, "repeat", info.id), placeholder=texts.REMIND_REPEAT_MENU, options=options, row=row
        )
    )
    row += 1
    items.append(
        discord.ui.Button(
            custom_id=custom_id(REM, "when", info.id),
            label=texts.REMIND_PICK_TIME,
            emoji="📅",
            style=discord.ButtonStyle.primary,
            row=row,
        )
    )
    # A button, not a menu choice: a menu does not answer when the same choice is picked again (after a
    # typed repeat it could not read, the member tries again).
    items.append(
        discord.ui.Button(
            custom_id=custom_id(REM, "type-repeat", info.id),
            label=texts.REMIND_REPEAT_LABELS[TYPED],
            style=discord.ButtonStyle.secondary,
            row=row,
        )
    )
    items.append(_cancel_button(info.id, row))
    return Card(content=_clip("\n".join(lines)), view=frozen_view(*items))


def two_times_card(info: ReminderInfo, two: TwoTimes, timezone: str, now: datetime) -> Card:
    """The typed time and the typed repeat disagree: one question, both as buttons (and Cancel)."""
    once: Button = discord.ui.Button(
        custom_id=custom_id(REM, "once", info.id, int(two.once.timestamp())),
        label=texts.REMIND_CHOOSE_ONCE.format(when=when_words(two.once, timezone, now)),
        emoji="📅",
        style=discord.ButtonStyle.primary,
    )
    every: Button = discord.ui.Button(
        custom_id=custom_id(REM, "every", info.id, int(two.every.timestamp())),
        label=two.repeat_words[:1].upper() + two.repeat_words[1:],
        emoji="🔁",
        style=discord.ButtonStyle.primary,
    )
    content = texts.REMIND_TWO_TIMES.format(text=safe(info.text))
    return Card(content=_clip(content), view=frozen_view(once, every, _cancel_button(info.id, 0)))


def pick_time_prompt(info: ReminderInfo) -> str:
    return _clip(texts.REMIND_PICK_TIME_PROMPT.format(text=safe(info.text)))


def _cancel_button(reminder_id: int, row: int) -> Button:
    return discord.ui.Button(
        custom_id=custom_id(REM, "cancel", reminder_id),
        label=texts.REMIND_CANCEL,
        emoji="❌",
        style=discord.ButtonStyle.secondary,
        row=row,
    )


def _manage_view(info: ReminderInfo) -> discord.ui.View:
    items: list[discord.ui.Item[discord.ui.View]] = [
        discord.ui.Button(
            custom_id=custom_id(REM, "change-time", info.id),
            label=texts.REMIND_CHANGE_TIME,
            emoji="📅",
            style=discord.ButtonStyle.primary,
            row=0,
        ),
        _cancel_button(info.id, 0),
    ]
    if info.target_kind == CHANNEL:
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "read-aloud", info.id, "off" if info.tts else "on"),
                label=texts.REMIND_READ_ALOUD_STOP if info.tts else texts.REMIND_READ_ALOUD,
                style=discord.ButtonStyle.secondary,
                row=0,
            )
        )
    return frozen_view(*items)


def _details(info: ReminderInfo) -> list[str]:
    lines = []
    if info.repeat_words:
        lines.append(texts.REMIND_REPEATS.format(repeat=info.repeat_words))
    if info.tts and info.target_kind == CHANNEL:
        lines.append(texts.REMIND_READ_ALOUD_ON)
    return lines


def confirmation_card(info: ReminderInfo, timezone: str, now: datetime) -> Card:
    """ "✅ Done. I will remind you on Tuesday 3 June at 2pm (<t:…>) about: take the camera." """
    when, text = _when(info, timezone, now), _sentence(safe(info.text))
    if info.target_kind == PROJECT:
        first = texts.REMIND_CONFIRM_PROJECT.format(project=project_name(info), when=when, text=text)
    else:
        first = texts.REMIND_CONFIRM.format(who=who(info), when=when, text=text)
    return Card(content=_clip("\n".join([first, *_details(info)])), view=_manage_view(info))


def reminder_card(info: ReminderInfo, timezone: str, now: datetime, number: int | None = None) -> Card:
    """One reminder from the list, with "Change time" and "Cancel"."""
    when = _when(info, timezone, now)
    text = _sentence(safe(info.text))
    if number is None:
        first = texts.REMIND_SHOW_NO_NUMBER.format(when=when, text=text)
    else:
        first = texts.REMIND_SHOW.format(number=number, when=when, text=text)
    lines = [first, texts.REMIND_SHOW_WHO.format(who=who(info)), *_details(info)]
    return Card(content=_clip("\n".join(lines)), view=_manage_view(info))


def cancelled_text(info: ReminderInfo) -> str:
    return _clip(texts.REMIND_CANCELLED.format(who=who(info), text=_sentence(safe(info.text))))
