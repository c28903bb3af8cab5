"""Members' DM channel ids (see DMChannel)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
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


async def all_known(session: AsyncSession, limit: int) -> dict[int, int]:
    """user id -> DM channel id, at most ``limit`` of them (the newest): read once when sending starts."""
    rows = await session.execute(
        sa.select(DMChannel.user_id, DMChannel.channel_id).order_by(DMChannel.created_at.desc()).limit(limit)
    )
    return {int(user_id): int(channel_id) for user_id, channel_id in rows}
