"""Server and member settings rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import GuildSettings, MemberSettings


async def get_guild(session: AsyncSession, guild_id: int) -> GuildSettings | None:
    return await session.get(GuildSettings, guild_id)


async def upsert_guild(session: AsyncSession, guild_id: int, now: datetime, **changes: Any) -> GuildSettings:
    # Lock the row so two leads saving at once do not lose each other's change.
    row = await session.get(GuildSettings, guild_id, with_for_update=True)
    if row is None:
        row = GuildSettings(
            guild_id=guild_id,
            timezone="Europe/London",
            leads_only_projects=False,
            leaderboard_enabled=False,
            project_reminders="1440,60",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return row


async def get_member(session: AsyncSession, user_id: int) -> MemberSettings | None:
    return await session.get(MemberSettings, user_id)


async def upsert_member(session: AsyncSession, user_id: int, now: datetime, **changes: Any) -> MemberSettings:
    row = await session.get(MemberSettings, user_id, with_for_update=True)
    if row is None:
        row = MemberSettings(user_id=user_id, created_at=now, updated_at=now)
        session.add(row)
    for key, value in changes.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return row
