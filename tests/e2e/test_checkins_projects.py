"""A lead makes a check-in for a project's members with buttons and menus only: the members coming to the
project get it privately on the day; a member who is not coming gets nothing; nothing is public."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_checkins import checkin_dms, pick_time, public_messages
from tests.e2e.test_projects import start_project

NOW = datetime(2027, 6, 7, 9, 0, tzinfo=UTC)  # Monday 7 June 2027, 10am in London
FRIDAY_9AM = datetime(2027, 6, 11, 8, 0, tzinfo=UTC)  # 9am in London (BST)


async def test_a_check_in_for_a_projects_members(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    morgan = sandbox.member("Morgan")
    card = await morgan.slash("setup")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)

    project = await start_project(sandbox, "Sam", "Art club", day=date(2027, 6, 12), time="2pm", places=None)
    await sandbox.member("Priya").click(project, texts.PROJECT_BUTTON_COMING)
    await sandbox.member("Sam").click(project, texts.PROJECT_BUTTON_COMING)

    alex = sandbox.member("Alex")
    seen = await alex.slash("checkin new")
    seen = await alex.click(seen, "Mood, 5 pictures")
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_PROJECT)
    assert texts.CHECKIN_WHO_PROJECT_ASK in seen.text
    seen = await alex.select(seen, ["Art club"], placeholder=texts.CHECKIN_PICK_PROJECT)
    assert "Who: the members of Art club." in seen.text
    seen = await pick_time(alex, seen, "Friday", "9am")
    assert "When: Fridays at 9am, the server's time." in seen.text
    assert texts.CHECKIN_USE_MEMBER_TIME not in [b.label for b in seen.buttons]  # one time for a project
    seen = await alex.click(seen, texts.CHECKIN_MAKE_START)
    assert "✅ Done. The check-in comes fridays at 9am" in seen.text
    listed = await alex.slash("checkin list")
    assert "Mood, 5 pictures, fridays at 9am. For the members of Art club." in listed.text

    connect.clock.set(FRIDAY_9AM + timedelta(seconds=30))
    await connect.run_due()
    for name in ("Sam", "Priya"):
        (dm,) = checkin_dms(sandbox, name)
        labels = [b.label for b in dm.buttons]
        assert labels == ["Great", "Good", "OK", "Not good", "Very bad", texts.CHECKIN_TALK, texts.CHECKIN_SKIP]
    assert checkin_dms(sandbox, "Jordan") == []
    answered = await sandbox.member("Priya").click(checkin_dms(sandbox, "Priya")[0], "Great")
    assert texts.CHECKIN_THANKS.format(emoji="😄", word="Great") in answered.text

    for message in public_messages(sandbox):
        for word in (texts.CHECKIN_QUESTION, "Great", "Check-in summary"):
            assert word not in message.text, f"public message {message.id} says {word!r}"
