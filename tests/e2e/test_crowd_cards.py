"""A crowd on the other cards (issue 18), end to end: 60 members press "🙌 Me too" on a thank-you, or a
picture of a check-in posted in a channel, at once.

Every press is acknowledged (the stand-in fails any interaction left unanswered for 3 seconds, and the
harness fails the test then), each member is told once, each press is counted once, and the presses
waiting in the card's lane were done together in one transaction (bot/presses.py ``Together.batch``).
The thank-you card's last edit shows everyone, the first presser first. No timing assertions.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot import texts
from bot.answering import HTTP_CONNECTIONS
from bot.cards import cards_of
from bot.presses import presses_of
from db.models import CheckinAnswer
from db.models.thanks import ThanksMeToo
from sandbox import Message, Sandbox, Seen
from tests.e2e.conftest import Connect
from tests.e2e.test_checkins import pick_time
from tests.e2e.test_crowd import crowd, sandbox  # noqa: F401 (the stand-in without OpenAPI checks)
from tests.e2e.test_thanks import cards_in, set_channel, thank

CROWD = 60


async def press_at_once(sb: Sandbox, card: Message, label: str) -> list[Seen]:
    members = crowd(sb, CROWD)
    return list(await asyncio.gather(*(m.click(card, label) for m in members)))


def told_once(seen: list[Seen], text: str) -> None:
    for s in seen:
        assert len(s.messages) == 1, f"{s.user.username} was told {len(s.messages)} times"
        assert s.messages[0].ephemeral and not s.thinking
        assert text in s.messages[0].content, s.messages[0].content


async def test_sixty_members_press_me_too_at_once(connect: Connect, sandbox: Sandbox) -> None:  # noqa: F811
    await set_channel(sandbox)
    await thank(sandbox, "Sam", ["Priya"], "for the party")
    [card] = cards_in(sandbox, "celebrations")
    seen = await press_at_once(sandbox, card, texts.THANKS_BUTTON_ME_TOO)

    told_once(seen, texts.THANKS_ME_TOO_ADDED)
    assert connect.bot is not None
    assert presses_of(connect.bot).together > 0, "the presses waiting in the lane were done together"
    # The answers took turns on a few kept-alive connections, not one new connection each (bot/presses.py).
    assert connect.bot.http.connector.limit == HTTP_CONNECTIONS
    async with connect.services.db.read() as s:
        rows = (await s.scalars(select(ThanksMeToo))).all()
    first = min(seen, key=lambda x: x.interaction.id)
    assert sorted(r.user_id for r in rows) == sorted(x.user.id for x in seen), "each press counted once"
    await cards_of(connect.bot).settled()
    card = sandbox.world.messages[card.id]
    assert card.history, "the card was edited"
    expected = texts.THANKS_ME_TOO_MANY.format(name=f"<@{first.user.id}>", others=CROWD - 1)
    assert expected in card.text, card.text
    assert not sandbox.rate_limited, "no 429s"


async def checkin_post(connect: Connect, sb: Sandbox) -> Message:
    """A lead makes a mood check-in posted in #check-ins (buttons and menus), and it comes."""
    connect.clock.set(datetime(2027, 5, 3, 12, 0, tzinfo=UTC))  # Monday
    morgan = sb.member("Morgan")
    card = await morgan.slash("setup")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    alex = sb.member("Alex")
    seen = await alex.slash("checkin new")
    seen = await alex.click(seen, "Mood, 3 pictures")
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_CHANNEL)
    seen = await alex.select(seen, ["check-ins"], placeholder=texts.CHECKIN_PICK_POST_CHANNEL)
    seen = await pick_time(alex, seen, "Tuesday", "10am")
    seen = await alex.click(seen, texts.CHECKIN_MAKE_START)
    assert "Answers stay private." in seen.text
    await connect.later(timedelta(hours=21, minutes=1))  # Tuesday 10am in London
    return await sb.wait_for_message(channel="check-ins", predicate=lambda m: texts.CHECKIN_QUESTION in m.text)


async def test_sixty_members_press_a_checkin_picture_at_once(connect: Connect, sandbox: Sandbox) -> None:  # noqa: F811
    post = await checkin_post(connect, sandbox)
    seen = await press_at_once(sandbox, post, "Good")

    told_once(seen, texts.CHECKIN_THANKS.format(emoji="😊", word="Good"))
    assert connect.bot is not None
    assert presses_of(connect.bot).together > 0, "the presses waiting in the lane were done together"
    async with connect.services.db.read() as s:
        rows = (await s.scalars(select(CheckinAnswer))).all()
        days = await s.scalar(select(func.count(func.distinct(CheckinAnswer.day))))
    assert sorted(r.user_id for r in rows) == sorted(x.user.id for x in seen), "each press counted once"
    assert len({r.choice for r in rows}) == 1 and days == 1
    assert not sandbox.rate_limited, "no 429s"
