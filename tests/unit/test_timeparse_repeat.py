"""parse_repeat: typed repeats -> a rule and its first time, and questions instead of guesses."""

from __future__ import annotations

import pytest

from bot import texts
from bot.errors import UserError
from bot.recurrence import next_occurrence, validate_rule
from bot.timeparse import parse_repeat
from tests.unit.test_timeparse import LONDON, MON_1_JUNE, SAT_BEFORE_SPRING, message, wall

# ---------------------------------------------------------------- parse_repeat


@pytest.mark.parametrize(
    ("text", "rule", "words", "first"),
    [
        ("every day at 9am", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "every day at 9am", "2026-06-02 09:00 BST"),
        ("daily at 7:15", "FREQ=DAILY;BYHOUR=7;BYMINUTE=15", "every day at 7:15am", "2026-06-02 07:15 BST"),
        (
            "every Monday at 10am",
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0",
            "every Monday at 10am",
            "2026-06-08 10:00 BST",  # 10am today is now, not after now
        ),
        (
            "every 2 weeks on Thursday at 9am",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=9;BYMINUTE=0",
            "every 2 weeks on Thursday at 9am",
            "2026-06-04 09:00 BST",  # the coming Thursday, not one in two weeks
        ),
        (
            "every other friday at 6pm",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=18;BYMINUTE=0",
            "every 2 weeks on Friday at 6pm",
            "2026-06-05 18:00 BST",
        ),
        (
            "fortnightly on tuesday at 9am",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=9;BYMINUTE=0",
            "every 2 weeks on Tuesday at 9am",
            "2026-06-02 09:00 BST",
        ),
        (
            "first Monday of the month at 10am",
            "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=10;BYMINUTE=0",
            "on the first Monday of every month at 10am",
            "2026-07-06 10:00 BST",
        ),
        (
            "the last friday of each month at 4pm",
            "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16;BYMINUTE=0",
            "on the last Friday of every month at 4pm",
            "2026-06-26 16:00 BST",
        ),
        (
            "second thursday of every month at 7pm",
            "FREQ=MONTHLY;BYDAY=2TH;BYHOUR=19;BYMINUTE=0",
            "on the second Thursday of every month at 7pm",
            "2026-06-11 19:00 BST",
        ),
        (
            "weekdays at 8:30",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30",
            "every weekday at 8:30am",
            "2026-06-02 08:30 BST",
        ),
        (
            "every weekday at 8:30am",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30",
            "every weekday at 8:30am",
            "2026-06-02 08:30 BST",
        ),
        (
            "every month on the 3rd at 10am",
            "FREQ=MONTHLY;BYMONTHDAY=3;BYHOUR=10;BYMINUTE=0",
            "every month on the 3rd at 10am",
            "2026-06-03 10:00 BST",
        ),
        (
            "on the 1st of every month at 9am",
            "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0",
            "every month on the 1st at 9am",
            "2026-07-01 09:00 BST",
        ),
        (
            "last day of the month at 5pm",
            "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=17;BYMINUTE=0",
            "on the last day of every month at 5pm",
            "2026-06-30 17:00 BST",
        ),
        (
            "mondays and thursdays at 7pm",
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=19;BYMINUTE=0",
            "every Monday and Thursday at 7pm",
            "2026-06-01 19:00 BST",
        ),
        (
            "every mon, wed and fri at 12:15",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=12;BYMINUTE=15",
            "every Monday, Wednesday and Friday at 12:15pm",
            "2026-06-01 12:15 BST",
        ),
        (
            "every saturday morning",
            "FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0",
            "every Saturday at 9am",
            "2026-06-06 09:00 BST",
        ),
        (
            "every monday evening at 7",
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=19;BYMINUTE=0",
            "every Monday at 7pm",
            "2026-06-01 19:00 BST",
        ),
        (
            "every 3 months on the 1st at 9am",
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0",
            "every 3 months on the 1st at 9am",
            "2026-07-01 09:00 BST",
        ),
        (
            "every year on 3 June at 10am",
            "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=3;BYHOUR=10;BYMINUTE=0",
            "every year on 3 June at 10am",
            "2026-06-03 10:00 BST",
        ),
    ],
)
def test_parse_repeat_examples(text: str, rule: str, words: str, first: str) -> None:
    recurrence, first_utc = parse_repeat(text, LONDON, MON_1_JUNE)
    assert recurrence.rule == rule
    assert recurrence.timezone == LONDON
    assert recurrence.describe() == words
    assert wall(first_utc) == first
    validate_rule(recurrence.rule)


def test_parse_repeat_series_runs_on_from_the_first() -> None:
    recurrence, first = parse_repeat("every 2 weeks on Thursday at 9am", LONDON, MON_1_JUNE)
    second = next_occurrence(recurrence.rule, recurrence.timezone, first, first)
    assert second is not None and wall(second) == "2026-06-18 09:00 BST"


def test_parse_repeat_first_occurrence_in_a_gap_moves_forward() -> None:
    recurrence, first = parse_repeat("every day at 1:30am", LONDON, SAT_BEFORE_SPRING)
    assert wall(first) == "2026-03-29 02:30 BST"  # a repeat never stops for a clock change
    second = next_occurrence(recurrence.rule, LONDON, first, first)
    assert second is not None and wall(second) == "2026-03-30 01:30 BST"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every 2 weeks on Thursday", texts.REPEAT_NEEDS_TIME),
        ("every day", texts.REPEAT_NEEDS_TIME),
        ("every Monday at 10", texts.TIME_AM_OR_PM_EVENING.format(hour=10)),
        ("every day at 3", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("every week at 10am", texts.REPEAT_NEEDS_WEEKDAY),
        ("weekly at 10am", texts.REPEAT_NEEDS_WEEKDAY),
        ("every month at 10am", texts.REPEAT_NEEDS_MONTH_DAY),
        ("every year at 10am", texts.REPEAT_NEEDS_DATE),
        ("every hour", texts.REPEAT_TOO_OFTEN),
        ("every 30 minutes", texts.REPEAT_TOO_OFTEN),
        ("hourly", texts.REPEAT_TOO_OFTEN),
        ("every month on the 31st at 10am", texts.REPEAT_MONTH_DAY_MISSING.format(day="31st")),
        ("every 400 days at 9am", texts.REPEAT_GAP_TOO_LONG.format(limit=365)),
        (
            "every second thursday at 7pm",
            texts.REPEAT_WEEKS_OR_NTH.format(n=2, nth="second", weekday="Thursday"),
        ),
        ("every day at midnight", texts.TIME_MIDNIGHT_WHICH),
        ("tomorrow at 3pm", texts.REPEAT_NOT_UNDERSTOOD),  # one time, not a repeat
        ("2nd at 2pm", texts.REPEAT_NOT_UNDERSTOOD),
        ("every tomorrow at 3pm", texts.REPEAT_NOT_UNDERSTOOD),
        ("daily on the 3rd at 9am", texts.REPEAT_NOT_UNDERSTOOD),
        ("every monday on the 3rd at 9am", texts.REPEAT_NOT_UNDERSTOOD),
        ("every fifth monday at 9am", texts.REPEAT_NOT_UNDERSTOOD),
        ("every day at 9am forever", texts.REPEAT_UNKNOWN_WORDS.format(words='"forever"')),
        ("@everyone every day at 9am", texts.REPEAT_NOT_UNDERSTOOD),
    ],
)
def test_parse_repeat_asks_instead_of_guessing(text: str, expected: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_repeat(text, LONDON, MON_1_JUNE)
    assert message(caught) == expected
