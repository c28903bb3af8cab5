"""What organisers do: who may organise, closed sign-ups, changes, moves, cancelling, removing, signing up."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import Member, ProjectDetails, ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    ANY,
    BEN,
    CAT,
    DAN,
    GUILD,
    LEAD,
    LEAD_ROLE,
    MANAGER,
    OWNER,
    START,
    count_signups,
    make_project,
    notices,
    rows,
)

# ---------------------------------------------------------------- organisers


async def test_member_cannot_do_organiser_actions_and_nothing_changes(svc: ProjectsService, clock: FakeClock) -> None:
    project = await make_project(svc, places=3)
    await svc.join(ANN, project.id)
    attempts = [
        svc.cancel(BEN, project.id),
        svc.move(BEN, project.id, START + timedelta(days=1)),
        svc.update_details(BEN, project.id, ProjectDetails.clean("Hacked")),
        svc.set_signups_closed(BEN, project.id, True),
        svc.remove_member(BEN, project.id, ANN.user_id),
        svc.sign_up_for(BEN, project.id, Member(CAT.user_id)),
        svc.add_organiser(BEN, project.id, Member(BEN.user_id)),
        svc.set_places(BEN, project.id, 1),
        svc.finish(BEN, project.id),
        svc.cancel_session(BEN, project.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as err:
            await attempt
        assert err.value.message == texts.PROJECT_ONLY_ORGANISERS
    view = await svc.card(ANY, project.id)
    assert (view.state, view.title, view.starts_at, view.signups_closed, view.places) == (
        "active",
        "Film club",
        START,
        False,
        3,
    )
    assert view.session is not None and view.session.going == (ANN.user_id,)


async def test_co_organisers_and_leads_can_organise(
    svc: ProjectsService, settings: GuildSettingsService, db: Database
) -> None:
    project = await make_project(svc)
    with pytest.raises(UserError) as err:
        await svc.add_organiser(OWNER, project.id, Member(BEN.user_id, in_server=False))
    assert err.value.message == texts.PROJECT_MEMBER_LEFT
    with pytest.raises(UserError) as err:
        await svc.add_organiser(OWNER, project.id, Member(999, is_bot=True))
    assert err.value.message == texts.PROJECT_NOT_FOR_BOTS
    view = await svc.add_organiser(OWNER, project.id, Member(BEN.user_id))
    assert view.organisers == (OWNER.user_id, BEN.user_id)
    assert [n["user_ids"] for n in await notices(db, "organiser")] == [[BEN.user_id]]
    with pytest.raises(UserError):
        await svc.add_organiser(OWNER, project.id, Member(BEN.user_id))
    await svc.set_signups_closed(BEN, project.id, True)
    # A co-organiser can add another one.
    view = await svc.add_organiser(BEN, project.id, Member(CAT.user_id))
    assert view.organisers == (OWNER.user_id, BEN.user_id, CAT.user_id)
    # Leads can organise any project; so can people who manage the server.
    await settings.set_lead_role(Scope(GUILD, MANAGER.actor), LEAD_ROLE)
    await svc.set_signups_closed(LEAD, project.id, False)
    await svc.set_signups_closed(MANAGER, project.id, True)
    assert (await svc.card(ANY, project.id)).signups_closed is True


async def test_closed_signups(svc: ProjectsService) -> None:
    project = await make_project(svc, places=5)
    await svc.join(ANN, project.id)
    await svc.set_signups_closed(OWNER, project.id, True)
    for answer in (svc.join, svc.maybe):
        with pytest.raises(UserError) as err:
            await answer(BEN, project.id)
        assert err.value.message == texts.PROJECT_SIGNUPS_CLOSED
    # Saying "I can't come" always works.
    assert (await svc.cant(ANN, project.id)).status == "cant"
    await svc.set_signups_closed(OWNER, project.id, False)
    assert (await svc.join(BEN, project.id)).status == "going"


async def test_change_details_tells_everyone_once(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)  # waiting
    await svc.maybe(CAT, project.id)
    await svc.cant(DAN, project.id)
    same = ProjectDetails.clean(
        "Film club", "We watch a film together.", "Room 2", "https://meet.example/film", "A snack"
    )
    result = await svc.update_details(OWNER, project.id, same)
    assert result.changes == () and await notices(db, "changed") == []
    new = ProjectDetails.clean(
        "Film night", "We watch a film together.", "Hall", "https://meet.example/film", "A snack"
    )
    result = await svc.update_details(OWNER, project.id, new)
    assert [c.what for c in result.changes] == ["title", "where"]
    assert result.project.title == "Film night" and result.project.where == "Hall"
    changed = await notices(db, "changed")
    assert len(changed) == 1
    assert changed[0]["user_ids"] == [ANN.user_id, BEN.user_id, CAT.user_id]  # not Dan: he is not coming
    assert changed[0]["old_title"] == "Film club"
    with pytest.raises(UserError):
        await svc.update_details(OWNER, project.id, ProjectDetails.clean(""))


async def test_move_moves_reminders_and_tells_everyone_once(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN):
        await svc.join(actor, project.id)
    old = await rows(db, "event_reminder")
    new_start = START + timedelta(days=1, hours=2)
    result = await svc.move(OWNER, project.id, new_start)
    assert result.project.starts_at == new_start
    assert result.project.session is not None and result.project.session.starts_at == new_start
    assert result.project.session.ends_at == new_start + timedelta(hours=2)
    assert result.project.session.going == (ANN.user_id, BEN.user_id)
    assert all(r.state == "cancelled" for r in await rows(db, "event_reminder", None) if r.id in {o.id for o in old})
    pending = await rows(db, "event_reminder")
    assert [r.due_at for r in pending] == [new_start - timedelta(days=1), new_start - timedelta(hours=1)]
    changed = await notices(db, "changed")
    assert len(changed) == 1 and changed[0]["user_ids"] == [ANN.user_id, BEN.user_id]
    assert changed[0]["changes"] == [{"what": "time", "old": START.isoformat(), "new": new_start.isoformat()}]
    with pytest.raises(UserError) as err:
        await svc.move(OWNER, project.id, START - timedelta(days=3))
    assert err.value.message == texts.TIME_IN_PAST
    assert (await svc.card(ANY, project.id)).starts_at == new_start


async def test_cancel_tells_everyone_and_stops_everything(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.maybe(CAT, project.id)
    with pytest.raises(NotAllowed):
        await svc.cancel(ANN, project.id)
    view = await svc.cancel(OWNER, project.id)
    assert view.state == "cancelled"
    assert await rows(db, "event_reminder") == []
    cancelled = await notices(db, "cancelled")
    assert len(cancelled) == 1 and cancelled[0]["user_ids"] == [ANN.user_id, BEN.user_id, CAT.user_id]
    # Every button on a cancelled project gets a clear answer and changes nothing.
    before = await count_signups(db)
    for attempt in (
        svc.join(DAN, project.id),
        svc.maybe(DAN, project.id),
        svc.cant(ANN, project.id),
        svc.calendar(ANY, project.id),
        svc.member_state(DAN, project.id),
        svc.cancel(OWNER, project.id),
        svc.set_reminders(ANN, project.id, False),
    ):
        with pytest.raises(UserError) as err:
            await attempt
        assert err.value.message == texts.PROJECT_IS_CANCELLED
    assert await count_signups(db) == before


async def test_remove_member(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    with pytest.raises(UserError) as err:
        await svc.remove_member(OWNER, project.id, DAN.user_id)
    assert err.value.message == texts.PROJECT_NOT_ON_LIST
    view = await svc.remove_member(OWNER, project.id, ANN.user_id)
    assert view.session is not None and view.session.going == (BEN.user_id,)
    assert [n["user_ids"] for n in await notices(db, "removed")] == [[ANN.user_id]]
    assert [n["user_ids"] for n in await notices(db, "promoted")] == [[BEN.user_id]]


async def test_supporter_signs_a_member_up_and_the_member_can_say_no(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    with pytest.raises(UserError) as err:
        await svc.sign_up_for(OWNER, project.id, Member(BEN.user_id, in_server=False))
    assert err.value.message == texts.PROJECT_MEMBER_LEFT
    with pytest.raises(UserError) as err:
        await svc.sign_up_for(OWNER, project.id, Member(ANN.user_id))
    assert err.value.message == texts.PROJECT_ALREADY_ON_LIST
    result = await svc.sign_up_for(OWNER, project.id, Member(BEN.user_id))
    assert result.status == "waiting" and result.waiting_position == 1
    told = await notices(db, "signed_up")
    assert told == [
        {
            "type": "signed_up",
            "user_ids": [BEN.user_id],
            "session_id": result.session_id,
            "by": OWNER.user_id,
            "status": "waiting",
            "position": 1,
            "every": False,
        }
    ]
    # Ben says no from his message: he is off the list.
    no = await svc.cant(BEN, project.id, session_id=result.session_id)
    assert no.status == "cant" and no.project.session is not None and no.project.session.waiting == ()
    # Signed up into a free place.
    await svc.cant(ANN, project.id)
    got = await svc.sign_up_for(OWNER, project.id, Member(CAT.user_id))
    assert got.status == "going"
