"""Reminders: making, changing, listing and cancelling them, with every rule of issue 6.

Drafts made with buttons and changing or cancelling are in test_changing.py; firing (the scheduler's
handler, Later, Done, Stop, repeats across clock changes) in test_firing.py. All run on SQLite, and on
PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import PersonalScope, Scope
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
