"""The scheduler: APScheduler's in-memory job store as a projection of the ``scheduled_work`` table.

The table is the truth; memory holds only what is due soon:
- ``start`` loads the rows due within ``window`` (overdue ones too) and adds one date job per row
  (``id="scheduled:<row id>"``, ``replace_existing=True``). A refill job loads the next window every
  ``refill_every``, so memory does not grow with rows due far in the future.
- A service that commits a row due inside the window calls ``notify(row_id, due_at)``.
- Firing: claim the row (one conditional UPDATE), run the kind's handler outside any transaction, then
  finish in ONE transaction: done, the next occurrence of a recurring row (computed in the row's time
  zone), a retry with backoff, or failed. Too late for its kind: missed, without calling the handler.
  In a burst, the claims, send records and outcomes of several rows share a transaction
  (bot/scheduling/batch.py); each firing still waits until its own write has committed.
- A process that dies leaves its row 'running'. With a process registry (bot/scheduling/processes.py),
  a process that sees the holder's heartbeat stopped takes the row over at once; without one, when the
  lease runs out. The new firing skips what the old one recorded as sent (bot/scheduling/sends.py), looks
  for the bot's message before sending again, and sends with the same nonce (Discord refuses a copy).
- Faults do not stall the rest: Discord refusing for good (403) fails the row at once and tells its maker
  once; a 5xx gives the slot up (the row goes back to pending with its back-off); a database outage logs
  one ERROR and one INFO (bot/scheduling/outage.py), and sending resumes seconds after it ends.

Every "now" comes from the Clock. APScheduler only decides when to wake up (real time); with a fake
clock, tests call ``run_due_now()``, which fires everything due at ``clock.now()`` and waits for it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot import texts
from bot.clock import Clock
from bot.outbox import Notifier, OutMessage, SendRefused, ServerTrouble
from bot.recurrence import next_occurrence as default_next_occurrence
from bot.scheduling.batch import GroupCommit
from bot.scheduling.outage import OutageWatch
from bot.scheduling.outcomes import FireResult, NextOccurrence, Outcome, Outcomes, error_text
from bot.scheduling.processes import ProcessRegistry
from bot.scheduling.registry import FALLBACK_POLICY, Job, KindPolicy, PermanentFailure, Registry, make_nonce
from bot.scheduling.sends import RecordingSends
from db.engine import Database
from db.models import ScheduledWork
from db.repositories import scheduled as repo

log = logging.getLogger("connect.scheduler")

JOB_PREFIX = "scheduled:"
REFILL_JOB_ID = "scheduler:refill"
# Shorter than Discord's nonce memory ("a few minutes"): a row cut off after sending is sent again
# within it, so Discord refuses the copy. (After a longer outage no nonce can help.)
LEASE = timedelta(minutes=2)


def _quiet_apscheduler() -> None:
    # APScheduler logs two INFO lines per job run and one per job added: per row, that is noise.
    # Only when nobody configured these loggers; an operator's own level wins.
    for name in ("apscheduler.scheduler", "apscheduler.executors.default"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


__all__ = ["LEASE", "FireResult", "Outcome", "Scheduler"]


class Scheduler:
    """One per process. ``start`` once, ``stop`` once."""

    MAX_PASSES = 1000  # run_due_now: a recurring row catching up may be due again at once

    def __init__(
        self,
        db: Database,
        clock: Clock,
        registry: Registry,
        notifier: Notifier,
        shard_ids: Sequence[int] | None = None,
        shard_count: int = 1,
        *,
        window: timedelta = timedelta(minutes=10),
        refill_every: timedelta = timedelta(minutes=1),
        lease: timedelta = LEASE,
        max_concurrency: int = 16,
        load_limit: int = 5000,
        next_occurrence: NextOccurrence | None = None,
        process: ProcessRegistry | None = None,
    ) -> None:
        self.shard_ids = tuple(shard_ids) if shard_ids is not None else (0,)
        self.shard_count = shard_count
        repo.shard_clause(self.shard_ids, shard_count)  # fail now on a bad shard setting
        if refill_every >= window:
            raise ValueError("refill_every must be shorter than window, or rows could be loaded late")
        self._db = db
        self._clock = clock
        self._registry = registry
        self._notifier = notifier
        self._window = window
        self._refill_every = refill_every
        self._lease = lease
        # Half the lease: a slow handler gives up before another process could claim the row again.
        self._handler_timeout = lease.total_seconds() / 2
        self._load_limit = load_limit
        self._writes = GroupCommit(db)
        self._outcomes = Outcomes(db, clock, next_occurrence or default_next_occurrence, self._writes)
        # With a registry: our lease carries our id, and rows of dead processes are taken over at once.
        self._process = process
        self._outage = OutageWatch(db, self.refill)
        self._sem = asyncio.Semaphore(max_concurrency)
        _quiet_apscheduler()
        # APScheduler decides only when to wake up; lateness and retries are ours (misfire_grace_time=None).
        self._aps = AsyncIOScheduler(
            timezone=UTC, job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
        )
        self._inflight: dict[int, asyncio.Task[FireResult]] = {}
        self._projected: set[int] = set()  # row ids with a date job (mirrors APScheduler, cheap to count)
        self._refill_lock = asyncio.Lock()
        self._refill_task: asyncio.Task[int] | None = None
        self._backlog = False
        self._stopped = False

    # ------------------------------------------------------------------ lifecycle
    async def start(self, *, paused: bool = False) -> None:
        """Load the first window and start timing. ``paused``: project jobs but fire nothing (tests)."""
        if self._stopped:
            raise RuntimeError("a stopped scheduler cannot start again; make a new one")
        self._aps.start(paused=paused)
        await self.refill()
        self._aps.add_job(
            self._refill_job,
            "interval",
            seconds=self._refill_every.total_seconds(),
            id=REFILL_JOB_ID,
            replace_existing=True,
        )

    async def stop(self, *, wait: bool = True, grace_seconds: float = 30.0) -> None:
        """Stop timing. ``wait``: let firings in progress finish (up to ``grace_seconds``); otherwise
        cancel them (their rows stay 'running' until the lease runs out, like after a crash)."""
        self._stopped = True
        await self._outage.close()
        if self._aps.running:
            self._aps.shutdown(wait=False)
        self._projected.clear()
        tasks: list[asyncio.Task[Any]] = list(self._inflight.values())
        if self._refill_task is not None:
            tasks.append(self._refill_task)
        if not tasks:
            await self._writes.close()
            return
        if wait:
            _done, pending = await asyncio.wait(tasks, timeout=grace_seconds)
        else:
            pending = set(tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._writes.close()

    # ------------------------------------------------------------------ projection
    def notify(self, row_id: int, due_at: datetime) -> None:
        """A service committed a row (or changed its due time): project it if it is due inside the window."""
        if self._stopped or not self._aps.running:
            return
        if due_at <= self._clock.now() + self._window:
            self._project(row_id, due_at)

    def forget(self, row_id: int) -> None:
        """A service cancelled a row: drop its date job. (Harmless to skip: the claim would fail.)"""
        self._projected.discard(row_id)
        try:
            self._aps.remove_job(f"{JOB_PREFIX}{row_id}")
        except JobLookupError:
            pass

    def projected_ids(self) -> set[int]:
        """Row ids with a date job in memory now."""
        return {int(job.id.removeprefix(JOB_PREFIX)) for job in self._aps.get_jobs() if job.id.startswith(JOB_PREFIX)}

    async def refill(self) -> int:
        """Project every row of our shards due within the window. Returns how many rows were loaded."""
        async with self._refill_lock:
            until = self._clock.now() + self._window
            async with self._db.transaction() as session:
                rows = await repo.due_within(
                    session,
                    until,
                    shard_ids=self.shard_ids,
                    shard_count=self.shard_count,
                    limit=self._load_limit,
                    owner=self._owner(),
                    live_since=self._live_since(),
                )
            for row in rows:
                if row.id not in self._inflight:
                    self._project(row.id, row.run_at)
            # A full page means more is due (a long outage): load again as soon as this page drains.
            self._backlog = len(rows) >= self._load_limit
            return len(rows)

    def _project(self, row_id: int, run_at: datetime) -> None:
        if not self._aps.running:
            return
        self._projected.add(row_id)
        # APScheduler waits on the wall clock; our Clock may be shifted (end-to-end tests jump ahead),
        # so wait for the same distance from "now" as the row is from the Clock's now.
        wall_run_at = datetime.now(UTC) + (run_at - self._clock.now())
        self._aps.add_job(
            self._on_due,
            trigger=DateTrigger(run_date=wall_run_at, timezone=UTC),
            args=[row_id],
            id=f"{JOB_PREFIX}{row_id}",
            replace_existing=True,
        )

    def _owner(self) -> str | None:
        return self._process.id if self._process is not None else None

    def _live_since(self) -> datetime | None:
        return self._process.live_since() if self._process is not None else None

    async def _refill_job(self) -> None:
        try:
            await self.refill()
        except Exception as exc:
            # The database may be away for a moment: one ERROR for the whole outage; it refills when back.
            if not self._outage.seen(exc):
                log.exception("refill of scheduled work failed")

    async def _on_due(self, row_id: int) -> None:
        # Fire in our own task: APScheduler cancels its executor's tasks on shutdown, even a graceful one.
        self._projected.discard(row_id)
        if not self._stopped:
            self._spawn(row_id)

    def _spawn(self, row_id: int) -> asyncio.Task[FireResult]:
        task = self._inflight.get(row_id)
        if task is None:
            task = asyncio.create_task(self.fire(row_id), name=f"scheduled-{row_id}")
            self._inflight[row_id] = task
            task.add_done_callback(functools.partial(self._after_fire, row_id))
        return task

    def _after_fire(self, row_id: int, task: asyncio.Task[FireResult]) -> None:
        if self._inflight.get(row_id) is task:
            del self._inflight[row_id]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            if not self._outage.seen(exc):
                log.error("firing scheduled row %s crashed", row_id, exc_info=exc)
            return
        result = task.result()
        if result.next_due is not None:
            self.notify(row_id, result.next_due)
        self._maybe_refill_backlog()

    def _maybe_refill_backlog(self) -> None:
        if not self._backlog or self._stopped or not self._aps.running:
            return
        if self._refill_task is not None and not self._refill_task.done():
            return
        if len(self._inflight) + len(self._projected) <= self._load_limit // 10:
            self._refill_task = asyncio.create_task(self.refill())

    # ------------------------------------------------------------------ firing
    async def run_due_now(self) -> list[FireResult]:
        """Fire every row of our shards due at ``clock.now()`` and wait for all of them (fake-clock tests).
        Repeats while firing made more rows due (a recurring row catching up on missed occurrences)."""
        results: list[FireResult] = []
        for _ in range(self.MAX_PASSES):
            now = self._clock.now()
            async with self._db.transaction() as session:
                due = await repo.due_within(
                    session,
                    now,
                    shard_ids=self.shard_ids,
                    shard_count=self.shard_count,
                    owner=self._owner(),
                    live_since=self._live_since(),
                )
            ids = [row.id for row in due if row.run_at <= now]
            if not ids:
                break
            batch = await asyncio.gather(*(self._spawn(row_id) for row_id in ids))
            results.extend(batch)
            if all(r.outcome in (Outcome.NOT_CLAIMED, Outcome.WAITING) for r in batch):
                break  # another process holds them
        return results

    async def fire(self, row_id: int) -> FireResult:
        """Claim one row and, if the claim won, run it and record the result."""
        async with self._sem:
            if self._process is not None and self._process.lost:
                return FireResult(row_id, Outcome.NOT_CLAIMED)  # another process runs our shards now
            try:
                now = self._clock.now()
                claim = functools.partial(
                    repo.claim_row,
                    row_id=row_id,
                    now=now,
                    lease=self._lease,
                    shard_ids=self.shard_ids,
                    shard_count=self.shard_count,
                    owner=self._owner(),
                    live_since=self._live_since(),
                )
                # Claims of a burst share a transaction (bot/scheduling/batch.py); each waits for its commit.
                row = await self._writes.run(claim)
                if row is None:
                    return FireResult(row_id, Outcome.NOT_CLAIMED)
                return await self._run(row, now)
            except Exception as exc:
                if self._outage.seen(exc):
                    # Claimed rows stay 'running' under our id: the refill after the outage takes them again.
                    return FireResult(row_id, Outcome.WAITING)
                raise

    async def _run(self, row: ScheduledWork, now: datetime) -> FireResult:
        registration = self._registry.get(row.kind)
        policy = registration.policy if registration is not None else FALLBACK_POLICY
        job = await self._job(row, now, policy)
        if registration is None:
            return await self._outcomes.failed(row, job, policy, f"no handler for kind {row.kind!r}", retry=False)
        reason = policy.missed(job, now)
        if reason is not None:
            return await self._outcomes.missed(row, job, reason)
        try:
            async with asyncio.timeout(self._handler_timeout):
                await registration.handler(job)
        except SendRefused as exc:
            # Discord will not take it (403): no retries; the series stops here and its maker is told once.
            log.warning("scheduled row %s (%s) refused by Discord: %s", row.id, row.kind, exc)
            result = await self._outcomes.failed(row, job, policy, str(exc), retry=False, advance=False)
            if result.outcome is Outcome.FAILED:
                await self._tell_maker(job)
            return result
        except PermanentFailure as exc:
            log.warning("scheduled row %s (%s) failed for good: %s", row.id, row.kind, exc)
            return await self._outcomes.failed(row, job, policy, error_text(exc), retry=False)
        except ServerTrouble as exc:
            log.warning("scheduled row %s (%s): %s; tried again later, attempt %s", row.id, row.kind, exc, job.attempt)
            return await self._outcomes.failed(row, job, policy, error_text(exc), retry=True)
        except Exception as exc:
            if self._outage.seen(exc):
                raise
            log.warning("scheduled row %s (%s) failed, attempt %s", row.id, row.kind, job.attempt, exc_info=True)
            return await self._outcomes.failed(row, job, policy, error_text(exc), retry=True)
        return await self._outcomes.succeeded(row, job)

    async def _tell_maker(self, job: Job) -> None:
        if job.created_by is None:
            return
        msg = OutMessage(content=texts.SCHEDULED_REFUSED_DM.format(when=f"<t:{int(job.due_at.timestamp())}:f>"))
        try:
            await self._notifier.send_dm(job.created_by, msg, job.nonce_for("refused"))
        except Exception:
            log.info("could not tell user %s that row %s was refused", job.created_by, job.id, exc_info=True)

    async def _job(self, row: ScheduledWork, now: datetime, policy: KindPolicy) -> Job:
        # A retry of a late firing stays late; a new occurrence starts fresh (attempts is 1 after the claim).
        late = (row.attempts > 1 and row.late) or now - row.due_at > policy.late_after
        payload = dict(row.payload or {})
        maker = row.created_by if row.created_by is not None else payload.get("created_by")
        taken_over = row.prev_claimed_at
        notifier = await RecordingSends.for_firing(
            self._notifier, self._db, self._clock, row.id, taken_over, attempt=row.attempts, writes=self._writes
        )
        return Job(
            id=row.id,
            guild_id=row.guild_id,
            kind=row.kind,
            ref_id=row.ref_id,
            payload=MappingProxyType(payload),
            due_at=row.meant_for or row.due_at,
            rule=row.rule,
            timezone=row.timezone,
            series_start=row.series_start,
            occurrence=row.occurrence,
            attempt=row.attempts,
            late=late,
            fired_at=now,
            nonce=make_nonce(row.id, row.occurrence),
            notifier=notifier,
            created_by=int(maker) if isinstance(maker, int | str) and str(maker).isdigit() else None,
            taken_over_since=taken_over,
            writes=self._writes,
        )
