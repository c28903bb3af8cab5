"""Reminders' custom ids are words; ids on messages posted before (short codes) reach the same handler."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from bot.render.reminders import ids
from cogs.reminders import items

# Every short code the first reminder messages carried (git history of bot/render/reminders.py), the
# words the same control carries now, and the item that answers both.
OLD_AND_NEW: list[tuple[str, str, type[Any]]] = [
    ("new:0", "new:0", items.ReminderNew),
    ("new:7", "new:7", items.ReminderNew),
    ("newall:7", "new-everyone:7", items.ReminderNew),
    *[(f"to:42:{k}", f"where:42:{k}", items.ReminderControl) for k in ("me", "channel", "role", "project")],
    ("role:42", "role:42", items.ReminderControl),
    ("rep:42", "repeat:42", items.ReminderControl),
    ("rept:42", "type-repeat:42", items.ReminderControl),
    ("when:42", "when:42", items.ReminderControl),
    ("chg:42", "change-time:42", items.ReminderControl),
    ("cancel:42", "cancel:42", items.ReminderControl),
    ("tts:42:1", "read-aloud:42:on", items.ReminderControl),
    ("tts:42:0", "read-aloud:42:off", items.ReminderControl),
    ("done:42", "done:42", items.ReminderControl),
    ("later:42", "later:42", items.ReminderControl),
    *[(f"snz:42:{v}", f"later-choice:42:{v}", items.ReminderControl) for v in ("10m", "1h", "tm")],
    ("stop:42", "stop:42", items.ReminderControl),
    ("page:2", "page:2", items.ReminderListControl),
    ("pick:0", "pick:0", items.ReminderListControl),
    ("multi:0", "pick-many:0", items.ReminderListControl),
    ("keep:0", "keep:0", items.ReminderListControl),
    ("cxl:1a.2b", "cxl:1a.2b", items.ReminderCancelMany),
]
ITEMS = (
    items.ReminderNew,
    items.ReminderControl,
    items.ReminderListControl,
    items.ReminderCancelMany,
    items.ReminderUnknown,
)


async def item_for(custom_id: str) -> Any:
    """What the bot builds when this id is pressed: exactly one item's template matches it."""
    found = [(cls, m) for cls in ITEMS if (m := re.fullmatch(cls.__discord_ui_compiled_template__, custom_id))]
    assert len(found) == 1, (custom_id, found)
    cls, match = found[0]
    button: discord.ui.Button[Any] = discord.ui.Button(custom_id=custom_id)
    interaction: Any = None  # not read when the id is parsed
    return await cls.from_custom_id(interaction, button, match)


def details(item: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(item).items() if k in ("kind", "project_id", "action", "reminder_id", "arg", "ids")}


@pytest.mark.parametrize(("old", "new", "cls"), OLD_AND_NEW)
async def test_an_old_id_reaches_the_same_item_with_the_same_details(old: str, new: str, cls: type[Any]) -> None:
    then = await item_for(f"connect:rem:{old}")
    now = await item_for(f"connect:rem:{new}")
    assert type(then) is type(now) is cls
    assert details(then) == details(now) and details(now)


@pytest.mark.parametrize(("old", "new"), [("text:42", "text:42"), ("reptext:42", "repeat-text:42")])
def test_an_old_typing_box_is_read_as_the_same_box(old: str, new: str) -> None:
    then = re.fullmatch(ids.BOX_TEMPLATE, f"connect:rem:{old}")
    now = re.fullmatch(ids.BOX_TEMPLATE, f"connect:rem:{new}")
    assert then and now
    assert ids.read(then["kind"]) == ids.read(now["kind"]) and then["id"] == now["id"]


def test_the_words_are_not_old_codes() -> None:
    words = {*ids.CONTROL_ACTIONS, *ids.NEW_KINDS, *ids.LIST_ACTIONS, *ids.BOX_KINDS}
    assert not words & set(ids.OLD_ACTIONS)
    assert set(ids.OLD_ACTIONS.values()) <= words
    assert set(ids.ANSWERS) <= set(ids.CONTROL_ACTIONS)


@pytest.mark.parametrize("custom_id", ["connect:rem:frobnicate:42", "connect:rem:wherever:42:me", "connect:rem:x:1"])
async def test_an_unknown_action_is_answered_as_an_old_button(custom_id: str) -> None:
    assert type(await item_for(custom_id)) is items.ReminderUnknown
