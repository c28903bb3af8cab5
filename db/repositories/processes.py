"""Several processes: the process registry and the sends each firing recorded (db/models/processes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessRow, ScheduledSend


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    return value.astimezone(UTC)


async def all_processes(session: AsyncSession) -> list[ProcessRow]:
    return list((await session.scalars(sa.select(ProcessRow).order_by(ProcessRow.started_at))).all())


async def add_process(session: AsyncSession, row: ProcessRow) -> None:
    session.add(row)
    await session.flush()


async def remove_process(session: AsyncSession, process_id: str) -> None:
    await session.execute(sa.delete(ProcessRow).where(ProcessRow.id == process_id))


async def beat(session: AsyncSession, process_id: str, now: datetime) -> bool:
    """Our heartbeat. False when our row is gone (another process judged us dead)."""
    result = await session.execute(
        sa.update(ProcessRow).where(ProcessRow.id == process_id).values(heartbeat_at=_aware(now, "now"))
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def mark_stopping(session: AsyncSession, process_id: str) -> None:
    await session.execute(sa.update(ProcessRow).where(ProcessRow.id == process_id).values(stopping=True))


def shards_of(row: ProcessRow) -> set[int]:
    return {int(part) for part in row.shard_ids.split(",") if part}


def shard_text(shard_ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in sorted(set(shard_ids)))


# ---------------------------------------------------------------- sends recorded per firing
async def record_send(
    session: AsyncSession,
    row_id: int,
    nonce: str,
    *,
    via: str,
    channel_id: int | None,
    message_id: int | None,
    dm_failed: bool,
    now: datetime,
) -> None:
    session.add(
        ScheduledSend(
            row_id=row_id,
            nonce=nonce,
            via=via,
            channel_id=channel_id,
            message_id=message_id,
            dm_failed=dm_failed,
            sent_at=_aware(now, "now"),
        )
    )


async def sends_of(session: AsyncSession, row_id: int) -> dict[str, ScheduledSend]:
    """What a cut-off firing of this row recorded as sent, by nonce."""
    rows = await session.scalars(sa.select(ScheduledSend).where(ScheduledSend.row_id == row_id))
    return {r.nonce: r for r in rows}
