"""Easy-read in reminders (issue 17): people see only what they may do, a refusal or a question back always
leads on, and a typed time that disagrees with a typed repeat is a question, never a guess."""

from __future__ import annotations

from datetime import UTC, datetime

from bot import texts
from sandbox import Sandbox, Seen
from sandbox.channel_access import deny_bot
from sandbox.permissions import SEND_MESSAGES
from sandbox.world import Message
from tests.e2e.conftest import Connect

MONDAY = datetime(2027, 5, 3, 10, 0, tzinfo=UTC)  # Monday 3 May 2027, 11am in London


def where_labels(seen: Seen) -> list[str]:
    menu = next(s for s in seen.selects if s.placeholder == texts.REMIND_WHERE_MENU)
    return menu.labels


async def make_lead(sandbox: Sandbox) -> None:
    owner = sandbox.member("Morgan")
    card = await owner.slash("setup")
    await owner.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)


async def test_a_members_remind_offers_no_role_and_a_leads_does(connect: Connect, sandbox: Sandbox) -> None:
    await make_lead(sandbox)
    sam = sandbox.member("Sam")
    await sam.slash("remind")
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "tidy up"})
    assert texts.REMIND_WHERE_ROLE not in where_labels(draft)
    assert texts.REMIND_WHERE_ROLE not in [b.label for b in draft.buttons]
    assert texts.REMIND_DRAFT_WHERE.format(where=texts.REMIND_WHERE_DM) in draft.text

    alex = sandbox.member("Alex")  # holds the lead role
    await alex.slash("remind")
    draft = await alex.submit_modal({texts.REMIND_MODAL_LABEL: "team meeting"})
    assert where_labels(draft) == [texts.REMIND_WHERE_ME, texts.REMIND_WHERE_CHANNEL, texts.REMIND_WHERE_ROLE]
    roles = await alex.select(draft, [texts.REMIND_WHERE_ROLE], placeholder=texts.REMIND_WHERE_MENU)
    assert texts.REMIND_PICK_ROLE_MENU in [s.placeholder for s in roles.selects]


async def test_a_typed_time_and_a_different_typed_repeat_ask_which(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(MONDAY)
    sam = sandbox.member("Sam")
    asked = await sam.slash("remind", what="buy milk", when="tomorrow at 3pm", repeat="every Monday at 10am")
    assert asked.ephemeral
    assert "do not match" in asked.text and "✅ Done." not in asked.text
    labels = [b.label for b in asked.buttons]
    assert labels == ["Only once, Tuesday 4 May at 3pm", "Every Monday at 10am", texts.REMIND_CANCEL]
    assert (await sam.slash("reminders")).text.count("buy milk") == 0  # nothing is set before the answer

    once = await sam.click(asked, "Only once, Tuesday 4 May at 3pm")
    assert "✅ Done. I will remind you on Tuesday 4 May at 3pm" in once.text
    assert "It repeats" not in once.text

    asked = await sam.slash("remind", what="bins out", when="tomorrow at 3pm", repeat="every Monday at 10am")
    every = await sam.click(asked, "Every Monday at 10am")
    assert "✅ Done. I will remind you on Monday 10 May at 10am" in every.text
    assert "It repeats every Monday at 10am." in every.text

    # When they agree there is nothing to ask.
    agreed = await sam.slash("remind", what="swim", when="next Monday at 10am", repeat="every Monday at 10am")
    assert "✅ Done. I will remind you on Monday 10 May at 10am" in agreed.text


async def test_a_typed_time_that_needs_more_leads_on(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(MONDAY)
    sam = sandbox.member("Sam")
    await sam.slash("remind")
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "ring Jo"})
    picker = await sam.click(draft, texts.REMIND_PICK_TIME)
    days = await sam.click(picker, texts.TIMEPICK_PICK_DAY)
    await sam.click(days, texts.TIMEPICK_TYPE_TIME)
    asked = await sam.submit_modal({texts.TIMEPICK_MODAL_LABEL: "Friday"})
    assert asked.content == texts.TIME_NEEDS_TIME
    assert [b.label for b in asked.buttons] == [texts.FORM_TRY_AGAIN, texts.TIMEPICK_PICK_TIME]

    box = await sam.click(asked, texts.FORM_TRY_AGAIN)
    assert box.modal is not None and box.modal.field(texts.TIMEPICK_MODAL_LABEL).value == "Friday"  # kept
    again = await sam.submit_modal({texts.TIMEPICK_MODAL_LABEL: "blah"})
    assert again.content.startswith('Sorry, I did not understand "blah".')
    picker = await sam.click(again, texts.TIMEPICK_PICK_TIME)  # the buttons instead
    done = await sam.click(picker, texts.TIMEPICK_IN_ONE_HOUR)
    assert "✅ Done. I will remind you on Monday 3 May at 12:05pm" in done.text


async def test_a_typed_repeat_it_cannot_read_leads_on(connect: Connect, sandbox: Sandbox) -> None:
    sam = sandbox.member("Sam")
    await sam.slash("remind")
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "water the plants"})
    await sam.click(draft, texts.REMIND_REPEAT_LABELS["typed"])
    refused = await sam.submit_modal({texts.REMIND_REPEAT_MODAL_LABEL: "sometimes maybe"})
    assert refused.ephemeral and "Sorry, I did not understand" in refused.content
    assert [b.label for b in refused.buttons] == [texts.FORM_TRY_AGAIN, texts.REMIND_PICK_TIME]
    box = await sam.click(refused, texts.FORM_TRY_AGAIN)
    assert box.modal is not None and box.modal.field(texts.REMIND_REPEAT_MODAL_LABEL).value == "sometimes maybe"
    done = await sam.submit_modal({texts.REMIND_REPEAT_MODAL_LABEL: "every day at 9am"})
    assert "✅ Done." in done.text and "It repeats every day at 9am." in done.text


async def test_changing_where_a_set_reminder_goes_has_back(connect: Connect, sandbox: Sandbox) -> None:
    """An old card's "This channel" on a set reminder, where the bot cannot post: the channel menu, and Back
    to the reminder's card (nothing changed)."""
    connect.clock.set(MONDAY)
    general = sandbox.channel("general")
    sam = sandbox.member("Sam")
    await sam.slash("remind", channel="general")
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "tidy the room"})
    picker = await sam.click(draft, texts.REMIND_PICK_TIME)
    done = await sam.click(picker, texts.TIMEPICK_IN_ONE_HOUR)
    assert "✅ Done." in done.text
    rid = done.button(texts.REMIND_CHANGE_TIME).custom_id.rsplit(":", 1)[-1]  # type: ignore[union-attr]
    deny_bot(sandbox, general, SEND_MESSAGES)
    old = Message(
        id=sandbox.world.new_id(),
        channel_id=general.id,
        guild_id=general.guild_id,
        author=sandbox.world.bot,
        created_at=MONDAY,
        content="Where should the reminder go?",
        components=[
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 2, "label": "This channel", "custom_id": f"connect:rem:where:{rid}:channel"}
                ],
            }
        ],
    )
    sandbox.world.messages[old.id] = old
    refused = await sam.click(old, "This channel")
    assert texts.CHANNEL_NOTHING_CHANGED in refused.text
    back = await sam.click(refused, texts.CHANNEL_BACK)
    assert "tidy the room" in back.text and texts.REMIND_CHANGE_TIME in [b.label for b in back.buttons]
