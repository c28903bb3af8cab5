"""Card presses done together (issue 18): a crowd's presses waiting in the card's lane are one transaction.

Each press keeps its own outcome, in press order: the places go to the first presses, the waiting list
follows the order, a press of another server is "not found" without touching the others, and a press the
rules refuse writes nothing of its own.
"""

from __future__ import annotations

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotFound, UserError
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.projects import ProjectsService
from bot.services.projects.views import CardPress
from db.engine import Database
from tests.services.projects.support import ANN, ANY, BEN, CAT, DAN, GUILD, OWNER, count_signups, make_project

STRANGER = Scope(GUILD + 1, Actor(user_id=31))


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


def answered(out: CardPress | UserError) -> CardPress:
    assert isinstance(out, CardPress) and out.result is not None, out
    return out


async def test_presses_together_keep_press_order_and_their_own_outcomes(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=2)
    out = await svc.press_answers(
        project.id, [(ANN, "going"), (STRANGER, "going"), (BEN, "going"), (CAT, "going"), (DAN, "going")]
    )
    assert isinstance(out[1], NotFound), "another server's press is not found"
    ann, ben, cat, dan = (answered(x) for x in (out[0], out[2], out[3], out[4]))
    assert [x.result.status for x in (ann, ben, cat, dan) if x.result] == ["going", "going", "waiting", "waiting"]
    assert cat.result is not None and cat.result.waiting_position == 1
    assert dan.result is not None and dan.result.waiting_position == 2
    assert ann.zone == "Europe/London"
    [session] = await svc.sessions(ANY, project.id)
    assert session.going == (ANN.user_id, BEN.user_id)
    assert session.waiting == (CAT.user_id, DAN.user_id)
    assert await count_signups(db) == 4


async def test_a_change_of_mind_in_the_same_batch_gives_the_place_to_the_next(svc: ProjectsService) -> None:
    project = await make_project(svc, places=1)
    out = await svc.press_answers(project.id, [(ANN, "going"), (BEN, "going"), (ANN, "cant"), (ANN, "going")])
    statuses = [answered(x).result.status for x in out]  # type: ignore[union-attr]
    assert statuses == ["going", "waiting", "cant", "waiting"]
    assert answered(out[2]).result.promoted == (BEN.user_id,)  # type: ignore[union-attr]
    [session] = await svc.sessions(ANY, project.id)
    assert session.going == (BEN.user_id,) and session.waiting == (ANN.user_id,)


async def test_closed_sign_ups_refuse_joining_but_not_saying_no(svc: ProjectsService) -> None:
    project = await make_project(svc, places=3)
    await svc.join(ANN, project.id)
    await svc.set_signups_closed(OWNER, project.id, True)
    out = await svc.press_answers(project.id, [(BEN, "going"), (ANN, "cant")])
    assert isinstance(out[0], UserError) and out[0].message == texts.PROJECT_SIGNUPS_CLOSED
    assert answered(out[1]).result.status == "cant"  # type: ignore[union-attr]
    [session] = await svc.sessions(ANY, project.id)
    assert session.going == () and session.cant == (ANN.user_id,)


async def test_a_repeating_project_asks_which_sessions_and_writes_nothing(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, repeat="weekly")
    before = await count_signups(db)
    out = await svc.press_answers(project.id, [(ANN, "going"), (BEN, "maybe")])
    for x in out:
        assert isinstance(x, CardPress) and x.result is None and x.ask is not None and x.ask.id == project.id
    assert await count_signups(db) == before


async def test_a_missing_project_is_not_found_for_every_press(svc: ProjectsService) -> None:
    out = await svc.press_answers(987654, [(ANN, "going"), (BEN, "going")])
    assert all(isinstance(x, NotFound) for x in out)
    with pytest.raises(NotFound):
        await svc.press_answer(ANN, 987654, "going")


def _outcome(x: CardPress | UserError) -> tuple[object, ...]:
    if isinstance(x, UserError):
        return ("refused", x.message)
    r = answered(x).result
    assert r is not None
    return (r.status, r.changed, r.waiting_position, r.promoted)


async def test_a_crowd_together_ends_exactly_as_the_same_presses_one_by_one(svc: ProjectsService) -> None:
    """The crowd's lists are counted in memory (bot/services/projects/tally.py): members already waiting,
    a maybe who comes, a coming member who cannot (the next one moves up), pressing twice: the same
    outcomes and lists as one press at a time."""
    people = [Scope(GUILD, Actor(user_id=500 + i)) for i in range(8)]
    before = [(people[i], "going") for i in range(5)] + [(people[5], "maybe")]
    crowd = [(p, "going") for p in people[3:]] + [(people[0], "cant"), (people[7], "going"), (people[4], "maybe")]
    crowd += [(people[6], "going"), (people[1], "maybe"), (people[2], "going")]
    results = []
    for together in (True, False):
        project = await make_project(svc, places=3)
        await svc.press_answers(project.id, before)
        if together:
            out = await svc.press_answers(project.id, crowd)
        else:
            out = [(await svc.press_answers(project.id, [press]))[0] for press in crowd]
        [session] = await svc.sessions(ANY, project.id)
        results.append(([_outcome(x) for x in out], session.going, session.waiting, session.maybe, session.cant))
    assert results[0] == results[1]
    assert results[0][1] == (people[2].user_id, people[3].user_id, people[5].user_id)
