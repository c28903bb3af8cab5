"""The times the picker offers: right in the member's zone, in the future, within Discord's limits,
and right on the days the clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import timechoices as tc

LONDON = "Europe/London"
SPRING_2026 = date(2026, 3, 29)  # London: 1am GMT -> 2am BST
AUTUMN_2026 = date(2026, 10, 25)  # London: 2am BST -> 1am GMT


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall time in ``zone`` as aware UTC (the first one when the clock shows it twice)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def walls(slots: list[tc.Slot]) -> list[str]:
    return [s.local.strftime("%H:%M") for s in slots]


# ---------------------------------------------------------------- in 1 hour


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 6, 1, 9, 0), utc(2026, 6, 1, 10, 0)),  # already whole: stays
        (utc(2026, 6, 1, 9, 0, 1), utc(2026, 6, 1, 10, 5)),  # one second past: up
        (utc(2026, 6, 1, 9, 2), utc(2026, 6, 1, 10, 5)),
        (utc(2026, 6, 1, 9, 57, 30), utc(2026, 6, 1, 11, 0)),
        (utc(2026, 6, 1, 22, 50), utc(2026, 6, 1, 23, 50)),  # 23:50 in London: lands after midnight
        (utc(2026, 12, 31, 23, 58), utc(2027, 1, 1, 1, 0)),
    ],
)
def test_in_one_hour_rounds_up_to_five_minutes(now: datetime, expected: datetime) -> None:
    assert tc.in_one_hour(now) == expected


def test_in_one_hour_across_the_spring_change_is_one_real_hour() -> None:
    now = local(LONDON, 2026, 3, 29, 0, 30)  # 00:30 GMT
    when = tc.in_one_hour(now)
    assert when - now == timedelta(hours=1)
    assert when.astimezone(ZoneInfo(LONDON)).strftime("%H:%M") == "02:30"  # 1:30 does not exist


def test_in_one_hour_needs_an_aware_time() -> None:
    with pytest.raises(ValueError):
        tc.in_one_hour(datetime(2026, 6, 1, 9, 0))


# ---------------------------------------------------------------- this evening, tomorrow morning


def test_evening_before_six_is_today() -> None:
    now = local(LONDON, 2026, 6, 1, 10, 0)
    assert tc.evening(now, LONDON) == (local(LONDON, 2026, 6, 1, 18, 0), False)


@pytest.mark.parametrize("wall", [(18, 0), (18, 1), (22, 0), (23, 50)])
def test_evening_from_six_on_is_tomorrow(wall: tuple[int, int]) -> None:
    now = local(LONDON, 2026, 6, 1, *wall)
    assert tc.evening(now, LONDON) == (local(LONDON, 2026, 6, 2, 18, 0), True)


def test_tomorrow_morning_is_the_next_date_at_nine() -> None:
    assert tc.tomorrow_morning(local(LONDON, 2026, 6, 1, 23, 50), LONDON) == local(LONDON, 2026, 6, 2, 9, 0)
    # Just after midnight "tomorrow" is the next date, as in the day list.
    assert tc.tomorrow_morning(local(LONDON, 2026, 6, 2, 0, 30), LONDON) == local(LONDON, 2026, 6, 3, 9, 0)


def test_quick_choices_around_the_spring_change() -> None:
    now = local(LONDON, 2026, 3, 28, 23, 0)  # Saturday 11pm GMT; the clocks go forward tonight
    choices = tc.quick_choices(now, LONDON)
    assert choices.evening_is_tomorrow
    assert choices.evening == utc(2026, 3, 29, 17, 0)  # 6pm BST
    assert choices.tomorrow_morning == utc(2026, 3, 29, 8, 0)  # 9am BST
    assert choices.in_one_hour == utc(2026, 3, 29, 0, 0)


def test_quick_choices_around_the_autumn_change() -> None:
    now = local(LONDON, 2026, 10, 24, 12, 0)  # Saturday noon BST; the clocks go back tonight
    choices = tc.quick_choices(now, LONDON)
    assert not choices.evening_is_tomorrow
    assert choices.evening == utc(2026, 10, 24, 17, 0)  # 6pm BST
    assert choices.tomorrow_morning == utc(2026, 10, 25, 9, 0)  # 9am GMT


@pytest.mark.parametrize(
    ("zone", "now", "evening", "morning"),
    [
        ("America/New_York", utc(2026, 6, 1, 14, 0), utc(2026, 6, 1, 22, 0), utc(2026, 6, 2, 13, 0)),
        ("Asia/Kolkata", utc(2026, 6, 1, 14, 0), utc(2026, 6, 2, 12, 30), utc(2026, 6, 2, 3, 30)),
        ("Asia/Tokyo", utc(2026, 6, 1, 14, 0), utc(2026, 6, 2, 9, 0), utc(2026, 6, 2, 0, 0)),  # 11pm in Tokyo
        ("Pacific/Auckland", utc(2026, 6, 1, 2, 0), utc(2026, 6, 1, 6, 0), utc(2026, 6, 1, 21, 0)),
    ],
)
def test_quick_choices_in_other_zones(zone: str, now: datetime, evening: datetime, morning: datetime) -> None:
    choices = tc.quick_choices(now, zone)
    assert choices.evening == evening
    assert choices.tomorrow_morning == morning


# ---------------------------------------------------------------- days


def test_days_start_today_and_run_for_fourteen_days() -> None:
    days = tc.offered_days(local(LONDON, 2026, 6, 1, 10, 0), LONDON)
    assert days == [date(2026, 6, 1) + timedelta(days=i) for i in range(14)]


def test_at_2350_no_time_is_left_today_so_the_days_start_tomorrow() -> None:
    now = local(LONDON, 2026, 6, 1, 23, 50)
    assert tc.day_slots(date(2026, 6, 1), LONDON, now) == []
    days = tc.offered_days(now, LONDON)
    assert days[0] == date(2026, 6, 2)
    assert len(days) == 14


def test_the_day_is_the_members_day_not_utc() -> None:
    now = utc(2026, 6, 1, 23, 30)  # still 1 June in New York, already 2 June in Tokyo
    assert tc.offered_days(now, "America/New_York")[0] == date(2026, 6, 1)
    assert tc.offered_days(now, "Asia/Tokyo")[0] == date(2026, 6, 2)


# ---------------------------------------------------------------- time slots


def test_a_normal_day_has_every_half_hour_in_order() -> None:
    slots = tc.day_slots(date(2026, 6, 1), LONDON)
    assert len(slots) == 48
    assert walls(slots)[:3] == ["00:00", "00:30", "01:00"]
    assert walls(slots)[-1] == "23:30"
    assert all(s.repeat == 0 for s in slots)


def test_past_times_today_are_not_offered() -> None:
    now = local(LONDON, 2026, 6, 1, 10, 10)
    slots = tc.day_slots(date(2026, 6, 1), LONDON, now)
    assert walls(slots)[0] == "10:30"
    assert all(s.when_utc > now for s in slots)
    exactly = local(LONDON, 2026, 6, 1, 10, 30)
    assert walls(tc.day_slots(date(2026, 6, 1), LONDON, exactly))[0] == "11:00"  # now itself has gone


def test_spring_change_leaves_out_the_missing_hour() -> None:
    slots = tc.day_slots(SPRING_2026, LONDON)
    assert len(slots) == 46
    assert "01:00" not in walls(slots) and "01:30" not in walls(slots)
    assert walls(slots)[:3] == ["00:00", "00:30", "02:00"]
    assert slots[2].when_utc == utc(2026, 3, 29, 1, 0)


def test_autumn_change_offers_the_repeated_hour_twice_in_order() -> None:
    slots = tc.day_slots(AUTUMN_2026, LONDON)
    assert len(slots) == 50
    repeated = [(s.local.strftime("%H:%M"), s.repeat, s.when_utc) for s in slots if s.repeat]
    assert repeated == [
        ("01:00", 1, utc(2026, 10, 25, 0, 0)),  # BST
        ("01:30", 1, utc(2026, 10, 25, 0, 30)),
        ("01:00", 2, utc(2026, 10, 25, 1, 0)),  # GMT
        ("01:30", 2, utc(2026, 10, 25, 1, 30)),
    ]
    assert len({s.when_utc for s in slots}) == 50  # each moment once


def test_autumn_change_during_the_repeated_hour_offers_only_what_is_left() -> None:
    now = utc(2026, 10, 25, 0, 45)  # the first 1:45am
    slots = tc.day_slots(AUTUMN_2026, LONDON, now)
    assert [(s.local.strftime("%H:%M"), s.repeat) for s in slots[:3]] == [("01:00", 2), ("01:30", 2), ("02:00", 0)]


@pytest.mark.parametrize(
    ("zone", "day", "count"),
    [
        ("America/New_York", date(2026, 3, 8), 46),
        ("America/New_York", date(2026, 11, 1), 50),
        ("Australia/Lord_Howe", date(2026, 4, 5), 49),  # clocks go back half an hour
        ("Australia/Lord_Howe", date(2026, 10, 4), 47),  # and forward half an hour
        ("Asia/Kolkata", date(2026, 6, 1), 48),
        ("Asia/Kathmandu", date(2026, 6, 1), 48),  # 45 minutes off UTC
        ("UTC", date(2026, 6, 1), 48),
    ],
)
def test_other_zones(zone: str, day: date, count: int) -> None:
    slots = tc.day_slots(day, zone)
    assert len(slots) == count
    assert all(s.local.minute in (0, 30) for s in slots)


# ---------------------------------------------------------------- groups for the menus


def test_groups_usual_hours_first_then_early_then_late() -> None:
    groups = tc.slot_groups(tc.day_slots(date(2026, 6, 1), LONDON))
    assert [(g.kind, len(g.slots)) for g in groups] == [("usual", 25), ("early", 18), ("late", 5)]
    assert walls(list(groups[0].slots))[0] == "09:00" and walls(list(groups[0].slots))[-1] == "21:00"
    assert walls(list(groups[1].slots))[0] == "00:00" and walls(list(groups[1].slots))[-1] == "08:30"
    assert walls(list(groups[2].slots)) == ["21:30", "22:00", "22:30", "23:00", "23:30"]


def test_autumn_change_groups_still_fit_in_menus() -> None:
    groups = tc.slot_groups(tc.day_slots(AUTUMN_2026, LONDON))
    assert [(g.kind, len(g.slots)) for g in groups] == [("usual", 25), ("early", 20), ("late", 5)]


def test_a_group_longer_than_a_menu_is_cut_and_nothing_is_lost() -> None:
    # Easter Island puts its clocks back at midnight (10pm the day before, local): 9pm happens twice.
    slots = tc.day_slots(date(2027, 4, 3), "Pacific/Easter")
    groups = tc.slot_groups(slots)
    assert [len(g.slots) for g in groups] == [25, 1, 18, 6]
    assert sorted(s.when_utc for g in groups for s in g.slots) == [s.when_utc for s in slots]


def test_late_evening_leaves_only_the_late_group() -> None:
    groups = tc.slot_groups(tc.day_slots(date(2026, 6, 1), LONDON, local(LONDON, 2026, 6, 1, 21, 40)))
    assert [(g.kind, walls(list(g.slots))) for g in groups] == [("late", ["22:00", "22:30", "23:00", "23:30"])]


# ---------------------------------------------------------------- for any now, in any of these zones

ZONES = [
    LONDON,
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "UTC",
]
# Nows near the London clock changes and elsewhere in the year.
NOWS = st.one_of(
    st.datetimes(min_value=datetime(2026, 3, 28), max_value=datetime(2026, 3, 30), timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(2026, 10, 24), max_value=datetime(2026, 10, 26), timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
)


@settings(max_examples=60, deadline=None)
@given(now=NOWS, zone=st.sampled_from(ZONES))
def test_everything_offered_is_in_the_future_and_on_the_members_clock(now: datetime, zone: str) -> None:
    tzinfo = ZoneInfo(zone)
    choices = tc.quick_choices(now, zone)
    assert now + timedelta(hours=1) <= choices.in_one_hour < now + timedelta(hours=1, minutes=5)
    assert choices.evening > now and choices.tomorrow_morning > now
    assert choices.evening.astimezone(tzinfo).time() == time(18, 0)
    assert choices.tomorrow_morning.astimezone(tzinfo).time() == time(9, 0)
    assert choices.tomorrow_morning.astimezone(tzinfo).date() == now.astimezone(tzinfo).date() + timedelta(days=1)

    days = tc.offered_days(now, zone)
    assert len(days) == tc.DAYS_OFFERED <= tc.MAX_OPTIONS
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]
    for day in (days[0], days[1]):
        slots = tc.day_slots(day, zone, now)
        assert slots, "a day in the list has times to pick"
        for slot in slots:
            assert slot.when_utc > now
            shown = slot.when_utc.astimezone(tzinfo)
            assert (shown.date(), shown.hour, shown.minute, shown.second) == (
                day,
                slot.local.hour,
                slot.local.minute,
                0,
            )
            assert shown.minute in (0, 30)
        groups = tc.slot_groups(slots)
        assert all(0 < len(g.slots) <= tc.MAX_OPTIONS for g in groups)
        assert sum(len(g.slots) for g in groups) == len(slots)
