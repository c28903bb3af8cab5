"""Shared task lists end to end, with buttons and menus only: an organiser adds three tasks to a project
(one due Thursday at 6pm, picked with the time picker), a member claims one, another asks "Do it with me"
and a helper joins, one is asked for and declined, one is given back, the nudge arrives once on Wednesday
at 9am, the buttons work after a restart, everything is done and the celebration is posted once; a member
of another server cannot touch the tasks.

The bot's clock starts on Monday 7 June 2027, 9:00 UTC (10am in London), as in test_projects.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from sandbox import Message, Sandbox, Seen, default_world
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, THURSDAY, pick_day_and_time, start_project

WEDNESDAY_9AM = datetime(2027, 6, 9, 8, 0, tzinfo=UTC)  # 9am in London, the day before Thursday 6pm


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """Riverside Community (as everywhere), plus Hillside Makers: another server with its own member."""
    world = default_world()
    hillside = world.add_guild("Hillside Makers", owner=world.user("Morgan"))
    world.add_channel(hillside, "makers", topic="Making things.")
    world.add_member(hillside, world.add_user("Riley"))
    sb = Sandbox(world=world, heartbeat_interval_ms=5000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def is_list_card(m: Message) -> bool:
    return not m.ephemeral and bool(m.embeds) and str(m.embeds[0].get("title", "")).startswith("📋 Tasks for")


def list_card(sb: Sandbox) -> Message:
    [card] = [m for m in sb.world.channel("projects").messages if is_list_card(m)]
    return card


async def card_shows(sb: Sandbox, *words: str) -> Message:
    """The list card (one message, edited in place), once an edit shows ``words``."""
    card = await sb.wait_for_message(
        channel="projects", predicate=lambda m: is_list_card(m) and all(w in m.text for w in words)
    )
    assert card is list_card(sb)
    return card


async def open_task(sb: Sandbox, who: str, title: str) -> Seen:
    """Pick the task in the list card's menu: its own buttons appear, privately."""
    card = list_card(sb)
    [label] = [o.label for o in card.selects[0].options if o.label.endswith(f". {title}")]
    seen = await sb.member(who).select(card, [label], placeholder=texts.TASK_LIST_PICK)
    assert seen.ephemeral and title in seen.text
    return seen


async def add_task(sb: Sandbox, panel: Seen, title: str, *, due: bool = False) -> Seen:
    sam = sb.member("Sam")
    seen = await sam.click(panel, texts.TASK_BUTTON_ADD)
    assert seen.modal is not None and seen.modal.title == texts.TASK_MODAL_NEW
    draft = await sam.submit_modal({texts.TASK_INPUT_WHAT: title})
    assert draft.ephemeral and texts.TASK_DRAFT_TITLE.format(title=title) in draft.text
    assert texts.TASK_DRAFT_NO_DUE in draft.text
    if due:
        picker = await sam.click(draft, texts.TASK_BUTTON_PICK_DUE)
        assert picker.content == texts.TASK_ASK_DUE.format(title=title)
        draft = await pick_day_and_time(sb, "Sam", picker, THURSDAY, "6pm")
        assert "📅 Due Thursday 10 June at 6pm" in draft.text
    added = await sam.click(draft, texts.TASK_BUTTON_SAVE)
    assert added.content == texts.TASK_ADDED.format(title=title)
    return added


def dms_with(sb: Sandbox, name: str, words: str) -> list[Message]:
    return [m for m in sb.dms_of(name) if words in m.text]


async def test_a_project_task_list_from_start_to_celebration(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    project_card = await start_project(sandbox, "Sam", "Film club")
    sam, priya, jordan, alex = (sandbox.member(n) for n in ("Sam", "Priya", "Jordan", "Alex"))
    uid = {n: sandbox.user(n).id for n in ("Sam", "Priya", "Jordan", "Alex")}

    # A member's More panel shows Tasks, but not Add (only organisers and leads add to a project's list).
    more = await priya.click(project_card, texts.PROJECT_BUTTON_MORE)
    members_list = await priya.click(more, texts.TASK_BUTTON_TASKS)
    assert texts.TASK_LIST_EMPTY in members_list.text
    assert texts.TASK_BUTTON_ADD not in [b.label for b in members_list.buttons]

    # The organiser adds three tasks from the project's More panel.
    more = await sam.click(project_card, texts.PROJECT_BUTTON_MORE)
    panel = await sam.click(more, texts.TASK_BUTTON_TASKS)
    assert texts.TASK_LIST_TITLE_PROJECT.format(title="Film club") in panel.text
    await add_task(sandbox, panel, "Book the room", due=True)
    card = await card_shows(sandbox, "Book the room", texts.TASK_LIST_PROGRESS.format(done=0, total=1))
    assert "⬜" in card.text and not card.pinged_user_ids
    await add_task(sandbox, panel, "Bring the camera")
    await add_task(sandbox, panel, "Make the tea")
    await card_shows(sandbox, "Make the tea", texts.TASK_LIST_PROGRESS.format(done=0, total=3))

    # Priya claims the room; Jordan cannot take it from her and is told who has it.
    room = await open_task(sandbox, "Priya", "Book the room")
    jordans_room = await open_task(sandbox, "Jordan", "Book the room")  # opened before Priya presses
    claimed = await priya.click(room, texts.TASK_BUTTON_CLAIM)
    assert texts.TASK_CLAIMED.format(title="Book the room") in claimed.text
    await card_shows(sandbox, texts.TASK_LINE_DOING.format(doer=f"<@{uid['Priya']}>"))
    taken = await jordan.click(jordans_room, texts.TASK_BUTTON_CLAIM)
    assert texts.TASK_TAKEN.format(doer=f"<@{uid['Priya']}>", title="Book the room") in taken.text
    assert texts.TASK_BUTTON_CLAIM not in [
        b.label for b in (await open_task(sandbox, "Jordan", "Book the room")).buttons
    ]

    # Jordan asks for a partner on the camera; Alex joins as the helper.
    camera = await open_task(sandbox, "Jordan", "Bring the camera")
    asked = await jordan.click(camera, texts.TASK_BUTTON_PARTNER)
    assert texts.TASK_PARTNER_ASKED.format(title="Bring the camera") in asked.text
    await card_shows(sandbox, texts.TASK_LINE_WANTS_HELPER)
    helping = await alex.click(await open_task(sandbox, "Alex", "Bring the camera"), texts.TASK_BUTTON_CAN_HELP)
    assert texts.TASK_PARTNER_JOINED.format(doer=f"<@{uid['Jordan']}>", title="Bring the camera") in helping.text
    await card_shows(sandbox, texts.TASK_LINE_DOING_WITH.format(doer=f"<@{uid['Jordan']}>", helper=f"<@{uid['Alex']}>"))

    # Jordan needs help: the organiser is told privately, and the list shows it calmly.
    sos = await jordan.click(await open_task(sandbox, "Jordan", "Bring the camera"), texts.TASK_BUTTON_NEED_HELP)
    assert texts.TASK_HELP_ASKED in sos.text
    await card_shows(sandbox, texts.TASK_LINE_NEEDS_HELP)
    await sandbox.wait_for_message(
        dm_of="Sam", predicate=lambda m: "needs help with a task: Bring the camera" in m.text
    )

    # Sam asks Priya to make the tea; she says no, and Sam is told.
    tea = await open_task(sandbox, "Sam", "Make the tea")
    tea = await sam.click(tea, texts.TASK_BUTTON_MANAGE)
    sent = await sam.select(tea, ["Priya"], placeholder=texts.TASK_PICK_ASK)
    assert texts.TASK_ASK_SENT.format(member=f"<@{uid['Priya']}>", title="Make the tea") in sent.text
    await card_shows(sandbox, texts.TASK_LINE_ASKED.format(member=f"<@{uid['Priya']}>"))
    ask = await sandbox.wait_for_message(dm_of="Priya", predicate=lambda m: "can you do this task" in m.text)
    assert [b.label for b in ask.buttons] == [texts.TASK_BUTTON_YES, texts.TASK_BUTTON_NO]
    said = await sandbox.dm_user("Priya").click(ask, texts.TASK_BUTTON_NO)
    assert said.text == texts.TASK_SAID_NO
    await sandbox.wait_for_message(dm_of="Sam", predicate=lambda m: "said no, sorry, to: Make the tea" in m.text)

    # Jordan takes the tea, then gives it back: no blame, and Sam is told plainly.
    tea = await open_task(sandbox, "Jordan", "Make the tea")
    await jordan.click(tea, texts.TASK_BUTTON_CLAIM)
    back = await jordan.click(await open_task(sandbox, "Jordan", "Make the tea"), texts.TASK_BUTTON_GIVE_BACK)
    assert texts.TASK_GIVEN_BACK.format(title="Make the tea") in back.text
    await sandbox.wait_for_message(dm_of="Sam", predicate=lambda m: "gave back a task: Make the tea" in m.text)

    # The nudge: once, on Wednesday at 9am in London, to Priya only.
    connect.clock.set(WEDNESDAY_9AM - timedelta(minutes=3))
    await connect.run_due()
    assert dms_with(sandbox, "Priya", "A nudge") == []
    for _ in range(5):
        await connect.later(timedelta(minutes=1))
    [nudge] = dms_with(sandbox, "Priya", "A nudge about your task: Book the room")
    assert "Thursday 10 June at 6pm" in nudge.text and texts.SCHEDULED_LATE not in nudge.text
    await connect.later(timedelta(hours=6))
    assert len(dms_with(sandbox, "Priya", "A nudge")) == 1

    # A restart: the buttons made before it still work (the nudge's Done, the card's menu).
    await connect.restart()
    done = await sandbox.dm_user("Priya").click(nudge, texts.TASK_BUTTON_DONE)
    assert texts.TASK_DONE_REPLY.format(title="Book the room") in done.text
    await card_shows(sandbox, texts.TASK_LIST_PROGRESS.format(done=1, total=3))
    camera_done = await alex.click(await open_task(sandbox, "Alex", "Bring the camera"), texts.TASK_BUTTON_DONE)
    assert texts.TASK_DONE_UNDO_HINT in camera_done.text
    assert texts.TASK_BUTTON_UNDO in [b.label for b in camera_done.buttons]
    tea = await open_task(sandbox, "Alex", "Make the tea")
    await alex.click(tea, texts.TASK_BUTTON_CLAIM)
    await alex.click(await open_task(sandbox, "Alex", "Make the tea"), texts.TASK_BUTTON_DONE)
    await card_shows(sandbox, texts.TASK_LIST_PROGRESS.format(done=3, total=3), "🟩🟩🟩")

    # Every task is done: one celebration in the project's channel, naming everyone, pinging nobody.
    party = await sandbox.wait_for_message(channel="projects", predicate=lambda m: "🎉 All the tasks" in m.text)
    assert party.content.startswith("🎉 All the tasks for Film club are done. Thank you:")
    assert all(f"<@{uid[n]}>" in party.content for n in ("Priya", "Jordan", "Alex"))
    assert not party.pinged_user_ids and not party.pinged_everyone
    await connect.later(timedelta(minutes=5))
    assert len([m for m in sandbox.world.channel("projects").messages if "🎉 All the tasks" in m.text]) == 1
    # The person who asked (Sam) was told each task was done.
    assert dms_with(sandbox, "Sam", "did the task you asked for: Book the room")


async def test_a_member_of_another_server_cannot_touch_the_tasks(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    sam = sandbox.member("Sam")
    await sam.slash("task add", channel="general")
    draft = await sam.submit_modal({texts.TASK_INPUT_WHAT: "Water the @everyone plants [now](https://x.example)"})
    await sam.click(draft, texts.TASK_BUTTON_SAVE)
    card = await sandbox.wait_for_message(
        channel="general", predicate=lambda m: not m.ephemeral and "Water the" in m.text
    )
    assert not card.pinged_everyone and "now (https://x.example)" in card.text
    task_id = int(card.selects[0].options[0].value)

    # Riley is only in Hillside Makers. A copy of the task's buttons shows up there (as a tampered client
    # could send): every press answers "cannot find", exactly like a task that does not exist.
    riley = sandbox.member("Riley", guild="Hillside Makers")
    own = await riley.slash("tasks", channel="makers")
    assert texts.TASK_LIST_EMPTY in own.text
    buttons = [
        {"type": 2, "style": 2, "label": what, "custom_id": f"connect:tasks:do:{task_id}:{what}"}
        for what in ("claim", "done", "remove", "removeyes")
    ]
    copy = sandbox.create_message(
        sandbox.world.channel("makers", "Hillside Makers"),
        sandbox.world.bot,
        {"content": "copy", "components": [{"type": 1, "components": buttons}]},
    )
    for what in ("claim", "done", "remove", "removeyes"):
        refused = await riley.click(copy, what)
        assert refused.ephemeral and refused.content == texts.TASK_NOT_FOUND
    fresh = await sandbox.member("Priya").select(
        card, [card.selects[0].options[0].label], placeholder=texts.TASK_LIST_PICK
    )
    assert texts.TASK_LINE_FREE in fresh.text and texts.TASK_BUTTON_CLAIM in [b.label for b in fresh.buttons]


async def test_channel_list_mine_change_remove_undo_and_settings(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    jordan, priya, morgan = sandbox.member("Jordan"), sandbox.member("Priya"), sandbox.member("Morgan")

    # /tasks in #general posts that channel's list for everyone; anyone may add to it.
    posted = await jordan.slash("tasks", channel="general")
    assert not posted.ephemeral and texts.TASK_LIST_TITLE_CHANNEL in posted.text
    seen = await jordan.click(posted, texts.TASK_BUTTON_ADD)
    assert seen.modal is not None
    draft = await jordan.submit_modal(
        {texts.TASK_INPUT_WHAT: "Water the plants", texts.TASK_INPUT_DETAILS: "**all** of them"}
    )
    draft = await jordan.select(draft, [texts.TASK_REPEAT_WORDS["weekly"]], placeholder=texts.TASK_PICK_REPEAT)
    assert "🔁 Every week" in draft.text
    picker = await jordan.click(draft, texts.TASK_BUTTON_PICK_DUE)
    draft = await jordan.click(picker, texts.TIMEPICK_TOMORROW_MORNING.format(time="9am"))
    assert "📅 Due Tuesday 8 June at 9am" in draft.text
    draft = await jordan.select(draft, ["Jordan"], placeholder=texts.TASK_PICK_WHO)
    assert texts.TASK_DRAFT_WHO.format(member=f"<@{sandbox.user('Jordan').id}>") in draft.text
    await jordan.click(draft, texts.TASK_BUTTON_SAVE)
    card = await sandbox.wait_for_message(
        channel="general",
        predicate=lambda m: m.id == posted.message.id and "Water the plants" in m.text,  # type: ignore[union-attr]
    )
    assert "🙋" in card.text and "🔁 Every week" in card.text

    # /tasks mine: what I am doing, with the menu to its buttons.
    mine = await jordan.slash("tasks", show=texts.TASK_SHOW_MINE)
    assert mine.ephemeral and texts.TASK_MINE_DOING in mine.text and "Water the plants" in mine.text
    panel = await jordan.select(mine, ["Water the plants"], placeholder=texts.TASK_LIST_PICK)

    # Done, from the member's own reply; the next week's one is made; "Not done yet" undoes it.
    done = await jordan.click(panel, texts.TASK_BUTTON_DONE)
    assert texts.TASK_DONE_REPLY.format(title="Water the plants") in done.text
    assert "🔁 The next one is on the list. It is due Tuesday 15 June at 9am" in done.text
    await sandbox.wait_for_message(
        channel="general",
        predicate=lambda m: m.id == card.id and texts.TASK_LIST_PROGRESS.format(done=1, total=2) in m.text,
    )
    undone = await jordan.click(done, texts.TASK_BUTTON_UNDO)
    assert texts.TASK_UNDONE.format(title="Water the plants") in undone.text
    await sandbox.wait_for_message(
        channel="general",
        predicate=lambda m: m.id == card.id and texts.TASK_LIST_PROGRESS.format(done=0, total=1) in m.text,
    )

    # Priya may not change or remove it: she is not offered those buttons.
    her = await priya.select(card, ["1. Water the plants"], placeholder=texts.TASK_LIST_PICK)
    assert texts.TASK_BUTTON_MANAGE not in [b.label for b in her.buttons] and "**all** of them" in her.text

    # Jordan (who added it) changes it with hostile text: shown as typed, pings nobody; then removes it.
    panel = await jordan.select(card, ["1. Water the plants"], placeholder=texts.TASK_LIST_PICK)
    panel = await jordan.click(panel, texts.TASK_BUTTON_MANAGE)
    box = await jordan.click(panel, texts.TASK_BUTTON_EDIT)
    assert box.modal is not None and box.modal.title == texts.TASK_MODAL_EDIT
    changed = await jordan.submit_modal({texts.TASK_INPUT_WHAT: "Water @everyone \u202eplants\u202c 🌱"})
    assert changed.content == texts.TASK_CHANGED.format(title="Water @everyone plants 🌱")
    card = await sandbox.wait_for_message(channel="general", predicate=lambda m: m.id == card.id and "🌱" in m.text)
    assert "\u202e" not in card.text and not card.pinged_everyone
    old = await jordan.select(card, ["1. Water @everyone plants 🌱"], placeholder=texts.TASK_LIST_PICK)
    panel = await jordan.select(card, ["1. Water @everyone plants 🌱"], placeholder=texts.TASK_LIST_PICK)
    panel = await jordan.click(panel, texts.TASK_BUTTON_MANAGE)
    ask = await jordan.click(panel, texts.TASK_BUTTON_REMOVE)
    assert ask.content == texts.TASK_CONFIRM_REMOVE.format(title="Water @everyone plants 🌱")
    removed = await jordan.click(ask, texts.TASK_BUTTON_YES_REMOVE)
    assert removed.content == texts.TASK_REMOVED.format(title="Water @everyone plants 🌱")
    await sandbox.wait_for_message(
        channel="general", predicate=lambda m: m.id == card.id and texts.TASK_LIST_EMPTY in m.text
    )
    # The removed task's old buttons answer plainly and change nothing.
    stale = await jordan.click(old, texts.TASK_BUTTON_DONE)
    assert stale.content == texts.TASK_NOT_FOUND

    # /setup: a lead turns channel lists to leads only; then a member cannot add.
    setup = await morgan.slash("setup")
    settings = await morgan.click(setup, texts.TASK_SETUP_BUTTON)
    assert texts.TASK_SETUP_TITLE in settings.text and texts.TASK_SETUP_EVERYONE in settings.text
    saved = await morgan.click(settings, texts.TASK_SETUP_TOGGLE)
    assert saved.content == texts.TASK_SETUP_SAVED.format(value=texts.TASK_SETUP_LEADS_ONLY)
    refused = await jordan.slash("task add", channel="general")
    assert refused.content == texts.TASK_ONLY_LEADS_ADD

    # /me task-nudges: one button turns them off, and back on.
    shown = await priya.slash("me task-nudges")
    assert shown.content == texts.TASK_NUDGES_ON
    off = await priya.click(shown, texts.TASK_BUTTON_NUDGES_OFF)
    assert off.content == texts.TASK_NUDGES_OFF
    on = await priya.click(off, texts.TASK_BUTTON_NUDGES_ON)
    assert on.content == texts.TASK_NUDGES_ON
