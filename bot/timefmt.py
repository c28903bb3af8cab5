"""Showing times to people, and the time zones we know.

A time is shown once (DESIGN.md, "Time"): in words in the reader's zone with how far away it is,
"Tuesday 3 June at 2pm (in 2 days)", the second part as Discord's relative timestamp ``<t:N:R>``.
Zones are said as places people know ("UK time"); the IANA name only in a lead's settings detail.
Words come from ``bot.texts``; nothing here depends on the machine's locale.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import texts
from bot.errors import UserError

DEFAULT_TIMEZONE = "Europe/London"
_MAX_ZONE_NAME = 64  # the longest IANA name is about 32 characters

WEEKDAY_NAMES: tuple[str, ...] = (
    texts.DAY_MONDAY,
    texts.DAY_TUESDAY,
    texts.DAY_WEDNESDAY,
    texts.DAY_THURSDAY,
    texts.DAY_FRIDAY,
    texts.DAY_SATURDAY,
    texts.DAY_SUNDAY,
)
MONTH_NAMES: tuple[str, ...] = (
    texts.MONTH_JANUARY,
    texts.MONTH_FEBRUARY,
    texts.MONTH_MARCH,
    texts.MONTH_APRIL,
    texts.MONTH_MAY,
    texts.MONTH_JUNE,
    texts.MONTH_JULY,
    texts.MONTH_AUGUST,
    texts.MONTH_SEPTEMBER,
    texts.MONTH_OCTOBER,
    texts.MONTH_NOVEMBER,
    texts.MONTH_DECEMBER,
)

# UK first (the community is in the UK), then Ireland and Europe, then a few world zones, then UTC.
# 24 entries: a Discord menu holds 25, and the menus add one more choice ("use the server's zone").
COMMON_TIMEZONES: list[tuple[str, str]] = [
    ("Europe/London", texts.TZ_LONDON),
    ("Europe/Dublin", texts.TZ_DUBLIN),
    ("Europe/Lisbon", texts.TZ_LISBON),
    ("Europe/Paris", texts.TZ_PARIS),
    ("Europe/Madrid", texts.TZ_MADRID),
    ("Europe/Berlin", texts.TZ_BERLIN),
    ("Europe/Amsterdam", texts.TZ_AMSTERDAM),
    ("Europe/Brussels", texts.TZ_BRUSSELS),
    ("Europe/Rome", texts.TZ_ROME),
    ("Europe/Stockholm", texts.TZ_STOCKHOLM),
    ("Europe/Warsaw", texts.TZ_WARSAW),
    ("Europe/Athens", texts.TZ_ATHENS),
    ("Europe/Istanbul", texts.TZ_ISTANBUL),
    ("America/New_York", texts.TZ_NEW_YORK),
    ("America/Chicago", texts.TZ_CHICAGO),
    ("America/Denver", texts.TZ_DENVER),
    ("America/Los_Angeles", texts.TZ_LOS_ANGELES),
    ("America/Toronto", texts.TZ_TORONTO),
    ("Asia/Dubai", texts.TZ_DUBAI),
    ("Asia/Kolkata", texts.TZ_KOLKATA),
    ("Asia/Tokyo", texts.TZ_TOKYO),
    ("Australia/Sydney", texts.TZ_SYDNEY),
    ("Pacific/Auckland", texts.TZ_AUCKLAND),
    ("UTC", texts.TZ_UTC),
]

_TIMESTAMP_STYLES = frozenset("tTdDfFR")


@lru_cache(maxsize=512)
def _load_zone(name: str) -> ZoneInfo | None:
    if not isinstance(name, str) or not 0 < len(name) <= _MAX_ZONE_NAME or "\x00" in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        # ValueError: names like "../x" or "/etc/x"; OSError: odd file system names.
        return None


def is_valid_timezone(name: str) -> bool:
    """True when ``name`` is an IANA zone we can use, like "Europe/London"."""
    return _load_zone(name) is not None


def get_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; a ``UserError`` (easy-read) when we do not know it."""
    zone = _load_zone(name)
    if zone is None:
        shown = name if isinstance(name, str) and name.isprintable() else "?"
        raise UserError(texts.TIMEZONE_UNKNOWN.format(zone=shown[:_MAX_ZONE_NAME]))
    return zone


def resolve_timezone(member_tz: str | None, server_tz: str) -> str:
    """The zone to read and show times in: the member's own, else the server's, else London."""
    if member_tz and is_valid_timezone(member_tz):
        return member_tz
    if is_valid_timezone(server_tz):
        return server_tz
    return DEFAULT_TIMEZONE


def _require_aware(dt: datetime) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("an aware datetime is needed (every stored time is UTC)")


def clock_words(hour: int, minute: int) -> str:
    """12-hour clock as people say it: "2pm", "2:30pm", midnight "12am", noon "12pm"."""
    shown_hour = hour % 12 or 12
    time = f"{shown_hour}" if minute == 0 else f"{shown_hour}:{minute:02d}"
    return (texts.CLOCK_AM if hour < 12 else texts.CLOCK_PM).format(time=time)


def date_words(day: int, month: int, year: int | None = None) -> str:
    """ "3 June", or "3 June 2027" with a year."""
    if year is None:
        return texts.DATE_DAY_MONTH.format(day=day, month=MONTH_NAMES[month - 1])
    return texts.DATE_DAY_MONTH_YEAR.format(day=day, month=MONTH_NAMES[month - 1], year=year)


def when_words(dt_utc: datetime, timezone: str, now_utc: datetime | None = None) -> str:
    """ "Tuesday 3 June at 2pm" in ``timezone``.

    The year is added only when it differs from the year of ``now_utc`` (in the same zone);
    without ``now_utc`` there is no year.
    """
    _require_aware(dt_utc)
    zone = get_zone(timezone)
    local = dt_utc.astimezone(zone)
    year: int | None = None
    if now_utc is not None:
        _require_aware(now_utc)
        if now_utc.astimezone(zone).year != local.year:
            year = local.year
    date = texts.WHEN_DATE.format(weekday=WEEKDAY_NAMES[local.weekday()], date=date_words(local.day, local.month, year))
    return texts.WHEN_AT.format(date=date, time=clock_words(local.hour, local.minute))


def discord_timestamp(dt_utc: datetime, style: str = "F") -> str:
    """``<t:1717416000:F>``: Discord shows it in each reader's own zone and language."""
    _require_aware(dt_utc)
    if style not in _TIMESTAMP_STYLES:
        raise ValueError(f"unknown Discord timestamp style {style!r}")
    return f"<t:{int(dt_utc.timestamp())}:{style}>"


def when_text(dt_utc: datetime, timezone: str, now_utc: datetime | None = None, relative: bool = True) -> str:
    """The time once: "Tuesday 3 June at 2pm (<t:N:R>)", which Discord shows as "(in 2 days)".

    ``relative`` is kept for old callers; the date is never shown a second time.
    """
    words = when_words(dt_utc, timezone, now_utc)
    return texts.WHEN_ONCE.format(words=words, relative=discord_timestamp(dt_utc, "R"))


def zone_words(timezone: str) -> str:
    """A zone as people say it: "UK time", "Paris time", "New York time"."""
    if timezone in ("Europe/London", "GB", "Europe/Belfast"):
        return texts.ZONE_UK
    if timezone in ("UTC", "Etc/UTC", "Etc/GMT"):
        return texts.ZONE_UTC
    place = timezone.rsplit("/", 1)[-1].replace("_", " ")
    return texts.ZONE_PLACE.format(place=place)
