"""Reminders: making, changing, listing and cancelling them, with every rule of issue 6.

Firing (the scheduler's handler, Later, Done, Stop, repeats across clock changes) is in
test_reminders_firing.py. Both run on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import PersonalScope, Scope
from bot.services import reminders as rem
from bot.services.reminders import MEMBER_LIMIT, SERVER_LIMIT, Target, parse_numbers
from db.engine import Database
from db.repositories import reminders as repo
from tests.services.reminders.support import (
    CHANNEL,
    GUILD,
    LEAD,
    MANAGER,
    MEMBER,
    ORGANISER,
    OTHER,
    PROJECT_ID,
    TEAM_ROLE,
    World,
    make_world,
)


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def nothing_saved(world: World) -> None:
    assert await world.reminders() == []
    assert await world.rows() == []


# ---------------------------------------------------------------- making one


async def test_remind_me_with_a_typed_time(world: World) -> None:
    # Now: Monday 1 June 2026, 10am in London (9am UTC).
    info = await world.service.create(MEMBER, CHANNEL, text="take the camera", when_text="tuesday 2pm")
    assert info.state == "active" and info.target_kind == "me"
    assert info.next_at == at(2, 13)  # 2pm BST
    assert info.text == "take the camera" and info.timezone == "Europe/London"
    (row,) = await world.active_rows()
    assert (row.kind, row.ref_id, row.due_at, row.rule, row.guild_id) == ("reminder", info.id, at(2, 13), None, GUILD)


async def test_time_from_the_picker(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="call mum", when=at(1, 17, 30))
    assert info.next_at == at(1, 17, 30)


async def test_member_timezone_is_used_for_typed_times(world: World) -> None:
    await world.settings.set_member_timezone(PersonalScope(MEMBER.user_id), "Asia/Tokyo")
    info = await world.service.create(MEMBER, CHANNEL, text="x", when_text="tomorrow at 9am")
    assert info.next_at == at(2, 0)  # 9am in Tokyo is midnight UTC
    assert info.timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("@everyone look", "@everyone look"),
        ("@here <@&123> <@456> ping", "@here <@&123> <@456> ping"),
        ("**bold** __under__ `code` # Big\n> quote", "**bold** __under__ `code` # Big\n> quote"),
        ("🎉📅 emoji ✅", "🎉📅 emoji ✅"),
        ("  spaces around  ", "spaces around"),
        ("nul\x00inside\x07", "nulinside"),
        ("x" * 1000, "x" * 1000),
    ],
)
async def test_hostile_text_is_kept_as_typed(world: World, text: str, stored: str) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text=text, when=at(2, 9))
    assert info.text == stored
    (row,) = await world.reminders()
    assert row.text == stored


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", texts.FIELD_EMPTY.format(field="reminder")),
        ("   \n\t ", texts.FIELD_EMPTY.format(field="reminder")),
        ("\x00\x00", texts.FIELD_EMPTY.format(field="reminder")),
        ("x" * 1001, texts.FIELD_TOO_LONG.format(field="reminder", limit=1000)),
        ("@everyone " * 1000, texts.FIELD_TOO_LONG.format(field="reminder", limit=1000)),
    ],
)
async def test_bad_text_is_refused_and_nothing_saved(world: World, text: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text=text, when=at(2, 9))
    assert err.value.message == message
    await nothing_saved(world)


@pytest.mark.parametrize(
    ("when_text", "message"),
    [
        ("yesterday at 3pm", texts.TIME_IN_PAST),
        ("at 3", texts.TIME_AM_OR_PM_AFTERNOON.format(hour=3)),
        ("31 february at 10am", texts.TIME_NO_SUCH_DATE),
        ("friday", texts.TIME_NEEDS_TIME),
        ("@everyone", texts.TIME_NOT_UNDERSTOOD),
        ("29 march 1:30am", None),  # does not exist in London (clocks go forward) -> a question
    ],
)
async def test_bad_times_are_refused_and_nothing_saved(world: World, when_text: str, message: str | None) -> None:
    world.clock.set(at(1, 9, month=3))
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="x", when_text=when_text)
    if message is not None:
        assert err.value.message == message
    await nothing_saved(world)


async def test_a_time_in_the_past_from_the_picker_is_refused(world: World) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="x", when=world.clock.now())
    assert err.value.message == texts.TIME_IN_PAST
    await nothing_saved(world)


async def test_unknown_repeat_words_are_named_and_nothing_saved(world: World) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="x", repeat="every blursday at 10am")
    assert "blursday" in err.value.message
    await nothing_saved(world)


async def test_hostile_repeat_text_is_not_echoed(world: World) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="x", repeat="every <@&123> @everyone")
    assert "@everyone" not in err.value.message and "<@&" not in err.value.message
    await nothing_saved(world)


# ---------------------------------------------------------------- where it goes, and who may


async def test_a_member_cannot_remind_a_role(world: World) -> None:
    with pytest.raises(NotAllowed) as err:
        await world.service.create(
            MEMBER, CHANNEL, text="team meeting", target=Target("role", TEAM_ROLE), when=at(2, 9)
        )
    assert err.value.message == texts.REMIND_ROLE_ONLY_LEADS
    await nothing_saved(world)


@pytest.mark.parametrize("lead", [LEAD, MANAGER])
async def test_a_lead_can_remind_a_role(world: World, lead: Scope) -> None:
    info = await world.service.create(
        lead,
        CHANNEL,
        text="team meeting",
        target=Target("role", TEAM_ROLE),
        when=at(2, 9),
    )
    assert (info.target_kind, info.target_id, info.channel_id) == ("role", TEAM_ROLE, CHANNEL)


async def test_the_everyone_role_is_refused(world: World) -> None:
    with pytest.raises(UserError) as err:
        await world.service.create(LEAD, CHANNEL, text="x", target=Target("role", GUILD), when=at(2, 9))
    assert err.value.message == texts.REMIND_NOT_EVERYONE_ROLE
    await nothing_saved(world)


async def test_channel_reminder_goes_to_this_channel_and_may_be_read_aloud(world: World) -> None:
    info = await world.service.create(
        MEMBER, CHANNEL, text="tidy up", target=Target("channel"), when=at(2, 9), tts=True
    )
    assert (info.target_kind, info.target_id, info.tts) == ("channel", CHANNEL, True)
    mine = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9), tts=True)
    assert mine.tts is False  # read aloud is only for channel reminders
    with pytest.raises(UserError):
        await world.service.set_tts(MEMBER, mine.id, True)
    off = await world.service.set_tts(MEMBER, info.id, False)
    assert off.tts is False


async def test_project_reminders_are_for_organisers_and_leads(world: World) -> None:
    target = Target("project", PROJECT_ID)
    with pytest.raises(NotAllowed) as err:
        await world.service.create(MEMBER, CHANNEL, text="bring snacks", target=target, when=at(2, 9))
    assert err.value.message == texts.REMIND_PROJECT_ONLY_ORGANISERS
    await nothing_saved(world)
    info = await world.service.create(ORGANISER, CHANNEL, text="bring snacks", target=target, when=at(2, 9))
    assert (info.target_kind, info.project_id, info.project_title) == ("project", PROJECT_ID, "Film club")
    assert (await world.service.create(LEAD, CHANNEL, text="x", target=target, when=at(2, 9))).id


async def test_project_that_is_not_open_or_missing(world: World) -> None:
    world.projects.state = "cancelled"
    with pytest.raises(UserError) as err:
        await world.service.create(ORGANISER, CHANNEL, text="x", target=Target("project", PROJECT_ID), when=at(2, 9))
    assert err.value.message == texts.REMIND_PROJECT_NOT_OPEN
    with pytest.raises(UserError):
        await world.service.create(ORGANISER, CHANNEL, text="x", target=Target("project", 999), when=at(2, 9))
    await nothing_saved(world)


async def test_remind_me_about_a_project_links_it(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="bring a chair", when=at(2, 9), project_id=PROJECT_ID)
    assert (info.target_kind, info.project_id, info.project_title) == ("me", PROJECT_ID, "Film club")


async def test_without_projects_a_project_reminder_says_so(db: Database, clock: FakeClock) -> None:
    world = await make_world(db, clock)
    world.service.projects = None
    with pytest.raises(UserError) as err:
        await world.service.create(LEAD, CHANNEL, text="x", target=Target("project", PROJECT_ID), when=at(2, 9))
    assert err.value.message == texts.REMIND_NO_PROJECTS


# ---------------------------------------------------------------- limits


async def _fill(world: World, author: int, kind: str, count: int) -> None:
    """Active reminders straight into the table (fast); the service's own counting is what is tested."""
    now = world.clock.now()
    async with world.db.transaction() as session:
        for _ in range(count):
            await repo.add(
                session,
                guild_id=GUILD,
                author_id=author,
                channel_id=CHANNEL,
                target_kind=kind,
                target_id=CHANNEL if kind == "channel" else (TEAM_ROLE if kind == "role" else None),
                text="x",
                repeat="none",
                timezone="Europe/London",
                tts=False,
                state="active",
                dm_failures=0,
                created_at=now,
                updated_at=now,
            )


async def test_at_most_25_active_reminders_per_member(world: World) -> None:
    for i in range(MEMBER_LIMIT):
        await world.service.create(MEMBER, CHANNEL, text=f"r{i}", when=at(2, 9) + timedelta(minutes=i))
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="one more", when=at(3, 9))
    assert err.value.message == texts.REMIND_LIMIT_MEMBER.format(limit=MEMBER_LIMIT)
    assert len(await world.reminders()) == MEMBER_LIMIT
    # Others, and the same member in another server, are not stopped.
    await world.service.create(OTHER, CHANNEL, text="mine", when=at(3, 9))
    await world.service.create(Scope(GUILD + 1, MEMBER.actor), CHANNEL, text="there", when=at(3, 9))
    # Cancelling one makes room again.
    first = (await world.service.list_page(MEMBER)).items[0].reminder
    await world.service.cancel(MEMBER, first.id)
    await world.service.create(MEMBER, CHANNEL, text="now it fits", when=at(3, 9))


async def test_members_channel_reminders_count_for_them(world: World) -> None:
    await _fill(world, MEMBER.user_id, "channel", MEMBER_LIMIT)
    with pytest.raises(UserError):
        await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))


async def test_a_leads_channel_and_role_reminders_count_for_the_server_not_for_them(world: World) -> None:
    await _fill(world, LEAD.user_id, "channel", MEMBER_LIMIT + 10)
    # Still free for their own reminders.
    await world.service.create(LEAD, CHANNEL, text="mine", when=at(2, 9))
    await _fill(world, OTHER.user_id, "role", SERVER_LIMIT - MEMBER_LIMIT - 10 - 1)
    await world.service.create(LEAD, CHANNEL, text="the 100th", target=Target("channel"), when=at(2, 9))
    with pytest.raises(UserError) as err:
        await world.service.create(MANAGER, CHANNEL, text="the 101st", target=Target("role", TEAM_ROLE), when=at(2, 9))
    assert err.value.message == texts.REMIND_LIMIT_SERVER.format(limit=SERVER_LIMIT)
    # A member's channel reminder is stopped by the server limit too.
    with pytest.raises(UserError):
        await world.service.create(OTHER, CHANNEL, text="x", target=Target("channel"), when=at(2, 9))
    # Another server is not affected.
    await world.service.create(Scope(GUILD + 1, LEAD.actor), CHANNEL, text="x", target=Target("channel"), when=at(2, 9))


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


# ---------------------------------------------------------------- the list


async def test_list_is_soonest_first_numbered_and_paged(world: World) -> None:
    times = [at(5, 9), at(2, 9), at(9, 9), at(3, 9), at(4, 9)]
    for i, when in enumerate(times):
        await world.service.create(MEMBER, CHANNEL, text=f"r{i}", when=when)
    await world.service.create(OTHER, CHANNEL, text="not mine", when=at(1, 12))
    await world.service.create(MEMBER, CHANNEL, text=None)  # a draft is not listed
    first = await world.service.list_page(MEMBER, page=0, per_page=2)
    assert (first.total, first.pages, first.page) == (5, 3, 0)
    assert [(i.number, i.reminder.text) for i in first.items] == [(1, "r1"), (2, "r3")]
    last = await world.service.list_page(MEMBER, page=2, per_page=2)
    assert [(i.number, i.reminder.text) for i in last.items] == [(5, "r2")]
    assert last.items[0].reminder.next_at == at(9, 9)
    beyond = await world.service.list_page(MEMBER, page=99, per_page=2)
    assert beyond.page == 2
    empty = await world.service.list_page(Scope(GUILD + 1, MEMBER.actor))
    assert (empty.total, empty.items, empty.pages) == (0, (), 1)


async def test_leads_list_has_the_servers_channel_and_role_reminders(world: World) -> None:
    await world.service.create(MEMBER, CHANNEL, text="channel one", target=Target("channel"), when=at(3, 9))
    await world.service.create(MEMBER, CHANNEL, text="private", when=at(2, 9))
    await world.service.create(MANAGER, CHANNEL, text="role one", target=Target("role", TEAM_ROLE), when=at(4, 9))
    await world.service.create(LEAD, CHANNEL, text="lead's own", when=at(5, 9))
    page = await world.service.list_page(LEAD)
    assert page.with_server is True
    assert [i.reminder.text for i in page.items] == ["channel one", "role one", "lead's own"]
    member_page = await world.service.list_page(OTHER)
    assert member_page.with_server is False and member_page.items == ()


async def test_list_shows_the_next_time_of_a_repeating_reminder(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9), repeat="daily")
    world.clock.set(at(2, 9))
    await world.run()
    page = await world.service.list_page(MEMBER)
    assert page.items[0].reminder.id == info.id and page.items[0].reminder.next_at == at(3, 9)


async def test_cancel_by_numbers(world: World) -> None:
    for i, day in enumerate((4, 2, 3)):
        await world.service.create(MEMBER, CHANNEL, text=f"r{i}", when=at(day, 9))
    chosen = await world.service.by_numbers(MEMBER, "1, 3")
    assert [(c.number, c.reminder.text) for c in chosen] == [(1, "r1"), (3, "r0")]
    with pytest.raises(UserError) as err:
        await world.service.by_numbers(MEMBER, "2 7")
    assert "7" in err.value.message
    await world.service.cancel_many(MEMBER, [c.reminder.id for c in chosen])
    assert [i.reminder.text for i in (await world.service.list_page(MEMBER)).items] == ["r2"]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("1", [1]), ("1 3, 5", [1, 3, 5]), ("2-4", [2, 3, 4]), ("3 to 5", [3, 4, 5]), ("1 1 2", [1, 2])],
)
def test_parse_numbers(text: str, numbers: list[int]) -> None:
    assert parse_numbers(text) == numbers


@pytest.mark.parametrize("text", ["", "  ", "one", "0", "5-2", "@everyone", "1-100000", "x" * 300, "1;2"])
def test_parse_numbers_refuses(text: str) -> None:
    with pytest.raises(UserError):
        parse_numbers(text)


async def test_get_is_private(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="x", when=at(2, 9))
    assert (await world.service.get(MEMBER, info.id)).text == "x"
    with pytest.raises(NotAllowed):
        await world.service.get(OTHER, info.id)
    with pytest.raises(UserError):
        await world.service.get(MEMBER, info.id + 1000)


async def test_the_limit_holds_when_many_arrive_at_once(world: World) -> None:
    await _fill(world, MEMBER.user_id, "me", MEMBER_LIMIT - 1)
    results = await asyncio.gather(
        *(world.service.create(MEMBER, CHANNEL, text=f"r{i}", when=at(2, 9)) for i in range(5)),
        return_exceptions=True,
    )
    made = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, UserError)]
    assert (len(made), len(refused)) == (1, 4)
    assert sum(r.state == "active" for r in await world.reminders()) == MEMBER_LIMIT
