"""Members' DM channel ids (see DMChannel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DMChannel


async def get(session: AsyncSession, user_id: int) -> int | None:
    row = await session.get(DMChannel, user_id)
    return row.channel_id if row else None


async def put(session: AsyncSession, user_id: int, channel_id: int, now: datetime) -> None:
    row = await session.get(DMChannel, user_id)
    if row is None:
        session.add(DMChannel(user_id=user_id, channel_id=channel_id, created_at=now))
    else:
        row.channel_id = channel_id


async def forget(session: AsyncSession, user_id: int) -> None:
    row = await session.get(DMChannel, user_id)
    if row is not None:
        await session.delete(row)
