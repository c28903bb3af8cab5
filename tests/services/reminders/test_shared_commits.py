"""A burst of reminders shares the scheduler's transactions (bot/scheduling/batch.py): the handler reads its
reminder and records the send in ``job.writes``, so 12 reminders due at once need far fewer transactions
than 12 of their own each; every member still gets their one message and every reminder is marked sent."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock
from bot.scheduling.scheduler import Outcome
from bot.scope import Scope
from bot.services.people import Actor
from db.engine import Database
from tests.scheduling.harness import count_transactions
from tests.services.reminders.support import CHANNEL, GUILD, make_world

DUE = datetime(2026, 6, 2, 13, tzinfo=UTC)
MEMBERS = 12


async def test_a_burst_of_reminders_shares_transactions(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    members = [Scope(GUILD, Actor(user_id=100 + i)) for i in range(MEMBERS)]
    for i, member in enumerate(members):
        await world.service.create(member, CHANNEL, text=f"Film club {i}", when=DUE)
    clock.set(DUE)
    counter = count_transactions(db)

    results = await world.run()

    assert [r.outcome for r in results] == [Outcome.DONE] * MEMBERS
    assert sorted(m.user_id for m in world.notifier.sent) == [m.user_id for m in members]
    assert {r.state for r in await world.reminders()} == {"sent"}
    assert {r.last_delivery for r in await world.reminders()} == {"dm"}
    # Alone, each firing opens 3 of its own (read the reminder, check "do not contact", record the
    # reminder as sent): 43 here. Shared: the claims, reads and records of the burst go together (16 here).
    assert counter[0] < 2 * MEMBERS, f"{counter[0]} transactions for {MEMBERS} reminders"
