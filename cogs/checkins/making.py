"""Making a check-in: the presses on bot/render/checkins_making.py's controls, the questions box, and the
time picker's answer. Every step edits the same private message; ids are untrusted (the service checks)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.errors import StaleControl, UserError, checked_id
from bot.interactions import modal_listener
from bot.render import checkins as render
from bot.render import checkins_making as making
from bot.render.components import custom_id
from bot.render.kept import keeping, refill
from bot.services.checkins.results import CheckinView
from cogs._timepicker import picker_card
from cogs.checkins.common import checkins, scope_of

MAKE = "chknew"  # the time picker's purpose for the first check-in's time
Handler = Callable[[discord.Interaction[Any], Any, tuple[str, ...]], Awaitable[None]]


def _id(rest: tuple[str, ...], index: int = 0) -> int:
    return checked_id(rest[index]) if len(rest) > index else 0


async def _card(interaction: discord.Interaction[Any], view: CheckinView) -> dict[str, Any]:
    has_projects = False
    if not view.has_target:
        has_projects = bool(await checkins(interaction).project_choices(scope_of(interaction)))
    return making.draft_card(view, has_projects=has_projects).edit_kwargs()


async def start_making(interaction: discord.Interaction[Any]) -> None:
    """/checkin new: only leads get the steps (the kind buttons first)."""
    await checkins(interaction).list_for_leads(scope_of(interaction))
    await interaction.response.send_message(**making.kind_card().send_kwargs(), ephemeral=True)


async def _on_kind(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    kind = rest[0] if rest else ""
    if kind == "x":
        await interaction.response.edit_message(content=texts.CHECKIN_MAKE_CANCELLED, view=None)
        return
    if kind == "standup":
        await checkins(interaction).list_for_leads(scope_of(interaction))  # a lead, before the box opens
        await interaction.response.send_modal(refill(making.questions_modal(), interaction.message))
        return
    view = await checkins(interaction).new_draft(scope_of(interaction), kind)
    await interaction.response.edit_message(**await _card(interaction, view))


async def _on_questions(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    questions: list[str | None] = [values.get(field) for field in making.QUESTION_FIELDS]
    try:
        view = await checkins(interaction).new_draft(scope_of(interaction), "standup", questions)
    except UserError as refused:  # "Try again" opens the box again with what was typed
        opener = custom_id("checkins", "nk", "standup")
        raise keeping(refused, making.questions_modal(), values, opener) from None
    await interaction.response.edit_message(**await _card(interaction, view))


on_questions_modal = modal_listener(re.escape(making.QUESTIONS_MODAL), _on_questions)


async def _on_who(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    service = checkins(interaction)
    scope = scope_of(interaction)
    view = await service.draft(scope, _id(rest))
    what = rest[1] if len(rest) > 1 and rest[1] in making.WHO else "members"
    projects = await service.project_choices(scope) if what == "project" else ()
    await interaction.response.edit_message(**making.who_card(view, what, projects).edit_kwargs())


async def _on_members(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    users = [u.id for u in getattr(item, "values", [])]
    view = await checkins(interaction).set_target(scope_of(interaction), _id(rest), members=users)
    await interaction.response.edit_message(**await _card(interaction, view))


async def _on_channel(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    picked = getattr(item, "values", [])
    if not picked:
        await interaction.response.edit_message(**await _card(interaction, await _back(interaction, rest)))
        return
    view = await checkins(interaction).set_target(scope_of(interaction), _id(rest), channel_id=picked[0].id)
    await interaction.response.edit_message(**await _card(interaction, view))


async def _on_project(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    picked = [str(v) for v in getattr(item, "values", [])]
    project_id = checked_id(picked[0]) if picked else 0
    view = await checkins(interaction).set_target(scope_of(interaction), _id(rest), project_id=project_id)
    await interaction.response.edit_message(**await _card(interaction, view))


async def _back(interaction: discord.Interaction[Any], rest: tuple[str, ...]) -> CheckinView:
    """Back to choosing who: the choice made so far is dropped, so the who buttons show again."""
    view = await checkins(interaction).draft(scope_of(interaction), _id(rest))
    if view.has_target:
        view = await checkins(interaction).clear_target(scope_of(interaction), view.id)
    return view


async def _on_back(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    await interaction.response.edit_message(**await _card(interaction, await _back(interaction, rest)))


async def _on_time(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    service = checkins(interaction)
    view = await service.draft(scope_of(interaction), _id(rest))
    card = picker_card(
        MAKE, view.id, view.timezone, service.clock.now(), texts.CHECKIN_MAKE_WHEN, user_id=interaction.user.id
    )
    await interaction.response.edit_message(**card.edit_kwargs())


async def on_time_picked(interaction: discord.Interaction[Any], ref: int, when_utc: datetime) -> None:
    view = await checkins(interaction).set_first_time(scope_of(interaction), ref, when_utc)
    await interaction.response.edit_message(**await _card(interaction, view))


async def on_time_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    """The picker's Cancel goes back to the draft (nothing is lost)."""
    view = await checkins(interaction).draft(scope_of(interaction), ref)
    await interaction.response.edit_message(**await _card(interaction, view))


async def _on_days(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    codes = [str(v) for v in getattr(item, "values", [])]
    view = await checkins(interaction).set_days(scope_of(interaction), _id(rest), codes)
    await interaction.response.edit_message(**await _card(interaction, view))


def _toggle(what: str) -> Handler:
    async def handler(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
        view = await checkins(interaction).toggle(scope_of(interaction), _id(rest), what)
        await interaction.response.edit_message(**await _card(interaction, view))

    return handler


async def _on_summary(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    """The menu of when leads get the summary; the value is untrusted (one of its choices, else old)."""
    minutes = str(item.values[0]) if getattr(item, "values", None) else ""
    if not minutes.isdigit() or len(minutes) > 4:
        raise StaleControl()
    view = await checkins(interaction).set_summary(scope_of(interaction), _id(rest), int(minutes))
    await interaction.response.edit_message(**await _card(interaction, view))


async def _on_go(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    service = checkins(interaction)
    view = await service.start(scope_of(interaction), _id(rest))
    await interaction.response.edit_message(content=render.created_text(view, service.clock.now()), view=None)


async def _on_discard(interaction: discord.Interaction[Any], item: Any, rest: tuple[str, ...]) -> None:
    await checkins(interaction).discard(scope_of(interaction), _id(rest))
    await interaction.response.edit_message(content=texts.CHECKIN_MAKE_CANCELLED, view=None)


HANDLERS: dict[str, Handler] = {
    "nk": _on_kind,
    "dw": _on_who,
    "dm": _on_members,
    "dc": _on_channel,
    "dp": _on_project,
    "db": _on_back,
    "dt": _on_time,
    "dd": _on_days,
    "dz": _toggle("zone"),
    "ds": _toggle("share"),
    "dy": _on_summary,
    "go": _on_go,
    "dx": _on_discard,
}
