"""Every project button, menu, modal and time pick. Thin: read the press, call one service method, render.

All controls share one persistent item (``ProjectItem``): its custom_id says what to do and for which
project (``connect:proj:<action>:<id>[:<a>[:<b>]]``), so they work after restarts and weeks later.
Modals are answered from their custom_id by a listener (``on_project_modal``) for the same reason.
The handlers live by who presses: answers.py (members), organise.py (organisers), drafts.py (starting one).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.errors import StaleControl, checked_id
from bot.interactions import GuardedItem, modal_listener
from bot.render import projects as render
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
    "ics": on_calendar,
    "more": on_more,
    "ans": on_which,
    "slot": on_slot,
    "rem": on_reminders,
    "no": on_say_no,
    "org": on_organise,
    "usr": on_member_pick,
    "plc": on_places,
    "new": on_new,
    "drep": on_draft_repeat,
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

    def __init__(self, item: discord.ui.Item[Any], action: str, ref: int, a: str | None, b: str | None) -> None:
        super().__init__(item)
        self.action = action
        self.ref = ref
        self.a = a
        self.b = b

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ProjectItem:
        return cls(item, match["action"], checked_id(match["id"]), match["a"], match["b"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        handler = ACTIONS.get(self.action)
        if handler is None:
            raise StaleControl()
        await handler(Press(interaction, self.ref, self.a, self.b, self.item))


async def _on_form(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    kind, ref = match["kind"], checked_id(match["id"])
    if kind == "new":
        await on_modal_new(interaction, values)
    elif kind == "edit":
        await on_modal_edit(interaction, ref, values)
    else:
        await on_modal_places(interaction, ref, values)


# Listener: answers the project modals from their custom_id, so one opened before a restart still works.
on_project_modal = modal_listener(render.FORM_TEMPLATE, _on_form)
