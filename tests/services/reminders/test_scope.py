"""Every reminder action is scoped to its server; Done and Later on a project reminder are only for the
members it was sent to. ``test_every_entry_point_is_in_the_table`` fails when a new entry point has no
cross-server check here."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import PersonalScope, Scope
from bot.services.people import Actor
from bot.services.reminders import ReminderService, Target
from db.engine import Database
from tests.services.reminders.support import (
    CHANNEL,
    GUILD,
    LEAD,
    MEMBER,
    ORGANISER,
    PROJECT_ID,
    World,
    make_world,
)

OTHER_GUILD = 222
B_OWNER = Scope(OTHER_GUILD, Actor(user_id=77, can_manage_server=True))
LEAD_IN_B = Scope(OTHER_GUILD, Actor(user_id=LEAD.user_id, can_manage_server=True))
STRANGER = Scope(GUILD, Actor(user_id=50))

Call = Callable[[ReminderService, Any, int], Awaitable[Any]]
LATER = datetime(2026, 6, 5, 9, tzinfo=UTC)

CALLS: dict[str, Call] = {
    "set_text": lambda s, sc, rid: s.set_text(sc, rid, "hacked"),
    "set_target": lambda s, sc, rid: s.set_target(sc, rid, Target("me")),
    "move_draft": lambda s, sc, rid: s.move_draft(sc, rid, CHANNEL, Target("channel")),
    "set_tts": lambda s, sc, rid: s.set_tts(sc, rid, True),
    "set_repeat": lambda s, sc, rid: s.set_repeat(sc, rid, "daily"),
    "set_repeat_text": lambda s, sc, rid: s.set_repeat_text(sc, rid, "every monday at 10am"),
    "set_time": lambda s, sc, rid: s.set_time(sc, rid, LATER),
    "set_once": lambda s, sc, rid: s.set_once(sc, rid, LATER),
    "get": lambda s, sc, rid: s.get(sc, rid),
    "chosen": lambda s, sc, rid: s.chosen(sc, [rid]),
    "cancel": lambda s, sc, rid: s.cancel(sc, rid),
    "cancel_many": lambda s, sc, rid: s.cancel_many(sc, [rid]),
    "done": lambda s, sc, rid: s.done(sc, rid),
    "check_can_answer": lambda s, sc, rid: s.check_can_answer(sc, rid),
    "later": lambda s, sc, rid: s.later(sc, rid, "1h"),
    "stop": lambda s, sc, rid: s.stop(sc, rid),
}
# The scope itself names the server: they only ever show this server's reminders.
# two_times reads typed words only; targets_for says what this scope may pick (its server's lead, its projects).
SERVER_WIDE = {"create", "check_can_remind_role", "list_page", "by_numbers", "two_times", "targets_for"}
# Not entry points: the zone helper, and the scheduler's handler (checks the job's server itself).
OTHERS = {"timezone_for", "fire"}


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)


async def snapshot(world: World) -> tuple[list[Any], list[Any]]:
    def plain(rows: list[Any]) -> list[Any]:
        return [sorted((k, str(v)) for k, v in vars(r).items() if not k.startswith("_")) for r in rows]

    return plain(await world.reminders()), plain(await world.rows())


def test_every_entry_point_is_in_the_table() -> None:
    public = {
        name
        for name, _ in inspect.getmembers(ReminderService, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    assert public == set(CALLS) | SERVER_WIDE | OTHERS
    for name in public - OTHERS:
        assert list(inspect.signature(getattr(ReminderService, name)).parameters)[1] == "scope", name


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", [B_OWNER, LEAD_IN_B], ids=["owner-of-B", "author-pressing-in-B"])
@pytest.mark.parametrize("kind", ["channel", "me"])
async def test_another_servers_id_is_not_found_and_changes_nothing(
    world: World, name: str, who: Scope, kind: str
) -> None:
    info = await world.service.create(LEAD, CHANNEL, text="team meeting", target=Target(kind), when=LATER)
    before = await snapshot(world)
    with pytest.raises(NotFound):
        await CALLS[name](world.service, who, info.id)
    assert await snapshot(world) == before


async def test_a_dm_button_of_another_server_is_not_found(world: World) -> None:
    info = await world.service.create(MEMBER, CHANNEL, text="call mum", when=LATER)
    before = await snapshot(world)
    for name in ("done", "later", "stop", "check_can_answer"):
        with pytest.raises(NotFound):
            await CALLS[name](world.service, PersonalScope(MEMBER.user_id, OTHER_GUILD), info.id)
    assert await snapshot(world) == before
    # In a DM (no server named) the reminder's own server is taken: the author may answer it.
    await world.service.check_can_answer(PersonalScope(MEMBER.user_id), info.id)


async def test_server_wide_calls_show_only_this_server(world: World) -> None:
    await world.service.create(LEAD, CHANNEL, text="team meeting", target=Target("channel"), when=LATER)
    assert (await world.service.list_page(LEAD_IN_B)).total == 0
    assert (await world.service.list_page(LEAD)).total == 1
    with pytest.raises(NotFound):
        # A project of another server cannot be reminded about.
        await world.service.create(
            Scope(OTHER_GUILD, ORGANISER.actor), CHANNEL, text="x", target=Target("project", PROJECT_ID), when=LATER
        )


async def fired_project_reminder(world: World) -> int:
    info = await world.service.create(
        ORGANISER, CHANNEL, text="bring snacks", target=Target("project", PROJECT_ID), when=LATER
    )
    world.clock.set(LATER)
    await world.run()
    assert sorted(m.user_id for m in world.notifier.sent if m.user_id) == [3, 4]  # the members coming
    return info.id


async def test_done_and_later_on_a_project_reminder_are_only_for_its_members(world: World) -> None:
    rid = await fired_project_reminder(world)
    before = await snapshot(world)
    for name in ("done", "later", "check_can_answer"):
        with pytest.raises(NotAllowed):
            await CALLS[name](world.service, STRANGER, rid)
        with pytest.raises(NotAllowed):
            await CALLS[name](world.service, PersonalScope(STRANGER.user_id), rid)
    assert await snapshot(world) == before
    # A member it was sent to asks for it later, from the DM: only they get it again.
    later = await world.service.later(PersonalScope(MEMBER.user_id), rid, "1h")
    assert later.reminder.state == "sent"  # one member's "Later" does not count as the organiser's reminder
    await world.service.done(PersonalScope(MEMBER.user_id), rid)


async def test_a_time_more_than_five_years_ahead_is_refused(world: World) -> None:
    far = world.clock.now() + timedelta(days=5 * 366 + 1)
    with pytest.raises(UserError) as err:
        await world.service.create(MEMBER, CHANNEL, text="far away", when=far)
    assert err.value.message == texts.TIME_TOO_FAR.format(years=5)
    info = await world.service.create(MEMBER, CHANNEL, text="soon", when=LATER)
    with pytest.raises(UserError):
        await world.service.set_time(MEMBER, info.id, far)
