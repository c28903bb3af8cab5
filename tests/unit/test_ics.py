"""The .ics file parses back with icalendar, with the right time, zone and repeat rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.errors import UserError
from bot.ics import ics_filename, project_ics
from bot.services.projects import CalendarInfo, ProjectDetails
from bot.services.projects.views import MovedSession

START = datetime(2026, 6, 3, 13, 0, tzinfo=UTC)  # 2pm in London (BST)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def info(**changes: object) -> CalendarInfo:
    values: dict[str, object] = {
        "project_id": 42,
        "title": "Film club",
        "about": "We watch a film.",
        "where": "Room 2",
        "link": "https://meet.example/film",
        "bring": "A snack",
        "timezone": "Europe/London",
        "starts_at": START,
        "ends_at": START + timedelta(hours=2),
        "rule": None,
    }
    values.update(changes)
    return CalendarInfo(**values)  # type: ignore[arg-type]


def events(data: bytes) -> list[object]:
    cal = Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


def test_one_off_has_the_right_local_time_and_zone() -> None:
    data = project_ics(info(), NOW)
    cal = Calendar.from_ical(data)
    [event] = events(data)
    start = event["DTSTART"].dt  # type: ignore[index]
    assert start == START
    assert start.tzinfo is not None and str(start.tzinfo) in ("Europe/London", "BST")
    assert start.astimezone(LONDON).hour == 14
    assert b"DTSTART;TZID=Europe/London:20260603T140000" in data
    assert event["DTEND"].dt == START + timedelta(hours=2)  # type: ignore[index]
    assert str(event["SUMMARY"]) == "Film club"  # type: ignore[index]
    assert str(event["LOCATION"]) == "Room 2"  # type: ignore[index]
    assert str(event["URL"]) == "https://meet.example/film"  # type: ignore[index]
    assert "What to bring: A snack" in str(event["DESCRIPTION"])  # type: ignore[index]
    assert str(event["UID"]) == "project-42@connect.projects"  # type: ignore[index]
    assert "RRULE" not in event  # type: ignore[operator]
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/London"]


def test_repeating_project_has_its_rule_exceptions_and_moves() -> None:
    cancelled = START + timedelta(days=14)
    moved = MovedSession(slot=START + timedelta(days=28), starts_at=START + timedelta(days=28, hours=1), ends_at=None)
    data = project_ics(info(rule="FREQ=WEEKLY;INTERVAL=2", cancelled_slots=(cancelled,), moved=(moved,)), NOW)
    main, override = events(data)
    rule = main["RRULE"]  # type: ignore[index]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2]
    exdates = [d.dt for d in main["EXDATE"].dts]  # type: ignore[index]
    assert exdates == [cancelled]
    assert override["RECURRENCE-ID"].dt == moved.slot  # type: ignore[index]
    assert override["DTSTART"].dt == moved.starts_at  # type: ignore[index]
    assert str(override["UID"]) == str(main["UID"])  # type: ignore[index]


def test_the_repeat_keeps_local_time_across_the_clock_change() -> None:
    start = datetime(2026, 10, 21, 9, 0, tzinfo=UTC)  # Wednesday 10am BST
    data = project_ics(info(starts_at=start, ends_at=None, rule="FREQ=WEEKLY"), NOW)
    [event] = events(data)
    dtstart = event["DTSTART"].dt  # type: ignore[index]
    rule = event["RRULE"].to_ical().decode()  # type: ignore[index]
    series = rrulestr(rule, dtstart=dtstart.astimezone(LONDON).replace(tzinfo=None))
    second = series.after(dtstart.astimezone(LONDON).replace(tzinfo=None))
    assert second == datetime(2026, 10, 28, 10, 0)  # 10am local, now GMT
    assert second.replace(tzinfo=LONDON).astimezone(UTC) == datetime(2026, 10, 28, 10, 0, tzinfo=UTC)


def test_other_zones() -> None:
    data = project_ics(info(timezone="America/New_York"), NOW)
    assert b"DTSTART;TZID=America/New_York:20260603T090000" in data
    [event] = events(data)
    assert event["DTSTART"].dt == START  # type: ignore[index]
    utc = project_ics(info(timezone="UTC"), NOW)
    [event] = events(utc)
    assert event["DTSTART"].dt == START  # type: ignore[index]


def test_empty_optional_fields_are_left_out() -> None:
    data = project_ics(info(about="", where="", link="", bring="", ends_at=None), NOW)
    [event] = events(data)
    for name in ("DESCRIPTION", "LOCATION", "URL", "DTEND"):
        assert name not in event  # type: ignore[operator]


def test_file_names() -> None:
    assert ics_filename("Film club") == "film-club.ics"
    assert ics_filename("@everyone Café / Lego 🎬") == "everyone-cafe-lego.ics"
    assert ics_filename("🎬🎬") == "project.ics"
    assert ics_filename("../../etc/passwd") == "etc-passwd.ics"
    assert len(ics_filename("x" * 500)) <= 64


@settings(max_examples=60, deadline=None)
@given(title=st.text(min_size=1, max_size=300), about=st.text(max_size=1500))
def test_any_typed_text_survives_the_round_trip(title: str, about: str) -> None:
    try:
        details = ProjectDetails.clean(title, about[:1000])
    except UserError:
        return  # refused input never reaches a calendar
    data = project_ics(info(title=details.title, about=details.about, bring=""), NOW)
    [event] = events(data)
    assert str(event["SUMMARY"]) == details.title  # type: ignore[index]
    if details.about:
        assert str(event["DESCRIPTION"]) == details.about + "\n\nJoin online: https://meet.example/film"  # type: ignore[index]
