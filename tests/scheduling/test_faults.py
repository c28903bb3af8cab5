"""Faults do not stall the rest, and nothing is sent twice: a send refused for good (403), a 5xx, a firing cut
off after it sent (taken over later), a database outage."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
import sqlalchemy.exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import FakeClock
from bot.outbox import OutMessage, RecordingNotifier, SendRefused, ServerTrouble
from bot.scheduling.processes import ProcessRegistry
from bot.scheduling.registry import Job, Registry
from bot.scheduling.scheduler import LEASE, Outcome, Scheduler
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.unsent import UnsentService
from db.engine import Database
from db.repositories import scheduled as repo
from tests.scheduling.conftest import OpenDb
from tests.scheduling.harness import CHANNEL, Calls, add_row, load, make_scheduler

MAKER = 31
GUILD = 7


class RefusingNotifier(RecordingNotifier):
    """Discord answers 403 for one channel; 5xx for chosen nonces."""

    def __init__(self, refused_channel: int | None = None, troubled: set[str] | None = None) -> None:
        super().__init__()
        self.refused_channel = refused_channel
        self.troubled = troubled or set()

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        if channel_id == self.refused_channel:
            raise SendRefused(f"{texts.SCHEDULED_REFUSED_REASON} (Discord: 50001 Missing Access)")
        if nonce in self.troubled:
            raise ServerTrouble("Discord answered 500 Internal Server Error")
        return await super().send_to_channel(channel_id, msg, nonce)


async def test_a_refused_send_fails_at_once_tells_its_maker_once_and_shows_its_time(
    db: Database, clock: FakeClock
) -> None:
    due = clock.now()
    row_id = await add_row(db, due, guild_id=GUILD, created_by=MAKER)
    notifier = RefusingNotifier(refused_channel=CHANNEL)
    scheduler = make_scheduler(db, clock, Calls(), notifier)

    (result,) = await scheduler.run_due_now()
    clock.advance(timedelta(hours=1))
    assert await scheduler.run_due_now() == [], "not retried"

    assert result.outcome is Outcome.FAILED
    row = await load(db, row_id)
    assert row.attempts == 1 and row.state == repo.FAILED
    assert (row.last_error or "").startswith(texts.SCHEDULED_REFUSED_REASON)
    (told,) = notifier.sent
    assert (told.via, told.user_id) == ("dm", MAKER)
    assert told.msg.content == texts.SCHEDULED_REFUSED_DM.format(when=f"<t:{int(due.timestamp())}:f>")

    unsent = await UnsentService(db, clock).for_leads(Scope(GUILD, Actor(user_id=1, can_manage_server=True)))
    (item,) = unsent.items
    assert item.refused and item.due_at == due


async def test_a_retry_never_moves_the_time_it_was_meant_for(db: Database, clock: FakeClock) -> None:
    due = clock.now()
    calls = Calls()
    row_id = await add_row(db, due, guild_id=GUILD)
    calls.fail_first[row_id] = 10
    scheduler = make_scheduler(db, clock, calls, RecordingNotifier())
    for step in (0, 30, 120, 600):
        clock.advance(timedelta(seconds=step))
        await scheduler.run_due_now()
    row = await load(db, row_id)
    assert row.state == repo.FAILED and row.due_at > due
    assert row.meant_for == due
    unsent = await UnsentService(db, clock).for_leads(Scope(GUILD, Actor(user_id=1, can_manage_server=True)))
    assert [i.due_at for i in unsent.items] == [due]


async def test_a_5xx_gives_its_slot_up_and_goes_back_to_pending(db: Database, clock: FakeClock) -> None:
    due = clock.now()
    ids = [await add_row(db, due) for _ in range(5)]
    from bot.scheduling.registry import make_nonce

    troubled = {make_nonce(ids[0], 0)}
    notifier = RefusingNotifier(troubled=troubled)
    scheduler = make_scheduler(db, clock, Calls(), notifier, max_concurrency=1)

    outcomes = {r.row_id: r.outcome for r in await scheduler.run_due_now()}

    assert outcomes[ids[0]] is Outcome.RETRY
    assert all(outcomes[i] is Outcome.DONE for i in ids[1:])
    row = await load(db, ids[0])
    assert row.state == repo.PENDING and row.due_at == due + timedelta(seconds=30)


async def test_a_firing_cut_off_after_it_sent_is_not_sent_again(
    db: Database, clock: FakeClock, open_db: OpenDb
) -> None:
    """Process A sends, records the send, and dies before writing "done". B takes over long after Discord's
    nonce memory (its notifier has never seen the nonce): B sends nothing."""
    due = clock.now()
    row_id = await add_row(db, due)
    a_proc = ProcessRegistry(db, [0], 1, host="a", pid=1)
    await a_proc.register()
    died = RuntimeError("kill -9")

    a_registry = Registry()

    async def send_then_die(job: Job) -> None:
        await job.notifier.send_dm(5, OutMessage(content="hello"), job.nonce_for(5))
        await job.notifier.send_dm(6, OutMessage(content="hello"), job.nonce_for(6))
        raise died

    a_registry.register("reminder", send_then_die)
    a_notifier = RecordingNotifier()
    a = Scheduler(db, clock, a_registry, a_notifier, process=a_proc)
    # Run the claim and handler only, as if the process died right after: no finishing write.
    async with db.transaction() as session:
        assert await repo.claim(session, row_id, due, LEASE, owner=a_proc.id, live_since=a_proc.live_since())
        row = await repo.get(session, row_id)
    assert row is not None
    job = await a._job(row, due, a_registry.get("reminder").policy)  # type: ignore[union-attr]
    with pytest.raises(RuntimeError):
        await send_then_die(job)
    assert len(a_notifier.sent) == 2
    await a_proc.close()  # gone (as a dead pid or a stale heartbeat would be)

    clock.advance(timedelta(minutes=10))
    b_db = open_db()
    b_proc = ProcessRegistry(b_db, [0], 1, host="b", pid=2)
    await b_proc.register()
    b_registry = Registry()

    async def send(job: Job) -> None:
        await job.notifier.send_dm(5, OutMessage(content="hello"), job.nonce_for(5))
        await job.notifier.send_dm(6, OutMessage(content="hello"), job.nonce_for(6))

    b_registry.register("reminder", send)
    b_notifier = RecordingNotifier()  # knows no nonce: like Discord after its nonce memory
    b = Scheduler(b_db, clock, b_registry, b_notifier, process=b_proc)
    (result,) = await b.run_due_now()

    assert result.outcome is Outcome.DONE
    assert b_notifier.sent == [], "both messages were recorded as sent: nothing twice"
    await b_proc.close()


class FlakyDatabase(Database):
    """The same storage, but every unit of work fails while ``down`` (as when PostgreSQL restarts)."""

    down = False

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        if self.down:
            raise sa_exc.OperationalError("SELECT 1", {}, ConnectionRefusedError(111, "Connect call failed"))
        async with super().transaction() as session:
            yield session


async def test_a_database_outage_logs_one_error_and_one_info_and_sending_resumes(
    db: Database, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    import asyncio

    flaky = FlakyDatabase(db.url, **db.engine_kwargs)
    try:
        due = clock.now()
        ids = [await add_row(flaky, due) for _ in range(20)]
        notifier = RecordingNotifier()
        scheduler = make_scheduler(flaky, clock, Calls(), notifier)
        scheduler._outage._probe_every = 0.05  # type: ignore[attr-defined]
        await scheduler.start(paused=True)
        with caplog.at_level(logging.INFO, logger="connect.scheduler"):
            flaky.down = True
            results = await asyncio.gather(*(scheduler.fire(i) for i in ids))
            assert {r.outcome for r in results} == {Outcome.WAITING}
            flaky.down = False
            for _ in range(200):  # the probe notices within a moment, then refills
                await asyncio.sleep(0.05)
                if not scheduler._outage.down:  # type: ignore[attr-defined]
                    break
        errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
        infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
        assert [r.getMessage() for r in errors] == [texts.SCHEDULER_DB_DOWN]
        assert texts.SCHEDULER_DB_BACK in infos
        assert set(scheduler.projected_ids()) == set(ids), "everything due is loaded again at once"
        assert {r.outcome for r in await scheduler.run_due_now()} == {Outcome.DONE}
        assert len(notifier.sent) == len(ids)
        await scheduler.stop(wait=False)
    finally:
        await flaky.dispose()


async def test_a_retry_after_the_nonce_memory_skips_what_the_failed_attempt_sent(
    db: Database, clock: FakeClock
) -> None:
    """Member 5 got the message, member 6's failed: the retry (10 minutes on) sends only to member 6."""
    row_id = await add_row(db, clock.now())
    tries: list[int] = []
    registry = Registry()

    async def send_both(job: Job) -> None:
        tries.append(job.attempt)
        await job.notifier.send_dm(5, OutMessage(content="hello"), job.nonce_for(5))
        if job.attempt == 1:
            raise ServerTrouble("Discord answered 502 Bad Gateway")
        await job.notifier.send_dm(6, OutMessage(content="hello"), job.nonce_for(6))

    registry.register("reminder", send_both)
    first = RecordingNotifier()
    (result,) = await Scheduler(db, clock, registry, first).run_due_now()
    assert result.outcome is Outcome.RETRY
    clock.advance(timedelta(minutes=10))
    second = RecordingNotifier()  # a fresh memory: Discord forgot the nonces long ago
    (result,) = await Scheduler(db, clock, registry, second).run_due_now()

    assert result.outcome is Outcome.DONE and tries == [1, 2]
    assert [m.user_id for m in first.sent] == [5]
    assert [m.user_id for m in second.sent] == [6], "member 5 is not sent it twice"
    assert (await load(db, row_id)).state == repo.DONE
