"""Reading typed words: what day, time, duration and repeat they say (bot/timeparse.py turns it into a time)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bot import texts
from bot.errors import UserError
from bot.timeparse_words import (
    AMPM,
    CHUNK_OK,
    CLOCK,
    DAY_UNITS,
    FILLERS,
    ISO_DATE,
    MAX_TEXT,
    MINUTE_UNITS,
    MONTH_WORDS,
    NUMBER_WORDS,
    ORDINAL,
    ORDINAL_WORDS,
    PERIOD_WORDS,
    SLASH_DATE,
    TOKEN,
    TOMORROW,
    WEEKDAY_PLURALS,
    WEEKDAY_WORDS,
)

# ---------------------------------------------------------------- what the words say


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    ampm: str | None  # "am", "pm" or None
    with_minutes: bool  # "10:30" (24-hour) rather than "10"
    typed: str  # the hour as typed, for the question


@dataclass
class Found:
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


def clean(text: object, *, repeat: bool) -> list[str]:
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
        if not CHUNK_OK.fullmatch(chunk):
            # Mentions, markdown, emoji, control characters: never read, never echoed.
            raise UserError(not_understood)
        tokens.extend(tok for tok in TOKEN.findall(chunk) if tok not in ("-", ".", "/", ":", "'"))
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
    if tok in NUMBER_WORDS:
        value = NUMBER_WORDS[tok]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if value >= 20 and value % 10 == 0 and nxt in NUMBER_WORDS and NUMBER_WORDS[nxt] < 10:
            return value + NUMBER_WORDS[nxt], i + 2
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
        if unit in MINUTE_UNITS:
            minutes += value * MINUTE_UNITS[unit]
            j += 1
            if unit.startswith("h") and tokens[j : j + 3] == ["and", "a", "half"]:
                minutes, j = minutes + 30, j + 3
        elif unit in DAY_UNITS:
            days += value * DAY_UNITS[unit]
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
    if match := ISO_DATE.fullmatch(tok):
        return ("date", (int(match[3]), int(match[2]), int(match[1]) or -1)), i + 1
    if match := SLASH_DATE.fullmatch(tok):
        year = int(match[3]) if match[3] else 0
        if match[3] and year < 100:
            year = year + 2000 if year else 2000
        return ("date", (int(match[1]), int(match[2]), year)), i + 1
    day_match = ORDINAL.fullmatch(tok) or (re.fullmatch(r"(\d{1,2})", tok) if nxt not in AMPM else None)
    if day_match:
        j = i + 1
        if j < len(tokens) and tokens[j] == "of":
            j += 1
        if j < len(tokens) and tokens[j] in MONTH_WORDS:
            year, k = _year_at(tokens, j + 1)
            return ("date", (int(day_match[1]), MONTH_WORDS[tokens[j]], year)), k
    if (tok in MONTH_WORDS and tok != "may") or (tok == "may" and nxt[:1].isdigit()):
        j = i + 1
        if j < len(tokens) and tokens[j] == "the":
            j += 1
        if j < len(tokens):
            day_match = ORDINAL.fullmatch(tokens[j]) or re.fullmatch(r"(\d{1,2})", tokens[j])
            after = tokens[j + 1] if j + 1 < len(tokens) else ""
            if day_match and after not in AMPM and after not in ("o'clock", "o"):
                year, k = _year_at(tokens, j + 1)
                return ("date", (int(day_match[1]), MONTH_WORDS[tok], year)), k
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
    ampm = nxt if nxt in AMPM else None
    if match := CLOCK.fullmatch(tok):
        end = j + 2 if ampm else j + 1
        return _Clock(int(match[1]), int(match[2]), ampm, True, match[1]), end
    if (tok.isdigit() and len(tok) <= 2) or (tok in NUMBER_WORDS and NUMBER_WORDS[tok] <= 12):
        hour = int(tok) if tok.isdigit() else NUMBER_WORDS[tok]
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


def scan(tokens: list[str], *, repeat: bool) -> Found:
    found = Found()
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
        if repeat and tok in ORDINAL_WORDS and nxt in WEEKDAY_WORDS:
            found.nth_days.add((ORDINAL_WORDS[tok], WEEKDAY_WORDS[nxt]))
            i += 2
            continue
        if repeat and (match := ORDINAL.fullmatch(tok)) and nxt in WEEKDAY_WORDS:
            found.nth_days.add((int(match[1]), WEEKDAY_WORDS[nxt]))
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
        if tok in TOMORROW:
            found.days.append(("offset", (1,)))
            i += 1
            continue
        if tokens[i : i + 3] == ["day", "after", "tomorrow"]:
            found.days.append(("offset", (2,)))
            i += 3
            continue
        if tok in ("next", "this", "coming") and nxt in WEEKDAY_WORDS and not repeat:
            found.days.append(("weekday", (WEEKDAY_WORDS[nxt], 1 if tok == "next" else 0)))
            i += 2
            continue
        if tok in WEEKDAY_WORDS:
            if repeat:
                found.repeat_days.add(WEEKDAY_WORDS[tok])
            else:
                following = _date_at(tokens, i + 1) if i + 1 < n else None
                if following is not None:  # "Tuesday 3 June": checked against the date later
                    found.weekday = WEEKDAY_WORDS[tok]
                else:
                    found.days.append(("weekday", (WEEKDAY_WORDS[tok], 0)))
            i += 1
            continue
        date_span = _date_at(tokens, i)
        if date_span is not None:
            found.days.append(date_span[0])
            i = date_span[1]
            continue
        if match := ORDINAL.fullmatch(tok):  # "the 3rd": a day of the month
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
        if tok in PERIOD_WORDS:
            found.periods.append(PERIOD_WORDS[tok])
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
        if tok not in FILLERS:
            found.unknown.append(tok)
        i += 1
    return found


# ---------------------------------------------------------------- repeats: the words that say how often


def _scan_every(tokens: list[str], i: int, found: Found) -> int:
    """After "every" / "each": "day", "2 weeks", "other thursday", "weekday", "first monday" ..."""
    found.cue = True
    if i < len(tokens) and tokens[i] == "other":
        found.interval, i = 2, i + 1
    elif (number := _number(tokens, i)) is not None and i + 1 < len(tokens) and tokens[i + 1] not in AMPM:
        found.interval, i = number
    if i >= len(tokens):
        return i
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if nxt in WEEKDAY_WORDS and (tok in ("second", "third", "fourth") or re.fullmatch(r"[234](nd|rd|th)", tok)):
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


def _scan_repeat_word(tokens: list[str], i: int, found: Found) -> bool:
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
    if tok in WEEKDAY_PLURALS:
        found.cue = True
        found.repeat_days.add(WEEKDAY_PLURALS[tok])
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
