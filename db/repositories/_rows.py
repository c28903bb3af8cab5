"""One way to save a settings-shaped row (one row per server or per member, made on first change)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.base import Base

R = TypeVar("R", bound=Base)


async def upsert(
    session: AsyncSession,
    model: type[R],
    key: Any,
    now: datetime,
    *,
    new: Mapping[str, Any],
    changes: Mapping[str, Any],
) -> R:
    """The row with primary key ``key``, locked (so two people saving at once do not lose each other's
    change), else a new one made from ``new`` (its key and defaults); then ``changes`` are set and
    ``updated_at`` is stamped ``now``. Flushed, so the caller reads what was saved."""
    row = await session.get(model, key, with_for_update=True)
    if row is None:
        row = model(**new)
        session.add(row)
    for name, value in {**changes, "updated_at": now}.items():
        setattr(row, name, value)
    await session.flush()
    return row
