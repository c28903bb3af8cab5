"""Easy-read panels (issue 17): at most 5 choices in a panel's first view, built for the person who opens it,
and the harness's every-message check itself (it fails on a planted long sentence and a 6-button row)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from bot import texts
from sandbox import Sandbox, Seen
from sandbox.world import Message
from tests.e2e.conftest import Connect, easy_read_problems
from tests.e2e.test_projects import NOW, THURSDAY, pick_day_and_time, start_project
from tests.easyread import MAX_FIRST_VIEW_CHOICES


def choices(seen: Seen) -> int:
    """What a member can press or pick: buttons (not links) and menus."""
    buttons = [b for b in seen.buttons if b.url is None and not b.disabled]
    return len(buttons) + len([s for s in seen.selects if not s.disabled])


async def test_the_more_panel_shows_five_choices_and_organisers_press_organise(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    sam, priya = sandbox.member("Sam"), sandbox.member("Priya")

    more = await sam.click(card, texts.PROJECT_BUTTON_MORE)
    assert choices(more) <= MAX_FIRST_VIEW_CHOICES
    labels = [b.label for b in more.buttons]
    assert texts.PROJECT_BUTTON_ORGANISE in labels and texts.PROJECT_BUTTON_CANCEL not in labels
    organise = await sam.click(more, texts.PROJECT_BUTTON_ORGANISE)
    assert organise.message is more.message  # the same panel, one press on
    assert {texts.PROJECT_BUTTON_TIME, texts.REMIND_BUTTON_EVERYONE} <= {b.label for b in organise.buttons}
    assert texts.PROJECT_BUTTON_CANCEL not in {b.label for b in organise.buttons}  # behind "More choices"
    back = await sam.click(organise, texts.PROJECT_BUTTON_BACK_TO_MORE)
    assert [b.label for b in back.buttons] == labels

    # A member is offered only what a member may do: no Organise, no "Remind everyone coming".
    mine = await priya.click(card, texts.PROJECT_BUTTON_MORE)
    assert choices(mine) <= MAX_FIRST_VIEW_CHOICES
    assert not {texts.PROJECT_BUTTON_ORGANISE, texts.REMIND_BUTTON_EVERYONE} & {b.label for b in mine.buttons}
    assert texts.REMIND_BUTTON in [b.label for b in mine.buttons]


async def test_organise_shows_five_choices_first_on_a_project_with_every_option(
    connect: Connect, sandbox: Sandbox
) -> None:
    """A weekly project with an end time and a link: every organiser button exists (16 and Back), yet the
    Organise step shows 5 choices; the rest are behind "More choices", which has Back."""
    connect.clock.set(NOW)
    sam = sandbox.member("Sam")
    await sam.slash("project new", channel="projects")
    picker = await sam.submit_modal(
        {texts.PROJECT_INPUT_TITLE: "Film club", texts.PROJECT_INPUT_LINK: "https://meet.example/film"}
    )
    draft = await pick_day_and_time(sandbox, "Sam", picker, THURSDAY, "6pm")
    draft = await sam.select(draft, [texts.PROJECT_REPEAT_WEEKLY], placeholder=texts.PROJECT_REPEAT_PLACEHOLDER)
    picker = await sam.click(draft, texts.PROJECT_BUTTON_ADD_END)
    draft = await pick_day_and_time(sandbox, "Sam", picker, THURSDAY, "8pm")
    posted = await sam.click(draft, texts.PROJECT_BUTTON_POST)
    card = await sandbox.wait_for_message(
        channel="projects", predicate=lambda m: not m.ephemeral and bool(m.embeds) and bool(m.buttons)
    )
    await sandbox.wait_for_message(channel="projects", predicate=lambda m: m is posted.message and bool(m.buttons))

    more = await sam.click(card, texts.PROJECT_BUTTON_MORE)
    organise = await sam.click(more, texts.PROJECT_BUTTON_ORGANISE)
    first = [b.label for b in organise.buttons]
    assert choices(organise) <= MAX_FIRST_VIEW_CHOICES
    assert texts.PROJECT_BUTTON_MORE_CHOICES in first and texts.PROJECT_BUTTON_BACK_TO_MORE in first
    rest = await sam.click(organise, texts.PROJECT_BUTTON_MORE_CHOICES)
    labels = {b.label for b in rest.buttons}
    every_option = {
        texts.PROJECT_BUTTON_TIME_ONE,
        texts.PROJECT_BUTTON_NO_END,
        texts.PROJECT_BUTTON_CANCEL_SESSION,
        texts.PROJECT_BUTTON_CANCEL,
        texts.PROJECT_BUTTON_FINISH,
        texts.PROJECT_BUTTON_ADD_ORGANISER,
    }
    assert every_option <= labels and texts.PROJECT_BUTTON_BACK_TO_MORE in labels
    assert all(len(row) <= 5 for row in rest.message.components)  # type: ignore[union-attr]
    back = await sam.click(rest, texts.PROJECT_BUTTON_BACK_TO_MORE)
    assert [b.label for b in back.buttons] == first  # Back leads to the Organise step's first view


async def test_setup_shows_five_choices_first(connect: Connect, sandbox: Sandbox) -> None:
    card = await sandbox.member("Morgan").slash("setup")
    assert choices(card) <= MAX_FIRST_VIEW_CHOICES
    group = await sandbox.member("Morgan").click(card, texts.SETUP_ZONE_AND_PROJECTS)
    assert texts.SETUP_BACK in [b.label for b in group.buttons]


def _plant(sb: Sandbox, content: str, buttons: int) -> Message:
    channel = sb.world.channel("general")
    row = {
        "type": 1,
        "components": [
            {"type": 2, "style": 2, "label": f"Choice {i}", "custom_id": f"planted:{i}"} for i in range(buttons)
        ],
    }
    message = Message(
        id=sb.world.new_id(),
        channel_id=channel.id,
        guild_id=channel.guild_id,
        author=sb.world.bot,
        created_at=dt.datetime.now(dt.UTC),
        content=content,
        components=[row],
    )
    sb.world.messages[message.id] = message
    return message


@pytest.mark.skipif(bool(os.environ.get("EASY_READ_REPORT")), reason="the survey mode reports instead of failing")
async def test_the_harness_fails_a_long_sentence_and_a_six_button_row(connect: Connect, sandbox: Sandbox) -> None:
    await sandbox.member("Sam").slash("remind")  # something real from the bot, which passes
    assert easy_read_problems(sandbox) == []
    planted = _plant(sandbox, "This sentence has far too many words in it for a person to read in one go.", 6)
    problems = easy_read_problems(sandbox)
    assert any("17 words in one sentence" in p and "'This sentence has" in p for p in problems)
    assert any("6 buttons in one row" in p for p in problems)
    del sandbox.world.messages[planted.id]  # then it passes again (the harness checks once more at the end)
    assert easy_read_problems(sandbox) == []
