"""Typed time text: examples with fixed "nows" (some near clock changes), every question, and fuzzing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.errors import UserError
from bot.recurrence import next_occurrence, validate_rule
from bot.timefmt import when_words
from bot.timeparse import MAX_TEXT, parse_repeat, parse_when

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
SYDNEY = "Australia/Sydney"

MON_1_JUNE = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # Monday 10:00 BST
SAT_BEFORE_SPRING = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # Saturday 12:00 GMT; clocks go forward tonight
SAT_BEFORE_AUTUMN = datetime(2026, 10, 24, 11, 0, tzinfo=UTC)  # Saturday 12:00 BST; clocks go back tonight
NEW_YEARS_EVE = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)  # Thursday 20:00 GMT
NY_BEFORE_SPRING = datetime(2026, 3, 7, 17, 0, tzinfo=UTC)  # Saturday 12:00 EST
SYDNEY_BEFORE_SPRING = datetime(2026, 10, 3, 2, 0, tzinfo=UTC)  # Saturday 12:00 AEST
NOWS = [MON_1_JUNE, SAT_BEFORE_SPRING, SAT_BEFORE_AUTUMN, NEW_YEARS_EVE, NY_BEFORE_SPRING, SYDNEY_BEFORE_SPRING]


def wall(dt: datetime, zone: str = LONDON) -> str:
    return dt.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def message(exc: pytest.ExceptionInfo[UserError]) -> str:
    return exc.value.message


# ---------------------------------------------------------------- parse_when: examples


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # The forms we promise, on Monday 1 June 2026 at 10:00 BST.
        ("tomorrow at 3pm", MON_1_JUNE, "2026-06-02 15:00 BST"),
        ("friday 10:30", MON_1_JUNE, "2026-06-05 10:30 BST"),
        ("3 June 14:00", MON_1_JUNE, "2026-06-03 14:00 BST"),
        ("next Tuesday evening", MON_1_JUNE, "2026-06-02 18:00 BST"),
        ("today 5pm", MON_1_JUNE, "2026-06-01 17:00 BST"),
        ("14:00", MON_1_JUNE, "2026-06-01 14:00 BST"),
        # Parts of the day.
        ("tomorrow morning", MON_1_JUNE, "2026-06-02 09:00 BST"),
        ("this afternoon", MON_1_JUNE, "2026-06-01 14:00 BST"),
        ("lunchtime", MON_1_JUNE, "2026-06-01 12:00 BST"),
        ("tomorrow at noon", MON_1_JUNE, "2026-06-02 12:00 BST"),
        ("midday", MON_1_JUNE, "2026-06-01 12:00 BST"),
        ("tonight", MON_1_JUNE, "2026-06-01 19:00 BST"),
        ("friday night", MON_1_JUNE, "2026-06-05 19:00 BST"),
        ("midnight", MON_1_JUNE, "2026-06-02 00:00 BST"),
        ("tonight at midnight", MON_1_JUNE, "2026-06-02 00:00 BST"),
        # A part of the day says am or pm.
        ("tonight at 8", MON_1_JUNE, "2026-06-01 20:00 BST"),
        ("tonight at 7:30", MON_1_JUNE, "2026-06-01 19:30 BST"),
        ("tomorrow evening at 7", MON_1_JUNE, "2026-06-02 19:00 BST"),
        ("3 in the afternoon", MON_1_JUNE, "2026-06-01 15:00 BST"),
        ("tomorrow at 6 in the morning", MON_1_JUNE, "2026-06-02 06:00 BST"),
        # Clock forms.
        ("Tomorrow At 3 PM", MON_1_JUNE, "2026-06-02 15:00 BST"),
        ("tomorrow 3 p.m.", MON_1_JUNE, "2026-06-02 15:00 BST"),
        ("tomorrow at 7.30pm", MON_1_JUNE, "2026-06-02 19:30 BST"),
        ("tomorrow at seven pm", MON_1_JUNE, "2026-06-02 19:00 BST"),
        ("friday 10:30pm", MON_1_JUNE, "2026-06-05 22:30 BST"),
        ("wed 12am", MON_1_JUNE, "2026-06-03 00:00 BST"),
        ("wed 12pm", MON_1_JUNE, "2026-06-03 12:00 BST"),
        ("12", MON_1_JUNE, "2026-06-01 12:00 BST"),
        ("at 13", MON_1_JUNE, "2026-06-01 13:00 BST"),
        ("friday at 18:45.", MON_1_JUNE, "2026-06-05 18:45 BST"),
        # Days.
        ("monday 11am", MON_1_JUNE, "2026-06-01 11:00 BST"),  # today, still ahead
        ("monday 9am", MON_1_JUNE, "2026-06-08 09:00 BST"),  # today's has gone: next week
        ("next monday 11am", MON_1_JUNE, "2026-06-08 11:00 BST"),
        ("this friday at 2pm", MON_1_JUNE, "2026-06-05 14:00 BST"),
        ("on thurs at 4pm", MON_1_JUNE, "2026-06-04 16:00 BST"),
        ("the day after tomorrow at 9am", MON_1_JUNE, "2026-06-03 09:00 BST"),
        ("3rd of June at 3pm", MON_1_JUNE, "2026-06-03 15:00 BST"),
        ("June 3rd at 3pm", MON_1_JUNE, "2026-06-03 15:00 BST"),
        ("Wednesday 3 June 2pm", MON_1_JUNE, "2026-06-03 14:00 BST"),
        ("3/6 14:00", MON_1_JUNE, "2026-06-03 14:00 BST"),  # day first, as in the UK
        ("4/7/2026 at 10am", MON_1_JUNE, "2026-07-04 10:00 BST"),
        ("2026-06-03 9am", MON_1_JUNE, "2026-06-03 09:00 BST"),
        ("31 May 9am", MON_1_JUNE, "2027-05-31 09:00 BST"),  # passed this year: next year
        ("3 june 2027 at 9am", MON_1_JUNE, "2027-06-03 09:00 BST"),
        ("the 3rd at 9am", MON_1_JUNE, "2026-06-03 09:00 BST"),
        ("the 3rd of next month at 3pm", MON_1_JUNE, "2026-07-03 15:00 BST"),  # read by dateparser
        ("29 feb at 10am", MON_1_JUNE, "2028-02-29 10:00 GMT"),
        # Relative days keep the clock time (or take the one given).
        ("in 3 days", MON_1_JUNE, "2026-06-04 10:00 BST"),
        ("in 3 days at 3pm", MON_1_JUNE, "2026-06-04 15:00 BST"),
        ("in 2 weeks at 9am", MON_1_JUNE, "2026-06-15 09:00 BST"),
        # Near the spring clock change (London): a real time on the far side of the gap is fine.
        ("tomorrow at 3pm", SAT_BEFORE_SPRING, "2026-03-29 15:00 BST"),
        ("tomorrow at 2:30am", SAT_BEFORE_SPRING, "2026-03-29 02:30 BST"),
        ("tomorrow at 12:30am", SAT_BEFORE_SPRING, "2026-03-29 00:30 GMT"),
        ("in 1 day", SAT_BEFORE_SPRING, "2026-03-29 12:00 BST"),
        ("next Tuesday evening", SAT_BEFORE_SPRING, "2026-03-31 18:00 BST"),
        # Near the autumn clock change.
        ("tomorrow at 3pm", SAT_BEFORE_AUTUMN, "2026-10-25 15:00 GMT"),
        ("tomorrow at 2:30am", SAT_BEFORE_AUTUMN, "2026-10-25 02:30 GMT"),
        ("midnight", SAT_BEFORE_AUTUMN, "2026-10-25 00:00 BST"),
        # Into a new year.
        ("tomorrow at 9am", NEW_YEARS_EVE, "2027-01-01 09:00 GMT"),
        ("friday 10:30", NEW_YEARS_EVE, "2027-01-01 10:30 GMT"),
        ("3 June 14:00", NEW_YEARS_EVE, "2027-06-03 14:00 BST"),
        ("the 3rd at 9am", NEW_YEARS_EVE, "2027-01-03 09:00 GMT"),
        ("midnight", NEW_YEARS_EVE, "2027-01-01 00:00 GMT"),
        ("tonight at 11pm", NEW_YEARS_EVE, "2026-12-31 23:00 GMT"),
    ],
)
def test_parse_when_examples(text: str, now: datetime, expected: str) -> None:
    result = parse_when(text, LONDON, now)
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)
    assert wall(result) == expected
    assert result > now


@pytest.mark.parametrize("now", NOWS)
@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("in 20 minutes", timedelta(minutes=20)),
        ("in 2 hours", timedelta(hours=2)),
        ("in half an hour", timedelta(minutes=30)),
        ("in an hour and a half", timedelta(minutes=90)),
        ("in 1 hour 15 minutes", timedelta(minutes=75)),
        ("20 minutes from now", timedelta(minutes=20)),
        ("in twenty five mins", timedelta(minutes=25)),
        ("in 24 hours", timedelta(hours=24)),  # exact, even across a clock change
    ],
)
def test_relative_times_are_exact(text: str, delta: timedelta, now: datetime) -> None:
    assert parse_when(text, LONDON, now) == now + delta


@pytest.mark.parametrize(
    ("text", "zone", "now", "expected"),
    [
        ("tomorrow at 9am", NEW_YORK, NY_BEFORE_SPRING, "2026-03-08 09:00 EDT"),
        ("tomorrow at 1:30am", NEW_YORK, NY_BEFORE_SPRING, "2026-03-08 01:30 EST"),
        ("tomorrow at 9am", SYDNEY, SYDNEY_BEFORE_SPRING, "2026-10-04 09:00 AEDT"),
        ("friday 10:30", SYDNEY, SYDNEY_BEFORE_SPRING, "2026-10-09 10:30 AEDT"),
    ],
)
def test_parse_when_in_other_zones(text: str, zone: str, now: datetime, expected: str) -> None:
    assert wall(parse_when(text, zone, now), zone) == expected


# ---------------------------------------------------------------- parse_when: questions and refusals


def test_clock_changes_are_asked_about() -> None:
    with pytest.raises(UserError) as missing:
        parse_when("1:30am on 29 March 2026", LONDON, SAT_BEFORE_SPRING)
    assert message(missing) == (
        "1:30am on 29 March 2026 does not exist in UK time. The clocks go forward then. Please pick another time."
    )
    with pytest.raises(UserError) as twice:
        parse_when("01:30 on 25 October 2026", LONDON, SAT_BEFORE_AUTUMN)
    assert message(twice) == (
        "1:30am on 25 October 2026 happens twice in UK time. The clocks go back then. Please pick another time."
    )
    with pytest.raises(UserError, match="does not exist in New York time"):
        parse_when("tomorrow at 2:30am", NEW_YORK, NY_BEFORE_SPRING)
    with pytest.raises(UserError, match="does not exist in Sydney time"):
        parse_when("tomorrow at 2:15am", SYDNEY, SYDNEY_BEFORE_SPRING)
    with pytest.raises(UserError, match="happens twice in Sydney time"):
        parse_when("2:30am on 5 April 2026", SYDNEY, SYDNEY_BEFORE_SPRING - timedelta(days=200))
    with pytest.raises(UserError, match="does not exist"):
        parse_when("tomorrow at 1am", LONDON, SAT_BEFORE_SPRING)
    with pytest.raises(UserError, match="happens twice"):
        parse_when("in 1 day", LONDON, datetime(2026, 10, 24, 0, 45, tzinfo=UTC))  # 01:45 BST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 3", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("3", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("tomorrow at three", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("friday 3 o'clock", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("friday at 10", texts.TIME_AM_OR_PM_EVENING.format(hour=10)),
        ("friday 10", texts.TIME_AM_OR_PM_EVENING.format(hour=10)),
        ("3 June at 11", texts.TIME_AM_OR_PM_EVENING.format(hour=11)),
        ("tonight at 2", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=2)),  # 2 is not at night
        ("friday", texts.TIME_NEEDS_TIME),
        ("next tuesday", texts.TIME_NEEDS_TIME),
        ("3 June", texts.TIME_NEEDS_TIME),
        ("9am", texts.TIME_IN_PAST),  # 9am today has gone
        ("1 June 9am", texts.TIME_IN_PAST),
        ("yesterday at 3pm", texts.TIME_IN_PAST),
        ("3 June 2025 at 3pm", texts.TIME_IN_PAST),
        ("in 0 minutes", texts.TIME_IN_PAST),
        ("at 0", texts.TIME_IN_PAST),
        ("3 June 2035 at 3pm", texts.TIME_TOO_FAR.format(years=5)),
        ("9999-12-31 11pm", texts.TIME_TOO_FAR.format(years=5)),
        ("31 June 3pm", texts.TIME_NO_SUCH_DATE),
        ("29 Feb 2027 3pm", texts.TIME_NO_SUCH_DATE),
        ("31/13 3pm", texts.TIME_NO_SUCH_DATE),
        ("the 31st at 3pm", texts.TIME_NO_SUCH_DATE),  # June has 30 days
        ("Tuesday 3 June 2pm", texts.TIME_WRONG_WEEKDAY.format(date="3 June 2026", weekday="Wednesday")),
        ("tomorrow friday 3pm", texts.TIME_TWO_DAYS),
        ("in 2 days on friday at 3pm", texts.TIME_TWO_DAYS),
        ("3pm 4pm", texts.TIME_TWO_TIMES),
        ("in 2 hours at 3pm", texts.TIME_TWO_TIMES),
        ("tomorrow morning evening", texts.TIME_TWO_TIMES),
        ("friday at midnight", texts.TIME_MIDNIGHT_WHICH),
        ("25:00", texts.TIME_NOT_ON_CLOCK.format(time="25")),
        ("13pm", texts.TIME_NOT_ON_CLOCK.format(time="13pm")),
        ("10:75", texts.TIME_NOT_ON_CLOCK.format(time="10:75")),
        ("blah 3pm", texts.TIME_UNKNOWN_WORDS.format(words='"blah"')),
        ("next week at 3pm", texts.TIME_UNKNOWN_WORDS.format(words='"next" and "week"')),
        ("tomorrow after lunch, ok", texts.TIME_UNKNOWN_WORDS.format(words='"after" and "ok"')),
        ("at the", texts.TIME_NOT_UNDERSTOOD),
    ],
)
def test_parse_when_asks_instead_of_guessing(text: str, expected: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, LONDON, MON_1_JUNE)
    assert message(caught) == expected


@pytest.mark.parametrize(
    "text",
    [
        "@everyone",
        "@here tomorrow at 3pm",
        "<@123456789> tomorrow at 3pm",
        "<@&42> friday 10:30",
        "**tomorrow** at 3pm",
        "`tomorrow at 3pm`",
        "tomorrow at 3pm 🎉",
        "⏰ 3pm",
        "tomorrow\x00 at 3pm",
        "\x00",
        "tomorrow at 3pm\u202e",
        "https://example.com/3pm",
        "[tomorrow](https://x.y) 3pm",
        "tomorrow; DROP TABLE users",
        "{tomorrow} at 3pm",
        "ｔｏｍｏｒｒｏｗ ａｔ ３ｐｍ　🙂",
    ],
)
def test_hostile_text_gets_a_user_error(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, LONDON, MON_1_JUNE)
    assert "{" not in message(caught)
    assert "@" not in message(caught) and "<" not in message(caught)
    with pytest.raises(UserError):
        parse_repeat(text, LONDON, MON_1_JUNE)


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u3000"])
def test_empty_text(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, LONDON, MON_1_JUNE)
    assert message(caught) == texts.TIME_EMPTY
    with pytest.raises(UserError):
        parse_repeat(text, LONDON, MON_1_JUNE)


@pytest.mark.parametrize("text", ["a" * (MAX_TEXT + 1), "tomorrow at 3pm " * 700, "x" * 10_000])
def test_long_text(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, LONDON, MON_1_JUNE)
    assert message(caught) == texts.TIME_TOO_LONG.format(limit=MAX_TEXT)
    with pytest.raises(UserError):
        parse_repeat(text, LONDON, MON_1_JUNE)


def test_unknown_zone_is_a_user_error_and_naive_now_is_a_bug() -> None:
    with pytest.raises(UserError):
        parse_when("tomorrow at 3pm", "Not/AZone", MON_1_JUNE)
    with pytest.raises(UserError):
        parse_repeat("every day at 9am", "Not/AZone", MON_1_JUNE)
    with pytest.raises(ValueError):
        parse_when("tomorrow at 3pm", LONDON, datetime(2026, 6, 1, 9, 0))


def test_unknown_words_shown_back_are_plain_and_few() -> None:
    with pytest.raises(UserError) as caught:
        parse_when("foo bar baz qux 3pm", LONDON, MON_1_JUNE)
    assert message(caught) == texts.TIME_UNKNOWN_WORDS.format(words='"foo", "bar" and "baz"')


# ---------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(NOWS),
    st.sampled_from([LONDON, NEW_YORK, SYDNEY]),
    st.integers(0, 23),
    st.sampled_from([0, 5, 30, 59]),
)
def test_tomorrow_at_hh_mm_is_that_wall_clock_time_or_a_question(
    now: datetime, zone: str, hour: int, minute: int
) -> None:
    text = f"tomorrow at {hour}:{minute:02d}"
    tomorrow = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    try:
        result = parse_when(text, zone, now)
    except UserError as error:
        assert "does not exist" in error.message or "happens twice" in error.message
        return
    here = result.astimezone(ZoneInfo(zone))
    assert (here.date(), here.hour, here.minute) == (tomorrow, hour, minute)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NOWS), st.integers(0, 6), st.integers(1, 12), st.sampled_from(["am", "pm"]))
def test_a_weekday_is_within_a_week_and_in_the_future(now: datetime, weekday: int, hour: int, ampm: str) -> None:
    day = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][weekday]
    try:
        result = parse_when(f"{day} at {hour}{ampm}", LONDON, now)
    except UserError as error:
        assert "does not exist" in error.message or "happens twice" in error.message
        return
    here = result.astimezone(ZoneInfo(LONDON))
    assert here.weekday() == weekday
    assert here.hour == hour % 12 + (12 if ampm == "pm" else 0)
    assert result > now
    # Within a week in local days (in UTC it can be 7 days and an hour, across a clock change).
    assert 0 <= (here.date() - now.astimezone(ZoneInfo(LONDON)).date()).days <= 7


WORDS = (
    "every each other daily weekly fortnightly monthly yearly hourly day days week weeks month year fortnight "
    "weekday weekdays weekend mondays monday mon tue wednesday thurs friday sat sunday first second third last "
    "next this coming today tonight tomorrow yesterday day after in at on the of and from now time half an a "
    "hour hours minutes mins morning afternoon evening night lunchtime noon midday midnight am pm o'clock "
    "0 1 2 3 7 9 10 11 12 13 23 24 29 31 60 9999 3rd 1st 22nd 31st 10:30 14:00 7.30 25:61 00:00 3/6 31/2 "
    "3/6/2026 2026-06-03 2026-02-30 0000-01-01 june jan feb may dec 2026 2027 2099 one three twelve twenty five"
).split()
word_soup = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join)
any_text = st.one_of(st.text(max_size=120), word_soup, st.text(alphabet="0123456789:./ apm", max_size=20))
zones = st.sampled_from([LONDON, NEW_YORK, SYDNEY, "UTC", "Asia/Kolkata", "Pacific/Apia"])
nows = st.one_of(
    st.sampled_from(NOWS),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, zones, nows)
def test_parse_when_fuzz_only_user_errors_and_never_the_past(text: str, zone: str, now: datetime) -> None:
    try:
        result = parse_when(text, zone, now)
    except UserError as error:
        assert error.message and "{" not in error.message
        return
    assert result > now
    assert result.utcoffset() == timedelta(0)
    assert result - now <= timedelta(days=366 * 6)
    when_words(result, zone, now)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, zones, nows)
def test_parse_repeat_fuzz_only_user_errors_and_a_runnable_rule(text: str, zone: str, now: datetime) -> None:
    try:
        recurrence, first = parse_repeat(text, zone, now)
    except UserError as error:
        assert error.message and "{" not in error.message
        return
    assert first > now
    validate_rule(recurrence.rule)
    assert "{" not in recurrence.describe()
    following = next_occurrence(recurrence.rule, zone, first, first)
    assert following is not None and following > first


def test_examples_cover_dates_we_promise() -> None:
    # A guard for the fixed "nows" above: they are the days the comments say.
    assert MON_1_JUNE.astimezone(ZoneInfo(LONDON)).strftime("%A %H:%M") == "Monday 10:00"
    assert date(2026, 3, 29).weekday() == 6 and date(2026, 10, 25).weekday() == 6
