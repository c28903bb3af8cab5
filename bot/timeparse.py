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
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot import texts
from bot.errors import UserError
from bot.recurrence import MAX_INTERVAL, Recurrence, day_ordinal, next_occurrence, to_utc, wall_time_status
from bot.timefmt import WEEKDAY_NAMES, clock_words, date_words, get_zone, zone_words

MAX_TEXT = 100  # length limit of typed time text
MAX_YEARS_AHEAD = 5

# Default hours for parts of the day (documented above).
PERIOD_HOURS = {"morning": 9, "lunchtime": 12, "afternoon": 14, "evening": 18, "night": 19}
# With a part of the day, an hour from 1 to 12 without am/pm is read like this; other hours are asked about.
_PERIOD_PM_HOURS = {
    "morning": (),
    "lunchtime": (12, 1, 2),
    "afternoon": (12, 1, 2, 3, 4, 5, 6),
    "evening": (5, 6, 7, 8, 9, 10, 11),
    "night": (5, 6, 7, 8, 9, 10, 11),
}
_PERIOD_AM_HOURS = {
    "morning": (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
    "lunchtime": (11,),
    "afternoon": (),
    "evening": (),
    "night": (),
}
_PERIOD_WORDS = {
    "morning": "morning",
    "afternoon": "afternoon",
    "evening": "evening",
    "night": "night",
    "tonight": "night",
    "lunchtime": "lunchtime",
    "lunch": "lunchtime",
}

_WEEKDAY_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    )
):
    for _name in _names:
        _WEEKDAY_WORDS[_name] = _index
_WEEKDAY_PLURALS = {name + "s": index for name, index in _WEEKDAY_WORDS.items() if len(name) > 3}

_MONTH_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTH_WORDS[_name] = _index

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_NTH_NAMES = {2: texts.NTH_SECOND, 3: texts.NTH_THIRD, 4: texts.NTH_FOURTH}
_MINUTE_UNITS = {"min": 1, "mins": 1, "minute": 1, "minutes": 1, "hr": 60, "hrs": 60, "hour": 60, "hours": 60}
_DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "fortnight": 14, "fortnights": 14}
_TOMORROW = {"tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow"}
_FILLERS = {"at", "on", "the", "of", "in", "this", "and"}
# dateparser accepts muddled text ("after mon" is read as 8 June), so it only reads the date words for
# "the 3rd of next month": a day of the month said, and only these words unknown to our grammar.
_DATEPARSER_WORDS = {"next", "month"}
_AMPM = {"am", "pm"}

_TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"  # 2026-06-03
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # 3/6 or 3/6/2026 (day first)
    r"|\d{1,2}[:.]\d{2}"  # 14:00, 7.30
    r"|\d+(?:st|nd|rd|th)(?![a-z])"  # 3rd
    r"|\d+"
    r"|[a-z]+(?:'[a-z]+)?"  # o'clock
    r"|."
)
_CHUNK_OK = re.compile(r"[a-z0-9:./'-]+")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
_SHOWN_WORD = re.compile(r"[a-z0-9'-]{1,20}")


# ---------------------------------------------------------------- what the words say


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    ampm: str | None  # "am", "pm" or None
    with_minutes: bool  # "10:30" (24-hour) rather than "10"
    typed: str  # the hour as typed, for the question


@dataclass
class _Found:
    """Everything the scanner recognised in one text."""

    days: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # (kind, values)
    weekday: int | None = None  # a weekday named together with a date ("Tuesday 3 June")
    clocks: list[_Clock] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    midnight: bool = False
    tonight: bool = False
    minutes: int = 0  # "in 20 minutes": exact
    day_offset: int = 0  # "in 3 days": calendar days
    relative: bool = False
    time_tokens: set[int] = field(default_factory=set)  # token positions that said the time of day
    unknown: list[str] = field(default_factory=list)
    # Repeats
    cue: bool = False  # a word that says "repeat" (every, daily, mondays ...)
    freqs: list[str] = field(default_factory=list)
    interval: int = 1
    repeat_days: set[int] = field(default_factory=set)
    nth_days: set[tuple[int, int]] = field(default_factory=set)  # (nth, weekday)
    month_days: set[int] = field(default_factory=set)
    too_often: bool = False
    every_nth: bool = False  # "every second Thursday": every 2 weeks, or the second Thursday of the month?


def _clean(text: object, *, repeat: bool) -> list[str]:
    """Checked, lower-case tokens; a UserError for empty, long or hostile text."""
    not_understood = texts.REPEAT_NOT_UNDERSTOOD if repeat else texts.TIME_NOT_UNDERSTOOD
    if not isinstance(text, str):
        raise UserError(not_understood)
    stripped = text.strip()
    if not stripped:
        raise UserError(texts.TIME_EMPTY)
    if len(stripped) > MAX_TEXT:
        raise UserError(texts.TIME_TOO_LONG.format(limit=MAX_TEXT))
    normal = unicodedata.normalize("NFKC", stripped).lower().replace("\u2019", "'")
    normal = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", normal)  # a.m. / p.m.
    normal = normal.replace(",", " ").replace(";", " ")
    tokens: list[str] = []
    for chunk in normal.split():
        chunk = chunk.strip(".!?:()")
        if not chunk:
            continue
        if not _CHUNK_OK.fullmatch(chunk):
            # Mentions, markdown, emoji, control characters: never read, never echoed.
            raise UserError(not_understood)
        tokens.extend(tok for tok in _TOKEN.findall(chunk) if tok not in ("-", ".", "/", ":", "'"))
    if not tokens:
        raise UserError(not_understood)
    return tokens


def _number(tokens: list[str], i: int, *, articles: bool = False) -> tuple[int, int] | None:
    """(value, next position) for "20", "twenty", "twenty five", and "a" / "an" when ``articles``."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.isdigit() and len(tok) <= 4:
        return int(tok), i + 1
    if articles and tok in ("a", "an"):
        return 1, i + 1
    if tok in _NUMBER_WORDS:
        value = _NUMBER_WORDS[tok]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if value >= 20 and value % 10 == 0 and nxt in _NUMBER_WORDS and _NUMBER_WORDS[nxt] < 10:
            return value + _NUMBER_WORDS[nxt], i + 2
        return value, i + 1
    return None


def _duration(tokens: list[str], i: int) -> tuple[int, int, int] | None:
    """(minutes, days, next position) for "20 minutes", "an hour and a half", "2 weeks", "half an hour"."""
    minutes = days = 0
    found = False
    while i < len(tokens):
        if tokens[i : i + 3] == ["half", "an", "hour"]:
            minutes, i, found = minutes + 30, i + 3, True
            continue
        number = _number(tokens, i, articles=True)
        if number is None or number[1] >= len(tokens):
            break
        value, j = number
        unit = tokens[j]
        if unit in _MINUTE_UNITS:
            minutes += value * _MINUTE_UNITS[unit]
            j += 1
            if unit.startswith("h") and tokens[j : j + 3] == ["and", "a", "half"]:
                minutes, j = minutes + 30, j + 3
        elif unit in _DAY_UNITS:
            days += value * _DAY_UNITS[unit]
            j += 1
        else:
            break
        i, found = j, True
        if i < len(tokens) and tokens[i] == "and" and _number(tokens, i + 1, articles=True):
            i += 1
    if not found:
        return None
    if i < len(tokens) and tokens[i] == "time":  # "in 2 weeks time"
        i += 1
    return minutes, days, i


def _date_at(tokens: list[str], i: int) -> tuple[tuple[str, tuple[int, ...]], int] | None:
    """A calendar date starting at ``i``: "3 June", "3rd of June 2027", "June 3", "3/6", "2026-06-03"."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    # The year 0 means "no year given"; a typed year 0 becomes -1, which no date has.
    if match := _ISO_DATE.fullmatch(tok):
        return ("date", (int(match[3]), int(match[2]), int(match[1]) or -1)), i + 1
    if match := _SLASH_DATE.fullmatch(tok):
        year = int(match[3]) if match[3] else 0
        if match[3] and year < 100:
            year = year + 2000 if year else 2000
        return ("date", (int(match[1]), int(match[2]), year)), i + 1
    day_match = _ORDINAL.fullmatch(tok) or (re.fullmatch(r"(\d{1,2})", tok) if nxt not in _AMPM else None)
    if day_match:
        j = i + 1
        if j < len(tokens) and tokens[j] == "of":
            j += 1
        if j < len(tokens) and tokens[j] in _MONTH_WORDS:
            year, k = _year_at(tokens, j + 1)
            return ("date", (int(day_match[1]), _MONTH_WORDS[tokens[j]], year)), k
    if (tok in _MONTH_WORDS and tok != "may") or (tok == "may" and nxt[:1].isdigit()):
        j = i + 1
        if j < len(tokens) and tokens[j] == "the":
            j += 1
        if j < len(tokens):
            day_match = _ORDINAL.fullmatch(tokens[j]) or re.fullmatch(r"(\d{1,2})", tokens[j])
            after = tokens[j + 1] if j + 1 < len(tokens) else ""
            if day_match and after not in _AMPM and after not in ("o'clock", "o"):
                year, k = _year_at(tokens, j + 1)
                return ("date", (int(day_match[1]), _MONTH_WORDS[tok], year)), k
    return None


def _year_at(tokens: list[str], i: int) -> tuple[int, int]:
    if i < len(tokens) and re.fullmatch(r"\d{4}", tokens[i]):
        return int(tokens[i]) or -1, i + 1
    return 0, i


def _clock_at(tokens: list[str], i: int) -> tuple[_Clock, int] | None:
    """A time of day at ``i``: "14:00", "7.30pm", "3pm", "3 pm", "3 o'clock", "at 3", "at three"."""
    tok = tokens[i]
    j = i
    if tok == "at" and i + 1 < len(tokens):
        j = i + 1
        tok = tokens[j]
    nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
    ampm = nxt if nxt in _AMPM else None
    if match := _CLOCK.fullmatch(tok):
        end = j + 2 if ampm else j + 1
        return _Clock(int(match[1]), int(match[2]), ampm, True, match[1]), end
    if (tok.isdigit() and len(tok) <= 2) or (tok in _NUMBER_WORDS and _NUMBER_WORDS[tok] <= 12):
        hour = int(tok) if tok.isdigit() else _NUMBER_WORDS[tok]
        typed = str(hour)
        if ampm:
            return _Clock(hour, 0, ampm, False, typed), j + 2
        if nxt == "o'clock":
            return _Clock(hour, 0, None, False, typed), j + 2
        if nxt == "o" and j + 2 < len(tokens) and tokens[j + 2] == "clock":
            return _Clock(hour, 0, None, False, typed), j + 3
        if j > i or tok.isdigit():  # "at 3", or a bare number such as "friday 10"
            return _Clock(hour, 0, None, False, typed), j + 1
    return None


def _scan(tokens: list[str], *, repeat: bool) -> _Found:
    found = _Found()
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else ""
        # "in 20 minutes", "20 minutes from now"
        if not repeat:
            start = i + 1 if tok == "in" else i
            span = _duration(tokens, start)
            if span and (tok == "in" or tokens[span[2] : span[2] + 2] == ["from", "now"]):
                minutes, days, end = span
                found.minutes += minutes
                found.day_offset += days
                found.relative = True
                i = end + (2 if tok != "in" else 0)
                continue
        if repeat and tok in ("every", "each"):
            i = _scan_every(tokens, i + 1, found)
            continue
        if repeat and _scan_repeat_word(tokens, i, found):
            i += 1
            continue
        if repeat and tok in _ORDINAL_WORDS and nxt in _WEEKDAY_WORDS:
            found.nth_days.add((_ORDINAL_WORDS[tok], _WEEKDAY_WORDS[nxt]))
            i += 2
            continue
        if repeat and (match := _ORDINAL.fullmatch(tok)) and nxt in _WEEKDAY_WORDS:
            found.nth_days.add((int(match[1]), _WEEKDAY_WORDS[nxt]))
            i += 2
            continue
        if repeat and tok in ("first", "last") and nxt == "day":
            found.month_days.add(1 if tok == "first" else -1)
            i += 2
            continue
        if tok in ("today", "yesterday"):  # yesterday: so the answer is "that time has already gone"
            found.days.append(("offset", (0 if tok == "today" else -1,)))
            i += 1
            continue
        if tok in _TOMORROW:
            found.days.append(("offset", (1,)))
            i += 1
            continue
        if tokens[i : i + 3] == ["day", "after", "tomorrow"]:
            found.days.append(("offset", (2,)))
            i += 3
            continue
        if tok in ("next", "this", "coming") and nxt in _WEEKDAY_WORDS and not repeat:
            found.days.append(("weekday", (_WEEKDAY_WORDS[nxt], 1 if tok == "next" else 0)))
            i += 2
            continue
        if tok in _WEEKDAY_WORDS:
            if repeat:
                found.repeat_days.add(_WEEKDAY_WORDS[tok])
            else:
                following = _date_at(tokens, i + 1) if i + 1 < n else None
                if following is not None:  # "Tuesday 3 June": checked against the date later
                    found.weekday = _WEEKDAY_WORDS[tok]
                else:
                    found.days.append(("weekday", (_WEEKDAY_WORDS[tok], 0)))
            i += 1
            continue
        date_span = _date_at(tokens, i)
        if date_span is not None:
            found.days.append(date_span[0])
            i = date_span[1]
            continue
        if match := _ORDINAL.fullmatch(tok):  # "the 3rd": a day of the month
            if repeat:
                found.month_days.add(int(match[1]))
            else:
                found.days.append(("monthday", (int(match[1]),)))
            i += 1
            continue
        if tok in ("noon", "midday"):
            found.clocks.append(_Clock(12, 0, "pm", True, "12"))
            found.time_tokens.add(i)
            i += 1
            continue
        if tok == "midnight":
            found.midnight = True
            found.time_tokens.add(i)
            i += 1
            continue
        if tok in _PERIOD_WORDS:
            found.periods.append(_PERIOD_WORDS[tok])
            found.tonight = found.tonight or tok == "tonight"
            found.time_tokens.add(i)
            i += 2 if tok == "lunch" and nxt == "time" else 1
            continue
        clock_span = _clock_at(tokens, i)
        if clock_span is not None:
            found.clocks.append(clock_span[0])
            found.time_tokens.update(range(i, clock_span[1]))
            i = clock_span[1]
            continue
        if tok not in _FILLERS:
            found.unknown.append(tok)
        i += 1
    return found


# ---------------------------------------------------------------- repeats: the words that say how often


def _scan_every(tokens: list[str], i: int, found: _Found) -> int:
    """After "every" / "each": "day", "2 weeks", "other thursday", "weekday", "first monday" ..."""
    found.cue = True
    if i < len(tokens) and tokens[i] == "other":
        found.interval, i = 2, i + 1
    elif (number := _number(tokens, i)) is not None and i + 1 < len(tokens) and tokens[i + 1] not in _AMPM:
        found.interval, i = number
    if i >= len(tokens):
        return i
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if nxt in _WEEKDAY_WORDS and (tok in ("second", "third", "fourth") or re.fullmatch(r"[234](nd|rd|th)", tok)):
        found.every_nth = True
    unit = {
        "day": "DAILY",
        "days": "DAILY",
        "week": "WEEKLY",
        "weeks": "WEEKLY",
        "month": "MONTHLY",
        "months": "MONTHLY",
        "year": "YEARLY",
        "years": "YEARLY",
    }.get(tok)
    if tok in ("week", "weeks") and i + 1 < len(tokens) and tokens[i + 1] in ("day", "days"):
        found.repeat_days.update(range(5))  # "every week day"
        return i + 2
    if unit is not None:
        found.freqs.append(unit)
        return i + 1
    if tok in ("fortnight", "fortnights"):
        found.freqs.append("WEEKLY")
        found.interval *= 2
        return i + 1
    if tok in ("hour", "hours", "minute", "minutes", "min", "mins", "hr", "hrs"):
        found.too_often = True
        return i + 1
    return i  # "every monday", "every weekday", "every first monday": read by the main scanner


def _scan_repeat_word(tokens: list[str], i: int, found: _Found) -> bool:
    """One word that says how often: "daily", "mondays", "weekdays", "monthly" ..."""
    tok = tokens[i]
    if tok in ("daily", "weekly", "monthly", "yearly", "annually", "fortnightly"):
        found.cue = True
        found.freqs.append(
            {"daily": "DAILY", "monthly": "MONTHLY", "yearly": "YEARLY", "annually": "YEARLY"}.get(tok, "WEEKLY")
        )
        if tok == "fortnightly":
            found.interval *= 2
        return True
    if tok in ("hourly",):
        found.cue = found.too_often = True
        return True
    if tok in _WEEKDAY_PLURALS:
        found.cue = True
        found.repeat_days.add(_WEEKDAY_PLURALS[tok])
        return True
    if tok in ("weekday", "weekdays", "weekend", "weekends"):
        found.cue = found.cue or tok.endswith("s")
        found.repeat_days.update(range(5) if tok.startswith("weekday") else (5, 6))
        return True
    if tok in ("month", "months"):  # "of the month", "of every month"
        found.cue = True
        found.freqs.append("MONTHLY")
        return True
    return False


# ---------------------------------------------------------------- turning what was found into a time


def quoted_words(words: list[str]) -> str:
    """Words shown back each in quotes, as typed: '"blah"', '"next" and "week"', '"a", "b" and "c"'."""
    quoted = [texts.QUOTED_WORD.format(word=word) for word in words]
    if len(quoted) < 2:
        return "".join(quoted)
    return texts.LIST_AND.format(items=", ".join(quoted[:-1]), last=quoted[-1])


def _shown_words(words: list[str]) -> str:
    """Unknown words, safe to show back: plain words only, at most three."""
    return quoted_words([word for word in words if _SHOWN_WORD.fullmatch(word)][:3])


def _unknown_error(words: list[str], *, repeat: bool) -> UserError:
    shown = _shown_words(words)
    if not shown:
        return UserError(texts.REPEAT_NOT_UNDERSTOOD if repeat else texts.TIME_NOT_UNDERSTOOD)
    return UserError((texts.REPEAT_UNKNOWN_WORDS if repeat else texts.TIME_UNKNOWN_WORDS).format(words=shown))


def _ask_am_pm(hour: int) -> UserError:
    template = texts.TIME_AM_OR_PM_AFTERNOON if hour <= 5 else texts.TIME_AM_OR_PM_EVENING
    return UserError(template.format(hour=hour))


def _time_of_day(found: _Found) -> tuple[int, int] | None:
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
        if hour in _PERIOD_PM_HOURS[period]:
            return (hour % 12 + 12, minute)
        if hour in _PERIOD_AM_HOURS[period]:
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
    tokens = _clean(text, repeat=False)
    found = _scan(tokens, repeat=False)
    local_now = now_utc.astimezone(zone)
    today = local_now.date()

    if found.unknown:
        # Our grammar did not know some words: let dateparser read the words that are not the time of day.
        phrase = " ".join(tok for index, tok in enumerate(tokens) if index not in found.time_tokens)
        said_day = [values[0] for kind, values in found.days if kind == "monthday"]
        day = None
        if (
            "month" in found.unknown
            and set(found.unknown) <= _DATEPARSER_WORDS
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
    tokens = _clean(text, repeat=True)
    found = _scan(tokens, repeat=True)
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


def _rule(found: _Found) -> str:
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
            raise UserError(texts.REPEAT_WEEKS_OR_NTH.format(n=nth, nth=_NTH_NAMES[nth], weekday=WEEKDAY_NAMES[day]))
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
