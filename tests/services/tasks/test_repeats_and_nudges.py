"""Repeats made on Done, the rota (skipping who is away), and the one nudge: the day before at 9am,
1 hour before when sooner, quiet hours, away, nudges off, at most one a day, none once changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.features import Shared
from bot.notifier import RecordingNotifier
from bot.scheduling.scheduler import Scheduler
from bot.scope import PersonalScope
from bot.services.tasks import Member, TasksService
from db.engine import Database
from tests.services.projects.support import OWNER as OWNER_SCOPE
from tests.services.tasks.conftest import ANN, BEN, CAT, add_task, pending, scope

OWNER = OWNER_SCOPE.actor  # the projects' owner, as the Actor the task tests use

# The fake clock starts Monday 1 June 2026, 9:00 UTC (10am in London).
FRIDAY_2PM = datetime(2026, 6, 5, 13, 0, tzinfo=UTC)  # 2pm in London
THURSDAY_9AM = datetime(2026, 6, 4, 8, 0, tzinfo=UTC)  # 9am in London


def dms(notifier: RecordingNotifier, user_id: int, words: str = "A nudge") -> list[str]:
    return [m.msg.content or "" for m in notifier.sent if m.user_id == user_id and words in (m.msg.content or "")]


async def test_weekly_chore_makes_the_next_one_only_when_done(
    svc: TasksService, project_list: int, clock: FakeClock
) -> None:
    task_id = await add_task(svc, project_list, "Tidy the kitchen", due=FRIDAY_2PM, repeat="weekly")
    clock.set(FRIDAY_2PM + timedelta(days=20))  # weeks go by: nothing piles up
    assert len((await svc.list_view(scope(ANN), project_list)).tasks) == 1
    await svc.claim(scope(ANN), task_id)
    done = await svc.done(scope(ANN), task_id)
    assert done.next_task is not None
    # The next one is the first Friday 2pm after now, not three missed copies.
    assert done.next_task.due_at == datetime(2026, 6, 26, 13, 0, tzinfo=UTC)
    assert done.next_task.doer_id is None and done.next_task.repeat == "weekly"
    view = await svc.list_view(scope(ANN), project_list)
    assert [(t.title, t.state) for t in view.tasks] == [("Tidy the kitchen", "open"), ("Tidy the kitchen", "done")]
    # Undo takes the untouched next copy away again.
    await svc.undo(scope(ANN), task_id)
    view = await svc.list_view(scope(ANN), project_list)
    assert [(t.id, t.state) for t in view.tasks] == [(task_id, "open")]


async def test_rota_gives_it_to_the_next_person_skipping_who_is_away(
    svc: TasksService, shared: Shared, project_list: int, clock: FakeClock, db: Database
) -> None:
    rota = [Member(ANN.user_id), Member(BEN.user_id), Member(CAT.user_id)]
    task_id = await add_task(svc, project_list, "Bins", due=FRIDAY_2PM, repeat="weekly", rota=rota)
    first = (await svc.panel(scope(ANN), task_id)).task
    assert first.doer_id == ANN.user_id and first.rota == (ANN.user_id, BEN.user_id, CAT.user_id)
    await shared.quiet_hours.set_away(PersonalScope(BEN.user_id), clock.now() + timedelta(days=30))
    done = await svc.done(scope(ANN), task_id)
    assert done.next_task is not None and done.next_task.doer_id == CAT.user_id  # Ben is away
    done = await svc.done(scope(CAT), done.next_task.id)
    assert done.next_task is not None and done.next_task.doer_id == ANN.user_id


async def test_the_nudge_comes_once_the_day_before_at_9am(
    svc: TasksService,
    project_list: int,
    clock: FakeClock,
    scheduler: Scheduler,
    notifier: RecordingNotifier,
    db: Database,
) -> None:
    task_id = await add_task(svc, project_list, "Book the room", due=FRIDAY_2PM)
    assert await pending(db, "task_nudge") == []  # nobody is doing it yet
    await svc.claim(scope(ANN), task_id)
    [row] = await pending(db, "task_nudge")
    assert row.due_at == THURSDAY_9AM
    clock.set(THURSDAY_9AM - timedelta(minutes=1))
    await scheduler.run_due_now()
    assert dms(notifier, ANN.user_id) == []
    clock.set(THURSDAY_9AM + timedelta(seconds=5))
    await scheduler.run_due_now()
    [nudge] = dms(notifier, ANN.user_id)
    assert "Book the room" in nudge and "Friday 5 June at 2pm" in nudge
    buttons = [getattr(b, "label", "") for b in notifier.sent[-1].msg.view.children]  # type: ignore[union-attr]
    assert buttons == ["Done", "Give it back"]
    clock.advance(timedelta(hours=3))
    await scheduler.run_due_now()
    assert len(dms(notifier, ANN.user_id)) == 1


async def test_due_soon_nudges_one_hour_before_and_very_soon_not_at_all(
    svc: TasksService, project_list: int, clock: FakeClock, db: Database
) -> None:
    soon = clock.now() + timedelta(hours=5)
    task_id = await add_task(svc, project_list, "Tea", due=soon)
    await svc.claim(scope(ANN), task_id)
    [row] = await pending(db, "task_nudge")
    assert row.due_at == soon - timedelta(hours=1)
    very_soon = await add_task(svc, project_list, "Cups", due=clock.now() + timedelta(minutes=30))
    await svc.claim(scope(BEN), very_soon)
    assert len(await pending(db, "task_nudge")) == 1


async def test_at_most_one_nudge_a_day_even_when_the_due_date_moves(
    svc: TasksService, project_list: int, clock: FakeClock, scheduler: Scheduler, notifier: RecordingNotifier
) -> None:
    task_id = await add_task(svc, project_list, "Posters", due=clock.now() + timedelta(hours=3))
    await svc.claim(scope(ANN), task_id)
    clock.advance(timedelta(hours=2, minutes=1))
    await scheduler.run_due_now()
    assert len(dms(notifier, ANN.user_id)) == 1
    # The organiser moves it to two hours from now: its new nudge is due within the same day: not sent.
    await svc.set_due(scope(OWNER), task_id, clock.now() + timedelta(hours=2))
    clock.advance(timedelta(hours=1, minutes=1))
    await scheduler.run_due_now()
    assert len(dms(notifier, ANN.user_id)) == 1


async def test_quiet_hours_hold_the_nudge_and_away_or_off_skip_it(
    svc: TasksService,
    shared: Shared,
    project_list: int,
    clock: FakeClock,
    scheduler: Scheduler,
    notifier: RecordingNotifier,
) -> None:
    # Ann's quiet hours are 8am to 10am (London): the 9am nudge waits until 10am.
    await shared.quiet_hours.set(PersonalScope(ANN.user_id), 8 * 60, 10 * 60)
    task_id = await add_task(svc, project_list, "Book the room", due=FRIDAY_2PM)
    await svc.claim(scope(ANN), task_id)
    clock.set(THURSDAY_9AM + timedelta(seconds=5))
    await scheduler.run_due_now()
    assert dms(notifier, ANN.user_id) == []
    clock.set(THURSDAY_9AM + timedelta(hours=1, seconds=5))
    await scheduler.run_due_now()
    assert len(dms(notifier, ANN.user_id)) == 1

    # Ben is away: no nudge. Cat turned nudges off: none planned.
    clock.set(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    second = await add_task(svc, project_list, "Cake", due=FRIDAY_2PM)
    third = await add_task(svc, project_list, "Chairs", due=FRIDAY_2PM)
    await svc.claim(scope(BEN), second)
    await shared.quiet_hours.set_away(PersonalScope(BEN.user_id), FRIDAY_2PM + timedelta(days=1))
    await svc.set_nudges(CAT.user_id, False)
    assert not await svc.nudges_on(CAT.user_id)
    await svc.claim(scope(CAT), third)
    clock.set(THURSDAY_9AM + timedelta(seconds=5))
    await scheduler.run_due_now()
    assert dms(notifier, BEN.user_id) == [] and dms(notifier, CAT.user_id) == []


async def test_a_given_back_or_done_task_is_never_nudged(
    svc: TasksService,
    project_list: int,
    clock: FakeClock,
    scheduler: Scheduler,
    notifier: RecordingNotifier,
    db: Database,
) -> None:
    first = await add_task(svc, project_list, "Book the room", due=FRIDAY_2PM)
    second = await add_task(svc, project_list, "Tea", due=FRIDAY_2PM)
    await svc.claim(scope(ANN), first)
    await svc.claim(scope(BEN), second)
    await svc.give_back(scope(ANN), first)
    await svc.done(scope(BEN), second)
    assert await pending(db, "task_nudge") == []
    clock.set(THURSDAY_9AM + timedelta(seconds=5))
    await scheduler.run_due_now()
    assert dms(notifier, ANN.user_id) == [] and dms(notifier, BEN.user_id) == []


async def test_messages_about_tasks_wait_for_quiet_hours_and_go_once(
    svc: TasksService,
    shared: Shared,
    project_list: int,
    clock: FakeClock,
    scheduler: Scheduler,
    notifier: RecordingNotifier,
) -> None:
    # 10am in London now; Ann's quiet hours are 9am to 11am: the "Can you do this?" message waits.
    await shared.quiet_hours.set(PersonalScope(ANN.user_id), 9 * 60, 11 * 60)
    task_id = await add_task(svc, project_list, "Book the room", who=Member(ANN.user_id))
    await scheduler.run_due_now()
    assert dms(notifier, ANN.user_id, "can you do this task") == []
    clock.advance(timedelta(hours=1, minutes=1))
    await scheduler.run_due_now()
    [ask] = [m for m in notifier.sent if m.user_id == ANN.user_id]
    assert "can you do this task? Book the room" in (ask.msg.content or "")
    labels = [getattr(b, "label", "") for b in ask.msg.view.children]  # type: ignore[union-attr]
    assert labels == ["Yes, I will", "No, sorry"]
    assert any(f":{task_id}:" in str(getattr(b, "custom_id", "")) for b in ask.msg.view.children)  # type: ignore[union-attr]
    clock.advance(timedelta(hours=2))
    await scheduler.run_due_now()
    assert len([m for m in notifier.sent if m.user_id == ANN.user_id]) == 1


async def test_done_chores_leave_the_card_after_a_day_and_a_list_holds_25_open_tasks(
    svc: TasksService, project_list: int, clock: FakeClock
) -> None:
    task_id = await add_task(svc, project_list, "Bins", due=FRIDAY_2PM, repeat="weekly")
    done = await svc.done(scope(ANN), task_id)
    assert len((await svc.list_view(scope(ANN), project_list)).tasks) == 2
    clock.advance(timedelta(days=1, minutes=1))
    view = await svc.list_view(scope(ANN), project_list)
    assert [t.id for t in view.tasks] == [done.next_task.id if done.next_task else 0]
    for i in range(24):
        await add_task(svc, project_list, f"Task {i}")
    with pytest.raises(UserError) as full:
        await svc.start_draft(scope(OWNER), project_list, "One more", "")
    assert full.value.message == texts.TASK_TOO_MANY
