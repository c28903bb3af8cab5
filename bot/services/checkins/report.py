"""What check-ins add to the impact report (bot/services/report): a count of answers, never what was answered.

``checkins_answered``: check-ins answered in the period (a mood chosen or a stand-up filled in; "skip" is not
an answer). Moods stay private to leads: the report never says how anyone felt.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa

from db.engine import Database
from db.models import CheckinAnswer


class CheckinsReport:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def report_counts(self, guild_id: int, start: datetime, end: datetime) -> Mapping[str, int]:
        query = sa.select(sa.func.count()).where(
            CheckinAnswer.guild_id == guild_id,
            CheckinAnswer.skipped.is_(False),
            CheckinAnswer.answered_at >= start,
            CheckinAnswer.answered_at < end,
        )
        async with self.db.read() as s:  # a read: never takes the write lock
            answered = await s.scalar(query)
        return {"checkins_answered": int(answered or 0)}
