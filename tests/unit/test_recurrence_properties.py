"""Properties of repeat rules over years of occurrences, in many zones (hypothesis)."""

from __future__ import annotations

import calendar
import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.recurrence import next_occurrence, to_utc, wall_time_status
from tests.unit.test_recurrence import CODES, ZONES, local, series

# ---------------------------------------------------------------- properties


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, str, tuple[int, ...]]:
    """(kind, rule without the time of day, parameters) for the shapes parse_repeat writes."""
    kind = draw(st.sampled_from(["daily", "weekly", "monthday", "nth"]))
    if kind == "daily":
        n = draw(st.integers(1, 3))
        return kind, f"FREQ=DAILY;INTERVAL={n}", (n,)
    if kind == "weekly":
        n = draw(st.integers(1, 3))
        days = sorted(draw(st.sets(st.integers(0, 6), min_size=1)))
        return kind, f"FREQ=WEEKLY;INTERVAL={n};BYDAY={','.join(CODES[d] for d in days)}", (n, *days)
    if kind == "monthday":
        n = draw(st.integers(1, 2))
        day = draw(st.sampled_from([1, 3, 15, 28, -1]))
        return kind, f"FREQ=MONTHLY;INTERVAL={n};BYMONTHDAY={day}", (n, day)
    nth = draw(st.sampled_from([1, 2, 4, -1]))
    weekday = draw(st.integers(0, 6))
    return kind, f"FREQ=MONTHLY;BYDAY={nth}{CODES[weekday]}", (nth, weekday)


def matches(kind: str, params: tuple[int, ...], day: date, anchor: date) -> bool:
    """Whether ``day`` is in the series, worked out by hand (not with dateutil)."""
    if kind == "daily":
        return (day - anchor).days % params[0] == 0
    if kind == "weekly":
        n, *days = params
        weeks = ((day - timedelta(days=day.weekday())) - (anchor - timedelta(days=anchor.weekday()))).days // 7
        return day.weekday() in days and weeks % n == 0
    last = calendar.monthrange(day.year, day.month)[1]
    if kind == "monthday":
        n, month_day = params
        months = (day.year * 12 + day.month) - (anchor.year * 12 + anchor.month)
        return months % n == 0 and (day.day == month_day or (month_day == -1 and day.day == last))
    nth, weekday = params
    if day.weekday() != weekday:
        return False
    return day.day + 7 > last if nth == -1 else (day.day - 1) // 7 + 1 == nth


# Hours around the clock changes (1-3am) come up often; every minute value is fine.
wall_times = st.builds(
    time, st.one_of(st.sampled_from([0, 1, 2, 3]), st.integers(0, 23)), st.sampled_from([0, 15, 30, 59])
)
first_days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


def first_matching(kind: str, params: tuple[int, ...], day: date) -> date:
    while not matches(kind, params, day, day):
        day += timedelta(days=1)
    return day


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules(), st.sampled_from(ZONES), wall_times, first_days)
def test_two_years_of_occurrences_never_skip_or_double(
    shape: tuple[str, str, tuple[int, ...]], zone: str, wall: time, near: date
) -> None:
    kind, base_rule, params = shape
    rule = f"{base_rule};BYHOUR={wall.hour};BYMINUTE={wall.minute}"
    anchor = first_matching(kind, params, near)
    start = to_utc(datetime.combine(anchor, wall), zone)
    end_day = anchor + timedelta(days=730)
    found = series(rule, zone, start, to_utc(datetime.combine(end_day, time(23, 59)), zone))

    # Exactly the days worked out by hand, in order, one a day: nothing skipped, nothing doubled.
    expected_days = [
        anchor + timedelta(days=i) for i in range(731) if matches(kind, params, anchor + timedelta(days=i), anchor)
    ]
    assert [local(x, zone).date() for x in found] == expected_days
    assert all(a < b for a, b in itertools.pairwise(found))

    # Counts per week (weekly shapes) and per month (monthly shapes) in the full periods inside the range.
    if kind in ("daily", "weekly"):
        per_week = Counter(local(x, zone).isocalendar()[:2] for x in found)
        days_a_week = 7 if kind == "daily" else len(params) - 1
        for week, count in list(per_week.items())[1:-1]:
            assert count in ((days_a_week,) if params[0] == 1 else range(1, days_a_week + 1)), week
        if kind == "daily" and params[0] == 1:
            assert len(found) == 731
    else:
        per_month = Counter((local(x, zone).year, local(x, zone).month) for x in found)
        assert set(per_month.values()) == {1}
        expected_months = 24 // (params[0] if kind == "monthday" else 1)
        assert len(per_month) in (expected_months, expected_months + 1)

    # Same wall-clock time every time; a time in a spring gap moves forward by the gap (1 hour in these
    # zones), and a time that happens twice is the first of the two.
    for moment in found:
        here = local(moment, zone)
        naive = datetime.combine(here.date(), wall)
        status = wall_time_status(naive, zone)
        if status == "missing":
            assert here.replace(tzinfo=None) == naive + timedelta(hours=1)
        else:
            assert here.replace(tzinfo=None) == naive
            assert here.fold == 0


@settings(max_examples=150, deadline=None)
@given(
    rules(),
    st.sampled_from(ZONES),
    wall_times,
    first_days,
    st.integers(-5 * 24 * 60, 800 * 24 * 60),
)
def test_next_occurrence_is_strictly_after_and_is_the_next_one(
    shape: tuple[str, str, tuple[int, ...]], zone: str, wall: time, near: date, minutes_after_start: int
) -> None:
    kind, base_rule, params = shape
    rule = f"{base_rule};BYHOUR={wall.hour};BYMINUTE={wall.minute}"
    anchor = first_matching(kind, params, near)
    start = to_utc(datetime.combine(anchor, wall), zone)
    after = start + timedelta(minutes=minutes_after_start)
    nxt = next_occurrence(rule, zone, start, after)
    assert nxt is not None and nxt.tzinfo is not None
    assert nxt > after
    assert nxt.utcoffset() == timedelta(0)
    # No occurrence between "after" and the answer, worked out by hand.
    day = local(after, zone).date() - timedelta(days=1)
    while True:
        if day >= anchor and matches(kind, params, day, anchor):
            candidate = to_utc(datetime.combine(day, wall), zone)
            if candidate > after:
                assert nxt == candidate
                break
        day += timedelta(days=1)
