"""Repeat rules: RFC 5545 RRULE strings, run on local wall-clock time in a named IANA zone.

Why RRULE and not cron: RRULE says "every 2 weeks on Thursday", "the first Monday of the month" and
"every 3 months on the 3rd" directly, and counts its intervals from a start date (the anchor).
Cron cannot say "every 2 weeks" at all (it has no anchor, only fields that match), and it has no
end (COUNT / UNTIL). RRULE is also what calendars export (icalendar), so rules stay portable.

How a series runs:
- ``rule`` never holds DTSTART. The series is anchored at ``start_utc``, its first occurrence.
- Occurrences are computed on naive local wall-clock times (python-dateutil), then placed in the zone,
  so "9am" stays 9am across clock changes.
- The time of day is BYHOUR / BYMINUTE when the rule has them (``parse_repeat`` always writes them),
  else the local time of ``start_utc``.
- A local time that does not exist (the clocks go forward) moves forward by the gap: 01:30 on the last
  Sunday of March in London becomes 02:30 BST. A local time that happens twice (the clocks go back)
  takes the first one (fold=0). So no occurrence is ever skipped or doubled.
- We run one occurrence a day at most (FREQ is DAILY, WEEKLY, MONTHLY or YEARLY, BYHOUR / BYMINUTE hold one
  value): reminders, not alarms. ``validate_rule`` refuses anything else with an easy-read ``UserError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from bot import texts
from bot.errors import UserError
from bot.recurrence_words import _describe, day_ordinal
from bot.timefmt import get_zone

MAX_INTERVAL = 365
MAX_COUNT = 10_000
MAX_RULE_TEXT = 300
# An impossible rule (BYMONTH=2;BYMONTHDAY=30) would make dateutil walk to the year 9999. We refuse a rule
# with no occurrence in 8 years (29 February comes at least once in 8 years).
_FEASIBLE_YEARS = 8

_FREQS: dict[str, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    "DAILY": du.DAILY,
    "WEEKLY": du.WEEKLY,
    "MONTHLY": du.MONTHLY,
    "YEARLY": du.YEARLY,
}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
_ALLOWED_PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "WKST",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
        "BYHOUR",
        "BYMINUTE",
        "BYSECOND",
    }
)
_INT = re.compile(r"[+-]?\d{1,4}")
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")


@dataclass(frozen=True)
class _Parts:
    """A checked rule, one field per RRULE part we run."""

    freq: str
    interval: int = 1
    byday: tuple[tuple[int, int | None], ...] = ()  # (weekday 0=Monday, nth or None)
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bysetpos: tuple[int, ...] = ()
    byhour: int | None = None
    byminute: int | None = None
    bysecond: int | None = None
    count: int | None = None
    until: tuple[int, int, int, int, int, int, bool] | None = None  # y, m, d, H, M, S, is_utc
    wkst: int = 0  # RFC 5545 default week start: Monday


@dataclass(frozen=True)
class Recurrence:
    rule: str  # e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=9;BYMINUTE=0" (no DTSTART inside)
    timezone: str  # IANA name, e.g. "Europe/London"

    def describe(self) -> str:
        """Easy words: "every Monday at 10am", "on the first Monday of every month at 10am"."""
        try:
            parts = _parse(self.rule)
        except UserError:
            return texts.RECUR_OTHER
        return _describe(parts, self.timezone)


def validate_rule(rule: str) -> None:
    """Raise ``UserError`` when we cannot run ``rule``."""
    _parse(rule)


def to_utc(local: datetime, timezone: str | ZoneInfo) -> datetime:
    """A naive local wall-clock time in ``timezone`` -> aware UTC.

    zoneinfo with fold=0 reads a time in a spring-forward gap with the offset from before the gap, which
    is the same as moving it forward by the gap; an autumn time that happens twice gets its first moment.
    """
    zone = timezone if isinstance(timezone, ZoneInfo) else get_zone(timezone)
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def wall_time_status(local: datetime, timezone: str | ZoneInfo) -> str:
    """ "ok", "missing" (in a spring-forward gap) or "twice" (in an autumn overlap) for a naive local time."""
    zone = timezone if isinstance(timezone, ZoneInfo) else get_zone(timezone)
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return "ok"
    # In a gap the time does not come back unchanged from UTC; in an overlap both folds do.
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "missing" if back != local.replace(tzinfo=None) else "twice"


def next_occurrence(rule: str, timezone: str, start_utc: datetime, after_utc: datetime) -> datetime | None:
    """The first occurrence strictly after ``after_utc``, or None when the rule has ended (COUNT / UNTIL).

    ``start_utc`` is the first occurrence (RFC 5545: DTSTART is always the first instance); its local
    wall-clock time gives the time of day when the rule has no BYHOUR / BYMINUTE. Both datetimes must be
    aware; the result is aware UTC.
    """
    parts = _parse(rule)
    zone = get_zone(timezone)
    for value in (start_utc, after_utc):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("next_occurrence needs aware datetimes")
    start_utc = start_utc.astimezone(UTC)
    after_utc = after_utc.astimezone(UTC)
    if start_utc > after_utc:
        return start_utc
    start_local = start_utc.astimezone(zone).replace(tzinfo=None)
    # Local -> UTC never goes backwards (see to_utc), and no zone moves by 2 days, so every occurrence
    # after after_utc is among the local times from two days before it.
    after_local = after_utc.astimezone(zone).replace(tzinfo=None)
    probe = max(start_local, after_local - timedelta(days=2))
    series = _rrule(parts, _fast_forward(parts, start_local, probe), zone)
    for local in series.xafter(probe, inc=True):
        moment = to_utc(local, zone)
        if moment > after_utc:
            return moment
    return None


# ---------------------------------------------------------------- parsing and checking a rule


def _bad() -> UserError:
    return UserError(texts.REPEAT_RULE_NOT_USABLE)


def _ints(value: str, low: int, high: int, *, allow_zero: bool = True, single: bool = False) -> tuple[int, ...]:
    items = value.split(",")
    if not items or (single and len(items) != 1) or len(items) > 31:
        raise _bad()
    numbers = []
    for item in items:
        if not _INT.fullmatch(item):
            raise _bad()
        number = int(item)
        if not low <= number <= high or (number == 0 and not allow_zero):
            raise _bad()
        numbers.append(number)
    return tuple(sorted(set(numbers)))


@lru_cache(maxsize=1024)
def _parse(rule: str) -> _Parts:
    if not isinstance(rule, str) or not rule.strip() or len(rule) > MAX_RULE_TEXT:
        raise _bad()
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    fields: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, value = item.partition("=")
        if not sep or not value or name not in _ALLOWED_PARTS or name in fields:
            raise _bad()  # also DTSTART, BYWEEKNO, BYYEARDAY, sub-daily parts ...
        fields[name] = value
    freq = fields.get("FREQ")
    if freq is None or freq not in _FREQS:
        raise _bad()
    interval = _ints(fields["INTERVAL"], 1, MAX_INTERVAL, single=True)[0] if "INTERVAL" in fields else 1
    if "COUNT" in fields and "UNTIL" in fields:
        raise _bad()  # RFC 5545: never both
    count = _ints(fields["COUNT"], 1, MAX_COUNT, single=True)[0] if "COUNT" in fields else None
    until = _until(fields["UNTIL"]) if "UNTIL" in fields else None
    wkst = fields.get("WKST", "MO")
    if wkst not in _DAY_CODES:
        raise _bad()
    days: set[tuple[int, int | None]] = set()
    for item in fields["BYDAY"].split(",") if "BYDAY" in fields else ():
        match = _BYDAY.fullmatch(item)
        if not match:
            raise _bad()
        nth = int(match.group(1)) if match.group(1) else None
        if nth is not None and (freq not in ("MONTHLY", "YEARLY") or nth == 0 or abs(nth) > 5):
            raise _bad()  # RFC 5545: a number before the day only with MONTHLY or YEARLY
        days.add((_DAY_CODES.index(match.group(2)), nth))
    if "BYMONTHDAY" in fields and freq == "WEEKLY":
        raise _bad()  # RFC 5545: not with WEEKLY
    if "BYSETPOS" in fields and not ({"BYDAY", "BYMONTHDAY", "BYMONTH"} & fields.keys()):
        raise _bad()

    def many(name: str, low: int, high: int) -> tuple[int, ...]:
        return _ints(fields[name], low, high, allow_zero=False) if name in fields else ()

    def one(name: str, high: int) -> int | None:
        # One time of day only: more would be more than one occurrence a day.
        return _ints(fields[name], 0, high, single=True)[0] if name in fields else None

    parts = _Parts(
        freq=freq,
        interval=interval,
        byday=tuple(sorted(days, key=lambda d: (d[1] or 0, d[0]))),
        bymonthday=many("BYMONTHDAY", -31, 31),
        bymonth=many("BYMONTH", 1, 12),
        bysetpos=many("BYSETPOS", -366, 366),
        byhour=one("BYHOUR", 23),
        byminute=one("BYMINUTE", 59),
        bysecond=one("BYSECOND", 59),
        count=count,
        until=until,
        wkst=_DAY_CODES.index(wkst),
    )
    _check_feasible(parts)
    return parts


def _until(value: str) -> tuple[int, int, int, int, int, int, bool]:
    match = _UNTIL.fullmatch(value)
    if not match:
        raise _bad()
    y, m, d = int(match.group(1)), int(match.group(2)), int(match.group(3))
    # A date alone includes the whole of that (local) day.
    if match.group(4) is None:
        hh, mm, ss = 23, 59, 59
    else:
        hh, mm, ss = int(match.group(4)), int(match.group(5)), int(match.group(6))
    try:
        datetime(y, m, d, hh, mm, ss)
    except ValueError:
        raise _bad() from None
    return (y, m, d, hh, mm, ss, bool(match.group(7)))


def _check_feasible(parts: _Parts) -> None:
    start = datetime(2024, 1, 1)  # a Monday, in a leap year
    probe = _make_rrule(parts, start, until=start.replace(year=start.year + _FEASIBLE_YEARS))
    if probe.after(start, inc=True) is None:
        raise _bad()


def _make_rrule(
    parts: _Parts, dtstart: datetime, *, until: datetime | None = None, count: int | None = None
) -> du.rrule:
    byweekday = [_WEEKDAYS[day](nth) if nth else _WEEKDAYS[day] for day, nth in parts.byday]
    # dateutil reads an empty tuple as "no day matches", so a missing part must be None.
    return du.rrule(
        _FREQS[parts.freq],
        dtstart=dtstart,
        interval=parts.interval,
        wkst=parts.wkst,
        count=count,
        until=until,
        bysetpos=parts.bysetpos or None,
        bymonth=parts.bymonth or None,
        bymonthday=parts.bymonthday or None,
        byweekday=byweekday or None,
        byhour=parts.byhour,
        byminute=parts.byminute,
        bysecond=parts.bysecond,
    )


def _fast_forward(parts: _Parts, start_local: datetime, probe: datetime) -> datetime:
    """A later anchor with the same phase, so dateutil need not walk every day since the start.

    Only for DAILY and WEEKLY without COUNT: moving the anchor by whole intervals keeps the weekday, the
    week parity and the time of day, so the occurrences after ``probe`` are the same.
    (MONTHLY and YEARLY walk few steps anyway; COUNT needs every occurrence from the start.)
    """
    if parts.count is not None or parts.freq not in ("DAILY", "WEEKLY"):
        return start_local
    step = parts.interval * (1 if parts.freq == "DAILY" else 7)
    whole_steps = (probe.date() - start_local.date()).days // step - 1
    if whole_steps <= 0:
        return start_local
    return start_local + timedelta(days=whole_steps * step)


def _rrule(parts: _Parts, start_local: datetime, zone: ZoneInfo) -> du.rrule:
    until: datetime | None = None
    if parts.until is not None:
        y, m, d, hh, mm, ss, is_utc = parts.until
        until = datetime(y, m, d, hh, mm, ss)
        if is_utc:  # RFC 5545: UNTIL is in UTC when DTSTART has a zone; we run on local time
            until = until.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    return _make_rrule(parts, start_local, until=until, count=parts.count)


__all__ = [
    "MAX_COUNT",
    "MAX_INTERVAL",
    "MAX_RULE_TEXT",
    "Recurrence",
    "day_ordinal",
    "next_occurrence",
    "to_utc",
    "validate_rule",
    "wall_time_status",
]
