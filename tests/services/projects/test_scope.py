"""Every project action is scoped to its server: a row of another server answers like a missing one.

The table below names every public entry point of ProjectsService; ``test_every_entry_point_is_in_the_table``
fails when a new one is added without a cross-server check here.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.clock import FakeClock
from bot.errors import NotAllowed, NotFound
from bot.scope import PersonalScope, Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.projects import Member, ProjectDetails, ProjectsService
from db.engine import Database
from db.models import Project, ProjectOrganiser, ProjectSession, ProjectSignup, ScheduledWork
from tests.services.projects.support import ANN, ANY, GUILD, LEAD_ROLE, OWNER, START, make_project

OTHER_GUILD = 222
# The owner of server B, who manages B (and could be a member of A too).
B_OWNER = Scope(OTHER_GUILD, Actor(user_id=77, can_manage_server=True))
# A's own project owner, pressing in server B: still not A's project there.
OWNER_IN_B = Scope(OTHER_GUILD, Actor(user_id=OWNER.user_id, can_manage_server=True))
# B's owner as a plain member of A: manages nothing in A.
B_OWNER_IN_A = Scope(GUILD, Actor(user_id=77))

Call = Callable[[ProjectsService, Any, int, int], Awaitable[Any]]
LATER = START + timedelta(days=1)
DETAILS = ProjectDetails.clean("Hacked", "", "", "", "")

# name -> how to call it with (service, scope, project id, session id).
CALLS: dict[str, Call] = {
    "set_start": lambda s, sc, pid, sid: s.set_start(sc, pid, LATER),
    "set_end": lambda s, sc, pid, sid: s.set_end(sc, pid, START + timedelta(hours=5)),
    "set_repeat": lambda s, sc, pid, sid: s.set_repeat(sc, pid, "weekly"),
    "set_places": lambda s, sc, pid, sid: s.set_places(sc, pid, 1),
    "discard_draft": lambda s, sc, pid, sid: s.discard_draft(sc, pid),
    "publish": lambda s, sc, pid, sid: s.publish(sc, pid),
    "attach_card": lambda s, sc, pid, sid: s.attach_card(sc, pid, 1, 2),
    "card": lambda s, sc, pid, sid: s.card(sc, pid),
    "posted_card": lambda s, sc, pid, sid: s.posted_card(sc, pid),
    "sessions": lambda s, sc, pid, sid: s.sessions(sc, pid),
    "draft": lambda s, sc, pid, sid: s.draft(sc, pid),
    "member_state": lambda s, sc, pid, sid: s.member_state(sc, pid),
    "calendar": lambda s, sc, pid, sid: s.calendar(sc, pid),
    "answer": lambda s, sc, pid, sid: s.answer(sc, pid, "going"),
    "press_answer": lambda s, sc, pid, sid: s.press_answer(sc, pid, "going"),
    "press_answers": lambda s, sc, pid, sid: _raised(s.press_answers(pid, [(sc, "going")])),
    "join": lambda s, sc, pid, sid: s.join(sc, pid),
    "maybe": lambda s, sc, pid, sid: s.maybe(sc, pid),
    "cant": lambda s, sc, pid, sid: s.cant(sc, pid),
    "set_reminders": lambda s, sc, pid, sid: s.set_reminders(sc, pid, False),
    "sign_up_for": lambda s, sc, pid, sid: s.sign_up_for(sc, pid, Member(55)),
    "remove_member": lambda s, sc, pid, sid: s.remove_member(sc, pid, ANN.user_id),
    "add_organiser": lambda s, sc, pid, sid: s.add_organiser(sc, pid, Member(sc.user_id)),
    "set_signups_closed": lambda s, sc, pid, sid: s.set_signups_closed(sc, pid, True),
    "update_details": lambda s, sc, pid, sid: s.update_details(sc, pid, DETAILS),
    "move": lambda s, sc, pid, sid: s.move(sc, pid, LATER),
    "move_session": lambda s, sc, pid, sid: s.move_session(sc, sid, LATER),
    "cancel": lambda s, sc, pid, sid: s.cancel(sc, pid),
    "cancel_session": lambda s, sc, pid, sid: s.cancel_session(sc, pid),
    "record_attendance": lambda s, sc, pid, sid: s.record_attendance(sc, pid, [sc.user_id]),
    "finish": lambda s, sc, pid, sid: s.finish(sc, pid),
}
# Whole-server entry points: the scope itself names the server (nothing of another server is shown).
SERVER_WIDE = {"check_can_start", "create_draft", "list_upcoming", "mine"}
# Called by the scheduler's handlers with the job's own server (checked in test_jobs_check_the_server).
FOR_JOBS = {"send_later", "roll", "reminder", "notice_context"}


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


async def snapshot(db: Database) -> list[tuple[Any, ...]]:
    """Everything projects store, to show a refused action changed nothing."""
    found: list[tuple[Any, ...]] = []
    async with db.transaction() as s:
        for model in (Project, ProjectSession, ProjectSignup, ProjectOrganiser, ScheduledWork):
            for row in (await s.scalars(sa.select(model))).all():
                found.append(tuple(sorted((k, str(v)) for k, v in vars(row).items() if not k.startswith("_"))))
    return sorted(found)


async def _raised(outcomes: Awaitable[list[Any]]) -> None:
    """press_answers gives each press its own outcome instead of raising: raise the first error."""
    for outcome in await outcomes:
        if isinstance(outcome, Exception):
            raise outcome


# Presses done together: each press carries its own scope (checked one by one, see the table).
MANY_SCOPES = {"press_answers"}


def test_every_entry_point_is_in_the_table() -> None:
    public = {
        name
        for name, member in inspect.getmembers(ProjectsService, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    assert public == set(CALLS) | SERVER_WIDE | FOR_JOBS
    for name in public - FOR_JOBS - MANY_SCOPES:
        first = list(inspect.signature(getattr(ProjectsService, name)).parameters)[1]
        assert first == "scope", f"{name} must take the scope first"


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", [B_OWNER, OWNER_IN_B], ids=["owner-of-B", "A-owner-pressing-in-B"])
async def test_another_servers_id_is_not_found_and_changes_nothing(
    svc: ProjectsService, db: Database, clock: FakeClock, name: str, who: Scope
) -> None:
    project = await make_project(svc, places=3, repeat="weekly")
    await svc.join(ANN, project.id)
    draft = await svc.create_draft(OWNER, DETAILS)
    assert project.session is not None
    if name in ("record_attendance", "finish"):
        clock.set(START + timedelta(hours=3))
    target = draft.id if name in ("set_start", "set_repeat", "discard_draft", "publish", "draft") else project.id
    before = await snapshot(db)
    with pytest.raises(NotFound):
        await CALLS[name](svc, who, target, project.session.id)
    assert await snapshot(db) == before


@pytest.mark.parametrize(
    "name",
    [
        "set_places",
        "sign_up_for",
        "remove_member",
        "add_organiser",
        "set_signups_closed",
        "update_details",
        "move",
        "cancel",
        "cancel_session",
        "move_session",
    ],
)
async def test_the_owner_of_another_server_is_not_a_lead_here(svc: ProjectsService, db: Database, name: str) -> None:
    project = await make_project(svc, places=3, repeat="weekly")
    await svc.join(ANN, project.id)
    assert project.session is not None
    before = await snapshot(db)
    with pytest.raises(NotAllowed):
        await CALLS[name](svc, B_OWNER_IN_A, project.id, project.session.id)
    assert await snapshot(db) == before


async def test_leads_count_only_in_their_own_server(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    settings = GuildSettingsService(db, clock)
    await settings.set_lead_role(Scope(OTHER_GUILD, B_OWNER.actor), LEAD_ROLE)
    project = await make_project(svc)
    lead_of_b_in_a = Scope(GUILD, Actor(user_id=78, role_ids=frozenset({LEAD_ROLE + 1})))
    with pytest.raises(NotAllowed):
        await svc.cancel(lead_of_b_in_a, project.id)
    assert (await svc.card(ANY, project.id)).state == "active"


async def test_from_a_dm_a_member_can_only_say_no(svc: ProjectsService) -> None:
    project = await make_project(svc, places=3)
    await svc.join(ANN, project.id)
    stranger = PersonalScope(99)
    for answer in (svc.join, svc.maybe):
        with pytest.raises(NotFound):
            await answer(stranger, project.id)
    with pytest.raises(NotFound):
        await svc.answer(stranger, project.id, "going")
    # Ann's "I can't come" in the supporter's message (a DM) works; her reminders can be turned off there too.
    result = await svc.cant(PersonalScope(ANN.user_id), project.id)
    assert result.status == "cant"
    state = await svc.set_reminders(PersonalScope(ANN.user_id), project.id, False)
    assert state.reminders_on is False and state.can_organise is False
    # A DM button naming another server's row is not found either.
    with pytest.raises(NotFound):
        await svc.cant(PersonalScope(ANN.user_id, OTHER_GUILD), project.id)


async def test_server_wide_reads_show_only_this_server(svc: ProjectsService) -> None:
    await make_project(svc)
    await svc.join(ANN, (await svc.list_upcoming(ANY)).items[0].id)
    assert (await svc.list_upcoming(B_OWNER)).total == 0
    assert await svc.mine(Scope(OTHER_GUILD, ANN.actor)) == ()
    assert len(await svc.mine(ANN)) == 1


async def test_jobs_check_the_server(svc: ProjectsService) -> None:
    project = await make_project(svc)
    assert project.session is not None
    payload = {"starts_at": START.isoformat()}
    assert await svc.reminder(OTHER_GUILD, project.session.id, payload) is None
    assert await svc.reminder(GUILD, project.session.id, payload) is not None
    assert await svc.notice_context(OTHER_GUILD, project.id, None, []) is None
    assert await svc.notice_context(GUILD, project.id, None, []) is not None
