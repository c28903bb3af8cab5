"""Which cards show a member (read before erasing, so they are redrawn after), on SQLite and PostgreSQL: posted
cards only, in the request's server only when a lead asks for one server."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from bot.clock import FakeClock
from bot.features import Shared
from bot.services.guild_settings import GuildSettingsService
from bot.services.mydata import MyDataService
from bot.services.mydata.cards import ThanksCard, cards_showing
from bot.services.people import Actor
from bot.services.projects.data import ProjectsData
from bot.services.quiet_hours import QuietHoursService
from db.engine import Database
from db.models import Project, Thanks
from db.models.thanks import ThanksRecipient
from tests.services.report import seed_features
from tests.services.report.seed import add_organiser, add_project, add_session

GUILD, OTHER = 10, 20
PRIYA, SAM = 101, 102
WHEN = datetime(2027, 6, 3, 17, tzinfo=UTC)


async def _posted(db: Database, project_id: int, message_id: int | None = 900) -> None:
    async with db.transaction() as s:
        await s.execute(sa.update(Project).where(Project.id == project_id).values(channel_id=5, message_id=message_id))


async def _thanks(db: Database, guild: int, author: int, to: int, message_id: int) -> int:
    async with db.transaction() as s:
        row = Thanks(
            guild_id=guild, author_id=author, state="posted", channel_id=6, message_id=message_id, created_at=WHEN
        )
        s.add(row)
        await s.flush()
        s.add(ThanksRecipient(thanks_id=row.id, user_id=to))
        return row.id


async def _world(db: Database) -> dict[str, int]:
    film = await add_project(db, GUILD, owner=SAM, title="Film club")
    await add_session(db, film, WHEN, [PRIYA])
    await _posted(db, film)
    walks = await add_project(db, GUILD, owner=SAM, title="Walks")
    await add_organiser(db, walks, PRIYA)
    await _posted(db, walks)
    draft = await add_project(db, GUILD, owner=PRIYA, title="Not posted yet")
    away = await add_project(db, OTHER, owner=PRIYA, title="Elsewhere")
    await _posted(db, away)
    here = await seed_features.add_task_list(db, GUILD, WHEN)
    await seed_features.add_task(db, here, GUILD, WHEN, doer=SAM, helper=PRIYA, state="open")
    await seed_features.add_task(db, await seed_features.add_task_list(db, GUILD, WHEN), GUILD, WHEN, doer=SAM)
    to_her = await _thanks(db, GUILD, SAM, PRIYA, 901)
    from_her = await _thanks(db, GUILD, PRIYA, SAM, 902)
    await _thanks(db, GUILD, SAM, 103, 903)  # not about her
    return {"film": film, "walks": walks, "draft": draft, "away": away, "list": here, "to": to_her, "from": from_her}


async def test_the_cards_that_show_her_in_one_server(db: Database) -> None:
    ids = await _world(db)
    async with db.transaction() as s:
        cards = await cards_showing(s, PRIYA, GUILD)
    assert cards.projects == ((GUILD, ids["film"]), (GUILD, ids["walks"]))  # not the draft, not the other server
    assert cards.task_lists == ((GUILD, ids["list"]),)
    assert {c.thanks_id for c in cards.thanks} == {ids["to"], ids["from"]}
    assert ThanksCard(GUILD, ids["from"], 6, 902) in cards.thanks


async def test_her_own_request_covers_every_server(db: Database) -> None:
    ids = await _world(db)
    async with db.transaction() as s:
        cards = await cards_showing(s, PRIYA, None)
    assert (OTHER, ids["away"]) in cards.projects and len(cards) == 6


async def test_erasing_returns_the_cards_read_before(db: Database, clock: FakeClock) -> None:
    ids = await _world(db)
    settings = GuildSettingsService(db, clock)
    shared = Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock))
    shared.personal_data["projects"] = ProjectsData(db, clock)  # as the app wires the projects' Feature.personal_data
    svc = MyDataService(shared)
    cards = await svc.erase(GUILD, Actor(PRIYA), PRIYA)
    assert (GUILD, ids["film"]) in cards.projects
    async with db.transaction() as s:
        # Only projects' hooks are built here (tasks and thank-yous bring theirs in the app): their cards are done.
        assert (await cards_showing(s, PRIYA, None)).projects == (), "afterwards no project points to her"
