"""My data end to end: a member who took part asks what Connect knows, gets a copy, then deletes it all.

After deleting, no row in any table and no scheduled-work payload holds the member's id (a scan of every
column of every table), their reminder never fires, and the project's numbers still count them anonymously.
"""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from bot import texts
from db.models import Base, ProjectSignup
from sandbox import Message, Sandbox, Seen
from tests.e2e.conftest import Connect
from tests.e2e.test_checkins import pick_time
from tests.e2e.test_projects import NOW, card_shows, start_project
from tests.e2e.test_reminders import reminder_dms, set_with_buttons
from tests.e2e.test_tasks import add_task, list_card, open_task
from tests.e2e.test_tasks import card_shows as tasks_card_shows
from tests.e2e.test_thanks import cards_in, set_channel, thank


async def rows_holding(connect: Connect, user_id: int) -> list[str]:
    """Every (table, column) whose value is the id, or a JSON value that holds it anywhere."""
    found = []
    needle = str(user_id)
    async with connect.database.transaction() as s:
        for table in Base.metadata.sorted_tables:
            for row in (await s.execute(sa.select(table))).mappings():
                for column, value in row.items():
                    if value == user_id or (isinstance(value, (dict, list)) and needle in json.dumps(value)):
                        found.append(f"{table.name}.{column}")
                    elif isinstance(value, str) and needle in value:
                        found.append(f"{table.name}.{column} (text)")
    return sorted(set(found))


async def answer_becomes(sandbox: Sandbox, seen: Seen, words: str) -> Message:
    """The press was acknowledged at once (the work may take a moment): wait until its message says ``words``."""
    assert seen.message is not None
    message_id = seen.message.id
    return await sandbox.wait_for_message(predicate=lambda m: m.id == message_id and words in m.text, timeout=20)


async def _check_in_and_answer(connect: Connect, sandbox: Sandbox) -> None:
    """A lead's Monday mood check-in for Priya and Sam; both answer (before the project starts)."""
    connect.clock.set(NOW - timedelta(hours=2))  # Monday 7 June, 8am in London
    morgan, alex = sandbox.member("Morgan"), sandbox.member("Alex")
    card = await morgan.slash("setup")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    seen = await alex.click(await alex.slash("checkin new"), "Mood, 3 pictures")
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_MEMBERS)
    seen = await alex.select(seen, ["Sam", "Priya"], placeholder=texts.CHECKIN_PICK_MEMBERS_HOLDER)
    seen = await pick_time(alex, seen, "Monday", "9am")
    await alex.click(seen, texts.CHECKIN_MAKE_START)
    connect.clock.set(NOW - timedelta(minutes=59, seconds=30))  # 9am in London
    await connect.run_due()
    for name, answer in (("Priya", "Good"), ("Sam", "Not good")):
        [dm] = [m for m in sandbox.dms_of(name) if texts.CHECKIN_PRIVATE_NOTE in m.text]
        await sandbox.dm_user(name).click(dm, answer)


async def _tasks(sandbox: Sandbox) -> None:
    """The project's task list: Priya did one task and is doing another (the list card names her)."""
    more = await sandbox.member("Sam").click(project_card(sandbox), texts.PROJECT_BUTTON_MORE)
    panel = await sandbox.member("Sam").click(more, texts.TASK_BUTTON_TASKS)
    await add_task(sandbox, panel, "Make the tea")
    await add_task(sandbox, panel, "Book the room")
    # The list card is redrawn a moment later (edits to one card are coalesced): wait until it has both.
    await tasks_card_shows(sandbox, "Book the room", texts.TASK_LIST_PROGRESS.format(done=0, total=2))
    priya = sandbox.member("Priya")
    await priya.click(await open_task(sandbox, "Priya", "Make the tea"), texts.TASK_BUTTON_CLAIM)
    await priya.click(await open_task(sandbox, "Priya", "Make the tea"), texts.TASK_BUTTON_DONE)
    await priya.click(await open_task(sandbox, "Priya", "Book the room"), texts.TASK_BUTTON_CLAIM)
    doing = texts.TASK_LINE_DOING.format(doer=f"<@{sandbox.user('Priya').id}>")
    await tasks_card_shows(sandbox, doing, texts.TASK_LIST_PROGRESS.format(done=1, total=2))


def project_card(sandbox: Sandbox) -> Message:
    [card] = [m for m in sandbox.channel("projects").messages if not m.ephemeral and "Film club" in m.text]
    return card


async def test_a_member_sees_copies_and_deletes_their_data(connect: Connect, sandbox: Sandbox) -> None:
    """She took part in everything: a project, tasks, thank-yous, a check-in, a reminder, her own settings."""
    await _check_in_and_answer(connect, sandbox)
    connect.clock.set(NOW)
    priya, sam = sandbox.member("Priya"), sandbox.member("Sam")
    priya_id, sam_id, jordan_id = (sandbox.user(n).id for n in ("Priya", "Sam", "Jordan"))
    card = await start_project(sandbox, "Sam", "Film club", places="2 places")
    await priya.click(card, texts.PROJECT_BUTTON_COMING)
    await sam.click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, f"<@{priya_id}>", f"<@{sam_id}>")
    await _tasks(sandbox)
    await set_channel(sandbox)
    await thank(sandbox, "Sam", ["Priya", "Jordan"], "for the tea")  # stays, without her name
    await thank(sandbox, "Priya", ["Sam"], "for the film")  # hers: it goes, and so does its card
    await thank(sandbox, "Jordan", ["Sam"], "for the cake")
    [to_both, from_her, from_jordan] = cards_in(sandbox, "celebrations")
    await priya.click(from_jordan, texts.THANKS_BUTTON_ME_TOO)  # "Priya says thank you too."
    await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: m.id == from_jordan.id and f"<@{priya_id}>" in m.text
    )
    await set_with_buttons(sandbox, "Priya", "water the plants")
    await priya.slash("me quiet-hours", start="10pm", end="7am")
    held = {place.split(".")[0] for place in await rows_holding(connect, priya_id)}
    assert {"tasks", "thanks_recipients", "thanks", "checkin_answers", "checkin_members", "reminders"} <= held

    seen = await priya.slash("me data")  # the same card as /mydata, from /me
    assert seen.ephemeral and texts.MYDATA_TITLE in seen.text
    assert texts.MYDATA_SUMMARY_COMING[0] in seen.text
    assert texts.MYDATA_SUMMARY_REMINDERS[0] in seen.text

    sent = await priya.click(seen, texts.MYDATA_BUTTON_COPY)
    assert texts.MYDATA_COPY_SENT in sent.text
    [dm] = [m for m in sandbox.dms_of("Priya") if texts.MYDATA_COPY_DM in m.text]
    copy = json.loads(dm.attachment("my-connect-data.json").text())
    assert copy["user_id"] == priya_id
    assert len(copy["data"]["tasks"]["tasks"]) == 2
    assert "for the cake" not in json.dumps(copy["data"]["thanks"]["thanks_received"]), "Jordan thanked Sam, not her"
    answers = copy["data"]["checkins"]["checkin_answers"]
    assert [a["choice"] for a in answers] == ["good"], "her mood answer, never Sam's"
    assert any(r["text"] == "water the plants" for r in copy["data"]["reminders"]["reminders"])
    assert {"tasks", "thanks", "checkins"} <= set(copy["data"])
    assert texts.MYDATA_SUMMARY_COMING[0] in dm.attachment("my-connect-data.txt").text()

    ask = await priya.click(seen, texts.MYDATA_BUTTON_DELETE)
    assert texts.MYDATA_ASK_DELETE.splitlines()[1] in ask.text
    assert await rows_holding(connect, priya_id), "nothing goes before she says yes"
    await priya.click(ask, texts.MYDATA_BUTTON_YES_DELETE)
    await answer_becomes(sandbox, ask, texts.MYDATA_DELETED)

    assert await rows_holding(connect, priya_id) == []
    assert sam_id in {r for r in await _signup_users(connect)}, "other people's rows stay"
    # The cards that showed her are drawn again without her; her own thank-you's card is gone.
    mention = f"<@{priya_id}>"
    await sandbox.wait_for_message(
        channel="projects",
        predicate=lambda m: m.id == card.id and mention not in m.text and f"<@{sam_id}>" in m.text,
        timeout=20,  # redrawn after her answer, one edit at a time: slow on a busy machine
    )
    tasks_card = list_card(sandbox)
    redrawn = await sandbox.wait_for_message(
        channel="projects", predicate=lambda m: m.id == tasks_card.id and mention not in m.text, timeout=20
    )
    assert texts.TASK_LIST_PROGRESS.format(done=1, total=2) in redrawn.text, "the task she did still counts"
    await sandbox.wait_for_message(
        channel="celebrations",
        predicate=lambda m: m.id == to_both.id and mention not in m.text and f"<@{jordan_id}>" in m.text,
        timeout=20,
    )
    await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: m.id == from_jordan.id and mention not in m.text, timeout=20
    )
    assert from_her.id not in {m.id for m in sandbox.channel("celebrations").messages}
    # Her reminder never fires; Sam's place and the project stay.
    await connect.later(timedelta(hours=2))
    assert reminder_dms(sandbox, "Priya", "water the plants") == []
    again = await priya.slash("mydata")
    assert texts.MYDATA_NOTHING in again.text
    # The report still counts the task she did, without her name.
    report = await sandbox.member("Morgan").click(await sandbox.member("Morgan").slash("report"), "This month")
    assert texts.counted(texts.REPORT_LINE_TASKS, 1) in report.text
    # Her thank-you and her check-in answer still count, as before she deleted her data.
    assert texts.counted(texts.REPORT_LINE_THANKS, 3) in report.text
    assert texts.counted(texts.REPORT_LINE_CHECKINS, 2) in report.text


async def _signup_users(connect: Connect) -> list[int]:
    async with connect.database.transaction() as s:
        return list((await s.scalars(sa.select(ProjectSignup.user_id))).all())


async def test_a_member_cannot_ask_for_someone_elses_data(connect: Connect, sandbox: Sandbox) -> None:
    sam_id = sandbox.user("Sam").id
    priya = sandbox.member("Priya")
    await sandbox.member("Sam").slash("me quiet-hours", start="10pm", end="7am")
    seen = await priya.slash("mydata", **{"for": sam_id})
    assert texts.MYDATA_ONLY_LEADS_FOR_OTHERS in seen.text
    # A button made for Sam's data, pressed by Priya, is refused by the service too.
    mine = await priya.slash("mydata")
    button = mine.button(texts.MYDATA_BUTTON_DELETE)
    assert button.custom_id is not None
    forged = button.custom_id.rsplit(":", 1)[0] + f":{sam_id}"
    # A client that edits what it sends: the same message, its button carrying Sam's id.
    assert mine.message is not None
    for row in mine.message.components:
        for component in row.get("components", []):
            if component.get("custom_id") == button.custom_id:
                component["custom_id"] = forged
    refused = await priya.click(mine.message, forged)
    assert texts.MYDATA_ONLY_LEADS_FOR_OTHERS in refused.text
    assert await rows_holding_any(connect, sam_id)


async def rows_holding_any(connect: Connect, user_id: int) -> bool:
    return bool(await rows_holding(connect, user_id))


async def test_a_lead_can_delete_for_a_member_who_left(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club", places="2 places")
    jordan_id = sandbox.user("Jordan").id
    await sandbox.member("Jordan").click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, f"<@{jordan_id}>")
    del sandbox.guild().members[jordan_id]  # Jordan left the server, then asked Morgan by email
    morgan = sandbox.member("Morgan")  # manages the server, so a lead here
    seen = await morgan.slash("mydata", **{"for": jordan_id})
    assert texts.MYDATA_TITLE_FOR.format(name="Jordan") in seen.text
    ask = await morgan.click(seen, texts.MYDATA_BUTTON_DELETE)
    await morgan.click(ask, texts.MYDATA_BUTTON_YES_DELETE)
    await answer_becomes(sandbox, ask, texts.MYDATA_DELETED_FOR.format(name=texts.MYDATA_A_MEMBER))
    assert await rows_holding(connect, jordan_id) == []
