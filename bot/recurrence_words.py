"""Describing a repeat rule in easy words ("every week on Tuesday at 2pm"), for bot/recurrence.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot import texts
from bot.timefmt import WEEKDAY_NAMES, clock_words, date_words, get_zone, is_valid_timezone

if TYPE_CHECKING:
    from bot.recurrence import _Parts  # the parts of a checked rule (no import at run time: no cycle)

_WEEKDAYS_MON_FRI = ((0, None), (1, None), (2, None), (3, None), (4, None))

# ---------------------------------------------------------------- describing a rule in easy words


def _and_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return texts.LIST_AND.format(items=", ".join(items[:-1]), last=items[-1])


def day_ordinal(day: int) -> str:
    """3 -> "3rd" (English ordinal suffixes)."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


_NTH_WORDS = {
    1: texts.NTH_FIRST,
    2: texts.NTH_SECOND,
    3: texts.NTH_THIRD,
    4: texts.NTH_FOURTH,
    5: texts.NTH_FIFTH,
    -1: texts.NTH_LAST,
}


def _describe(parts: _Parts, timezone: str) -> str:
    base = _describe_days(parts)
    if base is None:
        return texts.RECUR_OTHER
    if parts.byhour is not None and parts.byminute is not None:
        base = texts.RECUR_AT_TIME.format(repeat=base, time=clock_words(parts.byhour, parts.byminute))
    if parts.count is not None:
        base = texts.RECUR_TIMES.format(repeat=base, count=parts.count)
    if parts.until is not None:
        y, m, d, hh, mm, ss, is_utc = parts.until
        last = datetime(y, m, d, hh, mm, ss)
        if is_utc and is_valid_timezone(timezone):
            last = last.replace(tzinfo=UTC).astimezone(get_zone(timezone))
        base = texts.RECUR_UNTIL.format(repeat=base, date=date_words(last.day, last.month, last.year))
    return base


def _describe_days(parts: _Parts) -> str | None:
    """The days part, or None when the rule is beyond our easy words."""
    n = parts.interval
    if parts.bysetpos or (parts.bymonth and parts.freq != "YEARLY"):
        return None
    plain_days = [day for day, nth in parts.byday if nth is None]
    if parts.freq in ("DAILY", "WEEKLY") and parts.byday:
        if parts.bymonthday or len(plain_days) != len(parts.byday):
            return None
        if parts.freq == "DAILY" and n != 1:
            return None
        names = [WEEKDAY_NAMES[day] for day in sorted(plain_days)]
        if n == 1:
            if parts.byday == _WEEKDAYS_MON_FRI:
                return texts.RECUR_EVERY_WEEKDAY
            return texts.RECUR_EVERY_DAYS.format(days=_and_list(names))
        return texts.RECUR_EVERY_N_WEEKS_ON.format(n=n, days=_and_list(names))
    if parts.freq == "DAILY":
        if parts.bymonthday:
            return None
        return texts.RECUR_EVERY_DAY if n == 1 else texts.RECUR_EVERY_N_DAYS.format(n=n)
    if parts.freq == "WEEKLY":
        return texts.RECUR_EVERY_WEEK if n == 1 else texts.RECUR_EVERY_N_WEEKS.format(n=n)
    if parts.freq == "MONTHLY":
        return _describe_monthly(parts, n)
    # YEARLY
    if parts.byday:
        return None
    if len(parts.bymonth) == 1 and len(parts.bymonthday) == 1 and parts.bymonthday[0] > 0 and n == 1:
        return texts.RECUR_EVERY_YEAR_ON.format(date=date_words(parts.bymonthday[0], parts.bymonth[0]))
    if parts.bymonth or parts.bymonthday:
        return None
    return texts.RECUR_EVERY_YEAR if n == 1 else texts.RECUR_EVERY_N_YEARS.format(n=n)


def _describe_monthly(parts: _Parts, n: int) -> str | None:
    if parts.byday and parts.bymonthday:
        return None
    if len(parts.byday) == 1 and parts.byday[0][1] in _NTH_WORDS:
        day, nth = parts.byday[0]
        assert nth is not None
        words = {"nth": _NTH_WORDS[nth], "weekday": WEEKDAY_NAMES[day]}
        if n == 1:
            return texts.RECUR_MONTH_NTH_WEEKDAY.format(**words)
        return texts.RECUR_N_MONTHS_NTH_WEEKDAY.format(n=n, **words)
    if parts.byday:
        return None
    if parts.bymonthday == (-1,):
        return texts.RECUR_MONTH_LAST_DAY if n == 1 else texts.RECUR_N_MONTHS_LAST_DAY.format(n=n)
    if len(parts.bymonthday) == 1 and parts.bymonthday[0] > 0:
        ordinal = day_ordinal(parts.bymonthday[0])
        if n == 1:
            return texts.RECUR_MONTH_DAY.format(day=ordinal)
        return texts.RECUR_N_MONTHS_DAY.format(n=n, day=ordinal)
    if parts.bymonthday:
        return None
    return texts.RECUR_EVERY_MONTH if n == 1 else texts.RECUR_EVERY_N_MONTHS.format(n=n)
