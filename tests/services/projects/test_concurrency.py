"""Many members pressing at the same moment: the number coming never exceeds the places.

Each call is its own transaction on its own connection (asyncio.gather), so on PostgreSQL they really run
at once and only the project row lock (SELECT ... FOR UPDATE) keeps the count right; on SQLite the
writers take turns (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.clock import FakeClock
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.projects import ProjectsService
from db.engine import Database
from tests.services.projects.support import ANN, ANY, BEN, CAT, GUILD, make_project, notices


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


def member(i: int) -> Scope:
    return Scope(GUILD, Actor(user_id=1000 + i))


async def test_two_members_take_the_last_place_at_once(svc: ProjectsService) -> None:
    for _ in range(5):
        project = await make_project(svc, places=2)
        await svc.join(ANN, project.id)
        results = await asyncio.gather(svc.join(BEN, project.id), svc.join(CAT, project.id))
        assert sorted(r.status for r in results) == ["going", "waiting"]
        waiting = next(r for r in results if r.status == "waiting")
        assert waiting.waiting_position == 1
        view = await svc.card(ANY, project.id)
        assert view.session is not None and len(view.session.going) == 2 and len(view.session.waiting) == 1


async def test_a_crowd_joins_at_once(svc: ProjectsService) -> None:
    project = await make_project(svc, places=5)
    crowd = [member(i) for i in range(30)]
    results = await asyncio.gather(*(svc.join(m, project.id) for m in crowd))
    going = [r for r in results if r.status == "going"]
    waiting = [r for r in results if r.status == "waiting"]
    assert len(going) == 5 and len(waiting) == 25
    assert sorted(r.waiting_position or 0 for r in waiting) == list(range(1, 26))
    view = await svc.card(ANY, project.id)
    assert view.session is not None
    assert len(view.session.going) == 5 and len(view.session.waiting) == 25 and view.places_left == 0
    assert len(set(view.session.going) | set(view.session.waiting)) == 30


async def test_leaving_and_joining_at_once_keeps_the_count(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=4)
    crowd = [member(i) for i in range(40)]
    rng = random.Random(5)
    joined: set[int] = set()
    for _round in range(4):
        batch = rng.sample(crowd, 16)
        calls = []
        for m in batch:
            if m.user_id in joined and rng.random() < 0.5:
                calls.append(svc.cant(m, project.id))
                joined.discard(m.user_id)
            else:
                calls.append(svc.join(m, project.id))
                joined.add(m.user_id)
        await asyncio.gather(*calls)
        view = await svc.card(ANY, project.id)
        assert view.session is not None
        going, waiting = view.session.going, view.session.waiting
        assert len(going) <= 4
        # Nobody waits while a place is free, and everyone who said yes is either coming or waiting.
        assert not waiting or len(going) == 4
        assert set(going) | set(waiting) == joined
    # Every member who moved in from the waiting list was told exactly once per move.
    told = [uid for n in await notices(db, "promoted") for uid in n["user_ids"]]
    assert set(told) <= {m.user_id for m in crowd}


async def test_a_crowd_answers_every_session_at_once(svc: ProjectsService) -> None:
    project = await make_project(svc, places=3, repeat="weekly")
    crowd = [member(i) for i in range(12)]
    results = await asyncio.gather(*(svc.join(m, project.id, every=True) for m in crowd))
    assert sorted(r.status for r in results).count("going") == 3
    view = await svc.card(ANY, project.id)
    assert view.session is not None and len(view.session.going) == 3 and len(view.regulars) == 12
