"""My data end to end: a member who took part asks what Connect knows, gets a copy, then deletes it all.

After deleting, no row in any table and no scheduled-work payload holds the member's id (a scan of every
column of every table), their reminder never fires, and the project's numbers still count them anonymously.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from bot import texts
from db.models import Base, ProjectSignup
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, card_shows, start_project
from tests.e2e.test_reminders import reminder_dms, set_with_buttons


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


def _names(data: Any) -> set[int]:
    ids: set[int] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("user_id", "author_id", "owner_id", "added_by") and isinstance(value, int):
                ids.add(value)
            ids |= _names(value)
    elif isinstance(data, list):
        for item in data:
            ids |= _names(item)
    return ids


async def test_a_member_sees_copies_and_deletes_their_data(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    priya, sam = sandbox.member("Priya"), sandbox.member("Sam")
    priya_id, sam_id = sandbox.user("Priya").id, sandbox.user("Sam").id
    card = await start_project(sandbox, "Sam", "Film club", places="2 places")
    await priya.click(card, texts.PROJECT_BUTTON_COMING)
    await sam.click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, f"<@{priya_id}>", f"<@{sam_id}>")
    await set_with_buttons(sandbox, "Priya", "water the plants")
    await priya.slash("me quiet-hours", start="10pm", end="7am")
    assert await rows_holding(connect, priya_id)

    seen = await priya.slash("mydata")
    assert seen.ephemeral and texts.MYDATA_TITLE in seen.text
    assert texts.MYDATA_SUMMARY_COMING[0] in seen.text
    assert texts.MYDATA_SUMMARY_REMINDERS[0] in seen.text

    sent = await priya.click(seen, texts.MYDATA_BUTTON_COPY)
    assert texts.MYDATA_COPY_SENT in sent.text
    [dm] = [m for m in sandbox.dms_of("Priya") if texts.MYDATA_COPY_DM in m.text]
    copy = json.loads(dm.attachment("my-connect-data.json").text())
    assert copy["user_id"] == priya_id
    assert _names(copy["data"]) == {priya_id}, "the copy holds only her rows, nobody else's"
    assert any(r["text"] == "water the plants" for r in copy["data"]["reminders"]["reminders"])
    assert texts.MYDATA_SUMMARY_COMING[0] in dm.attachment("my-connect-data.txt").text()

    ask = await priya.click(seen, texts.MYDATA_BUTTON_DELETE)
    assert texts.MYDATA_ASK_DELETE.splitlines()[1] in ask.text
    assert await rows_holding(connect, priya_id), "nothing goes before she says yes"
    done = await priya.click(ask, texts.MYDATA_BUTTON_YES_DELETE)
    assert texts.MYDATA_DELETED in done.text

    assert await rows_holding(connect, priya_id) == []
    assert sam_id in {r for r in await _signup_users(connect)}, "other people's rows stay"
    # Her reminder never fires; Sam's place and the project stay.
    await connect.later(timedelta(hours=2))
    assert reminder_dms(sandbox, "Priya", "water the plants") == []
    again = await priya.slash("mydata")
    assert texts.MYDATA_NOTHING in again.text


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
    done = await morgan.click(ask, texts.MYDATA_BUTTON_YES_DELETE)
    assert texts.MYDATA_DELETED_FOR.format(name=texts.MYDATA_A_MEMBER) in done.text
    assert await rows_holding(connect, jordan_id) == []
