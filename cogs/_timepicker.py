"""The time picker: how every feature asks a member "when?" with buttons, menus or typing.

A helper module, not a cog (the name starts with ``_``). A feature uses it like this::

    from cogs._timepicker import picker_card, register_purpose, setup_picker

    async def reminder_time_picked(interaction, ref, when_utc):   # ref: the feature's draft id
        ...  # save the time on draft ``ref`` (check it belongs to interaction.user), then
        await interaction.response.edit_message(content=..., view=None)

    async def setup(bot):
        setup_picker(bot)                                           # idempotent
        register_purpose("remind", reminder_time_picked, on_cancel=reminder_cancelled)
        ...
    card = picker_card("remind", draft.id, zone, now, texts.REMIND_WHEN, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)

Steps (all in the same ephemeral message; each step only swaps the components, so the feature's
prompt stays on top): the first step has "In 1 hour", "This evening, 6pm" (or "Tomorrow evening,
6pm"), "Tomorrow morning, 9am", "📅 Pick a day", "Type a time", and "❌ Cancel" when the purpose has an
``on_cancel``. "Pick a day" shows a menu of 14 days; a day shows menus of its half hours (9am-9pm,
early, late: see bot/timechoices.py). "Type a time" opens a typing box read with ``parse_when``.
Choosing a time calls the purpose's ``on_picked(interaction, ref, when_utc)``, which must answer
the interaction. A time that has gone by the moment of the press is refused with an easy-read error.

Nothing lives only in memory: the state is in the custom_ids (bot/render/timepicker.py), the typing
box is answered from its custom_id by a listener (a discord.py modal object would be lost on restart).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import discord
from discord.ext import commands

from bot import texts
from bot.errors import NotAllowed, StaleControl, UserError
from bot.interactions import GuardedItem, listen, modal_listener
from bot.render.components import Card
from bot.render.kept import keeping, refill
from bot.render.timepicker import (
    MODAL_TEMPLATE,
    PURPOSE,
    STEP_AT,
    STEP_BACK,
    STEP_CANCEL,
    STEP_DAY,
    STEP_DAYS,
    STEP_HOUR,
    STEP_TIME,
    STEP_TYPE,
    TEMPLATE,
    WHEN_INPUT_ID,
    PickState,
    day_step_view,
    first_step_card,
    first_step_view,
    state_from_match,
    time_step_view,
    type_modal,
    ways_on,
)
from bot.timechoices import day_slots, in_one_hour, local_today, offered_days, quick_choices, slot_groups
from bot.timeparse import MAX_TEXT, parse_when
from cogs._common import services
from cogs._unknown import add_items

log = logging.getLogger("connect.timepicker")

OnPicked = Callable[[discord.Interaction[Any], int, datetime], Awaitable[None]]  # (interaction, ref, aware UTC)
OnCancel = Callable[[discord.Interaction[Any], int], Awaitable[None]]  # (interaction, ref)


@dataclass(frozen=True)
class Purpose:
    on_picked: OnPicked
    on_cancel: OnCancel | None = None


_PURPOSES: dict[str, Purpose] = {}


def register_purpose(purpose: str, on_picked: OnPicked, on_cancel: OnCancel | None = None) -> None:
    """Say what happens when a time is picked for ``purpose`` (1 to 12 letters a-z).

    With ``on_cancel`` the picker shows "❌ Cancel", which calls it; it must answer the interaction.
    Registering again replaces the callbacks (so reloading a feature is fine).
    """
    if not PURPOSE.fullmatch(purpose):
        raise ValueError(f"purpose must be 1 to 12 letters a-z: {purpose!r}")
    _PURPOSES[purpose] = Purpose(on_picked, on_cancel)


def _purpose(name: str) -> Purpose:
    try:
        return _PURPOSES[name]
    except KeyError:
        raise LookupError(f"no time picker purpose {name!r}: call register_purpose in the feature's setup") from None


def _pressed_purpose(name: str) -> Purpose:
    """The purpose a press names: one we do not know is an old (or made-up) control, answered quietly."""
    found = _PURPOSES.get(name)
    if found is None:
        raise StaleControl()
    return found


def picker_card(
    purpose: str, ref: int, timezone: str, now_utc: datetime, prompt: str, *, user_id: int | None = None
) -> Card:
    """The first step: ``prompt`` (the feature's question) and the buttons. Send it ephemeral.

    ``user_id``: the member the picker is for; the controls then refuse anyone else. Without it
    the card relies on being ephemeral; every later step is bound to the member who pressed.
    """
    entry = _purpose(purpose)
    base = PickState(purpose, ref, user_id or 0)
    return first_step_card(prompt, base, quick_choices(now_utc, timezone), cancel=entry.on_cancel is not None)


# ---------------------------------------------------------------- the steps


async def _pick(interaction: discord.Interaction[Any], state: PickState, when: datetime, now: datetime) -> None:
    if when <= now:
        raise UserError(texts.TIME_IN_PAST, ways_on(_bound(interaction, state), typed=False))
    await _pressed_purpose(state.purpose).on_picked(interaction, state.ref, when)


def _bound(interaction: discord.Interaction[Any], state: PickState) -> PickState:
    """Only the member the picker is for may use it; later steps carry the presser's id."""
    if state.user_id and state.user_id != interaction.user.id:
        raise NotAllowed(texts.TIMEPICK_NOT_YOURS)
    return PickState(state.purpose, state.ref, interaction.user.id)


def _instant(value: str | int) -> datetime:
    seconds = int(value)
    if not 0 < seconds < 10**11:
        raise StaleControl()
    return datetime.fromtimestamp(seconds, UTC)


async def _context(interaction: discord.Interaction[Any]) -> tuple[str, datetime]:
    svc = services(interaction)
    zone = await svc.guild_settings.timezone_for(interaction.guild_id, interaction.user.id)
    return zone, svc.clock.now()


async def handle_step(interaction: discord.Interaction[Any], state: PickState, values: list[str]) -> None:
    """One press on the picker. ``values``: what a menu sent (empty for buttons)."""
    base = _bound(interaction, state)
    entry = _pressed_purpose(state.purpose)
    if state.step == STEP_CANCEL:
        if entry.on_cancel is not None:
            await entry.on_cancel(interaction, state.ref)
        else:  # the feature stopped offering Cancel since this card was drawn
            await interaction.response.edit_message(view=None)
        return
    if state.step == STEP_TYPE:
        await interaction.response.send_modal(refill(type_modal(base, MAX_TEXT), interaction.message))
        return
    zone, now = await _context(interaction)
    cancel = entry.on_cancel is not None
    if state.step == STEP_HOUR:
        await _pick(interaction, state, in_one_hour(now), now)
    elif state.step == STEP_AT and state.arg is not None:
        await _pick(interaction, state, _instant(state.arg), now)
    elif state.step == STEP_TIME:
        await _pick(interaction, state, _instant(values[0]), now)
    elif state.step == STEP_BACK:
        await interaction.response.edit_message(view=first_step_view(base, quick_choices(now, zone), cancel=cancel))
    elif state.step == STEP_DAYS:
        days = offered_days(now, zone)
        view = day_step_view(base, days, local_today(now, zone), cancel=cancel)
        await interaction.response.edit_message(view=view)
    elif state.step == STEP_DAY:
        day = date.fromisoformat(values[0])
        today = local_today(now, zone)
        if day < today:
            raise UserError(texts.TIME_IN_PAST, ways_on(base, typed=False))
        slots = day_slots(day, zone, now)
        if not slots:
            raise UserError(texts.TIMEPICK_NO_TIMES_TODAY, ways_on(base, typed=False))
        view = time_step_view(base, day, offered_days(now, zone), today, slot_groups(slots), cancel=cancel)
        await interaction.response.edit_message(view=view)
    else:
        raise StaleControl()


async def handle_typed(interaction: discord.Interaction[Any], state: PickState, text: str) -> None:
    """The typing box was sent: read the time in the member's zone. A time we cannot read, or a question
    back ("What time on that day?"), goes to the member privately with "Type again" and "Pick a time"."""
    base = _bound(interaction, state)
    zone, now = await _context(interaction)
    try:
        when = parse_when(text, zone, now)
        if when <= now:
            raise UserError(texts.TIME_IN_PAST)
    except UserError as refused:  # "Try again" opens the box with what was typed, or pick with buttons
        refused = UserError(refused.message, ways_on(base, typed=False))
        raise keeping(
            refused, type_modal(base, MAX_TEXT), {WHEN_INPUT_ID: text}, base.to(STEP_TYPE).custom_id()
        ) from None
    await _pick(interaction, state, when, now)


class TimePickerItem(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=TEMPLATE,
):
    """Every button and menu of every picker. The custom_id carries the whole state."""

    def __init__(self, item: discord.ui.Item[Any], state: PickState) -> None:
        super().__init__(item)
        self.state = state

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TimePickerItem:
        return cls(item, state_from_match(match))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        item: Any = self.item
        await handle_step(interaction, self.state, [str(v) for v in getattr(item, "values", None) or []])


async def _on_typed(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    await handle_typed(interaction, state_from_match(match), values.get(WHEN_INPUT_ID, ""))


# Listener: answers the typing box from its custom_id, so a box opened before a restart still works.
on_picker_modal = modal_listener(MODAL_TEMPLATE, _on_typed)


def setup_picker(bot: commands.Bot) -> None:
    """Make the picker's buttons, menus and typing box work. Safe to call from every feature's setup."""
    add_items(bot, "pick", TimePickerItem, modals=(MODAL_TEMPLATE,))
    listen(bot, on_picker_modal)
