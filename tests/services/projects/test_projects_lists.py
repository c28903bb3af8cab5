"""Lists of projects: upcoming (newest first, paged, per server) and mine.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.scope import Scope
from bot.services.projects import ProjectDetails, ProjectsService
from tests.services.projects.support import (
    ANN,
    ANY,
    BEN,
    GUILD,
    OWNER,
    START,
    make_project,
)


async def test_list_upcoming_newest_first_and_paged(svc: ProjectsService, clock: FakeClock) -> None:
    made = []
    for i in range(7):
        made.append(await make_project(svc, title=f"Project {i}", start=START + timedelta(days=i)))
        clock.advance(timedelta(minutes=1))
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Draft only"))
    cancelled = await make_project(svc, title="Cancelled")
    await svc.cancel(OWNER, cancelled.id)
    page0 = await svc.list_upcoming(ANY, 0, per_page=5)
    assert (page0.total, page0.pages, page0.page) == (7, 2, 0)
    assert [i.title for i in page0.items] == [f"Project {i}" for i in (6, 5, 4, 3, 2)]
    page1 = await svc.list_upcoming(ANY, 1, per_page=5)
    assert [i.title for i in page1.items] == ["Project 1", "Project 0"]
    assert (await svc.list_upcoming(ANY, 99, per_page=5)).page == 1
    assert (await svc.list_upcoming(Scope(GUILD + 1, ANY.actor))).total == 0
    assert draft.id not in {i.id for i in page0.items + page1.items}
    # A one-off that has ended is no longer upcoming.
    clock.set(START + timedelta(hours=3))
    titles = [i.title for i in (await svc.list_upcoming(ANY, 0, per_page=10)).items]
    assert "Project 0" not in titles and "Project 1" in titles


async def test_mine(svc: ProjectsService) -> None:
    first = await make_project(svc, title="Later", start=START + timedelta(days=3), places=1)
    second = await make_project(svc, title="Sooner", start=START)
    third = await make_project(svc, title="Not me")
    await svc.join(BEN, first.id)
    await svc.join(ANN, first.id)  # waiting
    await svc.maybe(ANN, second.id)
    await svc.cant(ANN, third.id)
    mine = await svc.mine(Scope(GUILD, ANN.actor))
    assert [(m.title, m.status) for m in mine] == [("Sooner", "maybe"), ("Later", "waiting")]
    assert await svc.mine(Scope(GUILD + 1, ANN.actor)) == ()
