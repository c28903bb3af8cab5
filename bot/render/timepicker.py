"""The time picker's steps (pure: choices -> components) and its custom_id scheme.

Every step's state is in its custom_ids, so the picker works after a restart::

    connect:pick:<purpose>:<ref>:<user>:<step>[:<arg>]

- ``purpose``: [a-z]{1,12}, the feature that asked ("remind", "projstart").
- ``ref``: the feature's draft id (0 to 2**63-1).
- ``user``: the member who may use the picker; 0 when the feature did not say (the card is ephemeral,
  so only that member sees it anyway). Every later step carries the id of the member who pressed.
- ``step``: ``h`` in 1 hour (worked out when pressed) · ``at:<unix seconds>`` a fixed time (this/tomorrow
  evening, tomorrow morning) · ``days`` show the day menu · ``d`` the day menu (value: ``YYYY-MM-DD``) ·
  ``t:<n>`` time menu number n (value: unix seconds of the slot, so a time the clock shows twice is
  still one exact moment) · ``type`` open the typing box · ``typed`` the typing box itself (a modal) ·
  ``back`` back to the first step · ``x`` cancel.

The longest id is 81 characters (12-letter purpose, 19-digit ref, 20-digit user, ``at`` + 11 digits).
Steps after the first only replace the components: the feature's prompt (the message content) stays.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import discord

from bot import texts
from bot.errors import WayOn
from bot.render.components import Card, custom_id, frozen_view, modal_values
from bot.render.kept import try_again
from bot.timechoices import EARLY, EVENING, LATE, MORNING, USUAL, USUAL_END, USUAL_START, QuickChoices, Slot, SlotGroup
from bot.timefmt import WEEKDAY_NAMES, clock_words, date_words

PICK = "pick"
MAX_REF = 2**63 - 1  # refs are database ids (BigInteger)
MAX_USER = 2**64 - 1  # Discord snowflakes
PURPOSE = re.compile(r"[a-z]{1,12}")

STEP_HOUR = "h"
STEP_AT = "at"
STEP_DAYS = "days"
STEP_DAY = "d"
STEP_TIME = "t"
STEP_TYPE = "type"
STEP_TYPED = "typed"
STEP_BACK = "back"
STEP_CANCEL = "x"
STEPS_WITH_ARG = frozenset({STEP_AT, STEP_TIME})
STEPS = frozenset({STEP_HOUR, STEP_DAYS, STEP_DAY, STEP_TYPE, STEP_TYPED, STEP_BACK, STEP_CANCEL}) | STEPS_WITH_ARG

_HEAD = r"connect:pick:(?P<purpose>[a-z]{1,12}):(?P<ref>\d{1,19}):(?P<user>\d{1,20}):"
# Buttons and menus (TimePickerItem's template). ``typed`` is the modal: it is not a component.
TEMPLATE = _HEAD + r"(?:(?P<step>h|days|d|type|back|x)|(?P<argstep>at|t):(?P<arg>\d{1,11}))"
MODAL_TEMPLATE = _HEAD + r"(?P<step>typed)"
WHEN_INPUT_ID = "when"
MAX_TIME_MENUS = 4  # rows: a time menu each, one for Back/Cancel; the day menu joins when there is room

MODAL_TITLE_LIMIT = 45
LABEL_LIMIT = 80


@dataclass(frozen=True)
class PickState:
    """What one control of the picker means: who asked (purpose, ref), for whom, and which step."""

    purpose: str
    ref: int
    user_id: int = 0
    step: str = STEP_BACK
    arg: int | None = None

    def __post_init__(self) -> None:
        if not PURPOSE.fullmatch(self.purpose):
            raise ValueError(f"purpose must be 1 to 12 letters a-z: {self.purpose!r}")
        if not 0 <= self.ref <= MAX_REF:
            raise ValueError(f"ref out of range: {self.ref}")
        if not 0 <= self.user_id <= MAX_USER:
            raise ValueError(f"user id out of range: {self.user_id}")
        if self.step not in STEPS:
            raise ValueError(f"unknown step {self.step!r}")
        if (self.arg is not None) != (self.step in STEPS_WITH_ARG):
            raise ValueError(f"step {self.step!r} with arg {self.arg!r}")
        if self.arg is not None and not 0 <= self.arg < 10**11:
            raise ValueError(f"arg out of range: {self.arg}")

    def to(self, step: str, arg: int | None = None) -> PickState:
        return dataclasses.replace(self, step=step, arg=arg)

    def custom_id(self) -> str:
        parts: list[object] = [PICK, self.purpose, self.ref, self.user_id, self.step]
        if self.arg is not None:
            parts.append(self.arg)
        return custom_id(*parts)


def state_from_match(match: re.Match[str]) -> PickState:
    groups = match.groupdict()
    step = groups.get("step") or groups["argstep"]
    arg = groups.get("arg")
    return PickState(
        purpose=match["purpose"],
        ref=int(match["ref"]),
        user_id=int(match["user"]),
        step=step,
        arg=int(arg) if arg is not None else None,
    )


def parse_state(cid: str) -> PickState | None:
    """The state in a picker custom_id (a component's or the modal's); None for anything else."""
    for pattern in (TEMPLATE, MODAL_TEMPLATE):
        match = re.fullmatch(pattern, cid)
        if match is not None:
            try:
                return state_from_match(match)
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------- words


def day_label(day: date, today: date) -> str:
    """ "Today, Monday 1 June", "Tomorrow, Tuesday 2 June", "Wednesday 3 June"."""
    words = texts.WHEN_DATE.format(weekday=WEEKDAY_NAMES[day.weekday()], date=date_words(day.day, day.month))
    if day == today:
        return texts.TIMEPICK_TODAY.format(date=words)
    if day == today + timedelta(days=1):
        return texts.TIMEPICK_TOMORROW.format(date=words)
    return words


def slot_label(slot: Slot) -> str:
    """ "9:30am"; a time the clock shows twice says which one it is."""
    time = clock_words(slot.local.hour, slot.local.minute)
    if slot.repeat == 1:
        return texts.TIMEPICK_SLOT_BEFORE_CHANGE.format(time=time)
    if slot.repeat == 2:
        return texts.TIMEPICK_SLOT_AFTER_CHANGE.format(time=time)
    return time


def group_placeholder(kind: str) -> str:
    start = clock_words(USUAL_START.hour, USUAL_START.minute)
    end = clock_words(USUAL_END.hour, USUAL_END.minute)
    if kind == USUAL:
        return texts.TIMEPICK_MENU_USUAL.format(start=start, end=end)
    if kind == EARLY:
        return texts.TIMEPICK_MENU_EARLY.format(start=start)
    if kind == LATE:
        return texts.TIMEPICK_MENU_LATE.format(end=end)
    raise ValueError(f"unknown group {kind!r}")


# ---------------------------------------------------------------- components

Button = discord.ui.Button[discord.ui.View]
Select = discord.ui.Select[discord.ui.View]


def _button(state: PickState, label: str, row: int, emoji: str | None = None, style: Any = None) -> Button:
    return discord.ui.Button(
        custom_id=state.custom_id(),
        label=label,
        emoji=emoji,
        row=row,
        style=style or discord.ButtonStyle.secondary,
    )


def _back_row(base: PickState, row: int, cancel: bool) -> list[Button]:
    items = [_button(base.to(STEP_BACK), texts.TIMEPICK_BACK, row)]
    if cancel:
        items.append(_button(base.to(STEP_CANCEL), texts.TIMEPICK_CANCEL, row, emoji="❌"))
    return items


def first_step_view(base: PickState, choices: QuickChoices, *, cancel: bool) -> discord.ui.View:
    """At most five choices in one row (../shared/EASY_READ.md): three times, "Pick a day", and Cancel.
    Typing a time is one step on, next to the days, so the first view stays small."""
    evening_text = texts.TIMEPICK_TOMORROW_EVENING if choices.evening_is_tomorrow else texts.TIMEPICK_THIS_EVENING
    primary = discord.ButtonStyle.primary
    items: list[Button] = [
        _button(base.to(STEP_HOUR), texts.TIMEPICK_IN_ONE_HOUR, 0, style=primary),
        _button(
            base.to(STEP_AT, int(choices.evening.timestamp())),
            evening_text.format(time=clock_words(EVENING.hour, EVENING.minute)),
            0,
            style=primary,
        ),
        _button(
            base.to(STEP_AT, int(choices.tomorrow_morning.timestamp())),
            texts.TIMEPICK_TOMORROW_MORNING.format(time=clock_words(MORNING.hour, MORNING.minute)),
            0,
            style=primary,
        ),
        _button(base.to(STEP_DAYS), texts.TIMEPICK_PICK_DAY, 0, emoji="📅"),
    ]
    if cancel:
        items.append(_button(base.to(STEP_CANCEL), texts.TIMEPICK_CANCEL, 0, emoji="❌"))
    return frozen_view(*items)


def type_button(base: PickState, row: int) -> Button:
    return _button(base.to(STEP_TYPE), texts.TIMEPICK_TYPE_TIME, row, emoji="⌨️")


def ways_on(base: PickState, *, typed: bool) -> list[WayOn]:
    """The ways on from a refused time: type again, or pick with buttons (the picker's first step).
    A typed time's "Try again" keeps what was typed (cogs/_timepicker.py, bot/render/kept.py)."""
    ways = [WayOn(texts.TIMEPICK_PICK_TIME, base.to(STEP_BACK).custom_id(), "📅")]
    if typed:
        ways.insert(0, try_again(base.to(STEP_TYPE).custom_id()))
    return ways


def first_step_card(prompt: str, base: PickState, choices: QuickChoices, *, cancel: bool) -> Card:
    return Card(content=prompt, view=first_step_view(base, choices, cancel=cancel))


def _day_menu(base: PickState, days: Sequence[date], today: date, row: int, chosen: date | None = None) -> Select:
    options = [
        discord.SelectOption(label=day_label(day, today), value=day.isoformat(), default=day == chosen) for day in days
    ]
    return discord.ui.Select(
        custom_id=base.to(STEP_DAY).custom_id(), placeholder=texts.TIMEPICK_PICK_DAY, options=options, row=row
    )


def day_step_view(base: PickState, days: Sequence[date], today: date, *, cancel: bool) -> discord.ui.View:
    """The day menu (14 days), then "Type a time", Back (and Cancel)."""
    return frozen_view(_day_menu(base, days, today, 0), type_button(base, 1), *_back_row(base, 1, cancel))


def time_step_view(
    base: PickState,
    day: date,
    days: Sequence[date],
    today: date,
    groups: Sequence[SlotGroup],
    *,
    cancel: bool,
) -> discord.ui.View:
    """The day menu with ``day`` chosen (to change day), one menu per group of times, then Back (and Cancel).

    A usual London day has three time menus: 9am-9pm (25), early (18, 20 when the clocks go back)
    and late (5). When a zone needs four time menus (a clock change inside 9am-9pm), the day menu
    makes room: Back still leads to it.
    """
    if not groups:
        raise ValueError("no times to offer")
    if len(groups) > MAX_TIME_MENUS:
        raise ValueError(f"too many time menus: {len(groups)}")
    items: list[discord.ui.Item[discord.ui.View]] = []
    row = 0
    if len(groups) < MAX_TIME_MENUS:
        # The chosen day stays in the menu even when the list has moved on (at most 15 days).
        items.append(_day_menu(base, sorted({*days, day}), today, row, chosen=day))
        row += 1
    for number, group in enumerate(groups):
        options = [
            discord.SelectOption(label=slot_label(slot), value=str(int(slot.when_utc.timestamp())))
            for slot in group.slots
        ]
        items.append(
            discord.ui.Select(
                custom_id=base.to(STEP_TIME, number).custom_id(),
                placeholder=group_placeholder(group.kind),
                options=options,
                row=row,
            )
        )
        row += 1
    items.extend(_back_row(base, row, cancel))
    return frozen_view(*items)


def type_modal(base: PickState, max_length: int) -> discord.ui.Modal:
    """The typing box. It is stopped before sending, so discord.py keeps no copy: its submit is handled
    from the custom_id (cogs/_timepicker.py), which works after a restart too."""
    modal = discord.ui.Modal(title=texts.TIMEPICK_TYPE_TIME, custom_id=base.to(STEP_TYPED).custom_id())
    modal.add_item(
        discord.ui.TextInput(
            custom_id=WHEN_INPUT_ID,
            label=texts.TIMEPICK_MODAL_LABEL,
            placeholder=texts.TIMEPICK_MODAL_PLACEHOLDER,
            max_length=max_length,
            required=True,
        )
    )
    modal.stop()
    return modal


def typed_text(data: Mapping[str, Any] | None) -> str:
    """The text typed in the typing box, from a modal submit's raw data ("" when missing)."""
    return modal_values(data).get(WHEN_INPUT_ID, "")
