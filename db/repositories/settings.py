"""Server and member settings rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import GuildSettings, MemberSettings
from db.repositories._rows import upsert


async def get_guild(session: AsyncSession, guild_id: int) -> GuildSettings | None:
    return await session.get(GuildSettings, guild_id)


async def upsert_guild(session: AsyncSession, guild_id: int, now: datetime, **changes: Any) -> GuildSettings:
    new = {
        "guild_id": guild_id,
        "timezone": "Europe/London",
        "leads_only_projects": False,
        "leaderboard_enabled": False,
        "project_reminders": "1440,60",
        "created_at": now,
    }
    return await upsert(session, GuildSettings, guild_id, now, new=new, changes=changes)


async def get_member(session: AsyncSession, user_id: int) -> MemberSettings | None:
    return await session.get(MemberSettings, user_id)


async def upsert_member(session: AsyncSession, user_id: int, now: datetime, **changes: Any) -> MemberSettings:
    new = {"user_id": user_id, "created_at": now}
    return await upsert(session, MemberSettings, user_id, now, new=new, changes=changes)
