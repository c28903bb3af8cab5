"""Reminders: results -> messages and components (pure). Shared by cogs/reminders.py and the scheduler.

Custom ids (handled by the DynamicItems in cogs/reminders.py)::

    connect:rem:new:<project id or 0>          "Remind me" (the typing box for the text comes next)
    connect:rem:newall:<project id>            "Remind everyone coming" to a project
    connect:rem:<action>:<reminder id>[:<arg>] one reminder: to (where), role, rep (menu), rept (type a
                                               repeat), when, chg, cancel, tts, done, later, snz (a
                                               "Later" choice), stop
    connect:rem:page:<n>  connect:rem:pick:0  connect:rem:multi:0   the list
    connect:rem:cxl:<ids>  connect:rem:keep:0  cancelling several (ids in base 36, joined by ".")
    connect:rem:text:<reminder id>  connect:rem:reptext:<reminder id>   the typing boxes (modals)

Text members typed is shown as typed. Nothing in it pings: allowed mentions name only the role of a
lead's role reminder, and @everyone / @here also get a zero-width space (see ``safe``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.base36 import base36, from_base36
from bot.errors import checked_id
from bot.notifier import OutMessage
from bot.render.components import MAX_CUSTOM_ID, Card, custom_id, frozen_view
from bot.services.reminders import (
    CHANNEL,
    LATER_1_HOUR,
    LATER_10_MINUTES,
    LATER_TOMORROW,
    ME,
    PROJECT,
    REPEAT_CHOICES,
    ROLE,
    TYPED,
    ListedReminder,
    ReminderInfo,
    ReminderNotice,
    ReminderPage,
)
from bot.textclean import public_text
from bot.timechoices import MORNING
from bot.timefmt import clock_words, when_text, when_words

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
        title = short(info.project_title, 60) if info.project_title else texts.REMIND_A_PROJECT
        return texts.REMIND_TO_EVERYONE_COMING.format(project=title)
    return texts.REMIND_TO_YOU


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


def remind_everyone_button(project_id: int, row: int | None = None) -> Button:
    """ "⏰ Remind everyone coming" for a project's organisers."""
    return discord.ui.Button(
        custom_id=custom_id(REM, "newall", project_id),
        label=texts.REMIND_BUTTON_EVERYONE,
        emoji="⏰",
        style=discord.ButtonStyle.secondary,
        row=row,
    )


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
    modal = discord.ui.Modal(title=texts.REMIND_REPEAT_MODAL_TITLE, custom_id=custom_id(REM, "reptext", reminder_id))
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


# ---------------------------------------------------------------- making a reminder


def draft_card(info: ReminderInfo, *, show_roles: bool = False) -> Card:
    """Where, how often, then "Pick a time": every step is a button or a menu."""
    repeat = texts.REMIND_REPEAT_LABELS.get(info.repeat, texts.REMIND_NO_REPEAT)
    if info.repeat == TYPED and info.repeat_words:
        repeat = info.repeat_words
    lines = [
        texts.REMIND_DRAFT_TITLE.format(text=safe(info.text)),
        texts.REMIND_DRAFT_WHERE.format(where=who(info)),
        texts.REMIND_DRAFT_REPEAT.format(repeat=repeat),
        texts.REMIND_DRAFT_NEXT,
    ]
    items: list[discord.ui.Item[discord.ui.View]] = []

    def where(kind: str, label: str) -> Button:
        chosen = info.target_kind == kind
        return discord.ui.Button(
            custom_id=custom_id(REM, "to", info.id, kind),
            label=label,
            style=discord.ButtonStyle.success if chosen else discord.ButtonStyle.secondary,
            row=0,
        )

    items += [where(ME, texts.REMIND_WHERE_ME), where(CHANNEL, texts.REMIND_WHERE_CHANNEL)]
    items.append(where(ROLE, texts.REMIND_WHERE_ROLE))
    if info.project_id:
        items.append(where(PROJECT, texts.REMIND_WHERE_PROJECT))
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
            custom_id=custom_id(REM, "rep", info.id), placeholder=texts.REMIND_REPEAT_MENU, options=options, row=row
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
            custom_id=custom_id(REM, "rept", info.id),
            label=texts.REMIND_REPEAT_LABELS[TYPED],
            style=discord.ButtonStyle.secondary,
            row=row,
        )
    )
    items.append(_cancel_button(info.id, row))
    return Card(content=_clip("\n".join(lines)), view=frozen_view(*items))


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
            custom_id=custom_id(REM, "chg", info.id),
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
                custom_id=custom_id(REM, "tts", info.id, 0 if info.tts else 1),
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
    first = texts.REMIND_CONFIRM.format(who=who(info), when=_when(info, timezone, now), text=_sentence(safe(info.text)))
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
            custom_id=custom_id(REM, "snz", reminder_id, value), label=label, style=discord.ButtonStyle.primary
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


# ---------------------------------------------------------------- the list


def _line(item: ListedReminder, timezone: str, now: datetime) -> str:
    info = item.reminder
    when = when_words(info.next_at, timezone, now) if info.next_at else texts.REMIND_NOT_SENT_YET
    if info.repeat_words:
        return texts.REMIND_LIST_LINE_REPEATS.format(
            number=item.number, when=when, text=short(info.text), who=who(info), repeat=info.repeat_words
        )
    return texts.REMIND_LIST_LINE.format(number=item.number, when=when, text=short(info.text), who=who(info))


def list_card(page: ReminderPage, now: datetime) -> Card:
    """Soonest first, each with its short number; menus to pick one or several; Back and Next."""
    title = texts.REMIND_LIST_TITLE_LEAD if page.with_server else texts.REMIND_LIST_TITLE
    if not page.items:
        return Card(content=f"{title}\n{texts.REMIND_LIST_EMPTY}", view=None)
    lines = [title, texts.REMIND_LIST_PAGE.format(page=page.page + 1, pages=page.pages)]
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
                custom_id=custom_id(REM, "multi", 0),
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
