"""The periods a lead can pick for a report, as [start, end) in UTC, worked out in the server's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.errors import UserError

THIS_MONTH, LAST_MONTH, LAST_3_MONTHS, THIS_YEAR = "this-month", "last-month", "last-3-months", "this-year"
CHOICES = (THIS_MONTH, LAST_MONTH, LAST_3_MONTHS, THIS_YEAR)
MAX_DAYS = 366 * 5  # five years: the longest history a report reads


@dataclass(frozen=True)
class Period:
    first_day: date  # in the server's zone
    last_day: date  # included
    start: datetime  # UTC, included
    end: datetime  # UTC, not included


def _month_start(day: date, back: int = 0) -> date:
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC)


def between(first: date, last: date, timezone: str) -> Period:
    if last < first:
        raise UserError(texts.REPORT_DATES_BACKWARDS)
    if (last - first).days > MAX_DAYS:
        raise UserError(texts.REPORT_DATES_TOO_LONG)
    zone = ZoneInfo(timezone)
    return Period(first, last, _utc(first, zone), _utc(last + timedelta(days=1), zone))


def period(choice: str, now: datetime, timezone: str) -> Period:
    today = now.astimezone(ZoneInfo(timezone)).date()
    if choice == THIS_MONTH:
        return between(_month_start(today), today, timezone)
    if choice == LAST_MONTH:
        first = _month_start(today, 1)
        return between(first, _month_start(today) - timedelta(days=1), timezone)
    if choice == LAST_3_MONTHS:
        return between(_month_start(today, 3), _month_start(today) - timedelta(days=1), timezone)
    if choice == THIS_YEAR:
        return between(date(today.year, 1, 1), today, timezone)
    raise UserError(texts.REPORT_OLD_BUTTON)


def parse_day(text: str) -> date:
    """A date typed as 2027-06-01 or 1/6/2027 (day first, as in the UK)."""
    cleaned = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise UserError(texts.REPORT_DATE_NOT_UNDERSTOOD)


def key(chosen: Period) -> str:
    """The period in a button's custom_id: "20270601-20270630"."""
    return f"{chosen.first_day:%Y%m%d}-{chosen.last_day:%Y%m%d}"


def from_key(text: str | None, timezone: str) -> Period:
    """A period back from a button's custom_id (untrusted: a made-up one is an old button)."""
    try:
        first, last = (datetime.strptime(part, "%Y%m%d").date() for part in (text or "").split("-"))
    except ValueError:
        raise UserError(texts.REPORT_OLD_BUTTON) from None
    return between(first, last, timezone)
