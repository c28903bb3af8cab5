""" "Do not contact me" holds where every scheduled send passes (bot/scheduling/sends.py): a member who asked
is never messaged, not by DM and not by a channel post naming them; everyone else still is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from bot.notifier import OutMessage, RecordingNotifier
from bot.scheduling.sends import RecordingSends
from bot.services.reminders import Target
from db.engine import Database
from db.repositories import mydata as repo
from tests.services.reminders.support import CHANNEL, MEMBER, OTHER, World, make_world


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)


async def _stop(db: Database, clock: FakeClock, user_id: int, on: bool = True) -> None:
    async with db.transaction() as s:
        await repo.set_do_not_contact(s, user_id, on, clock.now())


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


async def test_a_reminder_never_reaches_a_member_who_asked_not_to_be_contacted(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="take the camera", when=at(2, 13))
    await world.service.create(OTHER, CHANNEL, text="bring cake", when=at(2, 13))
    await _stop(world.db, world.clock, MEMBER.user_id)
    world.clock.set(at(2, 13))
    await world.run()
    assert world.sent_to(MEMBER.user_id) == []
    assert [m.msg.content for m in world.sent_to(OTHER.user_id)] == ["⏰ Reminder: bring cake"]


async def test_a_channel_reminder_still_posts(world: World) -> None:
    """Only messages to the member stop: a reminder they set for the channel is not addressed to them."""
    await world.service.create(MEMBER, CHANNEL, text="tidy up", target=Target("channel"), when=at(2, 9))
    await _stop(world.db, world.clock, MEMBER.user_id)
    world.clock.set(at(2, 9))
    await world.run()
    assert [m.via for m in world.notifier.sent] == ["channel"]


async def test_turning_it_off_lets_messages_through_again(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="water the plants", when=at(2, 13))
    await _stop(world.db, world.clock, MEMBER.user_id)
    await _stop(world.db, world.clock, MEMBER.user_id, on=False)
    world.clock.set(at(2, 13))
    await world.run()
    assert len(world.sent_to(MEMBER.user_id)) == 1


async def test_no_fallback_post_names_them_when_their_dms_are_closed(db: Database, clock: FakeClock) -> None:
    inner = RecordingNotifier(closed_dms={MEMBER.user_id})
    sends = RecordingSends(inner, db, clock, row_id=1)
    await _stop(db, clock, MEMBER.user_id)
    delivery = await sends.send_dm(MEMBER.user_id, OutMessage(content="hello"), "n1", fallback_channel_id=CHANNEL)
    assert delivery.via == "none" and not delivery.dm_failed  # not "DMs closed": nobody tells a lead
    assert inner.attempts == 0 and inner.sent == []
