"""Task lists and tasks: all the SQL of bot/services/tasks, plus read-only looks at projects.

Writes to one task happen while its row is locked (``lock_task``: FOR UPDATE on PostgreSQL; on SQLite
every write transaction holds the write lock from BEGIN IMMEDIATE). Claiming uses one conditional
UPDATE (``claim``), so two members pressing at once cannot both get the task.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project, ProjectOrganiser, Task, TaskList, TaskMemberSettings, TaskSettings
from db.repositories._rows import upsert

OPEN = "open"
DONE = "done"

# ---------------------------------------------------------------- lists


async def get_list(session: AsyncSession, guild_id: int, list_id: int) -> TaskList | None:
    row = await session.get(TaskList, list_id)
    return row if row is not None and row.guild_id == guild_id else None


async def find_list(
    session: AsyncSession, guild_id: int, *, project_id: int | None = None, channel_id: int | None = None
) -> TaskList | None:
    stmt = sa.select(TaskList).where(TaskList.guild_id == guild_id)
    if project_id is not None:
        stmt = stmt.where(TaskList.project_id == project_id)
    else:
        stmt = stmt.where(TaskList.project_id.is_(None), TaskList.channel_id == channel_id)
    return (await session.scalars(stmt.order_by(TaskList.id).limit(1))).first()


async def add_list(session: AsyncSession, **values: Any) -> TaskList:
    row = TaskList(**values)
    session.add(row)
    await session.flush()
    return row


async def lock_list(session: AsyncSession, list_id: int) -> TaskList | None:
    stmt = sa.select(TaskList).where(TaskList.id == list_id).with_for_update()
    return (await session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()


# ---------------------------------------------------------------- tasks


async def add_task(session: AsyncSession, **values: Any) -> Task:
    row = Task(**values)
    session.add(row)
    await session.flush()
    return row


async def get_task(session: AsyncSession, guild_id: int, task_id: int) -> Task | None:
    row = await session.get(Task, task_id, populate_existing=True)
    return row if row is not None and row.guild_id == guild_id else None


async def lock_task(session: AsyncSession, guild_id: int, task_id: int) -> Task | None:
    stmt = (
        sa.select(Task)
        .where(Task.id == task_id, Task.guild_id == guild_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(stmt)).one_or_none()


async def claim(session: AsyncSession, guild_id: int, task_id: int, user_id: int, now: datetime) -> bool:
    """Nobody is doing it and nobody was asked -> this member does it, in ONE conditional UPDATE.

    On PostgreSQL a second UPDATE waits for the first to commit, then finds doer_id set and changes
    nothing; on SQLite writers take turns. Only one member's UPDATE changes the row.
    """
    stmt = (
        sa.update(Task)
        .where(
            Task.id == task_id,
            Task.guild_id == guild_id,
            Task.state == OPEN,
            Task.doer_id.is_(None),
            Task.asked_id.is_(None),
        )
        .values(doer_id=user_id, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def tasks_of(session: AsyncSession, list_id: int, states: Iterable[str] = (OPEN, DONE)) -> list[Task]:
    stmt = (
        sa.select(Task)
        .where(Task.list_id == list_id, Task.state.in_(tuple(states)))
        .order_by(Task.state.desc(), Task.due_at.is_(None), Task.due_at, Task.id)
    )
    return list((await session.scalars(stmt)).all())


async def count_open(session: AsyncSession, list_id: int) -> int:
    stmt = sa.select(sa.func.count()).select_from(Task).where(Task.list_id == list_id, Task.state == OPEN)
    return int((await session.execute(stmt)).scalar_one())


async def mine(session: AsyncSession, guild_id: int, user_id: int) -> list[Task]:
    """Open tasks this member does, helps with, was asked to do, or asked for (added or asked someone)."""
    stmt = sa.select(Task).where(
        Task.guild_id == guild_id,
        Task.state == OPEN,
        sa.or_(
            Task.doer_id == user_id,
            Task.helper_id == user_id,
            Task.asked_id == user_id,
            Task.added_by == user_id,
            Task.asked_by == user_id,
        ),
    )
    return list((await session.scalars(stmt.order_by(Task.due_at.is_(None), Task.due_at, Task.id))).all())


async def doing(session: AsyncSession, user_id: int) -> list[Task]:
    """Open tasks this member is doing, in every server (their nudges)."""
    stmt = sa.select(Task).where(Task.doer_id == user_id, Task.state == OPEN).order_by(Task.id)
    return list((await session.scalars(stmt)).all())


async def delete_old_drafts(session: AsyncSession, guild_id: int, user_id: int, before: datetime) -> None:
    """Drafts this member began and left (never added): nothing refers to them."""
    stmt = sa.delete(Task).where(
        Task.guild_id == guild_id, Task.added_by == user_id, Task.state == "draft", Task.created_at < before
    )
    await session.execute(stmt.execution_options(synchronize_session=False))


async def tasks_holding(session: AsyncSession, user_id: int, guild_id: int | None) -> list[Task]:
    """Every task row holding this member's id (for my data)."""
    stmt = sa.select(Task).where(
        sa.or_(
            Task.doer_id == user_id,
            Task.helper_id == user_id,
            Task.asked_id == user_id,
            Task.asked_by == user_id,
            Task.added_by == user_id,
            Task.rota.contains(str(user_id)),
        )
    )
    if guild_id is not None:
        stmt = stmt.where(Task.guild_id == guild_id)
    return list((await session.scalars(stmt.order_by(Task.id))).all())


async def delete_task(session: AsyncSession, task: Task) -> None:
    await session.delete(task)
    await session.flush()


# ---------------------------------------------------------------- settings


async def get_settings(session: AsyncSession, guild_id: int) -> TaskSettings | None:
    return await session.get(TaskSettings, guild_id)


async def upsert_settings(session: AsyncSession, guild_id: int, now: datetime, **changes: Any) -> TaskSettings:
    new = {"guild_id": guild_id, "leads_only_channel_lists": False}
    return await upsert(session, TaskSettings, guild_id, now, new=new, changes=changes)


async def get_member(session: AsyncSession, user_id: int) -> TaskMemberSettings | None:
    return await session.get(TaskMemberSettings, user_id)


async def set_nudges_off(session: AsyncSession, user_id: int, off: bool, now: datetime) -> None:
    await upsert(session, TaskMemberSettings, user_id, now, new={"user_id": user_id}, changes={"nudges_off": off})


async def delete_member(session: AsyncSession, user_id: int) -> None:
    await session.execute(sa.delete(TaskMemberSettings).where(TaskMemberSettings.user_id == user_id))


# ---------------------------------------------------------------- projects (read only; owned by projects)


async def project(session: AsyncSession, guild_id: int, project_id: int) -> Project | None:
    row = await session.get(Project, project_id)
    return row if row is not None and row.guild_id == guild_id else None


async def organisers(session: AsyncSession, project: Project) -> list[int]:
    stmt = sa.select(ProjectOrganiser.user_id).where(ProjectOrganiser.project_id == project.id)
    found = list((await session.scalars(stmt.order_by(ProjectOrganiser.created_at))).all())
    return [project.owner_id, *[u for u in found if u != project.owner_id]]
