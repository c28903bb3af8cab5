"""No dead ends (issue 17): "Only leads ..." and "Only organisers ..." refusals lead on with a button that
makes sense: the project's panel built for this person (only what they may do), the list of projects, or
"Remind me" instead of "Remind everyone coming". Every such refusal the scene produced has that button."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, start_project

REFUSALS = (texts.PROJECT_ONLY_ORGANISERS, texts.PROJECT_ONLY_LEADS_START, texts.REMIND_PROJECT_ONLY_ORGANISERS)


def refusals_without_a_way_on(sb: Sandbox) -> list[str]:
    """Every message of the bot that is one of these refusals, with no button to press (links do not lead on)."""
    return [
        m.content
        for m in sb.world.messages.values()
        if m.content in REFUSALS and not [b for b in m.buttons if b.custom_id and not b.disabled]
    ]


async def test_only_organisers_and_only_leads_refusals_lead_on(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club")
    morgan, alex = sandbox.member("Morgan"), sandbox.member("Alex")
    setup = await morgan.slash("setup")
    await morgan.select(setup, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)

    # Alex opens the organiser's buttons as a lead, then is a lead no more: the buttons on screen refuse.
    organise = await alex.click(await alex.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    sandbox.guild().member("Alex").role_ids.remove(sandbox.guild().role("Co-production lead").id)
    refused = await alex.click(organise, texts.PROJECT_BUTTON_TIME)
    assert refused.ephemeral and refused.content == texts.PROJECT_ONLY_ORGANISERS
    mine = await alex.click(refused, texts.PROJECT_BUTTON_WHAT_I_CAN_DO)
    labels = [b.label for b in mine.buttons]
    assert texts.REMIND_BUTTON in labels and texts.PROJECT_BUTTON_ORGANISE not in labels  # only what Alex may do

    refused = await alex.click(organise, texts.REMIND_BUTTON_EVERYONE)
    assert refused.content == texts.REMIND_PROJECT_ONLY_ORGANISERS
    box = await alex.click(refused, texts.REMIND_BUTTON)  # a reminder for Alex about the project instead
    assert box.modal is not None and box.modal.title == texts.REMIND_MODAL_TITLE

    # In a server where only leads start projects, a member is shown the projects they can join.
    group = await morgan.click(await morgan.slash("setup"), texts.SETUP_ZONE_AND_PROJECTS)
    await morgan.select(group, [texts.SETUP_LEADS_ONLY], placeholder=texts.SETUP_PICK_STARTERS)
    refused = await sandbox.member("Priya").slash("project new", channel="projects")
    assert refused.content == texts.PROJECT_ONLY_LEADS_START
    listed = await sandbox.member("Priya").click(refused, texts.PROJECT_BUTTON_SEE_PROJECTS)
    assert texts.PROJECT_LIST_TITLE in listed.text and "Film club" in listed.text

    assert refusals_without_a_way_on(sandbox) == []


async def test_a_slash_option_that_cannot_be_used_leads_on(connect: Connect, sandbox: Sandbox) -> None:
    """A typed option we cannot use: the refusal leads on, and nothing typed is lost."""
    sam = sandbox.member("Sam")
    refused = await sam.slash("remind", what="buy milk", when="blah")
    assert refused.content.startswith('Sorry, I did not understand "blah".')
    box = await sam.click(refused, texts.FORM_TRY_AGAIN)  # the text box, with the text typed, then buttons
    assert box.modal is not None and box.modal.field(texts.REMIND_MODAL_LABEL).value == "buy milk"
    draft = await sam.submit_modal()
    assert texts.REMIND_PICK_TIME in [b.label for b in draft.buttons]

    refused = await sam.slash("remind", what="water the plants", repeat="sometimes")
    assert [b.label for b in refused.buttons] == [texts.FORM_TRY_AGAIN]

    refused = await sam.slash("reminders", cancel="99")
    listed = await sam.click(refused, texts.REMIND_BUTTON_SEE_LIST)
    assert texts.REMIND_LIST_TITLE in listed.text

    refused = await sam.slash("me timezone", zone="Mars/Olympus")
    assert refused.selects and refused.selects[0].placeholder == texts.SETUP_PICK_TIMEZONE  # the menu it names
