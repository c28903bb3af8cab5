"""Reminders' personal-data hooks (``Feature.personal_data`` in cogs/reminders): a copy, and erasing.

Erasing deletes every reminder the member set, in every target, and cancels their firings: they never fire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from bot import texts
from bot.clock import Clock
from db.engine import Database
from db.models import Reminder, ScheduledWork
from db.repositories.mydata import as_dict
from db.repositories.scheduled import ACTIVE_STATES

KIND = "reminder"


class RemindersData:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _mine(user_id: int, guild_id: int | None) -> Any:
        query = sa.select(Reminder).where(Reminder.author_id == user_id)
        return query if guild_id is None else query.where(Reminder.guild_id == guild_id)

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        async with self.db.read() as s:
            rows = (await s.scalars(self._mine(user_id, guild_id))).all()
        active = [r for r in rows if r.state in ("active", "sent")]
        return [texts.counted(texts.MYDATA_SUMMARY_REMINDERS, len(active))] if active else []

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        async with self.db.transaction() as s:
            rows = (await s.scalars(self._mine(user_id, guild_id))).all()
        return {"reminders": [as_dict(r) for r in rows]}

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        now = self.clock.now()
        async with self.db.transaction() as s:
            ids = list((await s.scalars(self._mine(user_id, guild_id).with_only_columns(Reminder.id))).all())
            if not ids:
                return
            await s.execute(
                sa.update(ScheduledWork)
                .where(
                    ScheduledWork.kind == KIND, ScheduledWork.ref_id.in_(ids), ScheduledWork.state.in_(ACTIVE_STATES)
                )
                .values(state="cancelled", lease_until=None, updated_at=now)
            )
            # Past firings keep no link to the deleted reminder.
            await s.execute(
                sa.update(ScheduledWork)
                .where(ScheduledWork.kind == KIND, ScheduledWork.ref_id.in_(ids))
                .values(ref_id=None, payload=None, updated_at=now)
            )
            await s.execute(sa.delete(Reminder).where(Reminder.id.in_(ids)))
