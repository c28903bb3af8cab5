"""A typed time and a typed repeat that disagree are a question (issue 17), and what the draft may offer."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.services.reminders import Target
from db.engine import Database
from tests.services.reminders.support import CHANNEL, LEAD, MEMBER, ORGANISER, PROJECT_ID, make_world

# The clock of tests/conftest.py: Monday 1 June 2026, 10am in London.
TUESDAY_3PM = datetime(2026, 6, 2, 14, 0, tzinfo=UTC)
NEXT_MONDAY_10AM = datetime(2026, 6, 8, 9, 0, tzinfo=UTC)


async def test_disagreeing_times_are_both_offered_and_nothing_is_guessed(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    service = world.service
    two = await service.two_times(MEMBER, "tomorrow at 3pm", "every Monday at 10am")
    assert two is not None
    assert (two.once, two.every, two.repeat_words) == (TUESDAY_3PM, NEXT_MONDAY_10AM, "every Monday at 10am")
    assert await service.two_times(MEMBER, "next Monday at 10am", "every Monday at 10am") is None
    assert await service.two_times(MEMBER, "tomorrow at 3pm", "weekly") is None  # a menu choice: no question

    held = await service.create(MEMBER, CHANNEL, text="buy milk", repeat="every Monday at 10am", hold=True)
    assert held.is_draft and held.next_at is None  # nothing is set before the answer
    once = await service.set_once(MEMBER, held.id, two.once)
    assert once.state == "active" and once.next_at == TUESDAY_3PM and not once.repeating

    held = await service.create(MEMBER, CHANNEL, text="bins out", repeat="every Monday at 10am", hold=True)
    every = await service.set_time(MEMBER, held.id, two.every)
    assert every.next_at == NEXT_MONDAY_10AM and every.repeating


async def test_the_draft_offers_only_what_each_person_may_pick(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    service = world.service
    mine = await service.create(MEMBER, CHANNEL, text="tidy up", project_id=PROJECT_ID)
    assert await service.targets_for(MEMBER, mine) == ("me", "channel")
    lead = await service.create(LEAD, CHANNEL, text="team meeting")
    assert await service.targets_for(LEAD, lead) == ("me", "channel", "role")
    theirs = await service.create(ORGANISER, CHANNEL, text="bring films", target=Target("me"), project_id=PROJECT_ID)
    assert "project" in await service.targets_for(ORGANISER, theirs)
