"""Guards that a mutation once got past: each test here fails when its guard is taken out.

- every member's copy of a project message has its own nonce (two closed DMs fall back to one channel,
  and Discord drops a second message with the same nonce there);
- project notices wait for a member's quiet hours, like event reminders;
- "Open" in the list never shows a draft (a service rule);
- a start more than five years ahead is refused.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.notifier import RecordingNotifier
from bot.render.projects import project_render
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.scope import PersonalScope
from bot.services.projects import ProjectDetails, ProjectsService
from bot.services.projects.jobs import ProjectJobs
from bot.services.quiet_hours import QuietHoursService
from db.engine import Database
from tests.services.projects.support import ANN, BEN, CAT, CHANNEL, OWNER, START, make_project


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def quiet(db: Database, clock: FakeClock) -> QuietHoursService:
    return QuietHoursService(db, clock)


@pytest.fixture
def svc(db: Database, clock: FakeClock, quiet: QuietHoursService) -> ProjectsService:
    return ProjectsService(db, clock, quiet_hours=quiet)


@pytest.fixture
async def scheduler(
    db: Database, clock: FakeClock, svc: ProjectsService, notifier: RecordingNotifier
) -> AsyncIterator[Scheduler]:
    registry = Registry()
    for kind in ProjectJobs(svc, project_render()).kinds():
        registry.register(kind.name, kind.handler, kind.policy)
    sched = Scheduler(db, clock, registry, notifier)
    yield sched
    await sched.stop(wait=False)


async def test_two_closed_dms_each_get_their_own_fallback_in_the_channel(
    svc: ProjectsService, scheduler: Scheduler, notifier: RecordingNotifier, clock: FakeClock
) -> None:
    project = await make_project(svc, places=5)
    for member in (ANN, BEN):
        await svc.join(member, project.id)
    notifier.closed_dms.update({ANN.user_id, BEN.user_id})
    clock.set(START - timedelta(days=1))
    await scheduler.run_due_now()
    posted = [m for m in notifier.sent if m.channel_id == CHANNEL]
    assert sorted(m.user_id for m in posted if m.user_id) == [ANN.user_id, BEN.user_id]
    assert notifier.duplicates_refused == 0
    assert len({m.nonce for m in posted}) == 2


async def test_a_notice_waits_for_quiet_hours(
    svc: ProjectsService,
    scheduler: Scheduler,
    notifier: RecordingNotifier,
    clock: FakeClock,
    quiet: QuietHoursService,
) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)  # waiting
    # Now is Monday 10am in London: Ben's quiet hours are 9am to noon, so "a place opened" waits.
    await quiet.set(PersonalScope(BEN.user_id), 9 * 60, 12 * 60)
    await svc.cant(ANN, project.id)
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent if m.user_id == BEN.user_id] == []
    clock.set(clock.now() + timedelta(hours=2, minutes=1))
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent if m.user_id == BEN.user_id] == [BEN.user_id]
    # Cat, not in quiet hours, hears at once when a place opens for her.
    await svc.join(CAT, project.id)
    await svc.cant(BEN, project.id)
    await scheduler.run_due_now()
    assert [m.user_id for m in notifier.sent][-1] == CAT.user_id


async def test_open_never_shows_a_draft(svc: ProjectsService) -> None:
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Secret plan", "", "", "", ""))
    with pytest.raises(UserError) as err:
        await svc.posted_card(ANN, draft.id)
    assert err.value.message == texts.PROJECT_NOT_POSTED
    project = await make_project(svc)
    assert (await svc.posted_card(ANN, project.id)).id == project.id


async def test_a_start_more_than_five_years_ahead_is_refused(svc: ProjectsService, clock: FakeClock) -> None:
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Far away", "", "", "", ""))
    with pytest.raises(UserError) as err:
        await svc.set_start(OWNER, draft.id, clock.now() + timedelta(days=5 * 366 + 1))
    assert err.value.message == texts.TIME_TOO_FAR.format(years=5)
    await svc.set_start(OWNER, draft.id, clock.now() + timedelta(days=5 * 365))
