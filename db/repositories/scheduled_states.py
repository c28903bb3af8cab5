"""Scheduled work's states and limits, and the time helpers every scheduled-work query uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PENDING = "pending"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
MISSED = "missed"
CANCELLED = "cancelled"
ACTIVE_STATES = (PENDING, RUNNING)
ERROR_LIMIT = 500
KIND_LIMIT = 40


@dataclass(frozen=True)
class DueRow:
    """What the scheduler keeps in memory for one row: its id and when to try it."""

    id: int
    run_at: datetime


def bookkeeping_now(now: datetime | None) -> datetime:
    # Only created_at / updated_at use this default; every decision takes "now" from the caller's clock.
    return now if now is not None else datetime.now(UTC)


def aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)
