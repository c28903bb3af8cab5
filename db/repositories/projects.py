"""Projects, sessions and sign-ups: all the SQL of bot/services/projects.

Every write to one project's lists happens while its row is locked (``lock_project``): on PostgreSQL
with SELECT ... FOR UPDATE, on SQLite by the write lock every transaction takes at BEGIN IMMEDIATE.
So two members taking the last place one after the other always see each other's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    GuildSettings,
    MemberSettings,
    Project,
    ProjectOrganiser,
    ProjectRegular,
    ProjectReminderOptOut,
    ProjectSession,
    ProjectSignup,
)

LISTED = ("going", "maybe", "waiting")

# ---------------------------------------------------------------- projects


async def add_project(session: AsyncSession, **values: Any) -> Project:
    row = Project(**values)
    session.add(row)
    await session.flush()
    return row


async def get_project(session: AsyncSession, project_id: int) -> Project | None:
    return await session.get(Project, project_id)


async def lock_project(session: AsyncSession, project_id: int) -> Project | None:
    """The project row, locked until the transaction ends (PostgreSQL: FOR UPDATE)."""
    stmt = (
        sa.select(Project).where(Project.id == project_id).with_for_update().execution_options(populate_existing=True)
    )
    return (await session.scalars(stmt)).one_or_none()


async def delete_old_drafts(session: AsyncSession, guild_id: int, owner_id: int, before: datetime) -> int:
    """Drafts this person began and left before ``before`` (never posted): nothing refers to them."""
    stmt = (
        sa.delete(Project)
        .where(
            Project.guild_id == guild_id,
            Project.owner_id == owner_id,
            Project.state == "draft",
            Project.created_at < before,
        )
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def delete_project(session: AsyncSession, project: Project) -> None:
    await session.delete(project)
    await session.flush()


def _upcoming_clause(guild_id: int, now: datetime) -> sa.ColumnElement[bool]:
    # A repeating project is upcoming while it is active; a one-off until it ends (or starts, without an end).
    return sa.and_(
        Project.guild_id == guild_id,
        Project.state == "active",
        sa.or_(Project.rule.is_not(None), sa.func.coalesce(Project.ends_at, Project.starts_at) > now),
    )


async def count_upcoming(session: AsyncSession, guild_id: int, now: datetime) -> int:
    stmt = sa.select(sa.func.count()).select_from(Project).where(_upcoming_clause(guild_id, now))
    return int((await session.execute(stmt)).scalar_one())


async def upcoming(session: AsyncSession, guild_id: int, now: datetime, offset: int, limit: int) -> list[Project]:
    """Upcoming projects of one server, newest first."""
    stmt = (
        sa.select(Project)
        .where(_upcoming_clause(guild_id, now))
        .order_by(Project.created_at.desc(), Project.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list((await session.scalars(stmt)).all())


# ---------------------------------------------------------------- sessions


async def add_session(session: AsyncSession, **values: Any) -> ProjectSession:
    row = ProjectSession(**values)
    session.add(row)
    await session.flush()
    return row


async def get_session(session: AsyncSession, session_id: int) -> ProjectSession | None:
    return await session.get(ProjectSession, session_id)


async def sessions_of(session: AsyncSession, project_id: int) -> list[ProjectSession]:
    stmt = (
        sa.select(ProjectSession)
        .where(ProjectSession.project_id == project_id)
        .order_by(ProjectSession.slot, ProjectSession.id)
    )
    return list((await session.scalars(stmt)).all())


async def sessions_of_many(session: AsyncSession, project_ids: Sequence[int]) -> dict[int, list[ProjectSession]]:
    """project id -> its sessions (one query for a page of projects)."""
    found: dict[int, list[ProjectSession]] = {pid: [] for pid in project_ids}
    if not project_ids:
        return found
    stmt = (
        sa.select(ProjectSession)
        .where(ProjectSession.project_id.in_(project_ids))
        .order_by(ProjectSession.slot, ProjectSession.id)
    )
    for row in (await session.scalars(stmt)).all():
        found[row.project_id].append(row)
    return found


async def count_status_many(session: AsyncSession, session_ids: Iterable[int], status: str) -> dict[int, int]:
    """session id -> how many have ``status`` (one query)."""
    ids = list(session_ids)
    if not ids:
        return {}
    stmt = (
        sa.select(ProjectSignup.session_id, sa.func.count())
        .where(ProjectSignup.session_id.in_(ids), ProjectSignup.status == status)
        .group_by(ProjectSignup.session_id)
    )
    return {sid: int(n) for sid, n in (await session.execute(stmt)).all()}


async def next_open_sessions(session: AsyncSession, project_ids: Sequence[int], now: datetime) -> dict[int, datetime]:
    """project id -> the start of its next open session after ``now`` (only for sessions already made)."""
    if not project_ids:
        return {}
    stmt = (
        sa.select(ProjectSession.project_id, sa.func.min(ProjectSession.starts_at))
        .where(
            ProjectSession.project_id.in_(project_ids),
            ProjectSession.state == "open",
            ProjectSession.starts_at > now,
        )
        .group_by(ProjectSession.project_id)
    )
    return {pid: when for pid, when in (await session.execute(stmt)).all()}


# ---------------------------------------------------------------- sign-ups


async def signups_of(session: AsyncSession, session_ids: Iterable[int]) -> list[ProjectSignup]:
    """Sign-ups of these sessions in queue order (first come first)."""
    ids = list(session_ids)
    if not ids:
        return []
    stmt = (
        sa.select(ProjectSignup)
        .where(ProjectSignup.session_id.in_(ids))
        .order_by(ProjectSignup.queue_no, ProjectSignup.id)
    )
    return list((await session.scalars(stmt)).all())


async def get_signup(session: AsyncSession, session_id: int, user_id: int) -> ProjectSignup | None:
    stmt = sa.select(ProjectSignup).where(ProjectSignup.session_id == session_id, ProjectSignup.user_id == user_id)
    return (await session.scalars(stmt)).one_or_none()


async def add_signup(session: AsyncSession, **values: Any) -> ProjectSignup:
    row = ProjectSignup(**values)
    session.add(row)
    await session.flush()
    return row


async def count_status(session: AsyncSession, session_id: int, status: str) -> int:
    stmt = (
        sa.select(sa.func.count())
        .select_from(ProjectSignup)
        .where(ProjectSignup.session_id == session_id, ProjectSignup.status == status)
    )
    return int((await session.execute(stmt)).scalar_one())


async def signup_counts(session: AsyncSession, session_id: int) -> tuple[int, int, int]:
    """(coming, waiting, highest queue number) of one session, in one query (call with the project locked)."""
    stmt = sa.select(
        sa.func.count().filter(ProjectSignup.status == "going"),
        sa.func.count().filter(ProjectSignup.status == "waiting"),
        sa.func.coalesce(sa.func.max(ProjectSignup.queue_no), 0),
    ).where(ProjectSignup.session_id == session_id)
    going, waiting, top = (await session.execute(stmt)).one()
    return int(going), int(waiting), int(top)


async def next_queue_no(session: AsyncSession, session_id: int) -> int:
    """The number for a new answer in this session (call with the project locked)."""
    stmt = sa.select(sa.func.max(ProjectSignup.queue_no)).where(ProjectSignup.session_id == session_id)
    return int((await session.execute(stmt)).scalar_one() or 0) + 1


async def first_waiting(session: AsyncSession, session_id: int) -> ProjectSignup | None:
    stmt = (
        sa.select(ProjectSignup)
        .where(ProjectSignup.session_id == session_id, ProjectSignup.status == "waiting")
        .order_by(ProjectSignup.queue_no, ProjectSignup.id)
        .limit(1)
    )
    return (await session.scalars(stmt)).one_or_none()


async def waiting_position(session: AsyncSession, signup: ProjectSignup) -> int:
    """1 for the first on the waiting list."""
    stmt = (
        sa.select(sa.func.count())
        .select_from(ProjectSignup)
        .where(
            ProjectSignup.session_id == signup.session_id,
            ProjectSignup.status == "waiting",
            ProjectSignup.queue_no < signup.queue_no,
        )
    )
    return int((await session.execute(stmt)).scalar_one()) + 1


async def my_upcoming_signups(
    session: AsyncSession, guild_id: int, user_id: int, now: datetime
) -> list[tuple[Project, ProjectSession, ProjectSignup]]:
    """One member's answers (going, maybe, waiting) for open sessions still to come, soonest first."""
    stmt = (
        sa.select(Project, ProjectSession, ProjectSignup)
        .join(ProjectSession, ProjectSession.project_id == Project.id)
        .join(ProjectSignup, ProjectSignup.session_id == ProjectSession.id)
        .where(
            Project.guild_id == guild_id,
            Project.state == "active",
            ProjectSession.state == "open",
            ProjectSession.starts_at > now,
            ProjectSignup.user_id == user_id,
            ProjectSignup.status.in_(LISTED),
        )
        .order_by(ProjectSession.starts_at, Project.id)
    )
    return [(p, s, u) for p, s, u in (await session.execute(stmt)).all()]


# ---------------------------------------------------------------- regulars, organisers, reminder opt-outs


async def regulars_of(session: AsyncSession, project_id: int) -> list[ProjectRegular]:
    stmt = (
        sa.select(ProjectRegular)
        .where(ProjectRegular.project_id == project_id)
        .order_by(ProjectRegular.created_at, ProjectRegular.user_id)
    )
    return list((await session.scalars(stmt)).all())


async def get_regular(session: AsyncSession, project_id: int, user_id: int) -> ProjectRegular | None:
    return await session.get(ProjectRegular, (project_id, user_id))


async def my_regular_projects(session: AsyncSession, guild_id: int, user_id: int) -> list[Project]:
    stmt = (
        sa.select(Project)
        .join(ProjectRegular, ProjectRegular.project_id == Project.id)
        .where(Project.guild_id == guild_id, Project.state == "active", ProjectRegular.user_id == user_id)
        .order_by(Project.id)
    )
    return list((await session.scalars(stmt)).all())


async def add_regular(session: AsyncSession, **values: Any) -> ProjectRegular:
    row = ProjectRegular(**values)
    session.add(row)
    await session.flush()
    return row


async def delete_row(session: AsyncSession, row: object) -> None:
    await session.delete(row)
    await session.flush()


async def co_organisers(session: AsyncSession, project_id: int) -> list[int]:
    stmt = (
        sa.select(ProjectOrganiser.user_id)
        .where(ProjectOrganiser.project_id == project_id)
        .order_by(ProjectOrganiser.created_at, ProjectOrganiser.user_id)
    )
    return list((await session.scalars(stmt)).all())


async def get_organiser(session: AsyncSession, project_id: int, user_id: int) -> ProjectOrganiser | None:
    return await session.get(ProjectOrganiser, (project_id, user_id))


async def add_organiser(session: AsyncSession, **values: Any) -> ProjectOrganiser:
    row = ProjectOrganiser(**values)
    session.add(row)
    await session.flush()
    return row


async def opted_out(session: AsyncSession, project_id: int) -> set[int]:
    stmt = sa.select(ProjectReminderOptOut.user_id).where(ProjectReminderOptOut.project_id == project_id)
    return set((await session.scalars(stmt)).all())


async def get_optout(session: AsyncSession, project_id: int, user_id: int) -> ProjectReminderOptOut | None:
    return await session.get(ProjectReminderOptOut, (project_id, user_id))


async def add_optout(session: AsyncSession, **values: Any) -> ProjectReminderOptOut:
    row = ProjectReminderOptOut(**values)
    session.add(row)
    await session.flush()
    return row


# ---------------------------------------------------------------- time zones (read only; owned by settings)


async def zones_of(session: AsyncSession, guild_id: int, user_ids: Iterable[int]) -> tuple[str | None, dict[int, str]]:
    """The server's zone (None: not set) and each member's own zone where they chose one."""
    ids = sorted(set(user_ids))
    server = (
        await session.execute(sa.select(GuildSettings.timezone).where(GuildSettings.guild_id == guild_id))
    ).scalar_one_or_none()
    own: dict[int, str] = {}
    if ids:
        stmt = sa.select(MemberSettings.user_id, MemberSettings.timezone).where(
            MemberSettings.user_id.in_(ids), MemberSettings.timezone.is_not(None)
        )
        own = {uid: zone for uid, zone in (await session.execute(stmt)).all() if zone}
    return server, own
