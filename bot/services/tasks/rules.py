"""The rules of tasks that need no database: text limits, due dates, repeats, rota turns, nudge times."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from bot import texts
from bot.errors import UserError
from bot.recurrence import to_utc
from bot.textclean import clean_text
from bot.timefmt import get_zone

MAX_TITLE = 200
MAX_DETAILS = 1000
MAX_FUTURE = timedelta(days=5 * 366)
MAX_ROTA = 10
MAX_OPEN = 25  # every open task stays in the list card's menu (25 choices at most)
UNDO_FOR = timedelta(days=1)
NUDGE_HOUR = 9  # the day before at 9am, on the member's clock
NUDGE_SOON = timedelta(hours=1)  # or 1 hour before when it is due sooner
NUDGE_GAP = timedelta(hours=24)  # at most one nudge per task per day
REPEATS = ("none", "daily", "weekly", "fortnightly", "monthly")


def clean_title(value: str | None) -> str:
    return clean_text(value, texts.TASK_FIELD_WHAT, MAX_TITLE, required=True)


def clean_details(value: str | None) -> str:
    return clean_text(value, texts.TASK_FIELD_DETAILS, MAX_DETAILS, multiline=True)


def check_due(when: datetime | None, now: datetime) -> datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        raise ValueError("due times must be aware")
    when = when.astimezone(UTC)
    if when <= now:
        raise UserError(texts.TASK_DUE_PAST)
    if when - now > MAX_FUTURE:
        raise UserError(texts.TASK_DUE_TOO_FAR)
    return when


def check_repeat(repeat: str) -> str:
    if repeat not in REPEATS:
        raise ValueError(f"unknown repeat {repeat!r}")
    return repeat


def check_rota(user_ids: Iterable[int]) -> tuple[int, ...]:
    rota = tuple(dict.fromkeys(int(u) for u in user_ids))
    if len(rota) > MAX_ROTA:
        raise UserError(texts.TASK_ROTA_TOO_LONG)
    return rota


def _add_month(local: datetime) -> datetime:
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def step(due: datetime, repeat: str, timezone: str) -> datetime:
    """The next due time, on the wall clock of ``timezone`` (so 9am stays 9am across clock changes)."""
    zone = get_zone(timezone)
    local = due.astimezone(zone).replace(tzinfo=None)
    if repeat == "daily":
        local += timedelta(days=1)
    elif repeat == "weekly":
        local += timedelta(weeks=1)
    elif repeat == "fortnightly":
        local += timedelta(weeks=2)
    elif repeat == "monthly":
        local = _add_month(local)
    else:
        raise ValueError(f"not a repeat: {repeat!r}")
    return to_utc(local, zone)


def next_due(due: datetime | None, repeat: str, timezone: str, now: datetime) -> datetime | None:
    """When the next copy of a repeating task is due: the first step after now (chores never pile up)."""
    if due is None or repeat == "none":
        return None
    nxt = step(due, repeat, timezone)
    while nxt <= now:
        nxt = step(nxt, repeat, timezone)
    return nxt


def next_turn(rota: tuple[int, ...], current: int | None, away: set[int]) -> int | None:
    """The next person in the rota after ``current``, skipping anyone away (None when all are away)."""
    if not rota:
        return None
    start = rota.index(current) + 1 if current in rota else 0
    for i in range(len(rota)):
        candidate = rota[(start + i) % len(rota)]
        if candidate not in away:
            return candidate
    return None


def nudge_time(due: datetime, timezone: str, now: datetime) -> datetime | None:
    """The one nudge: the day before at 9am on the member's clock, or 1 hour before when due sooner."""
    zone = get_zone(timezone)
    day_before = due.astimezone(zone).date() - timedelta(days=1)
    at_nine = to_utc(datetime.combine(day_before, time(NUDGE_HOUR)), zone)
    if now < at_nine < due:
        return at_nine
    soon = due - NUDGE_SOON
    return soon if soon > now else None
