"""The database goes away while Connect runs (PostgreSQL restarted): the bot keeps running, members hear
"please try again in a minute", scheduled work waits, and everything resumes by itself, nothing lost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import texts
from bot.clock import OffsetClock
from bot.ops.failures import is_database_outage
from db import migrate
from db.engine import Database
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_reminders import reminder_dms, set_with_buttons
from tests.ops.pgcluster import ThrowawayPostgres, why_not

# How long the database stays away, as when PostgreSQL restarts after an upgrade.
OUTAGE_SECONDS = float(__import__("os").environ.get("OUTAGE_SECONDS", "20"))

pytestmark = pytest.mark.skipif(why_not() is not None, reason=why_not() or "")


@pytest.fixture
async def postgres() -> AsyncIterator[ThrowawayPostgres]:
    server = await asyncio.to_thread(lambda: ThrowawayPostgres().init())
    try:
        yield server
    finally:
        await asyncio.to_thread(server.remove)


async def press_while_away(sb: Sandbox, who: str, text: str) -> list[str]:
    """The steps of /remind with buttons; the replies the member saw (it stops at the first apology)."""
    member = sb.member(who)
    seen = await member.slash("remind")
    if seen.modal is None:
        return [seen.text]
    seen = await member.submit_modal({texts.REMIND_MODAL_LABEL: text})
    replies = [seen.text]
    for label in (texts.REMIND_PICK_TIME, texts.TIMEPICK_IN_ONE_HOUR):  # "To me" is already chosen
        if texts.OPS_DB_OUTAGE in seen.text:
            break
        seen = await member.click(seen, label)
        replies.append(seen.text)
    return replies


async def test_postgresql_restarts_while_members_press_and_reminders_are_due(
    sandbox: Sandbox, postgres: ThrowawayPostgres
) -> None:
    database = Database(postgres.url)
    await migrate.upgrade(database.engine)
    connect = Connect(sb=sandbox, database=database, clock=OffsetClock())
    await connect.start()
    try:
        seen = await set_with_buttons(sandbox, "Sam", "water the plants")
        assert "✅ Done. I will remind you on" in seen.text

        await asyncio.to_thread(postgres.stop)
        away_since = time.monotonic()

        # A member presses: a kind apology, not "something went wrong" with a code.
        replies = await press_while_away(sandbox, "Alex", "bring the tea")
        assert replies[-1] == texts.OPS_DB_OUTAGE, replies
        assert not any("code" in r for r in replies)

        # The reminder falls due while the database is away: nothing is sent, nothing is marked.
        connect.clock.advance(timedelta(minutes=75))  # past "In 1 hour", whatever it rounds to
        with pytest.raises(Exception) as raised:
            await connect.run_due()
        assert is_database_outage(raised.value)
        assert reminder_dms(sandbox, "Sam", "water the plants") == []

        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - away_since)))
        await asyncio.to_thread(postgres.start)

        # Back by itself: the due reminder goes once, and presses save again. The bot never stopped.
        await connect.run_due()
        assert len(reminder_dms(sandbox, "Sam", "water the plants")) == 1
        await connect.run_due()
        assert len(reminder_dms(sandbox, "Sam", "water the plants")) == 1
        seen = await set_with_buttons(sandbox, "Alex", "bring the tea")
        assert "✅ Done. I will remind you on" in seen.text
        assert connect.bot is not None and not connect.bot.is_closed()
    finally:
        await connect.stop()
        await database.dispose()
    sandbox.assert_no_problems()
