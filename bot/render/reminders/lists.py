"""The list of reminders and cancelling several."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot import texts
from bot.render.components import MAX_CUSTOM_ID, Card, custom_id, frozen_view
from bot.render.reminders.common import MAX_OPTION_LABEL, REM, _clip, ids_text, short, who
from bot.services.reminders import (
    ListedReminder,
    ReminderInfo,
    ReminderPage,
)
from bot.timefmt import when_words

# ---------------------------------------------------------------- the list


def _line(item: ListedReminder, timezone: str, now: datetime) -> str:
    info = item.reminder
    when = when_words(info.next_at, timezone, now) if info.next_at else texts.REMIND_NOT_SENT_YET
    if info.repeat_words:
        return texts.REMIND_LIST_LINE_REPEATS.format(
            number=item.number, when=when, text=short(info.text), who=who(info), repeat=info.repeat_words
        )
    return texts.REMIND_LIST_LINE.format(number=item.number, when=when, text=short(info.text), who=who(info))


def list_page_id(page: int) -> str:
    """The control that shows page ``page`` of the person's reminders (0: the first)."""
    return custom_id(REM, "page", page)


def list_card(page: ReminderPage, now: datetime) -> Card:
    """Soonest first, each with its short number; menus to pick one or several; Back and Next."""
    title = texts.REMIND_LIST_TITLE_LEAD if page.with_server else texts.REMIND_LIST_TITLE
    if not page.items:
        return Card(content=f"{title}\n{texts.REMIND_LIST_EMPTY}", view=None)
    lines = [title]
    if page.pages > 1:  # "Page 1 of 1" says nothing
        lines.append(texts.REMIND_LIST_PAGE.format(page=page.page + 1, pages=page.pages))
    lines += [_line(item, page.timezone, now) for item in page.items]
    options = [
        discord.SelectOption(
            label=f"{item.number}. {' '.join(item.reminder.text.split())}"[:MAX_OPTION_LABEL],
            value=option_value(item),
            description=(
                when_words(item.reminder.next_at, page.timezone, now)[:MAX_OPTION_LABEL]
                if item.reminder.next_at
                else None
            ),
        )
        for item in page.items
    ]
    items: list[discord.ui.Item[discord.ui.View]] = [
        discord.ui.Select(
            custom_id=custom_id(REM, "pick", 0), placeholder=texts.REMIND_LIST_PICK, options=options, row=0
        )
    ]
    if len(options) > 1:
        items.append(
            discord.ui.Select(
                custom_id=custom_id(REM, "pick-many", 0),
                placeholder=texts.REMIND_LIST_PICK_MANY,
                options=[_copy(o) for o in options],
                min_values=1,
                max_values=len(options),
                row=1,
            )
        )
    if page.pages > 1:
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "page", max(0, page.page - 1)),
                label=texts.REMIND_LIST_BACK,
                disabled=page.page == 0,
                row=2,
            )
        )
        items.append(
            discord.ui.Button(
                custom_id=custom_id(REM, "page", min(page.pages - 1, page.page + 1)),
                label=texts.REMIND_LIST_NEXT,
                disabled=page.page >= page.pages - 1,
                row=2,
            )
        )
    return Card(content=_clip("\n".join(lines)), view=frozen_view(*items))


def option_value(item: ListedReminder) -> str:
    """A list menu's value: the reminder id and its short number ("42:3")."""
    return f"{item.reminder.id}:{item.number}"


def parse_option(value: str) -> tuple[int, int | None]:
    rid, _, number = value.partition(":")
    return int(rid), int(number) if number.isdecimal() else None


def _copy(option: discord.SelectOption) -> discord.SelectOption:
    # An option object belongs to one menu.
    return discord.SelectOption(label=option.label, value=option.value, description=option.description)


def cancel_many_id(ids: Sequence[int]) -> str | None:
    """The custom_id of "Yes, cancel them", or None when the ids do not fit in one."""
    cid = ":".join(["connect", REM, "cxl", ids_text(ids)])
    return cid if len(cid) <= MAX_CUSTOM_ID else None


def cancel_many_card(items: Sequence[ReminderInfo], timezone: str, now: datetime) -> Card | None:
    """Ask first: the reminders by name and time, then "Yes, cancel them" and "No, keep them"."""
    cid = cancel_many_id([info.id for info in items])
    if cid is None:
        return None
    lines = [texts.REMIND_ASK_CANCEL_MANY.format(count=len(items))]
    for info in items:
        when = when_words(info.next_at, timezone, now) if info.next_at else texts.REMIND_NOT_SENT_YET
        lines.append(f"- {when}: {short(info.text)}")
    view = frozen_view(
        discord.ui.Button(custom_id=cid, label=texts.REMIND_YES_CANCEL, emoji="❌", style=discord.ButtonStyle.danger),
        discord.ui.Button(custom_id=custom_id(REM, "keep", 0), label=texts.REMIND_NO_KEEP),
    )
    return Card(content=_clip("\n".join(lines)), view=view)
