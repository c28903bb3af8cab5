"""What tasks add to the impact report (bot/services/report): counts only, worked out in SQL.

- ``tasks_done``: tasks marked done in the period (each turn of a repeating task counts once). A member who
  deleted their data still counts here: their task stays done, without their name.
- ``people_helped``: different people who did or helped with a task done in the period (``report_people``
  gives their ids, so the ladder counts each person once, at their highest step).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from db.engine import Database
from db.models import Task


class TasksReport:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _done(guild_id: int, start: datetime, end: datetime) -> Any:
        return sa.and_(Task.guild_id == guild_id, Task.state == "done", Task.done_at >= start, Task.done_at < end)

    async def report_counts(self, guild_id: int, start: datetime, end: datetime) -> Mapping[str, int]:
        async with self.db.read() as s:  # a read: never takes the write lock
            tasks = await s.scalar(sa.select(sa.func.count()).select_from(Task).where(self._done(guild_id, start, end)))
        helped = (await self.report_people(guild_id, start, end))["helped"]
        return {"tasks_done": int(tasks or 0), "people_helped": len(helped)}

    async def report_people(self, guild_id: int, start: datetime, end: datetime) -> Mapping[str, set[int]]:
        """Who helped (did or helped with a task done in the period): distinct ids from SQL, a few hundred."""
        done = self._done(guild_id, start, end)
        people = sa.union(
            sa.select(Task.doer_id.label("user_id")).where(done, Task.doer_id.is_not(None)),
            sa.select(Task.helper_id.label("user_id")).where(done, Task.helper_id.is_not(None)),
        )
        async with self.db.read() as s:
            ids = (await s.execute(people)).scalars().all()
        return {"helped": {int(i) for i in ids if i is not None}}
