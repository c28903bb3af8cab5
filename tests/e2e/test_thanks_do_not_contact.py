"""Thank-yous respect "Do not contact me" (/mydata): no private copy, no ping; the thank-you still counts."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_mydata import answer_becomes
from tests.e2e.test_thanks import cards_in, set_channel, thank


async def test_a_member_who_asked_not_to_be_contacted_gets_no_thank_you_message(
    connect: Connect, sandbox: Sandbox
) -> None:
    await set_channel(sandbox)
    priya = sandbox.member("Priya")
    card = await priya.slash("mydata")
    await priya.click(card, texts.MYDATA_BUTTON_STOP)
    await answer_becomes(sandbox, card, texts.MYDATA_DO_NOT_CONTACT_ON)
    priya_id, sam_id = sandbox.user("Priya").id, sandbox.user("Sam").id

    jordan = sandbox.member("Jordan")
    panel = await jordan.click(await jordan.slash("thanks", channel="general"), texts.THANKS_BUTTON_PRIVATE)
    await jordan.select(panel, ["Priya", "Sam"], placeholder=texts.THANKS_PICK_PEOPLE)
    done = await jordan.submit_modal({texts.THANKS_INPUT_REASON: "for listening"})
    assert texts.THANKS_DONE_NOT_CONTACTED.format(people=f"<@{priya_id}>") in done.messages[-1].text
    assert [m for m in sandbox.dms_of("Priya") if "for listening" in m.text] == []
    assert [m for m in sandbox.dms_of("Sam") if "for listening" in m.text], "Sam still gets his"

    # A public thank-you still names her on the card, but does not ping her.
    await thank(sandbox, "Jordan", ["Priya", "Sam"], "for the tea")
    [public] = cards_in(sandbox, "celebrations")
    assert f"<@{priya_id}>" in public.text and public.pinged == {sam_id}


async def test_the_owner_who_asked_not_to_be_contacted_is_not_told_about_the_channel(
    connect: Connect, sandbox: Sandbox
) -> None:
    from sandbox.permissions import SEND_MESSAGES
    from sandbox.world import Overwrite

    await set_channel(sandbox)
    morgan = sandbox.member("Morgan")  # the server's owner
    card = await morgan.slash("mydata")
    await morgan.click(card, texts.MYDATA_BUTTON_STOP)
    await answer_becomes(sandbox, card, texts.MYDATA_DO_NOT_CONTACT_ON)
    bot_id = sandbox.world.bot.id
    sandbox.channel("celebrations").overwrites.append(Overwrite(id=bot_id, type=1, deny=SEND_MESSAGES))
    reply = await thank(sandbox, "Priya", ["Sam"], "for the music")
    assert texts.THANKS_CHANNEL_FAILED in reply.text  # the member is still told plainly
    assert [m for m in sandbox.dms_of("Morgan") if "celebrations" in m.text or "channel" in m.text] == []
