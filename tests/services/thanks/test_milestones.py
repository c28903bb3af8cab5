"""The 10th, 25th and 50th session (projects' SESSION_HELD, heard through the real roll), a member's own
only with their consent, and all tasks done under its switch: each celebrated once. Both databases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from bot import events, texts
from bot.clock import FakeClock
from bot.events import AllTasksDone, SessionHeld
from bot.services.projects import ProjectsService
from bot.services.thanks import CELEBRATION, WEEKLY_DIGEST, ThanksService
from db.engine import Database
from db.models.thanks import ThanksCelebration
from tests.services.projects.support import ANN as P_ANN
from tests.services.projects.support import BEN as P_BEN
from tests.services.projects.support import CAT as P_CAT
from tests.services.projects.support import START, make_project
from tests.services.thanks.support import (
    ANN,
    BEN,
    CAT,
    CHANNEL,
    DAN,
    GUILD,
    MANAGER,
    fire_all,
    make_service,
    rows,
    scope,
)

WEEK = timedelta(days=7)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


@pytest.fixture
def projects(svc: ThanksService, db: Database, clock: FakeClock) -> ProjectsService:
    # One bus: projects publish, the thank-yous hear (as bot/app.py wires them through Shared).
    return ProjectsService(db, clock, events=svc.shared.events)


async def roll_to(projects: ProjectsService, clock: FakeClock, project_id: int, session_no: int) -> None:
    """The scheduler's roll at the start of session ``session_no`` (1 is the first)."""
    clock.set(START + (session_no - 1) * WEEK + timedelta(minutes=1))
    assert await projects.roll(project_id) is True


async def test_the_10th_session_is_celebrated_once_and_a_members_own_only_with_consent(
    svc: ThanksService, projects: ProjectsService, db: Database, clock: FakeClock
) -> None:
    project = await make_project(projects, repeat="weekly")
    for member in (P_ANN, P_BEN, P_CAT):
        await projects.join(member, project.id, every=True)  # regulars: on every session's list
    await svc.toggle_choice(BEN.user_id, "firsts")  # Ben says yes to milestones about him
    await svc.toggle_choice(CAT.user_id, "firsts")
    await svc.toggle_choice(CAT.user_id, "posts")  # ... but Cat says "do not post about me"
    for number in range(1, 10):
        await roll_to(projects, clock, project.id, number)
    assert await rows(db, CELEBRATION) == []  # nine sessions: nothing yet
    await roll_to(projects, clock, project.id, 10)
    assert await projects.roll(project.id) is True  # the roll fired again (a retry after a crash)
    sent = (await fire_all(svc, db, clock)).sent
    assert sorted(m.msg.content or "" for m in sent) == sorted(
        [
            texts.THANKS_SESSIONS.format(title="Film club", number=10),
            texts.THANKS_MEMBER_SESSIONS.format(name=f"<@{BEN.user_id}>", number=10),
        ]
    )
    assert all(m.channel_id == CHANNEL for m in sent)
    pings = {frozenset(m.msg.mention_user_ids) for m in sent}
    assert pings == {frozenset(), frozenset({BEN.user_id})}  # the group's post pings nobody
    await roll_to(projects, clock, project.id, 11)
    assert len(await rows(db, CELEBRATION)) == 2  # the 11th is not a milestone


def held(number: int, people: tuple[int, ...] = (), session_id: int | None = None) -> SessionHeld:
    return SessionHeld(
        guild_id=GUILD,
        project_id=7,
        project_title="Film club",
        session_id=session_id or 100 + number,
        number=number,
        channel_id=CHANNEL,
        people=people,
        starts_at=START,
    )


async def test_25th_and_50th_sessions_and_the_milestones_switch(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    for number in (24, 25, 26, 50):
        await svc.shared.events.publish(events.SESSION_HELD, held(number))
    await svc.shared.events.publish(events.SESSION_HELD, held(25))  # heard twice
    sent = (await fire_all(svc, db, clock)).sent
    assert sorted(m.msg.content or "" for m in sent) == [
        texts.THANKS_SESSIONS.format(title="Film club", number=n) for n in (25, 50)
    ]
    # A lead turns the sessions switch off: no more session celebrations.
    await svc.toggle(scope(MANAGER), "sessions")
    await svc.shared.events.publish(events.SESSION_HELD, held(10))
    assert len(await rows(db, CELEBRATION)) == 2


async def test_a_member_who_changed_their_mind_is_not_posted_about(
    svc: ThanksService, projects: ProjectsService, db: Database, clock: FakeClock
) -> None:
    project = await make_project(projects, repeat="weekly")
    await projects.join(P_BEN, project.id, every=True)
    await svc.toggle_choice(BEN.user_id, "firsts")
    for number in range(1, 11):
        await roll_to(projects, clock, project.id, number)
    assert len(await rows(db, CELEBRATION)) == 2
    await svc.toggle_choice(BEN.user_id, "firsts")  # Ben says no before it is posted
    sent = (await fire_all(svc, db, clock)).sent
    assert [m.msg.content for m in sent] == [texts.THANKS_SESSIONS.format(title="Film club", number=10)]


def all_done(when: datetime, channel: int | None = CHANNEL) -> AllTasksDone:
    people = (ANN.user_id, BEN.user_id, DAN.user_id)
    return AllTasksDone(GUILD, 7, "Film club", channel, people, when)


async def test_all_tasks_done_is_celebrated_once_when_the_switch_is_on(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    await svc.toggle_choice(DAN.user_id, "posts")  # Dan: do not post about me
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now()))
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now()))  # done, undone, done again
    [sent] = (await fire_all(svc, db, clock)).sent
    people = f"<@{ANN.user_id}>, <@{BEN.user_id}> {texts.THANKS_DIGEST_MORE.format(count=1)}"
    assert sent.channel_id == CHANNEL
    assert sent.msg.content == texts.THANKS_ALL_TASKS_DONE.format(title="Film club", people=people)
    assert not sent.msg.mention_user_ids  # names everyone credited, pings nobody


async def test_all_tasks_done_is_not_celebrated_when_the_switch_is_off(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    view = await svc.toggle(scope(MANAGER), "tasks")
    assert view.celebrate_tasks is False and await svc.celebration_on(GUILD, "tasks") is False
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now()))
    assert await rows(db, CELEBRATION) == []
    # Turned on again: the next project's tasks are celebrated; a list with no channel anywhere is not.
    await svc.toggle(scope(MANAGER), "tasks")
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now(), channel=None))
    assert await rows(db, CELEBRATION) == []
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now()))
    assert len(await rows(db, CELEBRATION)) == 1


async def test_erasing_a_member_leaves_no_trace_in_celebrations(
    svc: ThanksService, projects: ProjectsService, db: Database, clock: FakeClock
) -> None:
    project = await make_project(projects, repeat="weekly")
    for member in (P_BEN, P_CAT):
        await projects.join(member, project.id, every=True)
    await svc.toggle_choice(BEN.user_id, "firsts")
    for number in range(1, 11):
        await roll_to(projects, clock, project.id, number)
    await svc.shared.events.publish(events.TASKS_ALL_DONE, all_done(clock.now()))
    await svc.data.erase(BEN.user_id, GUILD)
    waiting = await rows(db, CELEBRATION)
    assert sorted(r.payload["type"] for r in waiting) == ["all_tasks", "session"]  # Ben's own one is cancelled
    assert all(BEN.user_id not in r.payload.get("people", []) for r in waiting)
    assert all(BEN.user_id != r.payload.get("user_id") for r in waiting)
    async with db.transaction() as s:
        claims = (await s.scalars(sa.select(ThanksCelebration.ref_id))).all()
    assert BEN.user_id not in claims


async def test_the_lead_who_turned_on_the_good_news_is_its_maker_until_they_erase_their_data(
    svc: ThanksService, db: Database
) -> None:
    """Discord refusing the channel stops the weekly series: its maker is told (the scheduler's rule)."""
    await svc.set_channel(scope(MANAGER), CHANNEL)
    await svc.toggle(scope(MANAGER), "digest")
    [row] = await rows(db, WEEKLY_DIGEST)
    assert row.created_by == MANAGER.user_id
    await svc.data.erase(MANAGER.user_id, None)
    [row] = await rows(db, WEEKLY_DIGEST)
    assert row.created_by is None  # still pending: the good news goes on
