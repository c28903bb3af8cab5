"""Task rules without a database: the nudge time, repeats on the wall clock, rota turns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.tasks import rules

LONDON = "Europe/London"


def test_nudge_the_day_before_at_9am_or_an_hour_before() -> None:
    now = datetime(2027, 6, 7, 9, 0, tzinfo=UTC)
    due = datetime(2027, 6, 10, 17, 0, tzinfo=UTC)  # Thursday 6pm in London
    assert rules.nudge_time(due, LONDON, now) == datetime(2027, 6, 9, 8, 0, tzinfo=UTC)
    assert rules.nudge_time(due, "America/New_York", now) == datetime(2027, 6, 9, 13, 0, tzinfo=UTC)
    soon = now + timedelta(hours=3)
    assert rules.nudge_time(soon, LONDON, now) == soon - timedelta(hours=1)
    assert rules.nudge_time(now + timedelta(minutes=50), LONDON, now) is None
    # Due tomorrow at 8am: 9am the day before has gone, so an hour before.
    early = datetime(2027, 6, 8, 7, 0, tzinfo=UTC)
    assert rules.nudge_time(early, LONDON, now + timedelta(hours=2)) == early - timedelta(hours=1)


def test_repeats_keep_the_wall_clock_and_skip_what_has_gone() -> None:
    before_change = datetime(2027, 3, 22, 9, 0, tzinfo=UTC)  # Monday 9am GMT
    assert rules.step(before_change, "weekly", LONDON) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 9am BST
    assert rules.step(datetime(2027, 1, 31, 10, 0, tzinfo=UTC), "monthly", LONDON).day == 28
    due = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
    later = due + timedelta(days=30)
    assert rules.next_due(due, "fortnightly", LONDON, later) == due + timedelta(weeks=6)
    assert rules.next_due(due, "none", LONDON, later) is None
    assert rules.next_due(None, "daily", LONDON, later) is None


def test_rota_turns_skip_people_who_are_away() -> None:
    rota = (1, 2, 3)
    assert rules.next_turn(rota, None, set()) == 1
    assert rules.next_turn(rota, 1, {2}) == 3
    assert rules.next_turn(rota, 3, set()) == 1
    assert rules.next_turn(rota, 9, {1}) == 2
    assert rules.next_turn(rota, 1, {1, 2, 3}) is None
    assert rules.next_turn((), 1, set()) is None
