"""Every project button, menu, modal and time pick. Thin: read the press, call one service method, render.

All controls share one persistent item (``ProjectItem``): its custom_id says what to do and for which
project, in words (``connect:proj:<action>:<id>[:<arg>[:<extra>]]``, see bot/render/projects/ids.py), so
they work after restarts and weeks later; old short codes are read as the same words.
Modals are answered from their custom_id by a listener (``on_project_modal``) for the same reason.
The handlers live by who presses: answers.py (members), organise.py (organisers), drafts.py (starting one).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.errors import NotAllowed, UserError, checked_id
from bot.interactions import GuardedItem, modal_listener
from bot.render import projects as render
from bot.render.kept import keeping
from cogs.projects.answers import (
    on_calendar,
    on_cant,
    on_join,
    on_list,
    on_maybe,
    on_more,
    on_reminders,
    on_say_no,
    on_show,
    on_slot,
    on_which,
)
from cogs.projects.common import (
    PICK_END,
    PICK_MOVE,
    PICK_MOVE_ONE,
    PICK_START,
    Press,
)
from cogs.projects.drafts import (
    on_draft,
    on_draft_repeat,
    on_end_picked,
    on_modal_edit,
    on_modal_new,
    on_modal_places,
    on_move_one_picked,
    on_move_picked,
    on_new,
    on_pick_cancelled,
    on_start_cancelled,
    on_start_picked,
)
from cogs.projects.organise import on_member_pick, on_organise, on_places

__all__ = [
    "PICK_END",
    "PICK_MOVE",
    "PICK_MOVE_ONE",
    "PICK_START",
    "ProjectItem",
    "on_end_picked",
    "on_move_one_picked",
    "on_move_picked",
    "on_pick_cancelled",
    "on_project_modal",
    "on_start_cancelled",
    "on_start_picked",
]

Handler = Callable[[Press], Awaitable[None]]


# ---------------------------------------------------------------- dispatch

ACTIONS: dict[str, Handler] = {
    "join": on_join,
    "maybe": on_maybe,
    "cant": on_cant,
    "calendar": on_calendar,
    "more": on_more,
    "which": on_which,
    "session": on_slot,
    "reminders": on_reminders,
    "cant-come": on_say_no,
    "organise": on_organise,
    "member": on_member_pick,
    "places": on_places,
    "new": on_new,
    "repeat": on_draft_repeat,
    "draft": on_draft,
    "list": on_list,
    "show": on_show,
}


class ProjectItem(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=render.TEMPLATE,
):
    """Every project button and menu, on cards, panels and messages."""

    def __init__(self, item: discord.ui.Item[Any], control: render.Control) -> None:
        super().__init__(item)
        self.control = control

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ProjectItem:
        # Old short codes (``org:42:coorg``) are read as the words the cards carry now (``organise:42:add-organiser``).
        return cls(item, render.read(match["action"], match["id"], match["a"], match["b"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        control = self.control
        # The template knows only these words: any other action is answered by the catch-all (cogs/_unknown.py).
        handler = ACTIONS[control.action]
        try:
            await handler(Press(interaction, control.ref, control.arg, control.extra, self.item))
        except NotAllowed as refused:  # never a dead end: what this person can do instead
            if refused.ways or control.action == "more":
                raise
            raise NotAllowed(refused.message, render.refused_ways(control.action, control.ref)) from None


async def _on_form(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    kind, ref = match["kind"], checked_id(match["id"])
    try:
        if kind == "new":
            await on_modal_new(interaction, values)
        elif kind == "edit":
            await on_modal_edit(interaction, ref, values)
        else:
            await on_modal_places(interaction, ref, values)
    except UserError as refused:  # "Try again" opens the box again with what was typed
        if kind == "new":
            box, opener = render.details_modal(), render.cid("new", 0)
        elif kind == "edit":
            box, opener = render.details_modal(), render.cid("organise", ref, "edit")
        else:
            box, opener = render.places_modal(ref, None), render.cid("places", ref, "type")
        raise keeping(refused, box, values, opener) from None


# Listener: answers the project modals from their custom_id, so one opened before a restart still works.
on_project_modal = modal_listener(render.FORM_TEMPLATE, _on_form)
