"""Quiet hours: automatic messages wait until quiet hours end, on the member's own clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.scope import PersonalScope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHours, QuietHoursService, after_quiet_hours
from db.engine import Database

GUILD = 111
USER = 3
MANAGER = Actor(user_id=1, can_manage_server=True)
NIGHT = QuietHours(22 * 60, 8 * 60)  # 10pm to 8am
DAY = QuietHours(13 * 60, 14 * 60 + 30)  # 1pm to 2:30pm


@pytest.fixture
def service(db: Database, clock: FakeClock) -> QuietHoursService:
    return QuietHoursService(db, clock)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def test_default_is_none_and_nothing_moves(service: QuietHoursService) -> None:
    assert await service.get(USER) is None
    when = utc(6, 1, 23)
    assert await service.deliver_at(USER, when, GUILD) == when


async def test_set_get_clear(service: QuietHoursService) -> None:
    assert await service.set(PersonalScope(USER), 22 * 60, 8 * 60) == NIGHT
    assert await service.get(USER) == NIGHT
    assert await service.get(USER + 1) is None
    assert await service.set(PersonalScope(USER), None, None) is None
    assert await service.get(USER) is None


async def test_quiet_hours_keep_the_member_timezone(db: Database, clock: FakeClock, service: QuietHoursService) -> None:
    settings = GuildSettingsService(db, clock)
    await settings.set_member_timezone(PersonalScope(USER), "Asia/Tokyo")
    await service.set(PersonalScope(USER), 22 * 60, 8 * 60)
    assert (await service.get(USER)) == NIGHT
    assert await settings.timezone_for(None, USER) == "Asia/Tokyo"
    # 11pm in Tokyo (14:00 UTC) waits until 8am in Tokyo (23:00 UTC).
    assert await service.deliver_at(USER, utc(6, 1, 14), GUILD) == utc(6, 1, 23)
    # Noon in Tokyo is fine.
    assert await service.deliver_at(USER, utc(6, 1, 3), GUILD) == utc(6, 1, 3)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (22 * 60, None, texts.QUIET_NEED_BOTH),
        (None, 8 * 60, texts.QUIET_NEED_BOTH),
        (600, 600, texts.QUIET_SAME_TIME),
        (-1, 600, texts.QUIET_NOT_A_TIME),
        (600, 24 * 60, texts.QUIET_NOT_A_TIME),
        (True, 600, texts.QUIET_NOT_A_TIME),
    ],
)
async def test_bad_quiet_hours_are_refused_and_nothing_changes(
    service: QuietHoursService, start: int | None, end: int | None, message: str
) -> None:
    await service.set(PersonalScope(USER), 21 * 60, 7 * 60)
    with pytest.raises(UserError) as err:
        await service.set(PersonalScope(USER), start, end)
    assert err.value.message == message
    assert await service.get(USER) == QuietHours(21 * 60, 7 * 60)


@pytest.mark.parametrize(
    ("when", "moved"),
    [
        # London in June is UTC+1. Quiet 10pm to 8am.
        (utc(6, 1, 20, 59), utc(6, 1, 20, 59)),  # 9:59pm: not quiet yet
        (utc(6, 1, 21), utc(6, 2, 7)),  # 10pm exactly: quiet (start included) -> 8am tomorrow
        (utc(6, 1, 23, 30), utc(6, 2, 7)),  # half past midnight -> 8am the same morning
        (utc(6, 2, 6, 59), utc(6, 2, 7)),  # 7:59am -> 8am
        (utc(6, 2, 7), utc(6, 2, 7)),  # 8am exactly: over (end not included)
        (utc(6, 2, 12), utc(6, 2, 12)),  # midday
    ],
)
def test_night_window_crossing_midnight(when: datetime, moved: datetime) -> None:
    assert after_quiet_hours(when, NIGHT, "Europe/London") == moved


@pytest.mark.parametrize(
    ("when", "moved"),
    [
        (utc(6, 1, 11, 59), utc(6, 1, 11, 59)),  # 12:59pm
        (utc(6, 1, 12), utc(6, 1, 13, 30)),  # 1pm -> 2:30pm
        (utc(6, 1, 13, 29), utc(6, 1, 13, 30)),
        (utc(6, 1, 13, 30), utc(6, 1, 13, 30)),
    ],
)
def test_window_inside_one_day(when: datetime, moved: datetime) -> None:
    assert after_quiet_hours(when, DAY, "Europe/London") == moved


def test_clock_changes() -> None:
    # The night before the clocks go forward (Sunday 29 March 2026): 11pm GMT waits until 8am BST.
    assert after_quiet_hours(utc(3, 28, 23), NIGHT, "Europe/London") == utc(3, 29, 7)
    # The night the clocks go back (Sunday 25 October): 11pm BST waits until 8am GMT.
    assert after_quiet_hours(utc(10, 24, 22), NIGHT, "Europe/London") == utc(10, 25, 8)
    # Quiet hours that end inside the skipped hour end just after the jump (1:30am -> 2:30am BST).
    early = QuietHours(0, 90)
    assert after_quiet_hours(utc(3, 29, 0, 30), early, "Europe/London") == utc(3, 29, 1, 30)


def test_never_earlier_and_needs_aware_times() -> None:
    for minutes in range(0, 24 * 60, 17):
        when = utc(6, 1, 0) + timedelta(minutes=minutes)
        assert after_quiet_hours(when, NIGHT, "Europe/London") >= when
    with pytest.raises(ValueError):
        after_quiet_hours(datetime(2026, 6, 1, 12), NIGHT, "Europe/London")
