"""Reminders firing through the real scheduler (fake clock, ``run_due_now``) and a recording notifier:
once and on time, late in words, DM fallback, role pings, Later / Done / Stop, repeats across clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.notifier import SentMessage
from bot.scheduling.registry import make_nonce
from bot.scheduling.scheduler import Outcome, Scheduler
from bot.services.reminders import Target
from db.engine import Database
from tests.services.reminders.support import (
    CHANNEL,
    LEAD,
    MEMBER,
    ORGANISER,
    OTHER,
    PROJECT_CHANNEL,
    PROJECT_ID,
    TEAM_ROLE,
    World,
    make_world,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def custom_ids(message: SentMessage) -> list[str]:
    view = message.msg.view
    assert view is not None
    return [str(getattr(item, "custom_id", None) or getattr(item, "url", "")) for item in view.children]


async def test_fires_once_at_the_right_time_to_me(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="take the camera", when=at(2, 13))
    world.clock.set(at(2, 12, 59))
    assert await world.run() == []
    world.clock.set(at(2, 13))
    (result,) = await world.run()
    assert result.outcome is Outcome.DONE
    assert await world.run() == []
    (sent,) = world.notifier.sent
    assert (sent.via, sent.user_id) == ("dm", MEMBER.user_id)
    assert sent.msg.content == "⏰ Reminder: take the camera"
    assert sent.msg.mention_user_ids == frozenset() and sent.msg.mention_role_ids == frozenset()
    assert custom_ids(sent) == [f"connect:rem:done:{info.id}", f"connect:rem:later:{info.id}"]
    (row,) = await world.reminders()
    assert (row.state, row.last_delivery, row.last_sent_at, row.dm_failures) == ("sent", "dm", at(2, 13), 0)
    # A sent one-off no longer counts or shows in the list.
    assert (await world.service.list_page(MEMBER)).total == 0


async def test_hostile_text_is_shown_and_never_pings(world: World) -> None:
    text = "@everyone @here <@&123> **look** at <@456>"
    await world.service.create(MEMBER, CHANNEL, text=text, target=Target("channel"), when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    (sent,) = world.notifier.sent
    content = sent.msg.content or ""
    assert "@\u200beveryone" in content and "@\u200bhere" in content
    assert "@everyone" not in content and "@here" not in content
    assert "<@&123>" in content and "**look**" in content  # shown as typed
    assert sent.msg.mention_role_ids == frozenset() and sent.msg.mention_user_ids == frozenset()


async def test_channel_reminder_says_who_set_it_and_when(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="tidy up", target=Target("channel"), when=at(2, 16))
    world.clock.set(at(2, 16))
    await world.run()
    (sent,) = world.notifier.sent
    assert (sent.via, sent.channel_id) == ("channel", CHANNEL)
    lines = (sent.msg.content or "").split("\n")
    assert lines[0] == "⏰ Reminder: tidy up"
    assert lines[1].startswith(f"<@{MEMBER.user_id}> set this reminder on Monday 1 June at 10am (<t:")
    assert sent.msg.mention_user_ids == frozenset()


async def test_role_reminder_pings_only_that_role(world: World) -> None:
    await world.service.create(
        LEAD, CHANNEL, text="meeting <@&999> @everyone", target=Target("role", TEAM_ROLE), when=at(2, 9)
    )
    world.clock.set(at(2, 9))
    await world.run()
    (sent,) = world.notifier.sent
    assert (sent.via, sent.channel_id) == ("channel", CHANNEL)
    assert sent.msg.mention_role_ids == frozenset({TEAM_ROLE})
    assert sent.msg.mention_user_ids == frozenset()
    assert (sent.msg.content or "").startswith(f"<@&{TEAM_ROLE}>\n⏰ Reminder: meeting <@&999> @\u200beveryone")


async def test_late_reminder_says_so(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 12))  # the bot was off for three hours
    await world.run()
    (sent,) = world.notifier.sent
    assert (sent.msg.content or "").split("\n")[0] == texts.SCHEDULED_LATE


async def test_too_late_is_recorded_as_missed_not_sent(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(4, 9))
    (result,) = await world.run()
    assert result.outcome is Outcome.MISSED and world.notifier.sent == []


async def test_a_restarted_bot_sends_it_once(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 9))
    # A new scheduler (a restart) over the same table and notifier.
    restarted = Scheduler(world.db, world.clock, world.scheduler._registry, world.notifier)
    await restarted.run_due_now()
    await world.run()
    assert len(world.notifier.sent) == 1


async def test_closed_dms_fall_back_to_the_channel_and_are_recorded(world: World) -> None:
    world.notifier.closed_dms.add(MEMBER.user_id)
    await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    (sent,) = world.notifier.sent
    assert (sent.via, sent.channel_id, sent.user_id) == ("channel", CHANNEL, MEMBER.user_id)
    assert (sent.msg.content or "").startswith(f"<@{MEMBER.user_id}> ")
    assert sent.msg.mention_user_ids == frozenset({MEMBER.user_id})
    assert sent.msg.mention_role_ids == frozenset()
    (row,) = await world.reminders()
    assert (row.last_delivery, row.dm_failures) == ("channel", 1)


async def test_cancelled_reminder_does_not_fire(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    await world.service.cancel(MEMBER, info.id)
    world.clock.set(at(2, 9))
    await world.run()
    assert world.notifier.sent == []


async def test_a_failed_send_is_retried_with_the_same_nonce(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    calls = {"n": 0}
    real = world.notifier.send_dm

    async def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("Discord is busy")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    world.notifier.send_dm = flaky  # type: ignore[method-assign, assignment]
    world.clock.set(at(2, 9))
    (first,) = await world.run()
    assert first.outcome is Outcome.RETRY and world.notifier.sent == []
    world.clock.advance(timedelta(minutes=1))
    await world.run()
    (sent,) = world.notifier.sent
    rows = await world.rows()
    assert sent.nonce == make_nonce(rows[0].id, 0) and rows[0].ref_id == info.id


# ---------------------------------------------------------------- Later, Done, Stop


async def test_later_fires_once_more(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    later = await world.service.later(MEMBER, info.id, "10m")
    assert later.when == at(2, 9, 10) and later.reminder.state == "active"
    # Pressing Later again replaces the first Later: still only one more firing.
    world.clock.advance(timedelta(minutes=2))
    later = await world.service.later(MEMBER, info.id, "10m")
    assert later.when == at(2, 9, 12)
    world.clock.set(at(2, 9, 11))
    await world.run()
    assert len(world.notifier.sent) == 1
    world.clock.set(at(2, 9, 12))
    await world.run()
    world.clock.advance(timedelta(days=1))
    await world.run()
    assert [m.msg.content for m in world.notifier.sent] == ["⏰ Reminder: x", "⏰ Reminder, again: x"]
    assert len({m.nonce for m in world.notifier.sent}) == 2
    assert (await world.reminders())[0].state == "sent"


async def test_later_choices(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(1, 9, 5))
    world.clock.set(at(1, 9, 5))
    await world.run()
    assert (await world.service.later(MEMBER, info.id, "1h")).when == at(1, 10, 5)
    tomorrow = await world.service.later(MEMBER, info.id, "tm")
    assert tomorrow.when == at(2, 8)  # 9am London
    assert len(await world.active_rows()) == 1
    with pytest.raises(UserError):
        await world.service.later(MEMBER, info.id, "forever")


async def test_only_the_person_can_answer_their_reminder(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    await world.service.check_can_answer(MEMBER, info.id)
    for call in (
        world.service.later(OTHER, info.id, "10m"),
        world.service.done(OTHER, info.id),
        world.service.check_can_answer(OTHER, info.id),
    ):
        with pytest.raises(NotAllowed):
            await call
    with pytest.raises(NotAllowed):
        await world.service.done(LEAD, info.id)  # a private reminder: not for leads either
    assert await world.active_rows() == []


async def test_done_finishes_a_one_off_and_its_later(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    await world.service.later(MEMBER, info.id, "1h")
    result = await world.service.done(MEMBER, info.id)
    assert result.stopped and result.reminder.state == "done"
    assert await world.active_rows() == []
    again = await world.service.done(MEMBER, info.id)  # a second press changes nothing
    assert again.stopped
    world.clock.advance(timedelta(hours=2))
    await world.run()
    assert len(world.notifier.sent) == 1
    with pytest.raises(UserError):
        await world.service.later(MEMBER, info.id, "10m")


async def test_done_on_a_repeating_reminder_keeps_the_series(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9), repeat="daily")
    world.clock.set(at(2, 9))
    await world.run()
    await world.service.later(MEMBER, info.id, "10m")
    result = await world.service.done(MEMBER, info.id)
    assert not result.stopped and result.reminder.state == "active"
    assert result.reminder.next_at == at(3, 9)
    assert [r.due_at for r in await world.active_rows()] == [at(3, 9)]


async def test_stop_these_reminders(world: World) -> None:
    info = await world.service.create(
        MEMBER, CHANNEL, text="water", target=Target("channel"), when=at(2, 9), repeat="daily"
    )
    world.clock.set(at(2, 9))
    await world.run()
    (sent,) = world.notifier.sent
    assert f"connect:rem:stop:{info.id}" in custom_ids(sent)
    assert "This reminder repeats every day at 10am." in (sent.msg.content or "")
    with pytest.raises(NotAllowed):
        await world.service.stop(OTHER, info.id)
    stopped = await world.service.stop(LEAD, info.id)  # leads may stop the server's reminders
    assert stopped.state == "cancelled"
    world.clock.set(at(5, 9))
    await world.run()
    assert len(world.notifier.sent) == 1


async def test_channel_later_comes_back_to_the_channel(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", target=Target("channel"), when=at(2, 9))
    world.clock.set(at(2, 9))
    await world.run()
    with pytest.raises(NotAllowed):
        await world.service.later(OTHER, info.id, "10m")
    await world.service.later(LEAD, info.id, "10m")
    world.clock.set(at(2, 9, 10))
    await world.run()
    assert [(m.via, m.channel_id) for m in world.notifier.sent] == [("channel", CHANNEL)] * 2


# ---------------------------------------------------------------- repeats across clock changes


@pytest.mark.parametrize(
    ("start", "expected_utc"),
    [
        # March: Monday 16 March 9am GMT ... the clocks go forward on Sunday 29 March.
        (
            datetime(2026, 3, 16, 9, tzinfo=UTC),
            [(3, 16, 9), (3, 23, 9), (3, 30, 8), (4, 6, 8)],
        ),
        # October: Monday 12 October 9am BST ... the clocks go back on Sunday 25 October.
        (
            datetime(2026, 10, 12, 8, tzinfo=UTC),
            [(10, 12, 8), (10, 19, 8), (10, 26, 9), (11, 2, 9)],
        ),
    ],
)
async def test_weekly_9am_stays_9am_across_clock_changes(
    world: World, start: datetime, expected_utc: list[tuple[int, int, int]]
) -> None:
    world.clock.set(start - timedelta(days=3))
    await world.service.create(MEMBER, CHANNEL, text="weekly", when=start, repeat="weekly")
    for month, day, hour in expected_utc:
        due = datetime(2026, month, day, hour, tzinfo=UTC)
        world.clock.set(due - timedelta(minutes=1))
        assert await world.run() == [], f"fired early before {due}"
        world.clock.set(due)
        (result,) = await world.run()
        assert result.outcome is Outcome.RESCHEDULED
        assert due.astimezone(LONDON).hour == 9
        assert not (world.notifier.sent[-1].msg.content or "").startswith(texts.SCHEDULED_LATE)
    assert len(world.notifier.sent) == len(expected_utc)
    assert len({m.nonce for m in world.notifier.sent}) == len(expected_utc)


async def test_typed_repeat_across_the_march_change(world: World) -> None:
    world.clock.set(datetime(2026, 3, 25, 12, tzinfo=UTC))
    await world.service.create(MEMBER, CHANNEL, text="x", repeat="every friday and monday at 9am")
    dues = [datetime(2026, 3, 27, 9, tzinfo=UTC), datetime(2026, 3, 30, 8, tzinfo=UTC)]
    for due in dues:
        world.clock.set(due)
        await world.run()
    assert len(world.notifier.sent) == 2


# ---------------------------------------------------------------- project reminders


async def test_project_reminder_goes_to_everyone_coming(world: World) -> None:
    world.projects.going = (MEMBER.user_id, OTHER.user_id)
    world.notifier.closed_dms.add(OTHER.user_id)
    info = await world.service.create(
        ORGANISER, CHANNEL, text="bring snacks", target=Target("project", PROJECT_ID), when=at(2, 9)
    )
    world.clock.set(at(2, 9))
    await world.run()
    dm, fallback = world.notifier.sent
    assert (dm.via, dm.user_id) == ("dm", MEMBER.user_id)
    assert (fallback.via, fallback.channel_id, fallback.user_id) == ("channel", PROJECT_CHANNEL, OTHER.user_id)
    assert fallback.msg.mention_user_ids == frozenset({OTHER.user_id})
    assert dm.nonce != fallback.nonce
    assert "📍 Project: Film club" in (dm.msg.content or "")
    assert "https://discord.com/channels/111/5050/777" in custom_ids(dm)
    (row,) = await world.reminders()
    assert row.dm_failures == 1
    # Later is personal: it comes back only to the member who asked.
    await world.service.later(MEMBER, info.id, "10m")
    world.clock.set(at(2, 9, 10))
    await world.run()
    assert [(m.via, m.user_id) for m in world.notifier.sent[2:]] == [("dm", MEMBER.user_id)]
    # Done by one member is only their answer; only organisers and leads stop it.
    assert not (await world.service.done(MEMBER, info.id)).stopped
    with pytest.raises(NotAllowed):
        await world.service.stop(MEMBER, info.id)
    await world.service.stop(ORGANISER, info.id)


async def test_project_reminder_stops_when_the_project_is_gone(world: World) -> None:
    await world.service.create(
        ORGANISER, CHANNEL, text="x", target=Target("project", PROJECT_ID), when=at(2, 9), repeat="daily"
    )
    world.projects.state = "cancelled"
    world.clock.set(at(2, 9))
    await world.run()
    assert world.notifier.sent == []
    assert (await world.reminders())[0].state == "cancelled"
    assert await world.active_rows() == []


async def test_remind_me_about_a_project_links_back(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="bring a chair", when=at(2, 9), project_id=PROJECT_ID)
    world.projects.exists = False  # deleted since: the reminder still comes, without the link
    world.clock.set(at(2, 9))
    await world.run()
    (sent,) = world.notifier.sent
    assert "Project" not in (sent.msg.content or "")
