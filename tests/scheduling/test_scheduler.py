"""The scheduler over a real database with a fake clock: every row fires exactly once, on time or late
in words, or is recorded as missed or failed; never lost, never sent twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.clock import FakeClock
from bot.notifier import OutMessage, RecordingNotifier
from bot.scheduling.registry import Job, KindPolicy, PermanentFailure, Registry, make_nonce, payload_deadline
from bot.scheduling.scheduler import LEASE, Outcome, Scheduler
from db import migrate
from db.engine import Database
from db.repositories import scheduled as repo
from tests.scheduling.conftest import OpenDb
from tests.scheduling.harness import Calls, add_row, all_rows, load, make_registry, make_scheduler

LONDON = ZoneInfo("Europe/London")


async def test_row_fires_when_due_and_only_once(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(db, clock, calls, notifier)
    row_id = await add_row(db, clock.now() + timedelta(minutes=5), guild_id=1, payload={"text": "Film club"})

    assert await scheduler.run_due_now() == []
    clock.advance(timedelta(minutes=5))
    results = await scheduler.run_due_now()
    assert [(r.row_id, r.outcome) for r in results] == [(row_id, Outcome.DONE)]
    assert await scheduler.run_due_now() == []

    assert [m.msg.content for m in notifier.sent] == ["Film club"]
    assert notifier.sent[0].nonce == make_nonce(row_id, 0)
    assert len(notifier.sent[0].nonce) <= 25
    assert calls.jobs[0].late is False
    row = await load(db, row_id)
    assert (row.state, row.late, row.lease_until) == ("done", False, None)


async def test_overdue_at_start_is_sent_at_once_and_says_it_is_late(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    row_id = await add_row(db, clock.now() - timedelta(hours=3), payload={"text": "Film club"})

    results = await make_scheduler(db, clock, calls, notifier).run_due_now()

    assert [r.outcome for r in results] == [Outcome.DONE]
    assert notifier.sent[0].msg.content == f"{texts.SCHEDULED_LATE}\nFilm club"
    assert calls.jobs[0].late is True
    assert (await load(db, row_id)).late is True


async def test_too_old_for_its_kind_is_missed_not_dropped(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    row_id = await add_row(db, clock.now() - timedelta(hours=25), guild_id=7)

    results = await make_scheduler(db, clock, calls, notifier).run_due_now()

    assert [r.outcome for r in results] == [Outcome.MISSED]
    assert calls.jobs == [] and notifier.sent == []
    row = await load(db, row_id)
    assert row.state == "missed" and row.last_error
    async with db.transaction() as session:
        assert [r.id for r in await repo.list_failed_and_missed(session, 7)] == [row_id]
        assert await repo.list_failed_and_missed(session, 8) == []


async def test_event_reminder_is_missed_once_the_event_has_started(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    now = clock.now()
    started = await add_row(
        db,
        now - timedelta(hours=2),
        kind="event_reminder",
        payload={"starts_at": (now - timedelta(minutes=1)).isoformat()},
    )
    upcoming = await add_row(
        db,
        now - timedelta(hours=2),
        kind="event_reminder",
        payload={"starts_at": (now + timedelta(hours=1)).isoformat()},
    )

    # The feature brings this policy with its kind (the registry knows no kinds of its own).
    policy = KindPolicy(max_lateness=timedelta(hours=24), deadline=payload_deadline("starts_at"))
    scheduler = make_scheduler(db, clock, calls, notifier, kinds=("event_reminder",), policy=policy)
    outcomes = {r.row_id: r.outcome for r in await scheduler.run_due_now()}

    assert outcomes == {started: Outcome.MISSED, upcoming: Outcome.DONE}
    assert [job.id for job in calls.jobs] == [upcoming]
    assert calls.jobs[0].late is True


async def test_handler_error_retries_with_backoff_then_succeeds(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(db, clock, calls, notifier)
    row_id = await add_row(db, clock.now())
    calls.fail_first[row_id] = 2

    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.RETRY]
    row = await load(db, row_id)
    assert (row.state, row.due_at, row.attempts) == ("pending", clock.now() + timedelta(seconds=30), 1)
    assert row.last_error and "bad day" in row.last_error
    assert await scheduler.run_due_now() == []  # not before the backoff

    clock.advance(timedelta(seconds=30))
    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.RETRY]
    assert (await load(db, row_id)).due_at == clock.now() + timedelta(minutes=2)

    clock.advance(timedelta(minutes=2))
    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.DONE]
    assert [job.attempt for job in calls.jobs] == [1, 2, 3]
    assert len({job.nonce for job in calls.jobs}) == 1  # a retry sends with the same nonce
    assert len(notifier.sent) == 1
    assert (await load(db, row_id)).state == "done"


async def test_retries_run_out_then_failed_and_kept_for_leads(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(db, clock, calls, notifier)
    row_id = await add_row(db, clock.now(), guild_id=9)
    calls.fail_first[row_id] = 99

    outcomes = []
    for wait in (timedelta(0), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10)):
        clock.advance(wait)
        outcomes += [r.outcome for r in await scheduler.run_due_now()]
    clock.advance(timedelta(days=1))
    outcomes += [r.outcome for r in await scheduler.run_due_now()]

    assert outcomes == [Outcome.RETRY, Outcome.RETRY, Outcome.RETRY, Outcome.FAILED]
    row = await load(db, row_id)
    assert row.state == "failed" and row.last_error and "bad day" in row.last_error
    assert notifier.sent == []
    async with db.transaction() as session:
        assert [r.id for r in await repo.list_failed_and_missed(session, 9)] == [row_id]


async def test_permanent_failure_does_not_retry(db: Database, clock: FakeClock) -> None:
    registry = Registry()

    async def handle(job: Job) -> None:
        raise PermanentFailure("the channel is gone")

    registry.register("reminder", handle)
    row_id = await add_row(db, clock.now())
    results = await Scheduler(db, clock, registry, RecordingNotifier()).run_due_now()
    assert [r.outcome for r in results] == [Outcome.FAILED]
    assert (await load(db, row_id)).last_error == "PermanentFailure: the channel is gone"


async def test_unknown_kind_fails_visibly(db: Database, clock: FakeClock) -> None:
    row_id = await add_row(db, clock.now(), kind="nobody_handles_this")
    results = await make_scheduler(db, clock, Calls(), RecordingNotifier()).run_due_now()
    assert [r.outcome for r in results] == [Outcome.FAILED]
    assert (await load(db, row_id)).state == "failed"


async def test_cancel_in_the_services_transaction(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    kept = await add_row(db, clock.now(), ref_id=1)
    cancelled = await add_row(db, clock.now(), ref_id=2)

    # A service whose change fails rolls back its cancel too.
    try:
        async with db.transaction() as session:
            assert await repo.cancel(session, "reminder", 1) == 1
            raise RuntimeError("the service's change failed")
    except RuntimeError:
        pass
    async with db.transaction() as session:
        assert await repo.cancel(session, "reminder", 2) == 1

    results = await make_scheduler(db, clock, calls, notifier).run_due_now()
    assert [(r.row_id, r.outcome) for r in results] == [(kept, Outcome.DONE)]
    assert (await load(db, cancelled)).state == "cancelled"


async def test_weekly_9am_london_stays_9am_across_both_dst_changes(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    scheduler = make_scheduler(db, clock, calls, notifier)
    first = datetime(2026, 3, 16, 9, 0, tzinfo=LONDON).astimezone(UTC)  # a Monday, GMT
    row_id = await add_row(db, first, rule="FREQ=WEEKLY;BYDAY=MO", timezone="Europe/London")

    fired: list[datetime] = []
    while True:
        row = await load(db, row_id)
        if row.due_at > datetime(2026, 11, 3, tzinfo=UTC):
            break
        clock.set(row.due_at)
        results = await scheduler.run_due_now()
        assert [r.outcome for r in results] == [Outcome.RESCHEDULED]
        fired.append(row.due_at)

    local = [when.astimezone(LONDON) for when in fired]
    assert all((t.weekday(), t.hour, t.minute) == (0, 9, 0) for t in local)
    assert [t.date() for t in local] == [(first + timedelta(weeks=i)).date() for i in range(len(local))]
    by_day = {when.astimezone(LONDON).date().isoformat(): when.hour for when in fired}
    assert by_day["2026-03-23"] == 9  # GMT: 9am is 09:00 UTC
    assert by_day["2026-03-30"] == 8  # after 29 March, BST: 9am is 08:00 UTC
    assert by_day["2026-10-19"] == 8
    assert by_day["2026-10-26"] == 9  # after 25 October, GMT again
    assert [job.occurrence for job in calls.jobs] == list(range(len(fired)))
    assert len(set(notifier.nonces())) == len(fired)
    assert all(job.late is False for job in calls.jobs)


async def test_recurring_row_catches_up_missed_occurrences_and_goes_on(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    start = clock.now()  # Monday 1 June 2026, 9am UTC = 10am London
    row_id = await add_row(
        db, start, guild_id=3, rule="FREQ=WEEKLY;BYDAY=MO", timezone="Europe/London", payload={"text": "Walk"}
    )
    # The bot was off for two weeks and almost a day.
    clock.set(start + timedelta(weeks=2, hours=22))

    results = await make_scheduler(db, clock, calls, notifier).run_due_now()

    assert [r.outcome for r in results] == [Outcome.MISSED, Outcome.MISSED, Outcome.RESCHEDULED]
    assert [m.msg.content for m in notifier.sent] == [f"{texts.SCHEDULED_LATE}\nWalk"]
    assert calls.jobs[0].occurrence == 2
    series = await load(db, row_id)
    assert (series.state, series.occurrence, series.due_at) == ("pending", 3, start + timedelta(weeks=3))
    async with db.transaction() as session:
        history = await repo.list_failed_and_missed(session, 3)
    assert [(r.state, r.occurrence, r.due_at) for r in history] == [
        ("missed", 1, start + timedelta(weeks=1)),
        ("missed", 0, start),
    ]
    # Cancelling the series leaves its history.
    async with db.transaction() as session:
        assert await repo.cancel_row(session, row_id)
    assert [r.state for r in await all_rows(db)] == ["cancelled", "missed", "missed"]


async def test_recurring_failure_is_kept_and_the_series_goes_on(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    policy = KindPolicy(retry_delays=())
    scheduler = make_scheduler(db, clock, calls, notifier, policy=policy)
    row_id = await add_row(db, clock.now(), guild_id=4, rule="FREQ=DAILY", timezone="Europe/London")
    calls.fail_first[row_id] = 1

    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.FAILED]
    clock.advance(timedelta(days=1))
    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.RESCHEDULED]
    rows = await all_rows(db)
    assert [(r.state, r.occurrence) for r in rows] == [("pending", 2), ("failed", 0)]
    assert len(notifier.sent) == 1


async def test_expired_lease_after_a_crash_runs_the_row_again_once(db: Database, clock: FakeClock) -> None:
    calls, notifier = Calls(), RecordingNotifier()
    row_id = await add_row(db, clock.now())
    # A process claimed the row, then died before finishing it.
    async with db.transaction() as session:
        assert await repo.claim(session, row_id, clock.now(), timedelta(minutes=5))

    scheduler = make_scheduler(db, clock, calls, notifier, lease=timedelta(minutes=5))
    assert await scheduler.run_due_now() == []  # the lease still holds
    clock.advance(timedelta(minutes=5))
    assert await scheduler.run_due_now() == []  # lease_until < now is needed: not yet
    clock.advance(timedelta(seconds=1))
    assert [r.outcome for r in await scheduler.run_due_now()] == [Outcome.DONE]
    assert await scheduler.run_due_now() == []
    assert calls.per_row() == {row_id: 1}
    row = await load(db, row_id)
    assert (row.state, row.attempts) == ("done", 2)


class CrashingNotifier(RecordingNotifier):
    """Discord accepts the message, then this process hangs as if it died before committing."""

    def __init__(self, crash_on_send: int) -> None:
        super().__init__()
        self.crash_on_send = crash_on_send
        self.crashed = asyncio.Event()

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        message_id = await super().send_to_channel(channel_id, msg, nonce)
        if self.attempts == self.crash_on_send:
            self.crashed.set()
            await asyncio.Event().wait()  # never returns: the stop cancels it
        return message_id


async def test_restart_mid_send_fires_every_row_exactly_once(open_db: OpenDb, clock: FakeClock) -> None:
    first_db = open_db()
    await migrate.upgrade(first_db.engine)
    row_ids = [await add_row(first_db, clock.now() + timedelta(seconds=i)) for i in range(30)]
    clock.advance(timedelta(minutes=1))

    discord_side = CrashingNotifier(crash_on_send=12)
    first = make_scheduler(first_db, clock, Calls(), discord_side, max_concurrency=4)
    run = asyncio.create_task(first.run_due_now())
    await asyncio.wait_for(discord_side.crashed.wait(), timeout=30)
    await first.stop(wait=False)  # the process dies: firings in progress are cut off
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    await first_db.dispose()
    states = [r.state for r in await all_rows(open_db())]
    assert "running" in states  # the crash left at least the hanging row claimed

    # The bot starts again once the lease has run out, on the same database, talking to the same Discord.
    clock.advance(LEASE + timedelta(seconds=1))
    second_db = open_db()
    second = make_scheduler(second_db, clock, Calls(), discord_side)
    await second.run_due_now()

    assert [r.state for r in await all_rows(second_db)] == ["done"] * len(row_ids)
    delivered = discord_side.nonces()
    assert sorted(delivered) == sorted(make_nonce(row_id, 0) for row_id in row_ids)
    assert discord_side.duplicates_refused >= 1  # the re-run of the cut-off row was refused by nonce


async def test_two_processes_each_own_one_shard(open_db: OpenDb, clock: FakeClock) -> None:
    setup = open_db()
    await migrate.upgrade(setup.engine)
    guild_on_0 = 1_100_000_000_000_000_000 & ~(1 << 22)  # (id >> 22) even
    guild_on_1 = guild_on_0 | (1 << 22)
    assert ((guild_on_0 >> 22) % 2, (guild_on_1 >> 22) % 2) == (0, 1)
    rows = {
        0: [await add_row(setup, clock.now(), guild_id=guild_on_0) for _ in range(5)]
        + [await add_row(setup, clock.now(), guild_id=None) for _ in range(3)],  # DMs: shard 0
        1: [await add_row(setup, clock.now(), guild_id=guild_on_1) for _ in range(5)],
    }

    calls = Calls()
    schedulers = []
    for shard in (0, 1):
        tagged = Calls(tag=f"shard{shard}", jobs=calls.jobs, tags=calls.tags)
        schedulers.append(
            make_scheduler(open_db(), clock, tagged, RecordingNotifier(), shard_ids=[shard], shard_count=2)
        )
    await asyncio.gather(*(s.run_due_now() for s in schedulers))

    assert calls.per_row() == {row_id: 1 for ids in rows.values() for row_id in ids}
    for shard in (0, 1):
        assert sorted(rid for tag, rid in calls.tags if tag == f"shard{shard}") == sorted(rows[shard])


async def test_two_processes_racing_for_the_same_rows_run_each_once(open_db: OpenDb, clock: FakeClock) -> None:
    setup = open_db()
    await migrate.upgrade(setup.engine)
    row_ids = [await add_row(setup, clock.now() - timedelta(seconds=i)) for i in range(40)]

    calls = Calls()
    notifier = RecordingNotifier()
    registry = make_registry(calls)
    racers = [Scheduler(open_db(), clock, registry, notifier) for _ in range(2)]
    results = await asyncio.gather(*(s.run_due_now() for s in racers))

    assert calls.per_row() == {row_id: 1 for row_id in row_ids}
    assert notifier.duplicates_refused == 0 and len(notifier.sent) == len(row_ids)
    done = [r for batch in results for r in batch if r.outcome is Outcome.DONE]
    assert sorted(r.row_id for r in done) == sorted(row_ids)
    assert {r.state for r in await all_rows(setup)} == {"done"}
