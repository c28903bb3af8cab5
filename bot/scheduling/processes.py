"""Who is alive: every Connect process registers itself (shards, start time, heartbeat) in the database.

- ``register`` at start: a process on this host whose pid is gone, or whose heartbeat stopped, is removed
  (its leased rows can then be taken over at once). A live process holding one of our shards makes us
  refuse to start with one plain line (``ShardClaimed``); one that is stopping (a rolling restart) is
  waited for, up to ``stop_grace``.
- ``beat`` every ``beat_every``: our heartbeat. ``check_shards`` every minute: a shard 0..count-1 with no
  live process is logged as one plain ERROR a minute ("No process runs shard 1. Its 500 messages are
  waiting.") and kept in ``missing`` for ``/status``-style views.
- ``close`` on a clean stop: our row goes, so a restart starts at once.

Heartbeats are about real processes, so they use the wall clock (never the bot's Clock, which tests move
ahead): hosts must keep their clocks in step to well within ``dead_after`` (NTP does).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from db.engine import Database
from db.models import ProcessRow
from db.repositories import processes as prepo
from db.repositories import scheduled as repo

log = logging.getLogger("connect.processes")

BEAT_EVERY = timedelta(seconds=5)
DEAD_AFTER = timedelta(seconds=20)
CHECK_EVERY = timedelta(minutes=1)
STOP_GRACE = timedelta(seconds=30)
_LOCK_KEY = 0x636F6E6E  # "conn": one registration at a time (PostgreSQL advisory lock)


class ShardClaimed(Exception):
    """Another live process runs one of our shards (or uses another shard count). ``str``: one plain line."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ProcessRegistry:
    def __init__(
        self,
        db: Database,
        shard_ids: Sequence[int],
        shard_count: int,
        *,
        beat_every: timedelta = BEAT_EVERY,
        dead_after: timedelta = DEAD_AFTER,
        stop_grace: timedelta = STOP_GRACE,
        host: str | None = None,
        pid: int | None = None,
        wall_clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._db = db
        self._now = wall_clock or (lambda: datetime.now(UTC))
        self.shard_ids = tuple(sorted(set(shard_ids)))
        self.shard_count = shard_count
        self.beat_every = beat_every
        self.dead_after = dead_after
        self.stop_grace = stop_grace
        self.host = host or socket.gethostname()
        self.pid = os.getpid() if pid is None else pid
        self.id = f"{self.host[:40]}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.missing: dict[int, int] = {}  # shard -> messages waiting, from the last check
        self.lost = False  # another process took our shard: we must not send
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def live_since(self) -> datetime:
        """The oldest heartbeat that still counts as alive."""
        return self._now() - self.dead_after

    # ------------------------------------------------------------------ start and stop
    async def register(self) -> None:
        """Claim our shards, or raise ShardClaimed. Waits for processes that are stopping."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.stop_grace.total_seconds()
        while True:
            waiting_for = await self._try_register()
            if not waiting_for:
                log.info("process %s runs shards %s of %s", self.id, prepo.shard_text(self.shard_ids), self.shard_count)
                return
            if loop.time() >= give_up:
                raise ShardClaimed(texts.PROCESS_SHARD_TAKEN.format(shards=prepo.shard_text(sorted(waiting_for))))
            await asyncio.sleep(0.5)

    async def _try_register(self) -> set[int]:
        """Register if no live process holds our shards; else the shards held by processes that are stopping."""
        now = self._now()
        async with self._db.transaction() as session:
            if not self._db.is_sqlite:
                await session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            stopping: set[int] = set()
            for other in await prepo.all_processes(session):
                if self._dead(other, now):
                    log.info(
                        "process %s (pid %s on %s) is gone; its rows are taken over", other.id, other.pid, other.host
                    )
                    await prepo.remove_process(session, other.id)
                    continue
                if other.shard_count != self.shard_count:
                    raise ShardClaimed(texts.PROCESS_SHARD_COUNT_DIFFERS.format(other=other.shard_count))
                overlap = prepo.shards_of(other) & set(self.shard_ids)
                if overlap and other.stopping:
                    stopping |= overlap
                elif overlap:
                    raise ShardClaimed(texts.PROCESS_SHARD_TAKEN.format(shards=prepo.shard_text(sorted(overlap))))
            if stopping:
                return stopping
            await prepo.add_process(session, self._row(now))
        return set()

    def _dead(self, other: ProcessRow, now: datetime) -> bool:
        if other.heartbeat_at < now - self.dead_after:
            return True
        # Same host: a pid that is gone is a crash (kill -9, power cut) we need not wait out.
        return other.host == self.host and other.pid != self.pid and not _pid_alive(other.pid)

    def _row(self, now: datetime) -> ProcessRow:
        return ProcessRow(
            id=self.id,
            host=self.host[:255],
            pid=self.pid,
            shard_count=self.shard_count,
            shard_ids=prepo.shard_text(self.shard_ids),
            started_at=now,
            heartbeat_at=now,
            stopping=False,
        )

    def start(self) -> None:
        """Heartbeat and shard check in the background (after ``register``)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="process-heartbeat")

    async def close(self, *, remove: bool = True) -> None:
        if self._task is not None:
            # Ask the heartbeat to end between beats: cancelling it inside a transaction would leave
            # the database connection to be closed half-way (a traceback at every clean stop).
            self._stop.set()
            try:
                await asyncio.wait_for(asyncio.shield(self._task), 5)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        if remove:
            with contextlib.suppress(Exception):  # the database may be away; the row then simply goes stale
                async with self._db.transaction() as session:
                    await prepo.remove_process(session, self.id)

    async def mark_stopping(self) -> None:
        with contextlib.suppress(Exception):
            async with self._db.transaction() as session:
                await prepo.mark_stopping(session, self.id)

    # ------------------------------------------------------------------ while running
    async def _run(self) -> None:
        next_check = 0.0
        loop = asyncio.get_running_loop()
        while not self._stop.is_set():
            try:
                await self.beat()
                if loop.time() >= next_check:
                    next_check = loop.time() + CHECK_EVERY.total_seconds()
                    await self.check_shards()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The database is away: the scheduler logs that once; the next beat tries again.
                log.debug("heartbeat failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.beat_every.total_seconds())

    async def beat(self) -> None:
        now = self._now()
        async with self._db.transaction() as session:
            if await prepo.beat(session, self.id, now):
                return
        # Our row is gone: another process judged us dead (we were paused, or the database was away).
        try:
            await self._register_again()
        except ShardClaimed:
            if not self.lost:
                log.error(texts.PROCESS_LOST_CLAIM.format(shards=prepo.shard_text(self.shard_ids)))
            self.lost = True

    async def _register_again(self) -> None:
        if await self._try_register():
            raise ShardClaimed(texts.PROCESS_SHARD_TAKEN.format(shards=prepo.shard_text(self.shard_ids)))
        self.lost = False

    async def _uncovered(self, session: AsyncSession, now: datetime) -> list[int]:
        covered: set[int] = set()
        for other in await prepo.all_processes(session):
            if other.heartbeat_at >= now - self.dead_after and other.shard_count == self.shard_count:
                covered |= prepo.shards_of(other)
        return sorted(set(range(self.shard_count)) - covered)

    async def missing_shards(self) -> list[int]:
        """Shards with no live process right now (for ``/status``): a read, nothing logged."""
        async with self._db.transaction() as session:
            return await self._uncovered(session, self._now())

    async def check_shards(self) -> dict[int, int]:
        """Shards with no live process, and how many messages each has waiting. Logs one ERROR per shard."""
        now = self._now()
        async with self._db.transaction() as session:
            missing = {}
            for shard in await self._uncovered(session, now):
                missing[shard] = await repo.count_pending(session, now, shard_ids=[shard], shard_count=self.shard_count)
        for shard, count in missing.items():
            line = texts.PROCESS_SHARD_MISSING if count else texts.PROCESS_SHARD_MISSING_NONE
            log.error(line.format(shard=shard, count=count))
        self.missing = missing
        return missing
