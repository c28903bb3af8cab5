"""Tasks rendering: the progress line, calm overdue words, only the buttons a person may press, ids."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from bot import texts
from bot.render import tasks as render
from bot.render.components import MAX_CUSTOM_ID
from bot.services.tasks import ListView, Pressed, TaskPanel, TaskView

NOW = datetime(2027, 6, 7, 9, 0, tzinfo=UTC)
BIG = 2**63 - 1
TASK = TaskView(
    id=7,
    guild_id=1,
    list_id=3,
    title="Book [the room](https://evil.example)",
    details="",
    added_by=10,
    doer_id=None,
    helper_id=None,
    wants_helper=False,
    needs_help=False,
    asked_id=None,
    asked_by=None,
    due_at=NOW + timedelta(days=3),
    repeat="none",
    rota=(),
    state="open",
    done_at=None,
    next_id=None,
)
LIST = ListView(
    id=3,
    guild_id=1,
    project_id=5,
    project_title="Film club",
    channel_id=50,
    message_id=60,
    timezone="Europe/London",
    tasks=(TASK,),
    members_may_add=False,
)


def panel(task: TaskView = TASK, viewer: int = 21, *, manage: bool = False, undo: bool = False) -> TaskPanel:
    return TaskPanel(task=task, list=LIST, viewer_id=viewer, can_manage=manage, can_undo=undo, zone="Europe/London")


def labels(card: Any) -> list[str]:
    if card.view is None:
        return []
    return [getattr(i, "label", None) or getattr(i, "placeholder", "") for i in card.view.children]


def test_progress_line_and_bar() -> None:
    assert render.progress(0, 3) == "0 of 3 done ⬜⬜⬜"
    assert render.progress(3, 5) == "3 of 5 done 🟩🟩🟩⬜⬜"
    assert render.progress(10, 20).endswith("🟩" * 5 + "⬜" * 5)
    assert render.progress(0, 0) == "0 of 0 done"


def test_overdue_says_not_done_yet_calmly_and_links_are_plain() -> None:
    late = replace(TASK, due_at=NOW - timedelta(hours=2), doer_id=21)
    card = render.list_card(replace(LIST, tasks=(late,)), NOW)
    assert card.embed is not None
    text = " ".join(f"{f.name} {f.value}" for f in card.embed.fields)
    assert texts.TASK_LINE_NOT_DONE_YET in text and "evil.example" in text and "](" not in text
    assert card.embed.colour != discord.Colour.red() and "!" not in text
    assert labels(card) == [texts.TASK_LIST_PICK]  # a project's shared card: no Add button


def test_only_what_each_person_may_press() -> None:
    assert labels(render.task_panel(panel(), NOW)) == [
        texts.TASK_BUTTON_CLAIM,
        texts.TASK_BUTTON_PARTNER,
        texts.TASK_BUTTON_DONE,
    ]
    mine = replace(TASK, doer_id=21)
    assert labels(render.task_panel(panel(mine), NOW)) == [
        texts.TASK_BUTTON_DONE,
        texts.TASK_BUTTON_PARTNER,
        texts.TASK_BUTTON_GIVE_BACK,
        texts.TASK_BUTTON_NEED_HELP,
    ]
    assert labels(render.task_panel(panel(mine, viewer=22), NOW)) == []
    wants = replace(mine, wants_helper=True)
    assert labels(render.task_panel(panel(wants, viewer=22), NOW)) == [texts.TASK_BUTTON_CAN_HELP]
    asked = replace(TASK, asked_id=22, asked_by=10)
    assert labels(render.task_panel(panel(asked, viewer=22), NOW)) == [texts.TASK_BUTTON_YES, texts.TASK_BUTTON_NO]
    assert labels(render.task_panel(panel(asked, viewer=23), NOW)) == []
    # Someone who may change it: "Change this task" first (5 choices at most), then its buttons with Back.
    assert labels(render.task_panel(panel(mine, viewer=10, manage=True), NOW)) == [
        texts.TASK_BUTTON_DONE,
        texts.TASK_BUTTON_MANAGE,
    ]
    assert labels(render.task_panel(panel(mine, viewer=10, manage=True), NOW, manage=True)) == [
        texts.TASK_BUTTON_EDIT,
        texts.TASK_BUTTON_DUE,
        texts.TASK_BUTTON_REMOVE,
        texts.TASK_BUTTON_BACK,
        texts.TASK_PICK_ASK,
    ]
    assert labels(render.task_panel(panel(mine, viewer=22), NOW, manage=True)) == []  # not theirs to change


def test_done_task_offers_undo_and_thank_you_only_when_the_thanks_feature_is_there() -> None:
    done = replace(TASK, doer_id=21, helper_id=22, state="done", done_at=NOW)
    assert labels(render.task_panel(panel(done, undo=True), NOW)) == [texts.TASK_BUTTON_UNDO]
    card = render.task_panel(panel(done, undo=True), NOW, thanks=True)
    assert card.view is not None
    thanks = [i for i in card.view.children if getattr(i, "label", "") == texts.TASK_BUTTON_THANKS]
    assert [getattr(b, "custom_id", None) for b in thanks] == ["connect:thanks:say:task:7"]
    assert (
        card.embed is not None
        and "<@21>" in str(card.embed.fields[0].value)
        and "<@22>" in str(card.embed.fields[0].value)
    )


def test_custom_ids_fit_and_match_the_template() -> None:
    big = replace(TASK, id=BIG, guild_id=BIG, list_id=BIG, asked_id=BIG, doer_id=None)
    cards = [
        render.task_panel(panel(big, viewer=BIG, manage=True), NOW),
        render.task_panel(panel(replace(big, asked_id=None), viewer=BIG, manage=True), NOW),
        render.draft_card(replace(big, repeat="weekly"), "Europe/London", NOW),
        render.list_card(replace(LIST, id=BIG, tasks=(big,), members_may_add=True), NOW),
        render.confirm_remove(big),
        render.nudges_panel(True),
    ]
    ids = [getattr(i, "custom_id", None) for c in cards if c.view for i in c.view.children]
    ids += [getattr(i, "custom_id", None) for i in render.nudge_message(big, "Europe/London", NOW).view.children]  # type: ignore[union-attr]
    assert ids and all(i is None or len(i) <= MAX_CUSTOM_ID for i in ids)
    for cid in ids:
        assert cid is not None and re.fullmatch(render.TEMPLATE, cid), cid
    assert render.tasks_button(5).custom_id == "connect:tasks:list:project:5"
    assert re.fullmatch(render.FORM_TEMPLATE, render.task_modal("new", BIG).custom_id)


def test_celebration_and_replies_read_plainly() -> None:
    msg = render.celebrate_message({"title": "Film club", "people": [1, 2]})
    assert msg.content == "🎉 All the tasks for Film club are done. Thank you: <@1>, <@2>."
    assert not msg.mention_user_ids
    done = Pressed("done", replace(TASK, state="done", title="Tea"), 3, replace(TASK, due_at=NOW + timedelta(days=7)))
    text = render.reply_text(done, "Europe/London", NOW)
    assert text.startswith("✅ Done. Thank you for doing: Tea.") and "🔁 The next one is on the list." in text
    ask = render.notice_message({"type": "ask", "by": 10, "title": "Tea"}, TASK, "Europe/London", NOW)
    assert ask.content is not None and ask.content.startswith("👤 <@10> asks: can you do this task? Tea")
    assert not ask.mention_user_ids
