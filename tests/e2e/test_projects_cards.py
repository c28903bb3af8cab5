"""Projects end to end: the calendar file, who may cancel, a cancelled card, a restart, reminders from More."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bot import texts
from bot.scope import system_scope
from bot.timefmt import when_text
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import (
    CARD_BUTTONS,
    LONDON,
    NOW,
    THURSDAY_6PM,
    WHERE,
    card_shows,
    dms_with,
    minute_by_minute,
    project_id,
    start_project,
    user_id,
)

# ---------------------------------------------------------------- 5. the calendar file


async def test_add_to_my_calendar_gives_an_ics_file_in_the_servers_zone(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    seen = await sandbox.member("Priya").click(card, texts.PROJECT_BUTTON_CALENDAR)
    assert seen.ephemeral
    assert seen.content == texts.PROJECT_CALENDAR_READY.format(title="Film club")
    [attachment] = seen.attachments
    assert attachment.filename == "film-club.ics"

    calendar = icalendar.Calendar.from_ical(attachment.data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Film club"
    assert str(event["LOCATION"]) == WHERE
    assert event["DTSTART"].params["TZID"] == LONDON
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2027, 6, 10, 18, 0)  # 6pm on the clock in London
    assert start.utcoffset() == timedelta(hours=1)  # British Summer Time
    assert start.astimezone(UTC) == THURSDAY_6PM
    assert start == datetime(2027, 6, 10, 18, 0, tzinfo=ZoneInfo(LONDON))
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == [LONDON]
    # Nothing changed on the card: asking for the file is not an answer.
    assert f"{texts.PROJECT_CARD_COMING.format(count=0)}: {texts.PROJECT_CARD_NOBODY}" in card.text


# ---------------------------------------------------------------- 6. permissions; a cancelled project


async def test_plain_member_cannot_cancel_and_buttons_on_a_cancelled_project_say_so(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(NOW)
    title = "Film club"
    card = await start_project(sandbox, "Sam", title)
    pid = project_id(card)
    priya = sandbox.member("Priya")
    await priya.click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, texts.PROJECT_CARD_COMING.format(count=1))
    before = card.text

    # A plain member's "More" has no organiser controls.
    mine = await priya.click(card, texts.PROJECT_BUTTON_MORE)
    assert mine.ephemeral and texts.PROJECT_MORE_ORGANISER not in mine.text
    assert [b.label for b in mine.buttons] == [
        texts.PROJECT_BUTTON_REMINDERS_OFF,
        texts.PROJECT_BUTTON_ONLINE,
        texts.REMIND_BUTTON,
        texts.TASK_BUTTON_TASKS,  # the project's task list (cogs/tasks)
    ]

    # A lead may organise any project. Alex opens the controls as a lead, then is a lead no more.
    owner = sandbox.member("Morgan")
    setup = await owner.slash("setup")
    await owner.select(setup, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    alex = sandbox.member("Alex")
    panel = await alex.click(card, texts.PROJECT_BUTTON_MORE)
    assert texts.PROJECT_MORE_ORGANISER in panel.text
    panel = await alex.click(panel, texts.PROJECT_BUTTON_ORGANISE)
    panel = await alex.click(panel, texts.PROJECT_BUTTON_MORE_CHOICES)  # the rest of the organiser's choices
    confirm = await alex.click(panel, texts.PROJECT_BUTTON_CANCEL)
    assert confirm.content == texts.PROJECT_CONFIRM_CANCEL.format(title=title)
    lead_role = sandbox.guild().role("Co-production lead")
    sandbox.guild().member("Alex").role_ids.remove(lead_role.id)

    for message, label in ((panel, texts.PROJECT_BUTTON_CANCEL), (confirm, texts.PROJECT_BUTTON_YES_CANCEL)):
        refused = await alex.click(message, label)
        assert refused.ephemeral
        assert refused.content == texts.PROJECT_ONLY_ORGANISERS
    refused = await alex.click(panel, texts.PROJECT_BUTTON_FINISH)
    assert refused.content == texts.PROJECT_ONLY_ORGANISERS
    view = await connect.services.projects.card(system_scope(sandbox.guild().id), pid)
    assert view.state == "active"
    assert card.text == before and [b.label for b in card.buttons][:5] == CARD_BUTTONS
    await connect.run_due()
    assert sandbox.dms_of("Priya") == []

    # Sam cancels it. The card says so and loses its buttons; Priya is told.
    sam = sandbox.member("Sam")
    more = await sam.click(await sam.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    more = await sam.click(more, texts.PROJECT_BUTTON_MORE_CHOICES)
    confirm = await sam.click(more, texts.PROJECT_BUTTON_CANCEL)
    done = await sam.click(confirm, texts.PROJECT_BUTTON_YES_CANCEL)
    assert done.content == texts.PROJECT_DONE_CANCELLED
    await card_shows(sandbox, card, texts.PROJECT_CARD_CANCELLED)
    assert card.buttons == []
    await connect.run_due()
    cancelled = texts.PROJECT_NOTICE_CANCELLED.format(title=title, when=when_text(THURSDAY_6PM, LONDON, NOW))
    await sandbox.wait_for_message(dm_of="Priya", predicate=lambda m: cancelled in m.text)

    # Buttons still on screen (Priya's and Sam's private panels) get a clear answer and change nothing.
    seen = await priya.click(mine, texts.PROJECT_BUTTON_REMINDERS_OFF)
    assert seen.ephemeral and seen.content == texts.PROJECT_IS_CANCELLED
    seen = await sam.click(more, texts.PROJECT_BUTTON_FINISH)  # a button still on the "More choices" step
    assert seen.content == texts.PROJECT_IS_CANCELLED
    assert (await connect.services.projects.card(system_scope(sandbox.guild().id), pid)).state == "cancelled"
    # No reminder for a cancelled project.
    connect.clock.set(THURSDAY_6PM - timedelta(days=1, minutes=1))
    await minute_by_minute(connect, 3)
    assert dms_with(sandbox, "Priya", "Reminder") == []


# ---------------------------------------------------------------- 7. after a restart


async def test_card_buttons_work_after_the_bot_restarts(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    await connect.restart()

    priya = sandbox.member("Priya")
    seen = await priya.click(card, texts.PROJECT_BUTTON_COMING)
    assert seen.content.splitlines()[0] == texts.PROJECT_REPLY_GOING.format(title="Film club")
    await card_shows(
        sandbox,
        card,
        f"{texts.PROJECT_CARD_COMING.format(count=1)}: <@{user_id(sandbox, 'Priya')}>",
        texts.PROJECT_CARD_ONE_PLACE_LEFT.format(places=2),
    )
    seen = await priya.click(card, texts.PROJECT_BUTTON_CALENDAR)
    assert seen.attachments[0].filename == "film-club.ics"
    more = await sandbox.member("Sam").click(card, texts.PROJECT_BUTTON_MORE)
    assert texts.PROJECT_MORE_ORGANISER in more.text
    sessions = await connect.services.projects.sessions(system_scope(sandbox.guild().id), project_id(card))
    assert sessions[0].going == (user_id(sandbox, "Priya"),)

    # The reminders made before the restart still come, once.
    await connect.restart()
    due = THURSDAY_6PM - timedelta(days=1)
    connect.clock.set(due - timedelta(minutes=1))
    await connect.run_due()
    assert dms_with(sandbox, "Priya", texts.PROJECT_REMINDER_IN_ONE_DAY.format(title="Film club")) == []
    await minute_by_minute(connect, 3)
    assert len(dms_with(sandbox, "Priya", texts.PROJECT_REMINDER_IN_ONE_DAY.format(title="Film club"))) == 1


# ---------------------------------------------------------------- reminders from the project's "More" panel


async def test_organiser_reminds_everyone_coming_from_the_more_panel(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club", places=None)
    for name in ("Priya", "Jordan"):
        await sandbox.member(name).click(card, texts.PROJECT_BUTTON_COMING)
    # A member's panel offers "Remind me" only; the organiser's offers "Remind everyone coming" too.
    priya_more = await sandbox.member("Priya").click(card, texts.PROJECT_BUTTON_MORE)
    labels = [b.label for b in priya_more.buttons]
    assert texts.REMIND_BUTTON in labels and texts.REMIND_BUTTON_EVERYONE not in labels

    sam = sandbox.member("Sam")
    more = await sam.click(await sam.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    box = await sam.click(more, texts.REMIND_BUTTON_EVERYONE)
    assert box.modal is not None
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "bring your film ideas"})
    picker = await sam.click(draft, texts.REMIND_PICK_TIME)
    done = await sam.click(picker, texts.TIMEPICK_IN_ONE_HOUR)
    assert "Everyone coming to Film club gets a reminder" in done.text

    await minute_by_minute(connect, 66)
    for name in ("Priya", "Jordan"):
        assert len(dms_with(sandbox, name, "bring your film ideas")) == 1, name
    assert dms_with(sandbox, "Alex", "bring your film ideas") == []
