"""Lists and adding: who may add, the draft (due date, who, repeat, turns), bad input, other servers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, NotFound, UserError
from bot.services.tasks import Member, TasksService
from tests.services.projects.support import OWNER as OWNER_SCOPE
from tests.services.tasks.conftest import ANN, BEN, CHANNEL, LEAD, OTHER_GUILD, add_task, notices, scope

OWNER = OWNER_SCOPE.actor  # the projects' owner, as the Actor the task tests use

HOSTILE = [
    "@everyone come and [click me](https://evil.example) now",
    "\u202eevil\u202c reversed",
    "zero\u200bwidth",
    "👩‍👩‍👧 tea and cake ✨",
    "**bold** __under__ `code`",
]


async def test_organisers_and_leads_add_to_a_project_list_members_cannot(
    svc: TasksService, project_list: int, lead_role: None
) -> None:
    await add_task(svc, project_list, "Book the room", OWNER)
    await add_task(svc, project_list, "Bring the camera", LEAD)
    with pytest.raises(NotAllowed) as refused:
        await svc.start_draft(scope(ANN), project_list, "Make the tea", "")
    assert refused.value.message == texts.TASK_ONLY_ORGANISERS_ADD
    view = await svc.list_view(scope(ANN), project_list)
    assert [t.title for t in view.tasks] == ["Book the room", "Bring the camera"]
    assert view.project_title == "Film club" and view.done == 0 and view.total == 2


async def test_anyone_adds_to_a_channel_list_unless_the_server_says_leads_only(
    svc: TasksService, lead_role: None
) -> None:
    view, may_add = await svc.open_list(scope(ANN), channel_id=CHANNEL)
    assert may_add and view.members_may_add
    await add_task(svc, view.id, "Water the plants", ANN)
    with pytest.raises(NotAllowed):
        await svc.toggle_leads_only(scope(ANN))
    assert (await svc.toggle_leads_only(scope(LEAD))).leads_only_channel_lists
    again, may_add = await svc.open_list(scope(ANN), channel_id=CHANNEL)
    assert again.id == view.id and not may_add and not again.members_may_add
    with pytest.raises(NotAllowed) as refused:
        await svc.start_draft(scope(ANN), view.id, "Sweep up", "")
    assert refused.value.message == texts.TASK_ONLY_LEADS_ADD
    await add_task(svc, view.id, "Sweep up", LEAD)


@pytest.mark.parametrize("title", HOSTILE)
async def test_hostile_titles_are_cleaned_and_kept(svc: TasksService, project_list: int, title: str) -> None:
    task = await svc.start_draft(scope(OWNER), project_list, title, title)
    assert "\u202e" not in task.title and "\u200b" not in task.title
    assert task.title.strip() and len(task.title) <= 200


@pytest.mark.parametrize(
    ("title", "details", "message"),
    [
        ("", "", texts.FIELD_EMPTY.format(field=texts.TASK_FIELD_WHAT)),
        ("\u200b\u200b  ", "", texts.FIELD_EMPTY.format(field=texts.TASK_FIELD_WHAT)),
        ("x" * 201, "", texts.FIELD_TOO_LONG.format(field=texts.TASK_FIELD_WHAT, limit=200)),
        ("Tea", "y" * 1001, texts.FIELD_TOO_LONG.format(field=texts.TASK_FIELD_DETAILS, limit=1000)),
    ],
)
async def test_bad_text_is_refused_and_nothing_is_added(
    svc: TasksService, project_list: int, title: str, details: str, message: str
) -> None:
    with pytest.raises(UserError) as refused:
        await svc.start_draft(scope(OWNER), project_list, title, details)
    assert refused.value.message == message
    assert (await svc.list_view(scope(OWNER), project_list)).tasks == ()


async def test_due_dates_in_the_past_or_too_far_are_refused(
    svc: TasksService, project_list: int, clock: FakeClock
) -> None:
    task = await svc.start_draft(scope(OWNER), project_list, "Book the room", "")
    for when, message in (
        (clock.now() - timedelta(minutes=1), texts.TASK_DUE_PAST),
        (clock.now() + timedelta(days=5 * 366 + 1), texts.TASK_DUE_TOO_FAR),
    ):
        with pytest.raises(UserError) as refused:
            await svc.set_draft(scope(OWNER), task.id, due=when)
        assert refused.value.message == message
    assert (await svc.draft(scope(OWNER), task.id)).due_at is None


async def test_asking_a_bot_or_someone_who_left_is_refused(svc: TasksService, project_list: int) -> None:
    task = await svc.start_draft(scope(OWNER), project_list, "Book the room", "")
    with pytest.raises(UserError, match="bot"):
        await svc.set_draft(scope(OWNER), task.id, who=Member(99, is_bot=True))
    with pytest.raises(UserError) as refused:
        await svc.set_draft(scope(OWNER), task.id, who=Member(98, in_server=False))
    assert refused.value.message == texts.TASK_MEMBER_LEFT
    added = await add_task(svc, project_list, "Tea")
    with pytest.raises(UserError):
        await svc.ask(scope(OWNER), added, Member(99, is_bot=True))


async def test_a_draft_is_only_its_authors_and_not_on_the_list(svc: TasksService, project_list: int) -> None:
    task = await svc.start_draft(scope(OWNER), project_list, "Book the room", "")
    assert (await svc.list_view(scope(OWNER), project_list)).tasks == ()
    with pytest.raises(NotAllowed):
        await svc.set_draft(scope(ANN), task.id, repeat="weekly")
    with pytest.raises(UserError) as refused:
        await svc.claim(scope(ANN), task.id)
    assert refused.value.message == texts.TASK_IS_DRAFT
    await svc.discard_draft(scope(OWNER), task.id)
    with pytest.raises(NotFound):
        await svc.draft(scope(OWNER), task.id)


async def test_choosing_who_asks_them_on_add(svc: TasksService, project_list: int, db: object) -> None:
    task_id = await add_task(svc, project_list, "Book the room", who=Member(ANN.user_id))
    task = (await svc.panel(scope(OWNER), task_id)).task
    assert task.asked_id == ANN.user_id and task.asked_by == OWNER.user_id and task.doer_id is None
    [ask] = await notices(db, "ask")  # type: ignore[arg-type]
    assert ask["user_id"] == ANN.user_id and ask["by"] == OWNER.user_id


async def test_another_server_sees_nothing(svc: TasksService, project_list: int) -> None:
    task_id = await add_task(svc, project_list)
    stranger = scope(ANN, OTHER_GUILD)
    for call in (
        svc.claim(stranger, task_id),
        svc.done(stranger, task_id),
        svc.remove(stranger, task_id),
        svc.panel(stranger, task_id),
        svc.list_view(stranger, project_list),
        svc.start_draft(stranger, project_list, "Sneaky", ""),
    ):
        with pytest.raises(NotFound):
            await call
    assert (await svc.panel(scope(OWNER), task_id)).task.doer_id is None


async def test_another_servers_list_is_not_found_like_a_missing_one(svc: TasksService, project_list: int) -> None:
    project_id = (await svc.list_view(scope(OWNER), project_list)).project_id
    assert project_id is not None
    stranger = scope(OWNER, OTHER_GUILD)  # owning another server makes no one a lead here
    for call in (
        svc.open_list(stranger, project_id=project_id),
        svc.open_list(scope(OWNER), project_id=project_id + 1000),
        svc.set_card(stranger, project_list, CHANNEL, 1),
    ):
        with pytest.raises(NotFound) as missing:
            await call
        assert missing.value.message == texts.TASK_LIST_NOT_FOUND
    assert (await svc.list_view(scope(OWNER), project_list)).message_id is None


async def test_edit_and_remove_by_managers_only(svc: TasksService, project_list: int) -> None:
    task_id = await add_task(svc, project_list)
    with pytest.raises(NotAllowed):
        await svc.edit(scope(ANN), task_id, "Changed", "")
    with pytest.raises(NotAllowed):
        await svc.remove(scope(ANN), task_id)
    edited = await svc.edit(scope(OWNER), task_id, "Book the big room", "Ask at the desk")
    assert edited.title == "Book the big room" and edited.details == "Ask at the desk"
    await svc.remove(scope(OWNER), task_id)
    # A removed task's old buttons: a clear answer, nothing changes.
    for call in (svc.claim(scope(BEN), task_id), svc.done(scope(OWNER), task_id), svc.panel(scope(BEN), task_id)):
        with pytest.raises(NotFound) as gone:
            await call
        assert gone.value.message == texts.TASK_NOT_FOUND
    assert (await svc.list_view(scope(OWNER), project_list)).tasks == ()
