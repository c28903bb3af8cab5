"""Projects' custom ids are words; ids on cards posted before (short codes) reach the same handler."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from bot.render import projects as render
from cogs.projects import handlers

# Every short code the first cards, panels and messages carried (git history of bot/render/projects.py),
# and the words the same control carries now.
OLD_AND_NEW = [
    ("join:42", "join:42"),
    ("maybe:42", "maybe:42"),
    ("cant:42", "cant:42"),
    ("more:42", "more:42"),
    ("new:0", "new:0"),
    ("list:3", "list:3"),
    ("show:42", "show:42"),
    ("ics:42", "calendar:42"),
    ("ans:42:g1", "which:42:going:next"),
    ("ans:42:ga", "which:42:going:every"),
    ("ans:42:m1", "which:42:maybe:next"),
    ("ans:42:ma", "which:42:maybe:every"),
    ("ans:42:c1", "which:42:cant:next"),
    ("ans:42:ca", "which:42:cant:every"),
    ("slot:42:g", "session:42:going"),
    ("slot:42:m", "session:42:maybe"),
    ("rem:42:on", "reminders:42:on"),
    ("rem:42:off", "reminders:42:off"),
    ("no:42:7:1", "cant-come:42:7:every"),
    ("no:42:7:0", "cant-come:42:7:once"),
    *[(f"org:42:{same}", f"organise:42:{same}") for same in ("edit", "time", "end", "places", "close", "open")],
    *[(f"org:42:{same}", f"organise:42:{same}") for same in ("remove", "cancel", "finish", "keep")],
    ("org:42:timeone", "organise:42:time-one"),
    ("org:42:noend", "organise:42:no-end"),
    ("org:42:coorg", "organise:42:add-organiser"),
    ("org:42:sign", "organise:42:sign-up"),
    ("org:42:tick", "organise:42:attendance"),
    ("org:42:cansess", "organise:42:cancel-session"),
    ("org:42:cancelyes", "organise:42:cancel-yes"),
    ("org:42:cansessyes", "organise:42:cancel-session-yes"),
    ("org:42:finishyes", "organise:42:finish-yes"),
    ("usr:42:coorg", "member:42:add-organiser"),
    ("usr:42:sign", "member:42:sign-up"),
    ("usr:42:signall", "member:42:sign-up-every"),
    ("usr:42:remove", "member:42:remove"),
    ("usr:42:tick:7", "member:42:attendance:7"),
    ("plc:42", "places:42"),
    ("drep:42", "repeat:42"),
    *[(f"draft:42:{same}", f"draft:42:{same}") for same in ("start", "end", "post", "discard")],
    ("draft:42:noend", "draft:42:no-end"),
]


async def item_for(custom_id: str) -> handlers.ProjectItem:
    """What the bot builds when this id is pressed (discord.py matches the template, then from_custom_id)."""
    match = re.fullmatch(render.TEMPLATE, custom_id)
    assert match is not None, custom_id
    button: discord.ui.Button[Any] = discord.ui.Button(custom_id=custom_id)
    interaction: Any = None  # not read when the id is parsed
    return await handlers.ProjectItem.from_custom_id(interaction, button, match)


@pytest.mark.parametrize(("old", "new"), OLD_AND_NEW)
async def test_an_old_id_reaches_the_same_handler_with_the_same_details(old: str, new: str) -> None:
    then = await item_for(f"connect:proj:{old}")
    now = await item_for(f"connect:proj:{new}")
    assert then.control == now.control
    assert now.control.action in handlers.ACTIONS, new
    assert render.read(now.control.action, str(now.control.ref), now.control.arg, now.control.extra) == now.control


def test_the_words_are_not_old_codes() -> None:
    """Reading a new id changes nothing only while no word is also an old code."""
    assert not set(handlers.ACTIONS) & set(render.OLD_ACTIONS)
    for action, codes in render.OLD_ARGS.items():
        assert not set(codes.values()) & set(codes), action
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", action) for action in handlers.ACTIONS)


def test_the_longest_ids_fit_in_100_characters() -> None:
    big = 2**63 - 1
    longest = [
        render.cid("organise", big, "cancel-session-yes"),
        render.cid("cant-come", big, big, "every"),
        render.cid("member", big, "attendance", big),
    ]
    assert all(re.fullmatch(render.TEMPLATE, cid) and len(cid) <= 100 for cid in longest)


def test_a_made_up_id_is_not_read_as_a_control() -> None:
    for custom_id in ("connect:proj:Join:42", "connect:proj:join:x", "connect:proj:org:42:a:b:c", "connect:proj::42"):
        assert re.fullmatch(render.TEMPLATE, custom_id) is None, custom_id
