"""The one future-time check: a time a person picks must be ahead, and not absurdly far."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import texts
from bot.errors import UserError

MAX_YEARS = 5
MAX_FUTURE = timedelta(days=MAX_YEARS * 366)


def check_future(when: datetime, now: datetime) -> datetime:
    """``when`` in UTC, if it is after ``now`` and at most five years ahead. Raises an easy-read error."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("times must be aware")
    when = when.astimezone(UTC)
    if when <= now:
        raise UserError(texts.TIME_IN_PAST)
    if when - now > MAX_FUTURE:
        raise UserError(texts.TIME_TOO_FAR.format(years=MAX_YEARS))
    return when
