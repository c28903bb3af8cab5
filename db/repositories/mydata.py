"""Queries for "my data": rows that hold one member's id, and the scrubbing of scheduled work.

A scheduled row may name members in its payload (``user``, ``user_ids``): erasing takes the id out, and a row
that was only for that member is cancelled, so nothing ever messages them again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DMChannel, DoNotContact, MemberSettings, ScheduledWork
from db.repositories.scheduled import ACTIVE_STATES


def as_dict(row: Any) -> dict[str, Any]:
    """A row as plain JSON-able values (datetimes as ISO 8601 UTC)."""
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _holds(value: Any, user_id: int) -> bool:
    if isinstance(value, dict):
        return any(_holds(v, user_id) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v, user_id) for v in value)
    return value == user_id or value == str(user_id)


def _without(value: Any, user_id: int) -> Any:
    """The payload with the member taken out: from lists, and scalar ids replaced by None."""
    if isinstance(value, dict):
        return {k: _without(v, user_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_without(v, user_id) for v in value if not (v == user_id or v == str(user_id))]
    return None if value == user_id or value == str(user_id) else value


def _only_for(payload: dict[str, Any], user_id: int) -> bool:
    """True when the member was the row's only recipient."""
    single = payload.get("user")
    many = payload.get("user_ids")
    if single is not None and (single == user_id or single == str(user_id)):
        return True
    return isinstance(many, list) and bool(many) and all(v == user_id or v == str(user_id) for v in many)


async def scheduled_for(session: AsyncSession, user_id: int, guild_id: int | None) -> list[ScheduledWork]:
    """Scheduled rows the member made, or whose payload names them (JSON is read in Python: payloads are small)."""
    query = sa.select(ScheduledWork).where(
        sa.or_(ScheduledWork.payload.is_not(None), ScheduledWork.created_by == user_id)
    )
    if guild_id is not None:
        query = query.where(ScheduledWork.guild_id == guild_id)
    rows = (await session.scalars(query)).all()
    return [r for r in rows if r.created_by == user_id or _holds(r.payload, user_id)]


async def scrub_scheduled(session: AsyncSession, rows: Iterable[ScheduledWork], user_id: int, now: datetime) -> int:
    cancelled = 0
    for row in rows:
        payload = dict(row.payload or {})
        if row.state in ACTIVE_STATES and _only_for(payload, user_id):
            row.state = "cancelled"
            row.updated_at = now
            cancelled += 1
        row.payload = _without(payload, user_id) if row.payload is not None else None
        if row.created_by == user_id:
            row.created_by = None  # the work stays (a channel reminder they set goes on only if its feature keeps it)
    await session.flush()
    return cancelled


async def member_rows(session: AsyncSession, user_id: int) -> tuple[MemberSettings | None, DMChannel | None]:
    return await session.get(MemberSettings, user_id), await session.get(DMChannel, user_id)


async def erase_member_rows(session: AsyncSession, user_id: int) -> None:
    await session.execute(sa.delete(MemberSettings).where(MemberSettings.user_id == user_id))
    await session.execute(sa.delete(DMChannel).where(DMChannel.user_id == user_id))


async def do_not_contact(session: AsyncSession, user_id: int) -> DoNotContact | None:
    return await session.get(DoNotContact, user_id)


async def set_do_not_contact(session: AsyncSession, user_id: int, on: bool, now: datetime) -> None:
    row = await session.get(DoNotContact, user_id)
    if on and row is None:
        session.add(DoNotContact(user_id=user_id, since=now))
    elif not on and row is not None:
        await session.delete(row)
    await session.flush()
