"""The sessions switch (10th, 25th, 50th) is apart from the first-steps switch: each on and off, both databases."""

from __future__ import annotations

import pytest

from bot import events, texts
from bot.clock import FakeClock
from bot.events import TaskDone
from bot.services.thanks import CELEBRATION, ThanksService
from db.engine import Database
from tests.services.thanks.support import BEN, CHANNEL, GUILD, MANAGER, fire_all, make_service, rows, scope
from tests.services.thanks.test_milestones import held


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


async def _first_task(svc: ThanksService, task_id: int, clock: FakeClock) -> None:
    done = TaskDone(GUILD, task_id, "Buy snacks", None, CHANNEL, (BEN.user_id,), clock.now())
    await svc.shared.events.publish(events.TASK_DONE, done)


async def test_sessions_off_keeps_first_steps_on(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    await svc.toggle_choice(BEN.user_id, "firsts")  # Ben says yes to celebrations about him
    view = await svc.toggle(scope(MANAGER), "sessions")
    assert view.celebrate_sessions is False and view.celebrate_milestones is True
    assert await svc.celebration_on(GUILD, "sessions") is False and await svc.celebration_on(GUILD, "firsts")
    await svc.shared.events.publish(events.SESSION_HELD, held(10, people=(BEN.user_id,)))
    assert await rows(db, CELEBRATION) == [], "no session celebration while it is off"
    await _first_task(svc, 5, clock)
    sent = (await fire_all(svc, db, clock)).sent
    assert [m.msg.content for m in sent] == [
        texts.THANKS_FIRST_TASK.format(name=f"<@{BEN.user_id}>", title="Buy snacks")
    ]
    # Turned on again: the next big session is celebrated.
    assert (await svc.toggle(scope(MANAGER), "sessions")).celebrate_sessions is True
    await svc.shared.events.publish(events.SESSION_HELD, held(25))
    sent = (await fire_all(svc, db, clock)).sent
    assert [m.msg.content for m in sent][-1] == texts.THANKS_SESSIONS.format(title="Film club", number=25)


async def test_first_steps_off_keeps_sessions_on(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    await svc.toggle_choice(BEN.user_id, "firsts")
    view = await svc.toggle(scope(MANAGER), "firsts")
    assert view.celebrate_milestones is False and view.celebrate_sessions is True
    await _first_task(svc, 5, clock)
    assert await rows(db, CELEBRATION) == [], "no first steps while they are off"
    await svc.shared.events.publish(events.SESSION_HELD, held(10, people=(BEN.user_id,)))
    sent = (await fire_all(svc, db, clock)).sent
    assert [m.msg.content for m in sent] == [texts.THANKS_SESSIONS.format(title="Film club", number=10)]
