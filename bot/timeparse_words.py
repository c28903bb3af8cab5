"""The words and patterns typed times are read with (bot/timeparse.py reads them)."""

from __future__ import annotations

import re

from bot import texts

MAX_TEXT = 100  # length limit of typed time text
MAX_YEARS_AHEAD = 5

# Default hours for parts of the day (documented above).
PERIOD_HOURS = {"morning": 9, "lunchtime": 12, "afternoon": 14, "evening": 18, "night": 19}
# With a part of the day, an hour from 1 to 12 without am/pm is read like this; other hours are asked about.
PERIOD_PM_HOURS = {
    "morning": (),
    "lunchtime": (12, 1, 2),
    "afternoon": (12, 1, 2, 3, 4, 5, 6),
    "evening": (5, 6, 7, 8, 9, 10, 11),
    "night": (5, 6, 7, 8, 9, 10, 11),
}
PERIOD_AM_HOURS = {
    "morning": (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
    "lunchtime": (11,),
    "afternoon": (),
    "evening": (),
    "night": (),
}
PERIOD_WORDS = {
    "morning": "morning",
    "afternoon": "afternoon",
    "evening": "evening",
    "night": "night",
    "tonight": "night",
    "lunchtime": "lunchtime",
    "lunch": "lunchtime",
}

WEEKDAY_WORDS: dict[str, int] = {}
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
        WEEKDAY_WORDS[_name] = _index
WEEKDAY_PLURALS = {name + "s": index for name, index in WEEKDAY_WORDS.items() if len(name) > 3}

MONTH_WORDS: dict[str, int] = {}
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
        MONTH_WORDS[_name] = _index

NUMBER_WORDS = {
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
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
NTH_NAMES = {2: texts.NTH_SECOND, 3: texts.NTH_THIRD, 4: texts.NTH_FOURTH}
MINUTE_UNITS = {"min": 1, "mins": 1, "minute": 1, "minutes": 1, "hr": 60, "hrs": 60, "hour": 60, "hours": 60}
DAY_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "fortnight": 14, "fortnights": 14}
TOMORROW = {"tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow"}
FILLERS = {"at", "on", "the", "of", "in", "this", "and"}
# dateparser accepts muddled text ("after mon" is read as 8 June), so it only reads the date words for
# "the 3rd of next month": a day of the month said, and only these words unknown to our grammar.
DATEPARSER_WORDS = {"next", "month"}
AMPM = {"am", "pm"}

TOKEN = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"  # 2026-06-03
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # 3/6 or 3/6/2026 (day first)
    r"|\d{1,2}[:.]\d{2}"  # 14:00, 7.30
    r"|\d+(?:st|nd|rd|th)(?![a-z])"  # 3rd
    r"|\d+"
    r"|[a-z]+(?:'[a-z]+)?"  # o'clock
    r"|."
)
CHUNK_OK = re.compile(r"[a-z0-9:./'-]+")
CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
SHOWN_WORD = re.compile(r"[a-z0-9'-]{1,20}")
