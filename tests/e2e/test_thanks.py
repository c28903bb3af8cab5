"""Thank-yous end to end, through the stand-in, with buttons and menus only (typing only in the box):
/thanks for two people, the "🎉 Say thank you" user menu, "🙌 Me too", a finished project celebrated once
with its "Say thank you" button, the weekly good news on its day and time in London on both sides of a clock
change (everyone named alphabetically, an opted-out member left out), and the leaderboard absent until a
lead turns it on.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot import events, texts
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.projects import ProjectDetails
from sandbox import Message, Sandbox
from tests.e2e.conftest import Connect

HOSTILE = "for the [free film](https://evil.example) @everyone <@&1> \u202eevil\u202c ✨"


def cards_in(sb: Sandbox, channel: str) -> list[Message]:
    return [m for m in sb.channel(channel).messages if not m.ephemeral and texts.THANKS_CARD.split("{")[0] in m.text]


async def thank(sb: Sandbox, who: str, people: list[str], reason: str, channel: str = "general") -> Message:
    member = sb.member(who)
    panel = await member.slash("thanks", channel=channel)
    assert panel.ephemeral and texts.THANKS_PANEL in panel.text
    box = await member.select(panel, people, placeholder=texts.THANKS_PICK_PEOPLE)
    assert box.modal is not None and box.modal.title == texts.THANKS_MODAL_TITLE
    done = await member.submit_modal({texts.THANKS_INPUT_REASON: reason})
    return done.messages[-1]


async def set_channel(sb: Sandbox) -> None:
    owner = sb.member("Morgan")
    setup = await owner.slash("setup", channel="general")
    panel = await owner.click(setup, texts.THANKS_SETTINGS_BUTTON)  # the thank-yous' own settings panel
    await owner.select(panel, ["celebrations"], placeholder=texts.SETUP_PICK_CELEBRATIONS)


async def test_thank_two_people_then_me_too_from_a_third(connect: Connect, sandbox: Sandbox) -> None:
    await set_channel(sandbox)
    reply = await thank(sandbox, "Sam", ["Priya", "Jordan"], HOSTILE)
    assert texts.THANKS_DONE_POSTED.format(channel=f"<#{sandbox.channel('celebrations').id}>") in reply.text
    [card] = cards_in(sandbox, "celebrations")
    priya, jordan, sam = (sandbox.user(n) for n in ("Priya", "Jordan", "Sam"))
    assert f"<@{sam.id}> says thank you to <@{priya.id}> and <@{jordan.id}>." in card.text
    # The people thanked are pinged (they are the subject); the reason's @everyone, role and link are not.
    assert card.pinged == {priya.id, jordan.id}
    assert "[free film]" not in card.text and "free film (https://evil.example)" in card.text
    assert "\u202e" not in card.text
    assert [b.label for b in card.buttons] == [texts.THANKS_BUTTON_ME_TOO]

    alex = sandbox.member("Alex")
    pressed = await alex.click(card, texts.THANKS_BUTTON_ME_TOO)
    assert pressed.ephemeral and pressed.text == texts.THANKS_ME_TOO_ADDED
    alex_id = sandbox.user("Alex").id
    card = await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: m.id == card.id and f"<@{alex_id}> says thank you too." in m.text
    )
    # Pressing again takes the name off: undoable, and never counted twice.
    again = await alex.click(card, texts.THANKS_BUTTON_ME_TOO)
    assert again.text == texts.THANKS_ME_TOO_REMOVED
    await sandbox.wait_for_message(channel="celebrations", predicate=lambda m: m.id == card.id and "too." not in m.text)
    # The author cannot add their own name.
    own = await sandbox.member("Sam").click(card, texts.THANKS_BUTTON_ME_TOO)
    assert own.text == texts.THANKS_CANNOT_ME_TOO_OWN


async def test_the_user_menu_and_the_kind_refusals(connect: Connect, sandbox: Sandbox) -> None:
    priya = sandbox.member("Priya")
    box = await priya.user_command(texts.THANKS_CONTEXT_MENU, "Jordan", channel="general")
    assert box.modal is not None
    # Empty (only invisible characters) is refused kindly, and nothing is posted.
    empty = await priya.submit_modal({texts.THANKS_INPUT_REASON: "\u200b \u200b"})
    assert empty.content == texts.FIELD_EMPTY.format(field=texts.THANKS_FIELD_REASON)
    box = await priya.user_command(texts.THANKS_CONTEXT_MENU, "Jordan", channel="general")
    await priya.submit_modal({texts.THANKS_INPUT_REASON: "for the snacks 🍪"})
    # No thank-you channel yet: it is posted where it was said.
    [card] = cards_in(sandbox, "general")
    assert "for the snacks 🍪" in card.text
    yourself = await priya.user_command(texts.THANKS_CONTEXT_MENU, "Priya", channel="general")
    assert yourself.text == texts.THANKS_NOT_YOURSELF
    bot = await priya.user_command(texts.THANKS_CONTEXT_MENU, "Connect", channel="general")
    assert bot.text == texts.THANKS_NOT_A_BOT


async def test_leaderboard_absent_until_a_lead_turns_it_on(connect: Connect, sandbox: Sandbox) -> None:
    sam = sandbox.member("Sam")
    panel = await sam.slash("thanks", channel="general")
    assert texts.THANKS_BUTTON_BOARD not in [b.label for b in panel.buttons]
    await thank(sandbox, "Sam", ["Priya"], "for the tea")
    owner = sandbox.member("Morgan")
    setup = await owner.slash("setup", channel="general")
    settings = await owner.click(setup, texts.THANKS_SETTINGS_BUTTON)
    assert settings.ephemeral and settings.embeds[0]["title"] == texts.THANKS_SETTINGS_TITLE
    turned = await owner.click(settings, texts.THANKS_SETTINGS_TOGGLE_BOARD)
    assert (
        texts.THANKS_SETTINGS_SAVED.format(what=texts.THANKS_SETTINGS_BOARD, value=texts.THANKS_SETTINGS_ON)
        in turned.text
    )
    panel = await sam.slash("thanks", channel="general")
    board = await sam.click(panel, texts.THANKS_BUTTON_BOARD)
    assert board.embeds[0]["title"] == texts.THANKS_BOARD_TITLE
    assert f"<@{sandbox.user('Priya').id}>: 1" in board.embeds[0]["description"]


async def test_a_finished_project_is_celebrated_once_with_a_say_thank_you_button(
    connect: Connect, sandbox: Sandbox
) -> None:
    await set_channel(sandbox)
    svc = connect.services.projects
    guild = sandbox.guild()
    sam, priya, jordan = (sandbox.user(n).id for n in ("Sam", "Priya", "Jordan"))
    owner = Scope(guild.id, Actor(sam))
    start = datetime.now(UTC) + timedelta(hours=1)
    details = ProjectDetails.clean("Film club", "We watch a film.", "Room 2", "", "")
    draft = await svc.create_draft(
        owner, details, places=None, timezone="Europe/London", channel_id=sandbox.channel("projects").id
    )
    await svc.set_start(owner, draft.id, start)
    await svc.publish(owner, draft.id)
    for uid in (priya, jordan):
        await svc.answer(Scope(guild.id, Actor(uid)), draft.id, "going")
    connect.clock.advance(timedelta(hours=2))
    finished = await svc.finish(owner, draft.id)
    # The event heard a second time (projects also publishing on shared.events) posts nothing more.
    await connect.services.shared.events.publish(events.PROJECT_FINISHED, finished)
    celebration = await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: texts.THANKS_PROJECT_FINISHED.format(title="Film club") in m.text
    )
    await connect.run_due()
    found = [m for m in sandbox.channel("celebrations").messages if "Film club is finished" in m.text]
    assert len(found) == 1
    assert texts.THANKS_PROJECT_PEOPLE.format(count=2, people=f"<@{priya}> and <@{jordan}>") in celebration.text
    # "Say thank you" on it pre-fills who (everyone who took part but me) and what.
    box = await sandbox.member("Priya").click(celebration, texts.THANKS_BUTTON_SAY)
    assert box.modal is not None
    assert box.modal.fields[0].value == texts.THANKS_REASON_FOR_PROJECT.format(title="Film club")
    await sandbox.member("Priya").submit_modal({})
    card = cards_in(sandbox, "celebrations")[-1]
    assert f"<@{priya}> says thank you to <@{sam}> and <@{jordan}>." in card.text


# ---------------------------------------------------------------- the weekly good news

# Friday 19 March 2027, 10am in London (GMT). The clocks go forward on Sunday 28 March 2027.
BEFORE_CHANGE = datetime(2027, 3, 19, 10, 0, tzinfo=UTC)
FIRST_DIGEST = datetime(2027, 3, 19, 16, 0, tzinfo=UTC)  # Friday 4pm GMT
SECOND_DIGEST = datetime(2027, 3, 26, 16, 0, tzinfo=UTC)  # Friday 4pm GMT
THIRD_DIGEST = datetime(2027, 4, 2, 15, 0, tzinfo=UTC)  # Friday 4pm BST is 3pm UTC


def digests(sb: Sandbox) -> list[Message]:
    return [m for m in sb.channel("celebrations").messages if texts.THANKS_DIGEST_TITLE in m.text]


async def test_weekly_good_news_on_its_day_and_time_across_a_clock_change(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(BEFORE_CHANGE)
    await set_channel(sandbox)
    # Alex says "do not post about me".
    alex = sandbox.member("Alex")
    mine = await alex.slash("me thanks", channel="general")
    saved = await alex.click(mine, texts.THANKS_ME_TOGGLE_POSTS)
    assert texts.THANKS_ME_NO_POSTS_NO in saved.text

    owner = sandbox.member("Morgan")
    setup = await owner.slash("setup", channel="general")
    panel = await owner.click(setup, texts.THANKS_SETTINGS_BUTTON)
    panel = await owner.click(panel, texts.THANKS_SETTINGS_OPEN_NEWS)
    panel = await owner.select(panel, ["Friday"], placeholder=texts.THANKS_SETTINGS_PICK_DAY)
    panel = await owner.select(panel, ["4pm"], placeholder=texts.THANKS_SETTINGS_PICK_TIME)
    panel = await owner.click(panel, texts.THANKS_SETTINGS_TOGGLE_DIGEST)
    assert texts.THANKS_SETTINGS_DIGEST_WHEN.format(day="Friday", time="4pm") in panel.text
    assert f"<t:{int(FIRST_DIGEST.timestamp())}:R>" in panel.text

    # The first one comes today at 4pm: a quiet week is fine.
    await connect.later(FIRST_DIGEST - connect.clock.now() - timedelta(minutes=1))
    assert digests(sandbox) == []
    await connect.later(timedelta(minutes=1))
    [first] = digests(sandbox)
    assert texts.THANKS_DIGEST_QUIET in first.text

    connect.clock.advance(timedelta(days=1))
    await thank(sandbox, "Sam", ["Priya", "Alex"], "for setting up the room")
    await thank(sandbox, "Jordan", ["Sam"], "for the lift home")
    # Alex got theirs in private, and is not named on the card.
    assert any("for setting up the room" in m.text for m in sandbox.dms_of("Alex"))
    assert f"<@{sandbox.user('Alex').id}>" not in cards_in(sandbox, "celebrations")[0].text

    await connect.later(SECOND_DIGEST - connect.clock.now() - timedelta(minutes=1))
    assert len(digests(sandbox)) == 1
    await connect.later(timedelta(minutes=1))
    second = digests(sandbox)[-1]
    assert texts.THANKS_DIGEST_THANKS.format(count=2) in second.text
    # Everyone named equally, alphabetically, with no counts per person; Alex (opted out) left out.
    assert texts.THANKS_DIGEST_PEOPLE.format(names="Jordan, Priya and Sam") in second.text
    assert "Alex" not in second.text and not second.pinged

    # After the clocks go forward, 4pm in London is 3pm UTC.
    await connect.later(THIRD_DIGEST - connect.clock.now() - timedelta(minutes=1))
    assert len(digests(sandbox)) == 2
    await connect.later(timedelta(minutes=1))
    assert len(digests(sandbox)) == 3
    # Running again sends nothing more for that week.
    await connect.run_due()
    assert len(digests(sandbox)) == 3


# ---------------------------------------------------------------- private, typed for someone, removed, refused


async def test_private_thanks_typed_for_someone_and_a_lead_removes_one(connect: Connect, sandbox: Sandbox) -> None:
    from sandbox.permissions import SEND_MESSAGES
    from sandbox.world import Overwrite

    await set_channel(sandbox)
    jordan = sandbox.member("Jordan")
    panel = await jordan.slash("thanks", channel="general")
    panel = await jordan.click(panel, texts.THANKS_BUTTON_PRIVATE)
    assert texts.THANKS_PANEL_PRIVATE in panel.text
    await jordan.select(panel, ["Priya"], placeholder=texts.THANKS_PICK_PEOPLE)
    done = await jordan.submit_modal({texts.THANKS_INPUT_REASON: "for listening"})
    assert texts.THANKS_DONE_PRIVATE in done.messages[-1].text
    assert cards_in(sandbox, "celebrations") == []
    [dm] = [m for m in sandbox.dms_of("Priya") if "for listening" in m.text]
    assert not dm.pinged

    # Alex (a supporter) types a thank-you for Sam.
    alex = sandbox.member("Alex")
    panel = await alex.slash("thanks", channel="general")
    panel = await alex.click(panel, texts.THANKS_BUTTON_FOR)
    panel = await alex.select(panel, ["Sam"], placeholder=texts.THANKS_PICK_AUTHOR)
    await alex.select(panel, ["Jordan"], placeholder=texts.THANKS_PICK_PEOPLE)
    await alex.submit_modal({texts.THANKS_INPUT_REASON: "for the photos"})
    [card] = cards_in(sandbox, "celebrations")
    sam, alex_id, jordan_id = (sandbox.user(n).id for n in ("Sam", "Alex", "Jordan"))
    assert (
        texts.THANKS_CARD_TYPED.format(author=f"<@{sam}>", typist=f"<@{alex_id}>", people=f"<@{jordan_id}>")
        in card.text
    )

    # A lead removes it, after being asked.
    owner = sandbox.member("Morgan")
    ask = await owner.message_command(texts.THANKS_REMOVE_MENU, card)
    assert ask.text == texts.THANKS_ASK_REMOVE
    removed = await owner.click(ask, texts.THANKS_BUTTON_YES_REMOVE)
    assert removed.text == texts.THANKS_REMOVED
    for _ in range(100):  # the card is deleted right after the answer
        if card.deleted:
            break
        await asyncio.sleep(0.05)
    assert card.deleted

    # The bot may not post in the thank-you channel: it posts where it was said and says so plainly.
    bot_id = sandbox.world.bot.id
    sandbox.channel("celebrations").overwrites.append(Overwrite(id=bot_id, type=1, deny=SEND_MESSAGES))
    reply = await thank(sandbox, "Priya", ["Sam"], "for the music")
    assert texts.THANKS_CHANNEL_FAILED in reply.text
    assert any("for the music" in m.text for m in cards_in(sandbox, "general"))
    # The server's owner is told plainly, in private, once (not for every thank-you that day).
    told = texts.THANKS_CHANNEL_FAILED_OWNER.format(
        server="Riverside Community", channel=f"<#{sandbox.channel('celebrations').id}>"
    )
    await thank(sandbox, "Sam", ["Priya"], "for the songs")
    assert [m.text for m in sandbox.dms_of("Morgan") if m.text == told] == [told]


async def test_say_thank_you_on_a_done_task_prefills_who_and_what(connect: Connect, sandbox: Sandbox) -> None:
    """The tasks feature puts this button on a done task; here the bot posts one like it."""
    from bot.render.components import frozen_view
    from bot.render.thanks import say_button

    guild = sandbox.guild()
    sam, priya = sandbox.user("Sam").id, sandbox.user("Priya").id
    done = events.TaskDone(guild.id, 42, "Buy snacks", None, None, (sam, priya), connect.clock.now())
    await connect.services.shared.events.publish(events.TASK_DONE, done)
    assert connect.bot is not None
    channel = connect.bot.get_partial_messageable(sandbox.channel("general").id)
    await channel.send(content="✅ Done: Buy snacks", view=frozen_view(say_button("task", 42)))
    posted = await sandbox.wait_for_message(channel="general", predicate=lambda m: "Buy snacks" in m.text)
    jordan = sandbox.member("Jordan")
    box = await jordan.click(posted, texts.THANKS_BUTTON_SAY)
    assert box.modal is not None
    assert box.modal.fields[0].value == texts.THANKS_REASON_FOR_TASK.format(title="Buy snacks")
    await jordan.submit_modal({})
    jordan_id = sandbox.user("Jordan").id
    assert any(
        texts.THANKS_CARD.format(author=f"<@{jordan_id}>", people=f"<@{sam}> and <@{priya}>") in m.text
        for m in cards_in(sandbox, "general")
    )
    # Sam did the task: their own "Say thank you" thanks only Priya.
    await sandbox.member("Sam").click(posted, texts.THANKS_BUTTON_SAY)
    await sandbox.member("Sam").submit_modal({})
    assert any(
        texts.THANKS_CARD.format(author=f"<@{sam}>", people=f"<@{priya}>") in m.text
        for m in cards_in(sandbox, "general")
    )
