"""A refused typing box is never a dead end, and nothing typed is lost (issue 17): the refusal shows what was
typed and offers "✏️ Try again", which opens the same box with it, for every kind of box of every feature.
(The time picker's and the typed repeat's boxes: tests/e2e/test_easyread_reminders.py.)"""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox, Seen
from sandbox.actors import MemberActor
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, THURSDAY, pick_day_and_time, start_project

INVISIBLE = "\u200b \u200b"  # typed, but nothing a person can see: refused as empty


async def try_again(member: MemberActor, refused: Seen, typed: dict[str, str]) -> Seen:
    """The refusal leads on with "Try again" first; it opens the box with every field as it was typed."""
    assert refused.ephemeral, refused
    assert refused.buttons and refused.buttons[0].label == texts.FORM_TRY_AGAIN, refused
    shown = [f.get("value") for e in refused.embeds for f in e.get("fields", [])]
    assert [v for v in typed.values() if v.strip()] == [v for v in shown if v], "what was typed is shown"
    box = await member.click(refused, texts.FORM_TRY_AGAIN)
    assert box.modal is not None, box
    assert {label: box.modal.field(label).value or "" for label in typed} == typed
    return box


def details(*values: str) -> dict[str, str]:
    """The project box's fields: title, about, where, link, bring."""
    boxes = (
        texts.PROJECT_INPUT_TITLE,
        texts.PROJECT_INPUT_ABOUT,
        texts.PROJECT_INPUT_WHERE,
        texts.PROJECT_INPUT_LINK,
        texts.PROJECT_INPUT_BRING,
    )
    return dict(zip(boxes, values, strict=True))


async def test_a_new_project_box_refused_keeps_what_was_typed(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    sam = sandbox.member("Sam")
    await sam.slash("project new", channel="projects")
    typed = details("Film club", "We watch a film, then talk.", "The hall", "meet dot example", "")
    refused = await sam.submit_modal(typed)
    assert refused.content == texts.PROJECT_LINK_NOT_WEB
    await try_again(sam, refused, typed)
    picker = await sam.submit_modal({texts.PROJECT_INPUT_LINK: "https://meet.example/film"})
    draft = await pick_day_and_time(sandbox, "Sam", picker, THURSDAY, "6pm")
    assert "Film club" in draft.text and "The hall" in draft.text  # the rest came through as typed


async def test_a_project_details_box_refused_keeps_what_was_typed(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    sam = sandbox.member("Sam")
    more = await sam.click(card, texts.PROJECT_BUTTON_MORE)
    organise = await sam.click(more, texts.PROJECT_BUTTON_ORGANISE)
    box = await sam.click(organise, texts.PROJECT_BUTTON_EDIT)
    assert box.modal is not None
    typed = details("Film night", "", "Room 2", "ftp://old.example", "Snacks")  # "about" emptied: it stays empty
    refused = await sam.submit_modal(typed)
    assert refused.content == texts.PROJECT_LINK_NOT_WEB
    await try_again(sam, refused, typed)
    done = await sam.submit_modal({texts.PROJECT_INPUT_LINK: ""})
    assert done.content == texts.PROJECT_DONE_DETAILS


async def test_a_places_box_refused_keeps_the_number_typed(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    sam = sandbox.member("Sam")
    await sam.slash("project new", channel="projects")
    picker = await sam.submit_modal({texts.PROJECT_INPUT_TITLE: "Film club"})
    draft = await pick_day_and_time(sandbox, "Sam", picker, THURSDAY, "6pm")
    box = await sam.select(draft, [texts.PROJECT_PLACES_TYPE], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    assert box.modal is not None
    refused = await sam.submit_modal({texts.PROJECT_INPUT_PLACES: "600"})
    assert refused.content == texts.PROJECT_PLACES_RANGE.format(low=1, high=500)
    await try_again(sam, refused, {texts.PROJECT_INPUT_PLACES: "600"})
    done = await sam.submit_modal({texts.PROJECT_INPUT_PLACES: "12"})
    assert "12" in done.text


async def test_a_task_box_refused_keeps_what_was_typed(connect: Connect, sandbox: Sandbox) -> None:
    jordan = sandbox.member("Jordan")
    posted = await jordan.slash("tasks", channel="general")
    await jordan.click(posted, texts.TASK_BUTTON_ADD)
    typed = {texts.TASK_INPUT_WHAT: INVISIBLE, texts.TASK_INPUT_DETAILS: "All of them, with the green can"}
    refused = await jordan.submit_modal(typed)
    assert refused.content.startswith("The ") and "is empty" in refused.content
    await try_again(jordan, refused, typed)
    draft = await jordan.submit_modal({texts.TASK_INPUT_WHAT: "Water the plants"})
    assert texts.TASK_DRAFT_TITLE.format(title="Water the plants") in draft.text
    await jordan.click(draft, texts.TASK_BUTTON_SAVE)

    # Changing it: the same box, refused, keeps the change typed.
    mine = await jordan.slash("tasks", show=texts.TASK_SHOW_MINE)
    panel = await jordan.select(mine, ["Water the plants"], placeholder=texts.TASK_LIST_PICK)
    panel = await jordan.click(panel, texts.TASK_BUTTON_MANAGE)
    await jordan.click(panel, texts.TASK_BUTTON_EDIT)
    typed = {texts.TASK_INPUT_WHAT: INVISIBLE, texts.TASK_INPUT_DETAILS: "Only the big ones"}
    refused = await jordan.submit_modal(typed)
    await try_again(jordan, refused, typed)
    changed = await jordan.submit_modal({texts.TASK_INPUT_WHAT: "Water the big plants"})
    assert "Water the big plants" in changed.content


async def test_a_reminder_text_box_refused_opens_again(connect: Connect, sandbox: Sandbox) -> None:
    sam = sandbox.member("Sam")
    await sam.slash("remind")
    refused = await sam.submit_modal({texts.REMIND_MODAL_LABEL: INVISIBLE})
    await try_again(sam, refused, {texts.REMIND_MODAL_LABEL: INVISIBLE})
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "ring Jo"})
    assert "ring Jo" in draft.text


async def test_a_thank_you_box_refused_opens_again(connect: Connect, sandbox: Sandbox) -> None:
    sam = sandbox.member("Sam")
    panel = await sam.slash("thanks", channel="general")
    await sam.select(panel, ["Priya"], placeholder=texts.THANKS_PICK_PEOPLE)
    refused = await sam.submit_modal({texts.THANKS_INPUT_REASON: INVISIBLE})
    await try_again(sam, refused, {texts.THANKS_INPUT_REASON: INVISIBLE})
    done = await sam.submit_modal({texts.THANKS_INPUT_REASON: "for the lovely cake"})
    assert any("for the lovely cake" in m.text for m in sandbox.world.channel("general").messages), done


async def test_a_report_dates_box_refused_keeps_the_dates(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    morgan = sandbox.member("Morgan")
    periods = await morgan.slash("report")
    await morgan.click(periods, texts.REPORT_BUTTON_PICK_DATES)
    typed = {texts.REPORT_INPUT_FIRST: "31/5/2027", texts.REPORT_INPUT_LAST: "1/5/2027"}
    refused = await morgan.submit_modal(typed)
    assert refused.content == texts.REPORT_DATES_BACKWARDS
    await try_again(morgan, refused, typed)
    seen = await morgan.submit_modal({texts.REPORT_INPUT_FIRST: "1/5/2027", texts.REPORT_INPUT_LAST: "31/5/2027"})
    assert texts.REPORT_NOTHING in seen.messages[-1].text


async def test_a_time_zone_box_refused_keeps_the_zone_typed(connect: Connect, sandbox: Sandbox) -> None:
    morgan = sandbox.member("Morgan")
    card = await morgan.slash("setup")
    group = await morgan.click(card, texts.SETUP_ZONE_AND_PROJECTS)
    await morgan.click(group, texts.SETUP_TYPE_TIMEZONE)
    refused = await morgan.submit_modal({texts.SETUP_TIMEZONE_FIELD: "Mars/Olympus"})
    await try_again(morgan, refused, {texts.SETUP_TIMEZONE_FIELD: "Mars/Olympus"})
    saved = await morgan.submit_modal({texts.SETUP_TIMEZONE_FIELD: "Europe/Paris"})
    assert "Europe/Paris" in saved.text


async def test_a_stand_up_questions_box_refused_keeps_the_questions(connect: Connect, sandbox: Sandbox) -> None:
    morgan = sandbox.member("Morgan")
    seen = await morgan.slash("checkin new")
    await morgan.click(seen, "Stand-up questions")
    typed = {"Question 1": INVISIBLE, "Question 2": "\u200b", "Question 3": ""}
    refused = await morgan.submit_modal(typed)
    assert refused.content == texts.CHECKIN_NEED_QUESTION
    await try_again(morgan, refused, typed)
    seen = await morgan.submit_modal({"Question 1": "What did you do?"})
    assert "- What did you do?" in seen.text
