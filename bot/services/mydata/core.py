"""The personal-data hooks for what every feature shares: member settings, DM channels, scheduled work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import texts
from bot.clock import Clock
from db.engine import Database
from db.repositories import mydata as repo


class CoreData:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        async with self.db.read() as s:
            settings, _ = await repo.member_rows(s, user_id)
            scheduled = await repo.scheduled_for(s, user_id, guild_id)
        lines = []
        if settings is not None:
            lines.append(texts.MYDATA_SUMMARY_SETTINGS)
        waiting = [r for r in scheduled if r.state in ("pending", "running")]
        if waiting:
            lines.append(texts.counted(texts.MYDATA_SUMMARY_SCHEDULED, len(waiting)))
        return lines

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        async with self.db.transaction() as s:
            settings, dm = await repo.member_rows(s, user_id)
            scheduled = await repo.scheduled_for(s, user_id, guild_id)
            stop = await repo.do_not_contact(s, user_id)
        return {
            "member_settings": [repo.as_dict(settings)] if settings else [],
            "dm_channels": [repo.as_dict(dm)] if dm else [],
            "scheduled_work": [repo.as_dict(r) for r in scheduled],
            "do_not_contact": [repo.as_dict(stop)] if stop else [],
        }

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        now = self.clock.now()
        async with self.db.transaction() as s:
            # Member settings and DM channels belong to the person, not to one server: always erased.
            await repo.erase_member_rows(s, user_id)
            await repo.scrub_scheduled(s, await repo.scheduled_for(s, user_id, guild_id), user_id, now)
