"""My data for tasks: summary, export and erase keep the list whole for everyone else."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.tasks import Member, TasksPersonalData, TasksService
from db.engine import Database
from tests.services.projects.support import OWNER as OWNER_SCOPE
from tests.services.tasks.conftest import ANN, BEN, add_task, pending, scope

OWNER = OWNER_SCOPE.actor  # the projects' owner, as the Actor the task tests use

FRIDAY_2PM = datetime(2026, 6, 5, 13, 0, tzinfo=UTC)


async def test_summary_export_and_erase(svc: TasksService, project_list: int, db: Database) -> None:
    data = TasksPersonalData(svc)
    doing = await add_task(svc, project_list, "Book the room", due=FRIDAY_2PM)
    helped = await add_task(svc, project_list, "Tea")
    await add_task(svc, project_list, "Chairs", who=Member(ANN.user_id))
    own = await add_task(svc, project_list, "Posters", by=OWNER)
    await svc.claim(scope(ANN), doing)
    await svc.partner(scope(BEN), helped)
    await svc.can_help(scope(ANN), helped)
    await svc.set_nudges(ANN.user_id, False)
    await svc.set_nudges(ANN.user_id, True)
    assert await data.summary(ANN.user_id, None) == ["You are doing 2 tasks."]
    exported = await data.export(ANN.user_id, None)
    parts = {row["title"]: row["your_part"] for row in exported["tasks"]}
    assert parts == {"Book the room": ["doing"], "Tea": ["helping"], "Chairs": ["asked"]}
    assert "Posters" not in parts and exported["task_member_settings"] == [
        {"user_id": ANN.user_id, "nudges_off": False}
    ]
    assert len(await pending(db, "task_nudge")) == 1

    await data.erase(ANN.user_id, None)
    assert await data.summary(ANN.user_id, None) == []
    assert (await data.export(ANN.user_id, None)) == {"tasks": []}
    view = await svc.list_view(scope(OWNER), project_list)
    by_title = {t.title: t for t in view.tasks}
    assert by_title["Book the room"].doer_id is None and by_title["Tea"].helper_id is None
    assert by_title["Tea"].doer_id == BEN.user_id and by_title["Chairs"].asked_id is None
    assert set(by_title) == {"Book the room", "Tea", "Chairs", "Posters"} and own
    assert await pending(db, "task_nudge") == []
    assert not [n for n in await pending(db, "task_notice") if (n.payload or {}).get("user_id") == ANN.user_id]
