"""The presses: claim (and two at once), a partner, give back, need help, asked yes / no, done, undo."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot import events, texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.features import Shared
from bot.services.people import Actor
from bot.services.tasks import Member, TasksService
from db.engine import Database
from tests.services.projects.support import OWNER as OWNER_SCOPE
from tests.services.tasks.conftest import ANN, BEN, CAT, DAN, add_task, notices, scope

OWNER = OWNER_SCOPE.actor  # the projects' owner, as the Actor the task tests use


async def test_claim_then_someone_else_is_told_who_has_it(svc: TasksService, project_list: int) -> None:
    task_id = await add_task(svc, project_list)
    pressed = await svc.claim(scope(ANN), task_id)
    assert pressed.kind == "claimed" and pressed.task.doer_id == ANN.user_id
    with pytest.raises(UserError) as taken:
        await svc.claim(scope(BEN), task_id)
    assert taken.value.message == texts.TASK_TAKEN.format(doer=f"<@{ANN.user_id}>", title="Book the room")
    with pytest.raises(UserError):
        await svc.claim(scope(ANN), task_id)
    assert (await svc.panel(scope(BEN), task_id)).task.doer_id == ANN.user_id


async def test_a_crowd_presses_ill_do_it_at_once_one_gets_it(svc: TasksService, project_list: int) -> None:
    for _round in range(3):
        task_id = await add_task(svc, project_list)
        crowd = [Actor(user_id=1000 + i) for i in range(12)]
        results = await asyncio.gather(*(svc.claim(scope(m), task_id) for m in crowd), return_exceptions=True)
        winners = [r for r in results if not isinstance(r, BaseException)]
        losers = [r for r in results if isinstance(r, BaseException)]
        assert len(winners) == 1 and len(losers) == 11
        doer = winners[0].task.doer_id
        assert all(isinstance(e, UserError) and f"<@{doer}> is already doing" in e.message for e in losers)
        assert (await svc.panel(scope(OWNER), task_id)).task.doer_id == doer


async def test_do_it_with_me_and_one_helper_joins(svc: TasksService, project_list: int) -> None:
    task_id = await add_task(svc, project_list)
    pressed = await svc.partner(scope(ANN), task_id)  # a free task: Ann takes it and asks for a partner
    assert pressed.task.doer_id == ANN.user_id and pressed.task.wants_helper
    with pytest.raises(UserError):
        await svc.can_help(scope(ANN), task_id)
    results = await asyncio.gather(
        svc.can_help(scope(BEN), task_id), svc.can_help(scope(CAT), task_id), return_exceptions=True
    )
    assert sum(1 for r in results if not isinstance(r, BaseException)) == 1
    task = (await svc.panel(scope(OWNER), task_id)).task
    assert task.helper_id in (BEN.user_id, CAT.user_id) and not task.wants_helper
    done = await svc.done(scope(Actor(user_id=task.helper_id or 0)), task_id)
    assert set(done.task.done_by) == {ANN.user_id, task.helper_id}


async def test_give_back_goes_back_to_the_list_and_the_organiser_is_told(
    svc: TasksService, project_list: int, db: Database
) -> None:
    task_id = await add_task(svc, project_list)
    await svc.claim(scope(ANN), task_id)
    with pytest.raises(NotAllowed):
        await svc.give_back(scope(BEN), task_id)
    pressed = await svc.give_back(scope(ANN), task_id)
    assert pressed.task.doer_id is None and pressed.kind == "given_back"
    [told] = await notices(db, "given_back")
    assert told["user_id"] == OWNER.user_id and told["by"] == ANN.user_id
    await svc.claim(scope(BEN), task_id)  # free again


async def test_i_need_help_tells_organisers_privately(svc: TasksService, project_list: int, db: Database) -> None:
    task_id = await add_task(svc, project_list)
    with pytest.raises(NotAllowed):
        await svc.need_help(scope(ANN), task_id)
    await svc.claim(scope(ANN), task_id)
    pressed = await svc.need_help(scope(ANN), task_id)
    assert pressed.task.needs_help
    [told] = await notices(db, "help")
    assert told["user_id"] == OWNER.user_id


async def test_assigned_member_says_no_then_another_says_yes(
    svc: TasksService, project_list: int, db: Database
) -> None:
    task_id = await add_task(svc, project_list)
    await svc.ask(scope(OWNER), task_id, Member(ANN.user_id))
    with pytest.raises(UserError) as asked:
        await svc.claim(scope(BEN), task_id)
    assert asked.value.message == texts.TASK_ASKED_SOMEONE.format(member=f"<@{ANN.user_id}>", title="Book the room")
    with pytest.raises(NotAllowed):
        await svc.answer(scope(BEN), task_id, True)
    with pytest.raises(NotAllowed):
        await svc.ask(scope(BEN), task_id, Member(CAT.user_id))
    said = await svc.answer(scope(ANN), task_id, False)
    assert said.kind == "said_no" and said.task.asked_id is None and said.task.doer_id is None
    await svc.ask(scope(OWNER), task_id, Member(CAT.user_id))
    said = await svc.answer(scope(CAT), task_id, True)
    assert said.task.doer_id == CAT.user_id
    told = [(n["type"], n["user_id"], n["by"]) for n in await notices(db) if n["type"].startswith("said")]
    assert told == [("said_no", OWNER.user_id, ANN.user_id), ("said_yes", OWNER.user_id, CAT.user_id)]


async def test_done_tells_who_asked_publishes_and_celebrates_once(
    svc: TasksService, shared: Shared, project_list: int, db: Database
) -> None:
    got: list[Any] = []
    shared.events.subscribe(events.TASK_DONE, lambda e: _append(got, e))
    shared.events.subscribe(events.TASKS_ALL_DONE, lambda e: _append(got, e))
    first = await add_task(svc, project_list, "Book the room")
    second = await add_task(svc, project_list, "Make the tea")
    await svc.claim(scope(ANN), first)
    with pytest.raises(NotAllowed):
        await svc.done(scope(BEN), first)
    await svc.done(scope(ANN), first)
    assert [type(e).__name__ for e in got] == ["TaskDone"]
    assert got[0].done_by == (ANN.user_id,) and got[0].project_id is not None
    [told] = await notices(db, "done")
    assert told["user_id"] == OWNER.user_id and told["people"] == [ANN.user_id]
    await svc.partner(scope(BEN), second)
    await svc.can_help(scope(CAT), second)
    await svc.done(scope(BEN), second)
    assert [type(e).__name__ for e in got] == ["TaskDone", "TaskDone", "AllTasksDone"]
    assert set(got[-1].done_by) == {ANN.user_id, BEN.user_id, CAT.user_id} and got[-1].project_title == "Film club"
    # Tasks posts no celebration of its own: the thank-yous feature hears AllTasksDone and asks its switch.
    assert await notices(db, "celebrate") == [] and got[-1].channel_id is not None
    view = await svc.list_view(scope(OWNER), project_list)
    assert (view.done, view.total) == (2, 2)
    with pytest.raises(UserError) as again:
        await svc.done(scope(BEN), second)
    assert again.value.message == texts.TASK_IS_DONE.format(title="Make the tea")
    assert len(got) == 3  # done twice: all done is told once


async def _append(into: list[Any], event: Any) -> None:
    into.append(event)


async def test_undo_for_a_day_then_not(svc: TasksService, project_list: int, clock: FakeClock) -> None:
    task_id = await add_task(svc, project_list)
    await svc.claim(scope(ANN), task_id)
    await svc.done(scope(ANN), task_id)
    with pytest.raises(NotAllowed):
        await svc.undo(scope(BEN), task_id)
    clock.advance(timedelta(hours=23))
    undone = await svc.undo(scope(ANN), task_id)
    assert undone.task.state == "open" and undone.task.doer_id == ANN.user_id
    await svc.done(scope(ANN), task_id)
    clock.advance(timedelta(days=1, minutes=1))
    with pytest.raises(UserError) as late:
        await svc.undo(scope(ANN), task_id)
    assert late.value.message == texts.TASK_UNDO_TOO_LATE


async def test_a_free_task_done_by_anyone_credits_them_an_organiser_may_finish_any(
    svc: TasksService, project_list: int
) -> None:
    free = await add_task(svc, project_list)
    assert (await svc.done(scope(DAN), free)).task.done_by == (DAN.user_id,)
    taken = await add_task(svc, project_list, "Tea")
    await svc.claim(scope(ANN), taken)
    assert (await svc.done(scope(OWNER), taken)).task.done_by == (ANN.user_id,)
    # In a private message only the person doing it may press Done.
    third = await add_task(svc, project_list, "Chairs")
    with pytest.raises(NotAllowed):
        await svc.done(scope(DAN), third, personal=True)
