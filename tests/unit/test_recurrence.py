"""Repeat rules: next occurrences in local wall-clock time, across clock changes, never skipped or doubled."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UserError
from bot.recurrence import Recurrence, next_occurrence, to_utc, validate_rule, wall_time_status

LONDON = "Europe/London"
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney"]
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def local(dt: datetime, zone: str) -> datetime:
    return dt.astimezone(ZoneInfo(zone))


def utc_of(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def series(rule: str, zone: str, start: datetime, until: datetime) -> list[datetime]:
    """The start and every next occurrence up to ``until``, by asking next_occurrence again and again."""
    found = [start]
    while True:
        nxt = next_occurrence(rule, zone, start, found[-1])
        if nxt is None or nxt > until:
            return found
        found.append(nxt)


# ---------------------------------------------------------------- examples


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=10;BYMINUTE=0", "every Monday at 10am"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=9;BYMINUTE=0", "every 2 weeks on Thursday at 9am"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30", "every weekday at 8:30am"),
        ("FREQ=MONTHLY;BYDAY=1MO;BYHOUR=10;BYMINUTE=0", "on the first Monday of every month at 10am"),
        ("FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=16;BYMINUTE=0", "on the last Friday of every month at 4pm"),
        ("FREQ=MONTHLY;BYMONTHDAY=3;BYHOUR=10;BYMINUTE=0", "every month on the 3rd at 10am"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=21;BYHOUR=10;BYMINUTE=0", "every 3 months on the 21st at 10am"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=17;BYMINUTE=0", "on the last day of every month at 5pm"),
        ("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "every day at 9am"),
        ("FREQ=DAILY;INTERVAL=2;BYHOUR=0;BYMINUTE=15", "every 2 days at 12:15am"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=12;BYMINUTE=0", "every Monday, Wednesday and Friday at 12pm"),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=3;BYHOUR=14;BYMINUTE=0", "every year on 3 June at 2pm"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "every 2 weeks on Thursday"),  # no time in the rule
        ("FREQ=DAILY;COUNT=5;BYHOUR=9;BYMINUTE=0", "every day at 9am, 5 times"),
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231;BYHOUR=9;BYMINUTE=0", "every Tuesday at 9am, until 31 December 2026"),
        ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1;BYHOUR=9;BYMINUTE=0", "on a repeating plan"),
        ("not a rule", "on a repeating plan"),
    ],
)
def test_describe(rule: str, expected: str) -> None:
    assert Recurrence(rule, LONDON).describe() == expected


def test_recurrence_is_a_frozen_value() -> None:
    rec = Recurrence("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", LONDON)
    assert rec == Recurrence("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", LONDON)
    assert hash(rec) == hash(Recurrence("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", LONDON))
    with pytest.raises(FrozenInstanceError):
        rec.rule = "FREQ=WEEKLY"  # type: ignore[misc]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "freq=daily;byhour=9;byminute=0",
        "RRULE:FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=9;BYMINUTE=0;WKST=SU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=31",  # months without a 31st are left out (RFC 5545)
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=DAILY;COUNT=3",
        "FREQ=DAILY;UNTIL=20270101T000000Z",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    ],
)
def test_valid_rules(rule: str) -> None:
    validate_rule(rule)


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "   ",
        "FREQ=HOURLY",
        "FREQ=MINUTELY;INTERVAL=5",
        "FREQ=SECONDLY",
        "BYDAY=MO",
        "FREQ=DAILY;BYHOUR=9,17",  # more than once a day
        "FREQ=DAILY;BYMINUTE=0,30",
        "DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY",
        "DTSTART=20260101;FREQ=DAILY",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;INTERVAL=-1",
        "FREQ=DAILY;INTERVAL=9999",
        "FREQ=DAILY;INTERVAL=two",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;COUNT=3;UNTIL=20270101",
        "FREQ=DAILY;UNTIL=20270231",
        "FREQ=DAILY;UNTIL=tomorrow",
        "FREQ=WEEKLY;BYDAY=1MO",  # a number before the day only with MONTHLY / YEARLY
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never happens
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=DAILY;BYWEEKNO=3",
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=DAILY;;BYHOUR=9",
        "FREQ=DAILY;BYSETPOS=1",
        "FREQ=DAILY;X-NAME=1",
        "FREQ=DAILY\x00",
        "FREQ=DAILY;" + "BYHOUR=9;" * 100,
    ],
)
def test_rules_we_cannot_run(rule: str) -> None:
    with pytest.raises(UserError):
        validate_rule(rule)
    with pytest.raises(UserError):
        next_occurrence(rule, LONDON, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def test_weekly_stays_at_9am_across_the_spring_clock_change() -> None:
    rule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    start = utc_of(LONDON, 2026, 3, 16, 9, 0)
    found = series(rule, LONDON, start, utc_of(LONDON, 2026, 4, 7))
    assert [local(x, LONDON).strftime("%d %b %H:%M") for x in found] == [
        "16 Mar 09:00",
        "23 Mar 09:00",
        "30 Mar 09:00",
        "06 Apr 09:00",
    ]
    assert [x.hour for x in found] == [9, 9, 8, 8]  # UTC moves, the wall clock does not


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    rule = "FREQ=DAILY;BYHOUR=1;BYMINUTE=30"
    start = utc_of(LONDON, 2026, 3, 27, 1, 30)
    found = series(rule, LONDON, start, utc_of(LONDON, 2026, 3, 31))
    assert [local(x, LONDON).strftime("%d %H:%M %Z") for x in found] == [
        "27 01:30 GMT",
        "28 01:30 GMT",
        "29 02:30 BST",  # 01:30 does not exist that night
        "30 01:30 BST",
    ]


def test_a_time_that_happens_twice_takes_the_first() -> None:
    rule = "FREQ=DAILY;BYHOUR=1;BYMINUTE=30"
    start = utc_of(LONDON, 2026, 10, 24, 1, 30)
    found = series(rule, LONDON, start, utc_of(LONDON, 2026, 10, 27))
    assert [x.isoformat() for x in found] == [
        "2026-10-24T00:30:00+00:00",
        "2026-10-25T00:30:00+00:00",  # 01:30 BST, not also 01:30 GMT an hour later
        "2026-10-26T01:30:00+00:00",
    ]


def test_a_moved_occurrence_is_found_after_the_gap() -> None:
    # At 02:10 BST the 01:30 occurrence, moved to 02:30 BST, is still to come, though 01:30 < 02:10.
    rule = "FREQ=DAILY;BYHOUR=1;BYMINUTE=30"
    start = utc_of(LONDON, 2026, 3, 20, 1, 30)
    nxt = next_occurrence(rule, LONDON, start, utc_of(LONDON, 2026, 3, 29, 2, 10))
    assert nxt is not None and local(nxt, LONDON).strftime("%d %H:%M %Z") == "29 02:30 BST"


@pytest.mark.parametrize(
    ("zone", "gap_day", "wall", "moved"),
    [
        ("America/New_York", date(2026, 3, 8), time(2, 30), "03:30"),
        ("Australia/Sydney", date(2026, 10, 4), time(2, 15), "03:15"),
        ("Europe/London", date(2026, 3, 29), time(1, 0), "02:00"),
    ],
)
def test_gap_days_in_other_zones(zone: str, gap_day: date, wall: time, moved: str) -> None:
    rule = f"FREQ=DAILY;BYHOUR={wall.hour};BYMINUTE={wall.minute}"
    start = to_utc(datetime.combine(gap_day - timedelta(days=1), wall), zone)
    nxt = next_occurrence(rule, zone, start, start)
    assert nxt is not None
    assert local(nxt, zone).date() == gap_day
    assert local(nxt, zone).strftime("%H:%M") == moved


def test_every_two_weeks_is_anchored_at_the_start() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;BYHOUR=9;BYMINUTE=0"
    start = utc_of(LONDON, 2026, 6, 4, 9, 0)  # a Thursday
    found = series(rule, LONDON, start, utc_of(LONDON, 2026, 7, 31))
    assert [local(x, LONDON).day for x in found] == [4, 18, 2, 16, 30]


def test_first_monday_of_the_month() -> None:
    rule = "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=10;BYMINUTE=0"
    start = utc_of(LONDON, 2026, 6, 1, 10, 0)
    found = series(rule, LONDON, start, utc_of(LONDON, 2026, 12, 31))
    assert [local(x, LONDON).strftime("%d %b %H:%M") for x in found] == [
        "01 Jun 10:00",
        "06 Jul 10:00",
        "03 Aug 10:00",
        "07 Sep 10:00",
        "05 Oct 10:00",
        "02 Nov 10:00",
        "07 Dec 10:00",
    ]


def test_count_and_until_end_the_series() -> None:
    start = utc_of(LONDON, 2026, 6, 1, 9, 0)
    assert len(series("FREQ=DAILY;COUNT=3;BYHOUR=9;BYMINUTE=0", LONDON, start, start + timedelta(days=30))) == 3
    until = "FREQ=DAILY;UNTIL=20260604T080000Z;BYHOUR=9;BYMINUTE=0"  # 9am BST is 08:00 UTC: included
    assert len(series(until, LONDON, start, start + timedelta(days=30))) == 4
    date_only = "FREQ=DAILY;UNTIL=20260604;BYHOUR=9;BYMINUTE=0"  # the whole of 4 June
    assert len(series(date_only, LONDON, start, start + timedelta(days=30))) == 4
    assert next_occurrence("FREQ=DAILY;COUNT=1", LONDON, start, start) is None


def test_start_is_the_first_occurrence() -> None:
    rule = "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"
    start = utc_of(LONDON, 2026, 6, 1, 9, 0)
    assert next_occurrence(rule, LONDON, start, start - timedelta(days=3)) == start
    assert next_occurrence(rule, LONDON, start, start) == start + timedelta(days=1)


def test_without_byhour_the_time_of_day_comes_from_the_start() -> None:
    start = utc_of(LONDON, 2026, 3, 28, 18, 45)
    found = series("FREQ=DAILY", LONDON, start, start + timedelta(days=3))
    assert {local(x, LONDON).strftime("%H:%M") for x in found} == {"18:45"}


def test_a_long_running_series_is_quick_and_right() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE;BYHOUR=19;BYMINUTE=0"
    start = utc_of(LONDON, 2020, 1, 1, 19, 0)  # a Wednesday
    after = utc_of(LONDON, 2026, 6, 1, 12, 0)
    nxt = next_occurrence(rule, LONDON, start, after)
    assert nxt is not None
    weeks = (local(nxt, LONDON).date() - date(2020, 1, 1)).days / 7
    assert weeks == int(weeks) and int(weeks) % 3 == 0
    assert timedelta(0) < nxt - after <= timedelta(weeks=3)
    assert local(nxt, LONDON).strftime("%a %H:%M") == "Wed 19:00"


def test_needs_aware_datetimes_and_a_known_zone() -> None:
    rule = "FREQ=DAILY"
    aware = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError):
        next_occurrence(rule, LONDON, datetime(2026, 1, 1), aware)
    with pytest.raises(ValueError):
        next_occurrence(rule, LONDON, aware, datetime(2026, 1, 1))
    with pytest.raises(UserError):
        next_occurrence(rule, "Mars/Olympus_Mons", aware, aware)


def test_wall_time_status() -> None:
    assert wall_time_status(datetime(2026, 3, 29, 1, 30), LONDON) == "missing"
    assert wall_time_status(datetime(2026, 10, 25, 1, 30), LONDON) == "twice"
    assert wall_time_status(datetime(2026, 10, 25, 2, 30), LONDON) == "ok"
    assert wall_time_status(datetime(2026, 3, 8, 2, 30), "America/New_York") == "missing"
    assert wall_time_status(datetime(2026, 4, 5, 2, 30), "Australia/Sydney") == "twice"
