"""Finishing a project and ticking who came.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.events import PROJECT_FINISHED
from bot.services.projects import ProjectFinished, ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    ANY,
    BEN,
    CAT,
    DAN,
    GUILD,
    OWNER,
    START,
    make_project,
    notices,
)


async def test_attendance_and_finish(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN, CAT):
        await svc.join(actor, project.id)
    received: list[ProjectFinished] = []

    async def subscriber(event: ProjectFinished) -> None:
        received.append(event)

    async def broken(event: ProjectFinished) -> None:
        raise RuntimeError("a subscriber fails; the others still hear")

    svc.events.subscribe(PROJECT_FINISHED, broken)
    svc.events.subscribe(PROJECT_FINISHED, subscriber)
    with pytest.raises(UserError) as err:
        await svc.record_attendance(OWNER, project.id, [ANN.user_id])
    assert err.value.message == texts.PROJECT_ATTENDANCE_TOO_EARLY
    with pytest.raises(UserError) as err:
        await svc.finish(OWNER, project.id)
    assert err.value.message == texts.PROJECT_NOT_STARTED_YET
    clock.set(START + timedelta(hours=3))
    with pytest.raises(NotAllowed):
        await svc.record_attendance(ANN, project.id, [ANN.user_id])
    ticks = await svc.record_attendance(OWNER, project.id, [ANN.user_id, CAT.user_id, DAN.user_id])
    assert set(ticks.came) == {ANN.user_id, CAT.user_id, DAN.user_id}  # Dan came without signing up
    assert ticks.did_not_come == (BEN.user_id,)
    # Ticking again replaces the ticks.
    ticks = await svc.record_attendance(OWNER, project.id, [ANN.user_id, BEN.user_id])
    assert set(ticks.came) == {ANN.user_id, BEN.user_id} and ticks.did_not_come == (CAT.user_id,)
    event = await svc.finish(OWNER, project.id)
    assert event.participant_ids == (ANN.user_id, BEN.user_id)
    assert event.title == "Film club" and event.guild_id == GUILD and event.sessions == 1
    assert event.organiser_ids == (OWNER.user_id,) and event.finished_by == OWNER.user_id
    assert received == [event]
    # Projects posts nothing itself: the thank-yous feature celebrates (it hears PROJECT_FINISHED).
    assert await notices(db, "finished") == []
    assert (await svc.card(ANY, project.id)).state == "finished"
    with pytest.raises(UserError) as err:
        await svc.join(DAN, project.id)
    assert err.value.message == texts.PROJECT_IS_FINISHED
    # Ticks can still be corrected after finishing (the impact report reads them).
    await svc.record_attendance(OWNER, project.id, [ANN.user_id])


async def test_finish_without_ticks_thanks_everyone_coming(svc: ProjectsService, clock: FakeClock) -> None:
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    await svc.maybe(BEN, project.id)
    clock.set(START + timedelta(minutes=5))
    with pytest.raises(UserError) as err:
        await svc.join(CAT, project.id)
    assert err.value.message == texts.PROJECT_SESSION_STARTED
    event = await svc.finish(OWNER, project.id)
    assert event.participant_ids == (ANN.user_id,)
