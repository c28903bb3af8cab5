"""Drafts made with buttons (text, where, repeat, time), typed repeats, and changing and cancelling reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services import reminders as rem
from bot.services.reminders import Target
from db.engine import Database
from tests.services.reminders.support import (
    CHANNEL,
    GUILD,
    LEAD,
    MEMBER,
    ORGANISER,
    OTHER,
    PROJECT_ID,
    TEAM_ROLE,
    World,
    make_world,
)
from tests.services.reminders.test_reminders import at, nothing_saved


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)


# ---------------------------------------------------------------- the button flow: draft -> text, where, repeat, time


async def test_button_flow_draft_then_text_where_repeat_time(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text=None)
    assert draft.state == "draft" and draft.text == "" and draft.next_at is None
    assert await world.rows() == []
    draft = await world.service.set_text(MEMBER, draft.id, "water the plants")
    assert draft.state == "draft" and draft.text == "water the plants"
    draft = await world.service.set_target(MEMBER, draft.id, Target("channel"))
    assert (draft.target_kind, draft.target_id) == ("channel", CHANNEL)
    draft = await world.service.set_repeat(MEMBER, draft.id, "weekly")
    assert draft.state == "draft" and draft.repeat == "weekly"
    # Tuesday 2 June, 6pm London.
    info = await world.service.set_time(MEMBER, draft.id, at(2, 17))
    assert info.state == "active" and info.next_at == at(2, 17)
    assert info.rule == "FREQ=WEEKLY;BYDAY=TU;BYHOUR=18;BYMINUTE=0"
    assert info.repeat_words == "every Tuesday at 6pm"
    (row,) = await world.active_rows()
    assert (row.rule, row.timezone, row.series_start) == (info.rule, "Europe/London", at(2, 17))


async def test_draft_with_options_but_no_text_becomes_active_with_the_text(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text=None, when_text="tomorrow at 9am", repeat="daily")
    assert draft.state == "draft" and await world.rows() == []
    info = await world.service.set_text(MEMBER, draft.id, "medicine")
    assert info.state == "active" and info.next_at == at(2, 8)
    assert info.repeat_words == "every day at 9am"


async def test_a_draft_text_is_checked_too(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text=None)
    with pytest.raises(UserError):
        await world.service.set_text(MEMBER, draft.id, "   ")
    with pytest.raises(UserError):
        await world.service.set_text(MEMBER, draft.id, "y" * 1001)
    assert (await world.reminders())[0].text == ""


async def test_a_draft_without_text_cannot_get_a_time(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text=None)
    with pytest.raises(UserError):
        await world.service.set_time(MEMBER, draft.id, at(2, 9))
    assert await world.rows() == []


async def test_draft_about_a_project_can_go_to_everyone_coming(world: World) -> None:
    draft = await world.service.create(ORGANISER, CHANNEL, text="bring snacks", project_id=PROJECT_ID)
    assert (draft.target_kind, draft.project_id) == ("me", PROJECT_ID)
    info = await world.service.set_target(ORGANISER, draft.id, Target("project"))
    assert (info.target_kind, info.target_id, info.project_title) == ("project", PROJECT_ID, "Film club")
    member_draft = await world.service.create(MEMBER, CHANNEL, text="x", project_id=PROJECT_ID)
    with pytest.raises(NotAllowed):
        await world.service.set_target(MEMBER, member_draft.id, Target("project"))
    plain = await world.service.create(ORGANISER, CHANNEL, text="x")
    with pytest.raises(UserError):
        await world.service.set_target(ORGANISER, plain.id, Target("project"))


async def test_a_member_cannot_pick_role_on_a_draft(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text="x")
    with pytest.raises(NotAllowed):
        await world.service.set_target(MEMBER, draft.id, Target("role", TEAM_ROLE))
    assert (await world.reminders())[0].target_kind == "me"


async def test_someone_else_cannot_use_my_draft(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text="x")
    for call in (
        world.service.set_text(OTHER, draft.id, "mine now"),
        world.service.set_time(OTHER, draft.id, at(2, 9)),
        world.service.set_target(OTHER, draft.id, Target("channel")),
        world.service.cancel(OTHER, draft.id),
    ):
        with pytest.raises(NotAllowed):
            await call
    assert (await world.reminders())[0].state == "draft"


async def test_old_drafts_are_cleared(world: World) -> None:
    for _ in range(rem.MAX_DRAFTS + 3):
        await world.service.create(MEMBER, CHANNEL, text=None)
    assert len(await world.reminders()) == rem.MAX_DRAFTS
    world.clock.advance(rem.DRAFT_LIFETIME + timedelta(minutes=1))
    await world.service.create(MEMBER, CHANNEL, text="x", when=world.clock.now() + timedelta(hours=1))
    assert [r.state for r in await world.reminders()] == ["active"]


async def test_weekdays_picked_on_a_saturday_starts_on_monday(world: World) -> None:
    # Saturday 6 June 2026, 10am London.
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(6, 9), repeat="weekdays")
    assert info.next_at == at(8, 9)
    assert info.repeat_words == "every weekday at 10am"


async def test_every_month_on_the_31st_is_refused(world: World) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="x", when=at(31, 9, month=7), repeat="monthly")
    assert "31st" in err.value.message
    await nothing_saved(world)


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        ("none", None),
        ("daily", "every day at 3pm"),
        ("weekdays", "every weekday at 3pm"),
        ("weekly", "every Wednesday at 3pm"),
        ("fortnightly", "every 2 weeks on Wednesday at 3pm"),
        ("monthly", "every month on the 3rd at 3pm"),
    ],
)
async def test_repeat_buttons(world: World, choice: str, words: str | None) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(3, 14), repeat=choice)
    assert info.repeat_words == words
    assert info.next_at == at(3, 14)


async def test_typed_repeat_says_its_own_time(world: World) -> None:
    # "at 10" alone gets a question back (bot/timeparse.py never guesses am or pm); nothing is saved.
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="team call", repeat="every Monday at 10")
    assert "10am or 10pm" in err.value.message
    await nothing_saved(world)
    info = await world.service.create(MEMBER, CHANNEL, text="team call", repeat="every Monday at 10am")
    assert info.state == "active" and info.repeat == "typed"
    assert info.repeat_words == "every Monday at 10am"
    assert info.next_at == at(8, 9)  # today's 10am has gone (it is 10am now): next Monday


async def test_typed_repeat_on_a_draft_makes_it_active(world: World) -> None:
    draft = await world.service.create(MEMBER, CHANNEL, text="team call")
    with pytest.raises(UserError) as err:
        await world.service.set_repeat_text(MEMBER, draft.id, "every someday")
    assert "someday" in err.value.message
    assert (await world.reminders())[0].state == "draft"
    info = await world.service.set_repeat_text(MEMBER, draft.id, "every friday at 4pm")
    assert info.state == "active" and info.next_at == at(5, 15)


async def test_typed_repeat_with_a_time_starts_on_or_after_it(world: World) -> None:
    info = await world.service.create(
        MEMBER, CHANNEL, text="x", when_text="15 june at 9am", repeat="every monday at 10am"
    )
    assert info.next_at == at(15, 9)  # Monday 15 June 10am London


# ---------------------------------------------------------------- changing and cancelling


async def test_change_time_moves_the_firing(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    moved = await world.service.set_time(MEMBER, info.id, at(4, 12))
    assert moved.next_at == at(4, 12)
    (row,) = await world.active_rows()
    assert row.due_at == at(4, 12)
    assert [r.state for r in await world.rows()] == ["cancelled", "pending"]
    with pytest.raises(UserError):
        await world.service.set_time(MEMBER, info.id, world.clock.now() - timedelta(minutes=1))
    assert (await world.active_rows())[0].due_at == at(4, 12)


async def test_changing_time_of_a_weekly_reminder_moves_the_series(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9), repeat="weekly")
    moved = await world.service.set_time(MEMBER, info.id, at(4, 16))
    assert moved.repeat_words == "every Thursday at 5pm"


async def test_changing_the_repeat_of_an_active_reminder(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    daily = await world.service.set_repeat(MEMBER, info.id, "daily")
    assert daily.repeat_words == "every day at 10am" and daily.next_at == at(2, 9)
    (row,) = await world.active_rows()
    assert row.rule == daily.rule
    once = await world.service.set_repeat(MEMBER, info.id, "none")
    assert once.rule is None and (await world.active_rows())[0].rule is None
    with pytest.raises(UserError):
        await world.service.set_repeat(MEMBER, info.id, "hourly")


async def test_cancel_one(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    with pytest.raises(NotAllowed):
        await world.service.cancel(OTHER, info.id)
    cancelled = await world.service.cancel(MEMBER, info.id)
    assert cancelled.state == "cancelled"
    assert await world.active_rows() == []
    again = await world.service.cancel(MEMBER, info.id)  # a second press is fine
    assert again.state == "cancelled"
    with pytest.raises(UserError):
        await world.service.set_time(MEMBER, info.id, at(3, 9))


async def test_leads_manage_the_servers_reminders_but_not_private_ones(world: World) -> None:
    channel = await world.service.create(MEMBER, CHANNEL, text="x", target=Target("channel"), when=at(2, 9))
    private = await world.service.create(MEMBER, CHANNEL, text="my secret", when=at(2, 9))
    await world.service.set_time(LEAD, channel.id, at(3, 9))
    with pytest.raises(NotAllowed):
        await world.service.get(LEAD, private.id)
    with pytest.raises(NotAllowed):
        await world.service.cancel(LEAD, private.id)
    await world.service.cancel(LEAD, channel.id)


async def test_cancel_many_is_all_or_nothing(world: World) -> None:
    a = await world.service.create(MEMBER, CHANNEL, text="a", when=at(2, 9))
    b = await world.service.create(MEMBER, CHANNEL, text="b", when=at(3, 9))
    theirs = await world.service.create(OTHER, CHANNEL, text="c", when=at(4, 9))
    with pytest.raises(NotAllowed):
        await world.service.cancel_many(MEMBER, [a.id, theirs.id])
    assert len(await world.active_rows()) == 3
    with pytest.raises(UserError):
        await world.service.cancel_many(MEMBER, [])
    with pytest.raises(UserError):
        await world.service.cancel_many(MEMBER, [a.id, 99999])
    done = await world.service.cancel_many(MEMBER, [b.id, a.id])
    assert [i.id for i in done] == [b.id, a.id] and {i.state for i in done} == {"cancelled"}
    assert [r.ref_id for r in await world.active_rows()] == [theirs.id]


async def test_cancel_many_in_another_server_is_refused(world: World) -> None:
    a = await world.service.create(MEMBER, CHANNEL, text="a", when=at(2, 9))
    with pytest.raises(UserError):
        await world.service.cancel_many(Scope(GUILD + 1, MEMBER.actor), [a.id])
    assert len(await world.active_rows()) == 1
