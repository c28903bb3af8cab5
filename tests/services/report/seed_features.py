"""Tasks, thank-yous and check-in answers made straight in the tables, for report tests and the benchmark."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from db.engine import Database
from db.models import Checkin, CheckinAnswer, Task, TaskList, Thanks
from tests.services.report.seed import insert_row


async def add_task_list(db: Database, guild_id: int, when: datetime) -> int:
    return await insert_row(db, TaskList(guild_id=guild_id, channel_id=77, created_at=when, updated_at=when))


async def add_task(
    db: Database,
    list_id: int,
    guild_id: int,
    when: datetime,
    *,
    doer: int | None,
    helper: int | None = None,
    state: str = "done",
) -> None:
    task = Task(
        guild_id=guild_id, list_id=list_id, title="Wash the cups", added_by=doer or 1, doer_id=doer,
        helper_id=helper, state=state, done_at=when if state == "done" else None, created_at=when, updated_at=when,
    )  # fmt: skip
    await insert_row(db, task)


async def add_thanks(db: Database, guild_id: int, author: int, when: datetime, *, state: str = "posted") -> None:
    thanks = Thanks(
        guild_id=guild_id, author_id=author, reason="for the tea", state=state, created_at=when,
        posted_at=when if state == "posted" else None,
    )  # fmt: skip
    await insert_row(db, thanks)


async def add_checkin(db: Database, guild_id: int, when: datetime) -> int:
    checkin = Checkin(
        guild_id=guild_id, kind="mood3", weekdays="MO", hour=9, state="active", created_by=1,
        created_at=when, updated_at=when,
    )  # fmt: skip
    return await insert_row(db, checkin)


async def add_answer(
    db: Database, checkin_id: int, guild_id: int, user_id: int, when: datetime, *, skipped: bool = False
) -> None:
    answer = CheckinAnswer(
        checkin_id=checkin_id, guild_id=guild_id, user_id=user_id, day=when.date().isoformat(),
        choice=None if skipped else "good", skipped=skipped, answered_at=when,
    )  # fmt: skip
    await insert_row(db, answer)


async def bulk_features(db: Database, guild_id: int, *, weeks: int, start: datetime, per_week: int = 20) -> None:
    """``per_week`` done tasks, posted thank-yous and check-in answers each week for ``weeks`` weeks."""
    list_id = await add_task_list(db, guild_id, start)
    checkin_id = await add_checkin(db, guild_id, start)
    tasks, thanks, answers = [], [], []
    for week in range(weeks):
        for k in range(per_week):
            when = start + timedelta(weeks=week, hours=k)
            person = 5000 + (week * 7 + k * 13) % 400
            tasks.append(
                {"guild_id": guild_id, "list_id": list_id, "title": "Task", "details": "", "added_by": 1,
                 "doer_id": person, "helper_id": None, "state": "done", "repeat": "none", "rota": "",
                 "done_at": when, "created_at": when, "updated_at": when}
            )  # fmt: skip
            thanks.append(
                {"guild_id": guild_id, "author_id": person, "reason": "thanks", "private": False, "state": "posted",
                 "created_at": when, "posted_at": when}
            )  # fmt: skip
            answers.append(
                {"checkin_id": checkin_id, "guild_id": guild_id, "user_id": person, "day": f"{week}-{k}",
                 "choice": "good", "skipped": False, "answered_at": when}
            )  # fmt: skip
    async with db.transaction() as s:
        for model, rows in ((Task, tasks), (Thanks, thanks), (CheckinAnswer, answers)):
            for i in range(0, len(rows), 5000):
                await s.execute(sa.insert(model), rows[i : i + 5000])
