"""What thank-yous add to the impact report (bot/services/report): how many were said, never who said them.

``thanks_said``: thank-yous posted (public or private) in the period; drafts never sent do not count. One whose
words went with a member's erased data still counts (state "erased": no names, no reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa

from bot.services.thanks.rules import COUNTED
from db.engine import Database
from db.models import Thanks


class ThanksReport:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def report_counts(self, guild_id: int, start: datetime, end: datetime) -> Mapping[str, int]:
        # created_at, not posted_at: the (guild_id, created_at) index; a thank-you is posted as it is made.
        query = sa.select(sa.func.count()).where(
            Thanks.guild_id == guild_id, Thanks.state.in_(COUNTED), Thanks.created_at >= start, Thanks.created_at < end
        )
        async with self.db.read() as s:  # a read: never takes the write lock
            said = await s.scalar(query)
        return {"thanks_said": int(said or 0)}
