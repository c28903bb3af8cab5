"""Repeating projects: each session its own list, one session or every session, reminders per session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.scope import Scope
from bot.services.projects import Member, ProjectsService
from db.engine import Database
from tests.services.projects.support import ANN, ANY, BEN, CAT, DAN, OWNER, START, make_project, notices, rows

WEEK = timedelta(days=7)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


async def test_sessions_have_their_own_lists(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, places=2, repeat="weekly")
    assert project.repeating and project.repeat == "weekly"
    first = project.session
    assert first is not None and first.starts_at == START
    rolls = await rows(db, "project_roll")
    assert [r.due_at for r in rolls] == [START]

    ann = await svc.join(ANN, project.id, every=True)
    assert ann.every and ann.status == "going"
    ben = await svc.join(BEN, project.id)  # this session only
    assert not ben.every
    cat = await svc.join(CAT, project.id, every=True)
    assert cat.status == "waiting" and cat.waiting_position == 1
    view = await svc.card(ANY, project.id)
    assert view.regulars == (ANN.user_id, CAT.user_id)

    # The first session starts: the scheduler's roll makes the next one, with the regulars copied in.
    clock.set(START + timedelta(minutes=1))
    assert await svc.roll(project.id) is True
    view = await svc.card(ANY, project.id)
    second = view.session
    assert second is not None and second.starts_at == START + WEEK
    assert second.going == (ANN.user_id, CAT.user_id) and second.waiting == ()
    assert second.ends_at == START + WEEK + timedelta(hours=2)
    # The past session keeps its list.
    history = await svc.sessions(ANY, project.id)
    assert [s.starts_at for s in history] == [START, START + WEEK]
    assert history[0].going == (ANN.user_id, BEN.user_id) and history[0].waiting == (CAT.user_id,)
    # Its reminders and the next roll exist.
    assert [r.due_at for r in await rows(db, "event_reminder") if r.ref_id == second.id] == [
        START + WEEK - timedelta(days=1),
        START + WEEK - timedelta(hours=1),
    ]
    assert [r.due_at for r in await rows(db, "project_roll")] == [START + WEEK]

    # Ann misses one session only: she stays a regular.
    await svc.cant(ANN, project.id)
    # Cat stops coming to every session.
    result = await svc.cant(CAT, project.id, every=True)
    assert result.project.regulars == (ANN.user_id,)
    session = result.project.session
    assert session is not None and session.going == () and session.cant == (ANN.user_id, CAT.user_id)

    clock.set(START + WEEK + timedelta(minutes=1))
    await svc.roll(project.id)
    third = (await svc.card(ANY, project.id)).session
    assert third is not None and third.starts_at == START + 2 * WEEK and third.going == (ANN.user_id,)


async def test_choose_a_later_session(svc: ProjectsService) -> None:
    project = await make_project(svc, repeat="fortnightly")
    later = START + 4 * WEEK
    result = await svc.join(BEN, project.id, slot=later)
    assert result.status == "going"
    sessions = await svc.sessions(ANY, project.id)
    assert [s.starts_at for s in sessions] == [START, later]
    assert sessions[1].going == (BEN.user_id,) and sessions[0].going == ()
    # Not a session of this repeat, or in the past.
    for slot in (START + WEEK, START - 2 * WEEK):
        with pytest.raises(UserError) as err:
            await svc.join(BEN, project.id, slot=slot)
        assert err.value.message == texts.PROJECT_SESSION_NOT_FOUND
    # A new regular is added to the sessions already made.
    await svc.join(CAT, project.id, every=True)
    assert all(CAT.user_id in s.going for s in await svc.sessions(ANY, project.id))
    mine = await svc.mine(Scope(111, BEN.actor))
    assert [m.starts_at for m in mine] == [later]


async def test_cancel_one_session(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, repeat="weekly")
    await svc.join(ANN, project.id, every=True)
    await svc.join(BEN, project.id)
    first = project.session
    assert first is not None
    with pytest.raises(UserError):
        await svc.cancel_session(ANN, project.id)
    view = await svc.cancel_session(OWNER, project.id)
    # The card moves on to the next session; Ann (a regular) is on it.
    assert view.state == "active" and view.session is not None
    assert view.session.starts_at == START + WEEK and view.session.going == (ANN.user_id,)
    assert [r for r in await rows(db, "event_reminder") if r.ref_id == first.id] == []
    cancelled = await notices(db, "cancelled")
    assert cancelled == [
        {"type": "cancelled", "user_ids": [ANN.user_id, BEN.user_id], "session_id": first.id, "whole": False}
    ]
    with pytest.raises(UserError) as err:
        await svc.join(CAT, project.id, session_id=first.id)
    assert err.value.message == texts.PROJECT_SESSION_CANCELLED
    info = await svc.calendar(ANY, project.id)
    assert info.cancelled_slots == (START,)
    # The menu of sessions to pick from skips the cancelled one and offers ones not made yet.
    assert [start for _slot, start in view.choices] == [START + i * WEEK for i in range(1, 6)]
    # A one-off project is cancelled as a whole.
    once = await make_project(svc)
    with pytest.raises(UserError) as err:
        await svc.cancel_session(OWNER, once.id)
    assert err.value.message == texts.PROJECT_CANCEL_WHOLE


async def test_move_one_session_or_the_whole_repeat(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, repeat="weekly")
    await svc.join(ANN, project.id, every=True)
    await svc.join(BEN, project.id)
    second = await svc.join(CAT, project.id, slot=START + WEEK)
    # This session only: its people are told; Cat (only in the next one) is not.
    assert project.session is not None
    moved = await svc.move(OWNER, project.id, START + timedelta(hours=1), session_id=project.session.id)
    assert moved.told == (ANN.user_id, BEN.user_id)
    sessions = await svc.sessions(ANY, project.id)
    assert [s.starts_at for s in sessions] == [START + timedelta(hours=1), START + WEEK]
    info = await svc.calendar(ANY, project.id)
    assert [(m.slot, m.starts_at) for m in info.moved] == [(START, START + timedelta(hours=1))]
    assert [r.due_at for r in await rows(db, "event_reminder") if r.ref_id == project.session.id] == [
        START + timedelta(hours=1) - timedelta(days=1),
        START,
    ]
    # The whole repeat: from Thursday 4pm on. Everyone on a list to come, and every regular, is told once.
    new_start = START + timedelta(days=1, hours=2)
    result = await svc.move(OWNER, project.id, new_start)
    assert set(result.told) == {ANN.user_id, BEN.user_id, CAT.user_id} and len(result.told) == 3
    sessions = await svc.sessions(ANY, project.id)
    assert [s.starts_at for s in sessions] == [new_start, new_start + WEEK]
    assert sessions[1].id == second.session_id and CAT.user_id in sessions[1].going
    assert (await svc.calendar(ANY, project.id)).starts_at == new_start
    clock.set(new_start + timedelta(minutes=1))
    await svc.roll(project.id)
    assert (await svc.card(ANY, project.id)).session is not None
    assert [s.starts_at for s in await svc.sessions(ANY, project.id)][-1] == new_start + WEEK


async def test_weekly_sessions_keep_their_local_time_across_the_clock_change(
    svc: ProjectsService, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=UTC))
    start = datetime(2026, 10, 21, 9, 0, tzinfo=UTC)  # Wednesday 10am BST
    project = await make_project(svc, repeat="weekly", start=start)
    clock.set(start + timedelta(minutes=1))
    await svc.roll(project.id)
    view = await svc.card(ANY, project.id)
    # 28 October is after the clocks go back: 10am GMT is 10:00 UTC.
    assert view.session is not None and view.session.starts_at == datetime(2026, 10, 28, 10, 0, tzinfo=UTC)


async def test_monthly_and_supporter_every_session(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, repeat="monthly")
    result = await svc.sign_up_for(OWNER, project.id, Member(DAN.user_id), every=True)
    assert result.every and result.project.regulars == (DAN.user_id,)
    assert (await notices(db, "signed_up"))[0]["every"] is True
    with pytest.raises(UserError):
        await svc.sign_up_for(OWNER, project.id, Member(DAN.user_id), every=True)
    clock.set(START + timedelta(minutes=1))
    await svc.roll(project.id)
    view = await svc.card(ANY, project.id)
    assert view.session is not None and view.session.starts_at == datetime(2026, 7, 3, 13, 0, tzinfo=UTC)
    assert view.session.going == (DAN.user_id,)


async def test_finish_a_repeating_project(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, repeat="weekly")
    await svc.join(ANN, project.id, every=True)
    clock.set(START + timedelta(minutes=1))
    await svc.roll(project.id)
    clock.set(START + WEEK + timedelta(minutes=1))
    await svc.roll(project.id)
    event = await svc.finish(OWNER, project.id)
    assert event.sessions == 2 and event.participant_ids == (ANN.user_id,)
    assert await rows(db, "project_roll") == [] and await rows(db, "event_reminder") == []
    assert await svc.roll(project.id) is False
