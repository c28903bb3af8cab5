"""Kinds of scheduled work: kind -> handler and policy (how late is too late, how to retry).

A feature registers its handler once at start-up::

    registry.register("reminder", send_reminder)          # no policy: FALLBACK_POLICY

    @registry.handler("event_reminder", KindPolicy(deadline=payload_deadline("starts_at")))
    async def send_event_reminder(job: Job) -> None: ...

(In the bot a feature brings its kinds as ``bot.features.Kind`` and ``bot/app.py`` registers them.)

A handler does one firing of one row. It sends with ``job.notifier`` and ``job.nonce`` (or
``job.nonce_for(part)`` when it sends more than one message), says "Sorry, this is late."
(texts.SCHEDULED_LATE) when ``job.late``, and raises to ask for a retry (``PermanentFailure`` when a retry
cannot help; ``bot.outbox.SendRefused`` from the notifier also fails the row at once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.base36 import base36

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.outbox import Notifier

T = TypeVar("T")

NONCE_LIMIT = 25  # Discord's limit for a message nonce
_base36 = base36  # the nonce's short form of an id (bot/base36.py, written once)


def _fit(nonce: str) -> str:
    # Real ids and occurrences fit easily; a hash keeps absurd ones unique and in the limit.
    if len(nonce) <= NONCE_LIMIT:
        return nonce
    return "h" + hashlib.blake2b(nonce.encode(), digest_size=12).hexdigest()


def make_nonce(row_id: int, occurrence: int) -> str:
    """The same (row, occurrence) always gives the same nonce, so Discord refuses a second send."""
    return _fit(f"s{_base36(row_id)}.{_base36(occurrence)}")


class PermanentFailure(Exception):
    """Raise from a handler when a retry cannot help (the channel is gone): the row fails at once."""


class Writes(Protocol):
    """The scheduler's shared transactions (bot/scheduling/batch.py, ``GroupCommit``)."""

    async def run(self, op: Callable[[AsyncSession], Awaitable[T]]) -> T: ...


@dataclass(frozen=True)
class Job:
    """One firing of one row, as the handler sees it."""

    id: int
    guild_id: int | None
    kind: str
    ref_id: int | None
    payload: Mapping[str, Any]
    due_at: datetime  # the time this occurrence was meant for (a retry never moves it)
    rule: str | None
    timezone: str | None
    series_start: datetime | None
    occurrence: int
    attempt: int  # 1 on the first try of this occurrence
    late: bool  # say "Sorry, this is late." (texts.SCHEDULED_LATE)
    fired_at: datetime
    nonce: str
    notifier: Notifier = field(repr=False, compare=False)
    # Who made it (the row's created_by, or the payload's "created_by"), told once if Discord refuses it.
    created_by: int | None = None
    # Taken over from a firing that never finished (a crash): when that firing began. The notifier then
    # skips what that firing recorded as sent, and looks for the bot's message before sending again.
    taken_over_since: datetime | None = None
    # The scheduler's group commit: a handler's small reads and writes may share the transactions of the
    # other firings of a burst (``await job.writes.run(op)``; ``op`` may run twice, alone, after a failure).
    # None when a test builds the job by hand: the handler then opens its own transaction.
    writes: Writes | None = field(default=None, repr=False, compare=False)

    def nonce_for(self, part: int | str) -> str:
        """A nonce for one of several messages sent by this firing."""
        return _fit(f"{self.nonce}.{part}")


Handler = Callable[[Job], Awaitable[None]]
Deadline = Callable[[Job], datetime | None]

DEFAULT_RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10))


@dataclass(frozen=True)
class KindPolicy:
    """How one kind behaves when late or failing.

    max_lateness: later than this after due_at -> missed (None: never too late by age).
    deadline: optional absolute limit read from the job (an event reminder is useless once the
        event has started); at or after it -> missed.
    late_after: later than this -> the firing is late and the handler says so.
    retry_delays: wait before each retry; after the last one the row fails.
    """

    max_lateness: timedelta | None = timedelta(hours=24)
    deadline: Deadline | None = None
    late_after: timedelta = timedelta(minutes=2)
    retry_delays: tuple[timedelta, ...] = DEFAULT_RETRY_DELAYS

    def missed(self, job: Job, now: datetime) -> str | None:
        """Why this firing is too late to send, or None when it may still go."""
        if self.max_lateness is not None and now - job.due_at > self.max_lateness:
            return f"more than {self.max_lateness} late"
        if self.deadline is not None:
            limit = self.deadline(job)
            if limit is not None and now >= limit:
                return f"too late: the deadline {limit.isoformat()} has passed"
        return None

    def retry_delay(self, attempt: int) -> timedelta | None:
        """Wait before the next try after ``attempt`` failed, or None when it is the last."""
        if attempt <= len(self.retry_delays):
            return self.retry_delays[attempt - 1]
        return None


def payload_deadline(key: str) -> Deadline:
    """A deadline stored in the payload as an ISO 8601 UTC time (for example the event start)."""

    def deadline(job: Job) -> datetime | None:
        value = job.payload.get(key)
        if not isinstance(value, str):
            return None
        when = datetime.fromisoformat(value)
        return when if when.tzinfo is not None else None

    return deadline


# A kind registered without a policy gets this one. Features bring their own kinds and policies
# (bot/features.py, Kind); the registry knows none of them.
FALLBACK_POLICY = KindPolicy()


@dataclass(frozen=True)
class Registration:
    kind: str
    handler: Handler
    policy: KindPolicy


class Registry:
    """kind -> handler and policy. Built once at start-up, before the scheduler starts."""

    def __init__(self) -> None:
        self._kinds: dict[str, Registration] = {}

    def register(self, kind: str, handler: Handler, policy: KindPolicy | None = None) -> None:
        if kind in self._kinds:
            raise ValueError(f"kind {kind!r} already has a handler")
        if not kind or len(kind) > 40:
            raise ValueError("kind must be 1 to 40 characters")
        chosen = policy or FALLBACK_POLICY
        self._kinds[kind] = Registration(kind=kind, handler=handler, policy=chosen)

    def handler(self, kind: str, policy: KindPolicy | None = None) -> Callable[[Handler], Handler]:
        """Decorator form of ``register``."""

        def decorate(func: Handler) -> Handler:
            self.register(kind, func, policy)
            return func

        return decorate

    def get(self, kind: str) -> Registration | None:
        return self._kinds.get(kind)

    def kinds(self) -> frozenset[str]:
        return frozenset(self._kinds)
