"""Shared pieces for the scheduler tests: a handler that sends like a real one, and row helpers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot import texts
from bot.clock import Clock
from bot.notifier import OutMessage, RecordingNotifier
from bot.scheduling.registry import Job, KindPolicy, Registry
from bot.scheduling.scheduler import Scheduler
from db.engine import Database
from db.models import ScheduledWork
from db.repositories import scheduled as repo

CHANNEL = 4242


@dataclass
class Calls:
    """What the handlers saw: every Job, and failures still to raise per row id."""

    jobs: list[Job] = field(default_factory=list)
    fail_first: dict[int, int] = field(default_factory=dict)  # row id -> how many tries fail
    tag: str = ""
    tags: list[tuple[str, int]] = field(default_factory=list)  # (which scheduler, row id)

    def per_row(self) -> Counter[int]:
        return Counter(job.id for job in self.jobs)


def make_registry(calls: Calls, *, kinds: Sequence[str] = ("reminder",), policy: KindPolicy | None = None) -> Registry:
    registry = Registry()

    async def handle(job: Job) -> None:
        calls.jobs.append(job)
        calls.tags.append((calls.tag, job.id))
        left = calls.fail_first.get(job.id, 0)
        if left:
            calls.fail_first[job.id] = left - 1
            raise RuntimeError("Discord is having a bad day")
        text = str(job.payload.get("text", "hello"))
        await job.notifier.send_to_channel(
            CHANNEL, OutMessage(content=f"{texts.SCHEDULED_LATE}\n{text}" if job.late else text), job.nonce
        )

    for kind in kinds:
        registry.register(kind, handle, policy)
    return registry


def make_scheduler(
    db: Database,
    clock: Clock,
    calls: Calls,
    notifier: RecordingNotifier,
    **kwargs: Any,
) -> Scheduler:
    kinds = kwargs.pop("kinds", ("reminder",))
    policy = kwargs.pop("policy", None)
    return Scheduler(db, clock, make_registry(calls, kinds=kinds, policy=policy), notifier, **kwargs)


async def add_row(db: Database, due_at: datetime, *, kind: str = "reminder", **fields: Any) -> int:
    async with db.transaction() as session:
        row = await repo.create(session, kind=kind, due_at=due_at, now=due_at - timedelta(days=1), **fields)
        return row.id


async def load(db: Database, row_id: int) -> ScheduledWork:
    async with db.transaction() as session:
        row = await repo.get(session, row_id)
        assert row is not None
        return row


async def all_rows(db: Database) -> list[ScheduledWork]:
    import sqlalchemy as sa

    async with db.transaction() as session:
        return list((await session.scalars(sa.select(ScheduledWork).order_by(ScheduledWork.id))).all())


def count_transactions(db: Database) -> list[int]:
    """A counter of the transactions ``db`` begins from now on (``counter[0]``)."""
    counter = [0]

    @sa.event.listens_for(db.engine.sync_engine, "begin")
    def _begin(_conn: object) -> None:
        counter[0] += 1

    return counter
