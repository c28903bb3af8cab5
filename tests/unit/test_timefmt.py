"""Showing times: words in the reader's zone, Discord timestamps, time zones."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot import texts
from bot.errors import UserError
from bot.timefmt import (
    COMMON_TIMEZONES,
    DEFAULT_TIMEZONE,
    clock_words,
    discord_timestamp,
    get_zone,
    is_valid_timezone,
    resolve_timezone,
    when_text,
    when_words,
    zone_words,
)

LONDON = "Europe/London"
NOW_2025 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("dt", "zone", "expected"),
    [
        (datetime(2025, 6, 3, 13, 0, tzinfo=UTC), LONDON, "Tuesday 3 June at 2pm"),  # BST
        (datetime(2025, 6, 3, 13, 30, tzinfo=UTC), LONDON, "Tuesday 3 June at 2:30pm"),
        (datetime(2025, 6, 2, 23, 0, tzinfo=UTC), LONDON, "Tuesday 3 June at 12am"),  # midnight
        (datetime(2025, 6, 3, 11, 0, tzinfo=UTC), LONDON, "Tuesday 3 June at 12pm"),  # noon
        (datetime(2025, 6, 3, 11, 5, tzinfo=UTC), LONDON, "Tuesday 3 June at 12:05pm"),
        (datetime(2025, 12, 25, 9, 0, tzinfo=UTC), LONDON, "Thursday 25 December at 9am"),  # GMT
        (datetime(2025, 6, 3, 13, 0, tzinfo=UTC), "America/New_York", "Tuesday 3 June at 9am"),
        (datetime(2025, 6, 3, 13, 0, tzinfo=UTC), "Australia/Sydney", "Tuesday 3 June at 11pm"),
    ],
)
def test_when_words(dt: datetime, zone: str, expected: str) -> None:
    assert when_words(dt, zone, NOW_2025) == expected


def test_when_words_adds_the_year_only_when_it_differs() -> None:
    dt = datetime(2026, 1, 2, 10, 0, tzinfo=UTC)
    assert when_words(dt, LONDON, NOW_2025) == "Friday 2 January 2026 at 10am"
    assert when_words(dt, LONDON, datetime(2026, 1, 1, tzinfo=UTC)) == "Friday 2 January at 10am"
    assert when_words(dt, LONDON) == "Friday 2 January at 10am"  # no now: no year


def test_when_words_year_is_compared_in_the_readers_zone() -> None:
    # 31 December 23:30 UTC is already 1 January in Sydney, and "now" is too.
    now = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    dt = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert when_words(dt, "Australia/Sydney", now) == "Thursday 1 January at 10:30am"
    assert when_words(dt, LONDON, now) == "Wednesday 31 December at 11:30pm"


def test_when_words_accepts_any_aware_datetime() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert when_words(datetime(2025, 6, 3, 16, 0, tzinfo=plus_two), LONDON) == "Tuesday 3 June at 3pm"


def test_when_words_needs_an_aware_datetime() -> None:
    with pytest.raises(ValueError):
        when_words(datetime(2025, 6, 3, 13, 0), LONDON)


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(0, 0, "12am"), (0, 30, "12:30am"), (9, 5, "9:05am"), (12, 0, "12pm"), (13, 0, "1pm"), (23, 59, "11:59pm")],
)
def test_clock_words(hour: int, minute: int, expected: str) -> None:
    assert clock_words(hour, minute) == expected


def test_discord_timestamp() -> None:
    dt = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
    assert discord_timestamp(dt) == "<t:1717416000:F>"
    assert discord_timestamp(dt, "R") == "<t:1717416000:R>"
    assert discord_timestamp(dt.astimezone(timezone(timedelta(hours=-5))), "t") == "<t:1717416000:t>"
    with pytest.raises(ValueError):
        discord_timestamp(dt, "X")
    with pytest.raises(ValueError):
        discord_timestamp(datetime(2024, 6, 3, 12, 0))


def test_when_text_shows_the_time_once_with_how_far_away() -> None:
    dt = datetime(2025, 6, 3, 13, 0, tzinfo=UTC)
    stamp = int(dt.timestamp())
    assert when_text(dt, LONDON, NOW_2025) == f"Tuesday 3 June at 2pm (<t:{stamp}:R>)"
    assert when_text(dt, "Europe/Paris", NOW_2025) == f"Tuesday 3 June at 3pm (<t:{stamp}:R>)"
    assert ":F>" not in when_text(dt, LONDON, NOW_2025, relative=False)


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("Europe/London", "UK time"),
        ("Europe/Paris", "Paris time"),
        ("America/New_York", "New York time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("UTC", "UTC"),
    ],
)
def test_zones_are_said_as_places(zone: str, said: str) -> None:
    assert zone_words(zone) == said


@pytest.mark.parametrize(
    ("member", "server", "expected"),
    [
        ("America/New_York", LONDON, "America/New_York"),
        (None, "Europe/Dublin", "Europe/Dublin"),
        ("", "Europe/Dublin", "Europe/Dublin"),
        ("Not/AZone", "Europe/Dublin", "Europe/Dublin"),
        (None, "Not/AZone", DEFAULT_TIMEZONE),
    ],
)
def test_resolve_timezone(member: str | None, server: str, expected: str) -> None:
    assert resolve_timezone(member, server) == expected


@pytest.mark.parametrize("name", ["Europe/London", "UTC", "America/New_York", "Australia/Sydney", "Asia/Kolkata"])
def test_valid_timezones(name: str) -> None:
    assert is_valid_timezone(name)
    assert str(get_zone(name)) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Not/AZone",
        "europe/nowhere",
        "../../etc/passwd",
        "/etc/localtime",
        "Europe/London\x00",
        "a" * 5000,
        "@everyone",
    ],
)
def test_invalid_timezones(name: str) -> None:
    assert not is_valid_timezone(name)
    with pytest.raises(UserError):
        get_zone(name)


def test_common_timezones() -> None:
    names = [name for name, _ in COMMON_TIMEZONES]
    assert 0 < len(COMMON_TIMEZONES) <= 25
    assert names[0] == "Europe/London"
    assert names[-1] == "UTC"
    assert len(set(names)) == len(names)
    assert {"Europe/Dublin", "America/New_York", "Australia/Sydney"} <= set(names)
    for name, label in COMMON_TIMEZONES:
        assert is_valid_timezone(name), name
        assert label and len(label) <= 100  # a Discord menu label holds 100 characters


# ---------------------------------------------------------------- the texts this layer says


def _time_texts() -> dict[str, str]:
    prefixes = ("TIME_", "REPEAT_", "RECUR_", "TZ_", "WHEN_", "DATE_", "CLOCK_", "NTH_", "DAY_", "MONTH_")
    return {
        name: value
        for name, value in vars(texts).items()
        if name.startswith(prefixes) and isinstance(value, str) and name != "TIMEZONE_UNKNOWN"
    }


def test_time_texts_follow_easy_read_rules() -> None:
    found = _time_texts()
    assert len(found) > 50
    for name, value in found.items():
        for sentence in re.split(r"(?<=[.?!])\s+", value):
            assert len(sentence.split()) <= 15, (name, sentence)
        assert "!!" not in value, name
        for word in re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", value)):
            assert not word.isupper(), (name, word)


def test_time_modules_do_not_import_discord() -> None:
    for module in ("timefmt", "timeparse", "timeparse_words", "timeparse_scan", "recurrence", "recurrence_words"):
        tree = ast.parse((Path(__file__).parents[2] / "bot" / f"{module}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(alias.name.split(".")[0] == "discord" for alias in node.names), module
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "discord", module
