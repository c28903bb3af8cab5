"""A reminder typed for a channel where the bot cannot post waits in a draft; picking a channel moves it there
with everything typed, and it starts at once when it has its text and a time still to come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.services.reminders import Target
from db.engine import Database
from tests.services.reminders.support import CHANNEL, MEMBER, OTHER, OTHER_CHANNEL, make_world

LATER = datetime(2026, 6, 5, 9, tzinfo=UTC)


async def test_a_held_draft_moves_with_its_text_and_time_and_starts(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    held = await world.service.create(
        MEMBER, CHANNEL, text="bring the cake", target=Target("channel"), when=LATER, hold=True
    )
    assert held.is_draft and held.channel_id == CHANNEL
    moved = await world.service.move_draft(MEMBER, held.id, OTHER_CHANNEL, Target("channel"))
    assert moved.state == "active" and moved.channel_id == OTHER_CHANNEL
    assert moved.text == "bring the cake" and moved.next_at == LATER


async def test_a_draft_whose_time_has_gone_moves_and_waits_for_a_new_time(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    held = await world.service.create(MEMBER, CHANNEL, text="tidy up", target=Target("channel"), when=LATER, hold=True)
    clock.advance(LATER - clock.now() + timedelta(minutes=1))
    moved = await world.service.move_draft(MEMBER, held.id, OTHER_CHANNEL, Target("channel"))
    assert moved.is_draft and moved.channel_id == OTHER_CHANNEL and moved.text == "tidy up"


async def test_only_the_author_moves_a_draft_and_an_active_one_stays(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    held = await world.service.create(MEMBER, CHANNEL, text="call mum", target=Target("channel"), when=LATER, hold=True)
    with pytest.raises(NotAllowed):
        await world.service.move_draft(OTHER, held.id, OTHER_CHANNEL, Target("channel"))
    active = await world.service.create(MEMBER, CHANNEL, text="water plants", target=Target("channel"), when=LATER)
    with pytest.raises(UserError):
        await world.service.move_draft(MEMBER, active.id, OTHER_CHANNEL, Target("channel"))
