"""Places and the waiting list: promotion, maybe, more places, no limit.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.errors import NotAllowed, UserError
from bot.services.projects import ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    ANY,
    BEN,
    CAT,
    DAN,
    OWNER,
    make_project,
    notices,
)


async def test_waiting_list_and_promotion(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=2)
    a = await svc.join(ANN, project.id)
    b = await svc.join(BEN, project.id)
    c = await svc.join(CAT, project.id)
    d = await svc.join(DAN, project.id)
    assert (a.status, b.status, c.status, d.status) == ("going", "going", "waiting", "waiting")
    assert (c.waiting_position, d.waiting_position) == (1, 2)
    assert d.project.places_left == 0 and d.project.session is not None
    assert d.project.session.going == (ANN.user_id, BEN.user_id)
    assert d.project.session.waiting == (CAT.user_id, DAN.user_id)
    # Pressing again changes nothing.
    again = await svc.join(CAT, project.id)
    assert again.changed is False and again.status == "waiting" and again.waiting_position == 1
    # Ann cannot come: Cat (first waiting) moves in and is told; Dan is now first.
    left = await svc.cant(ANN, project.id)
    assert left.promoted == (CAT.user_id,)
    session = left.project.session
    assert session is not None and session.going == (BEN.user_id, CAT.user_id) and session.waiting == (DAN.user_id,)
    assert session.cant == (ANN.user_id,)
    promoted = await notices(db, "promoted")
    assert [n["user_ids"] for n in promoted] == [[CAT.user_id]]
    assert promoted[0]["session_id"] == session.id
    state = await svc.member_state(DAN, project.id)
    assert state.status == "waiting" and state.waiting_position == 1
    # Ann changes her mind: she goes to the back of the waiting list.
    back = await svc.join(ANN, project.id)
    assert back.status == "waiting" and back.waiting_position == 2


async def test_maybe_frees_a_place_and_more_places_fill_from_the_list(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.join(CAT, project.id)
    result = await svc.maybe(ANN, project.id)
    assert result.status == "maybe" and result.promoted == (BEN.user_id,)
    assert result.project.session is not None and result.project.session.maybe == (ANN.user_id,)
    view = await svc.set_places(OWNER, project.id, 5)
    assert view.session is not None and view.session.going == (BEN.user_id, CAT.user_id)
    assert [n["user_ids"] for n in await notices(db, "promoted")] == [[BEN.user_id], [CAT.user_id]]
    # Fewer places never takes a place away.
    view = await svc.set_places(OWNER, project.id, 1)
    assert view.session is not None and view.session.going == (BEN.user_id, CAT.user_id) and view.places_left == 0
    with pytest.raises(UserError):
        await svc.set_places(OWNER, project.id, 0)
    with pytest.raises(NotAllowed):
        await svc.set_places(ANN, project.id, 10)
    assert (await svc.card(ANY, project.id)).places == 1


async def test_no_limit_means_everyone_comes(svc: ProjectsService) -> None:
    project = await make_project(svc, places=None)
    for actor in (ANN, BEN, CAT, DAN):
        assert (await svc.join(actor, project.id)).status == "going"
    assert (await svc.card(ANY, project.id)).places_left is None
