"""Typed time text -> aware UTC datetimes and repeat rules, read in the member's (else the server's) zone.

Our own small grammar reads the forms people type most ("tomorrow at 3pm", "friday 10:30", "in 20 minutes",
"3 June 14:00", "next Tuesday evening", "every 2 weeks on Thursday at 9am"), because dateparser guesses
where we must ask: it reads "at 3" as the 3rd of the month, "friday at 10" as the 10th, "a" as a date, and
it never says when a local time does not exist or happens twice. Date words our grammar does not know
("the 3rd of next month") go to dateparser (future dates preferred, day before month as in the UK).

Decisions (DESIGN.md: a past or ambiguous time gets a question back, never a guess):
- Parts of the day: morning 9am, lunchtime / noon / midday 12pm, afternoon 2pm, evening 6pm,
  tonight / night 7pm.
- "at 3", "friday 10", "3 o'clock": an hour from 1 to 11 without am/pm is asked about
  ("Do you mean 3 in the morning or 3 in the afternoon?"), unless a part of the day says which
  ("tomorrow evening at 7" is 7pm; "3 in the morning" is 3am). 12 alone is noon; 0 and 13-23 are clear.
- Times with minutes ("10:30", "14:00", "7.30") are read on the 24-hour clock; with a part of the day they
  follow it ("tonight at 7:30" is 7:30pm).
- A day without a time ("friday") asks for the time. A time without a day means today.
  "in 3 days" without a time keeps the time of now.
- "friday" is the next Friday whose time is still ahead (today counts); "next friday" is the first Friday
  after today. A date without a year is this year, or next year when the date has passed.
- "midnight" alone (or "tonight at midnight") is the midnight at the end of today; with any other day, or in
  a repeat, we ask, because midnight is between two days.
- A local time that does not exist (clocks go forward) or happens twice (clocks go back) is asked about.
  Repeats follow bot.recurrence instead (moved forward / first one), so a series never stops.
- At most MAX_YEARS_AHEAD years ahead. Hostile text (mentions, markdown, emoji, control characters) is
  refused with a UserError: only letters, digits and ``: . / ' -`` are read.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot import texts
from bot.errors import UserError
from bot.recurrence import MAX_INTERVAL, Recurrence, day_ordinal, next_occurrence, to_utc, wall_time_status
from bot.timefmt import WEEKDAY_NAMES, clock_words, date_words, get_zone, zone_words
from bot.timeparse_scan import Found, clean, scan
from bot.timeparse_words import (
    DATEPARSER_WORDS,
    MAX_TEXT,
    MAX_YEARS_AHEAD,
    NTH_NAMES,
    PERIOD_AM_HOURS,
    PERIOD_HOURS,
    PERIOD_PM_HOURS,
    SHOWN_WORD,
)

# ---------------------------------------------------------------- turning what was found into a time


def quoted_words(words: list[str]) -> str:
    """Words shown back each in quotes, as typed: '"blah"', '"next" and "week"', '"a", "b" and "c"'."""
    quoted = [texts.QUOTED_WORD.format(word=word) for word in words]
    if len(quoted) < 2:
        return "".join(quoted)
    return texts.LIST_AND.format(items=", ".join(quoted[:-1]), last=quoted[-1])


def _shown_words(words: list[str]) -> str:
    """Unknown words, safe to show back: plain words only, at most three."""
    return quoted_words([word for word in words if SHOWN_WORD.fullmatch(word)][:3])


def _unknown_error(words: list[str], *, repeat: bool) -> UserError:
    shown = _shown_words(words)
    if not shown:
        return UserError(texts.REPEAT_NOT_UNDERSTOOD if repeat else texts.TIME_NOT_UNDERSTOOD)
    return UserError((texts.REPEAT_UNKNOWN_WORDS if repeat else texts.TIME_UNKNOWN_WORDS).format(words=shown))


def _ask_am_pm(hour: int) -> UserError:
    template = texts.TIME_AM_OR_PM_AFTERNOON if hour <= 5 else texts.TIME_AM_OR_PM_EVENING
    return UserError(template.format(hour=hour))


def _time_of_day(found: Found) -> tuple[int, int] | None:
    """(hour, minute) from the clock and part-of-day words, or None when none was given."""
    if len(found.clocks) + found.midnight > 1 or len(set(found.periods)) > 1:
        raise UserError(texts.TIME_TWO_TIMES)
    period = found.periods[0] if found.periods else None
    if not found.clocks:
        return (PERIOD_HOURS[period], 0) if period else None
    clock = found.clocks[0]
    hour, minute = clock.hour, clock.minute
    if minute > 59:
        raise UserError(texts.TIME_NOT_ON_CLOCK.format(time=f"{clock.typed}:{minute:02d}"))
    if clock.ampm:
        if not 1 <= hour <= 12:
            raise UserError(texts.TIME_NOT_ON_CLOCK.format(time=f"{clock.typed}{clock.ampm}"))
        return (hour % 12 + (12 if clock.ampm == "pm" else 0), minute)
    if hour > 23:
        raise UserError(texts.TIME_NOT_ON_CLOCK.format(time=clock.typed))
    if hour == 0 or hour >= 13:
        return hour, minute
    if period is not None:
        if hour in PERIOD_PM_HOURS[period]:
            return (hour % 12 + 12, minute)
        if hour in PERIOD_AM_HOURS[period]:
            return hour, minute
        raise _ask_am_pm(hour % 12 or 12)
    if clock.with_minutes or hour == 12:
        return hour, minute  # 24-hour clock; 12 alone is noon
    raise _ask_am_pm(hour)


def _settings(local_now: datetime, timezone: str) -> dict[str, object]:
    return {
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "TIMEZONE": timezone,
        "DATE_ORDER": "DMY",
    }


def _dateparser_day(phrase: str, local_now: datetime, timezone: str) -> date | None:
    """The day dateparser reads in ``phrase``, or None. Only whole days: no weeks, months or guesses."""
    if not re.search(r"[a-z]{3}", phrase):
        return None  # "a", "3", "on": dateparser reads dates into these
    from dateparser.date import DateDataParser  # slow to import: only on this rarer path

    try:
        data = DateDataParser(languages=["en"], settings=_settings(local_now, timezone)).get_date_data(phrase)
    except Exception:  # dateparser raises many kinds of error on odd text; it is only a helper here
        return None
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.astimezone(get_zone(timezone)).date()


def _valid_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(texts.TIME_NO_SUCH_DATE) from None


def _resolve_day(
    kind: str, values: tuple[int, ...], today: date, at_time: tuple[int, int], local_now: datetime
) -> date:
    """The calendar day for what was said, preferring the future (PREFER_DATES_FROM='future')."""
    if kind == "offset":
        return today + timedelta(days=values[0])
    if kind == "weekday":
        weekday, strictly_next = values
        ahead = (weekday - today.weekday()) % 7
        if strictly_next and ahead == 0:
            ahead = 7
        day = today + timedelta(days=ahead)
        if day == today and datetime.combine(day, datetime.min.time()).replace(
            hour=at_time[0], minute=at_time[1]
        ) <= local_now.replace(tzinfo=None):
            day += timedelta(days=7)  # that time today has gone: the same day next week
        return day
    if kind == "monthday":
        (day_number,) = values
        year, month = today.year, today.month
        if day_number < today.day:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _valid_date(year, month, day_number)
    day_number, month, year = values
    if not 1 <= month <= 12 or not 1 <= day_number <= 31:
        raise UserError(texts.TIME_NO_SUCH_DATE)
    if year:
        return _valid_date(year, month, day_number)
    for candidate_year in range(today.year, today.year + 9):  # 29 February: the next leap year
        try:
            candidate = date(candidate_year, month, day_number)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise UserError(texts.TIME_NO_SUCH_DATE)


def _check_wall_time(local: datetime, timezone: str) -> None:
    status = wall_time_status(local, timezone)
    if status == "ok":
        return
    words = {
        "time": clock_words(local.hour, local.minute),
        "date": date_words(local.day, local.month, local.year),
        "zone": zone_words(timezone),  # "UK time", not "Europe/London"
    }
    if status == "missing":
        raise UserError(texts.TIME_DOES_NOT_EXIST.format(**words))
    raise UserError(texts.TIME_HAPPENS_TWICE.format(**words))


def _check_future(moment: datetime, now_utc: datetime) -> datetime:
    if moment <= now_utc:
        raise UserError(texts.TIME_IN_PAST)
    if moment > now_utc + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise UserError(texts.TIME_TOO_FAR.format(years=MAX_YEARS_AHEAD))
    return moment


def _require_aware(now_utc: datetime) -> datetime:
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be an aware datetime")
    return now_utc.astimezone(UTC)


def parse_when(text: str, timezone: str, now_utc: datetime) -> datetime:
    """One time from typed text, read in ``timezone``. Returns aware UTC, strictly after ``now_utc``.

    Raises ``UserError`` (an easy-read question) for anything we should not guess.
    """
    now_utc = _require_aware(now_utc)
    zone = get_zone(timezone)
    tokens = clean(text, repeat=False)
    found = scan(tokens, repeat=False)
    local_now = now_utc.astimezone(zone)
    today = local_now.date()

    if found.unknown:
        # Our grammar did not know some words: let dateparser read the words that are not the time of day.
        phrase = " ".join(tok for index, tok in enumerate(tokens) if index not in found.time_tokens)
        said_day = [values[0] for kind, values in found.days if kind == "monthday"]
        day = None
        if (
            "month" in found.unknown
            and set(found.unknown) <= DATEPARSER_WORDS
            and len(found.days) == len(said_day) == 1
        ):
            day = _dateparser_day(phrase, local_now, timezone)
        if day is None or said_day != [day.day]:
            raise _unknown_error(found.unknown, repeat=False)
        found.days = [("date", (day.day, day.month, day.year))]
        found.weekday, found.relative, found.minutes, found.day_offset = None, False, 0, 0

    if found.relative and found.minutes:
        # "in 20 minutes", "in 1 day and 2 hours": exact, whatever the clocks do.
        if found.days or found.clocks or found.periods or found.midnight:
            raise UserError(texts.TIME_TWO_TIMES)
        return _check_future(now_utc + timedelta(minutes=found.minutes + 1440 * found.day_offset), now_utc)
    if found.relative:
        if found.days:
            raise UserError(texts.TIME_TWO_DAYS)
        found.days.append(("offset", (found.day_offset,)))

    if len(found.days) > 1:
        raise UserError(texts.TIME_TWO_DAYS)
    day_kind, day_values = found.days[0] if found.days else ("offset", (0,))
    if found.midnight:
        if found.clocks or (found.periods and not found.tonight):
            raise UserError(texts.TIME_TWO_TIMES)
        if (day_kind, day_values) != ("offset", (0,)):
            raise UserError(texts.TIME_MIDNIGHT_WHICH)
        # Midnight today is the one at the end of today.
        local = datetime.combine(today + timedelta(days=1), datetime.min.time())
        _check_wall_time(local, timezone)
        return _check_future(to_utc(local, zone), now_utc)

    at_time = _time_of_day(found)
    if at_time is None:
        if found.relative:
            at_time = (local_now.hour, local_now.minute)  # "in 3 days": the time of now
        elif found.days or found.weekday is not None:
            raise UserError(texts.TIME_NEEDS_TIME)
        else:
            raise UserError(texts.TIME_NOT_UNDERSTOOD)
    day = _resolve_day(day_kind, day_values, today, at_time, local_now)
    if found.weekday is not None and day.weekday() != found.weekday:
        raise UserError(
            texts.TIME_WRONG_WEEKDAY.format(
                date=date_words(day.day, day.month, day.year), weekday=WEEKDAY_NAMES[day.weekday()]
            )
        )
    if day < today:
        raise UserError(texts.TIME_IN_PAST)
    if day.year > today.year + MAX_YEARS_AHEAD:  # also keeps far years away from datetime overflow
        raise UserError(texts.TIME_TOO_FAR.format(years=MAX_YEARS_AHEAD))
    if found.relative and not found.clocks and not found.periods:
        local = datetime.combine(day, local_now.time().replace(tzinfo=None))
    else:
        local = datetime.combine(day, datetime.min.time()).replace(hour=at_time[0], minute=at_time[1])
    _check_wall_time(local, timezone)
    return _check_future(to_utc(local, zone), now_utc)


def parse_repeat(text: str, timezone: str, now_utc: datetime) -> tuple[Recurrence, datetime]:
    """A repeat from typed text: the rule (in ``timezone``) and its first occurrence (aware UTC, after now).

    The rule always holds the time of day (BYHOUR / BYMINUTE), so it can be described in words.
    """
    now_utc = _require_aware(now_utc)
    get_zone(timezone)
    tokens = clean(text, repeat=True)
    found = scan(tokens, repeat=True)
    if found.too_often:
        raise UserError(texts.REPEAT_TOO_OFTEN)
    if found.unknown:
        raise _unknown_error(found.unknown, repeat=True)
    if found.relative or (found.days and any(kind != "date" for kind, _ in found.days)):
        raise UserError(texts.REPEAT_NOT_UNDERSTOOD)  # "every tomorrow", "every friday in 2 days"
    if not found.cue:  # "2nd at 2pm" alone is one day, not a repeat: we do not guess "every month"
        raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
    rule = _rule(found)
    if found.midnight:
        raise UserError(texts.TIME_MIDNIGHT_WHICH)
    at_time = _time_of_day(found)
    if at_time is None:
        raise UserError(texts.REPEAT_NEEDS_TIME)
    rule += f";BYHOUR={at_time[0]};BYMINUTE={at_time[1]}"
    first = _first_occurrence(rule, timezone, now_utc)
    return Recurrence(rule=rule, timezone=timezone), first


def _rule(found: Found) -> str:
    """The RRULE (without the time of day) for the repeat words found."""
    freqs = set(found.freqs)
    interval = found.interval
    if not 1 <= interval <= MAX_INTERVAL:
        raise UserError(texts.REPEAT_GAP_TOO_LONG.format(limit=MAX_INTERVAL))
    step = f";INTERVAL={interval}" if interval > 1 else ""
    if len(freqs) > 1:
        raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
    freq = freqs.pop() if freqs else None
    codes = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    kinds = sum(bool(x) for x in (found.nth_days, found.month_days, found.repeat_days, found.days))
    if kinds > 1:
        raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
    if found.nth_days:
        if freq not in (None, "MONTHLY"):
            raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
        if any(nth > 4 for nth, _ in found.nth_days):
            raise UserError(texts.REPEAT_NOT_UNDERSTOOD)  # a fifth Monday is missing from most months
        if found.every_nth and freq is None and len(found.nth_days) == 1:
            ((nth, day),) = found.nth_days
            raise UserError(texts.REPEAT_WEEKS_OR_NTH.format(n=nth, nth=NTH_NAMES[nth], weekday=WEEKDAY_NAMES[day]))
        byday = ",".join(f"{nth}{codes[day]}" for nth, day in sorted(found.nth_days))
        return f"FREQ=MONTHLY{step};BYDAY={byday}"
    if found.month_days:
        if freq not in (None, "MONTHLY"):
            raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
        for day in found.month_days:
            if day > 28:
                raise UserError(texts.REPEAT_MONTH_DAY_MISSING.format(day=day_ordinal(day)))
            if day < -1 or day == 0:
                raise UserError(texts.TIME_NO_SUCH_DATE)
        return f"FREQ=MONTHLY{step};BYMONTHDAY={','.join(str(d) for d in sorted(found.month_days))}"
    if found.repeat_days:
        if freq not in (None, "WEEKLY") and not (freq == "DAILY" and interval == 1):
            raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
        return f"FREQ=WEEKLY{step};BYDAY={','.join(codes[d] for d in sorted(found.repeat_days))}"
    if found.days:
        (_kind, (day, month, year)) = found.days[0]
        if freq not in (None, "YEARLY") or len(found.days) > 1 or year:
            raise UserError(texts.REPEAT_NOT_UNDERSTOOD)
        _valid_date(2024, month, day)  # 2024: a leap year, so 29 February is a real date
        return f"FREQ=YEARLY{step};BYMONTH={month};BYMONTHDAY={day}"
    if freq == "DAILY":
        return f"FREQ=DAILY{step}"
    if freq == "WEEKLY":
        raise UserError(texts.REPEAT_NEEDS_WEEKDAY)
    if freq == "MONTHLY":
        raise UserError(texts.REPEAT_NEEDS_MONTH_DAY)
    if freq == "YEARLY":
        raise UserError(texts.REPEAT_NEEDS_DATE)
    raise UserError(texts.REPEAT_NOT_UNDERSTOOD)


def _first_occurrence(rule: str, timezone: str, now_utc: datetime) -> datetime:
    """The first occurrence after now. The series is anchored there, so "every 2 weeks on Thursday" starts
    on the coming Thursday (an anchor at now could put it two weeks away)."""
    start = now_utc.replace(second=0, microsecond=0)  # seconds of the anchor would become the seconds
    every_time = re.sub(r";INTERVAL=\d+", "", rule)
    first = next_occurrence(every_time, timezone, start, start)
    if first is None or first <= now_utc:  # cannot happen for rules we write; a guard, not a guess
        raise UserError(texts.REPEAT_RULE_NOT_USABLE)
    return _check_future(first, now_utc)


__all__ = ["MAX_TEXT", "MAX_YEARS_AHEAD", "PERIOD_HOURS", "parse_repeat", "parse_when"]
