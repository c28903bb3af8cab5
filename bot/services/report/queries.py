"""The report's numbers, each one SQL aggregate over the projects tables (never every row into Python).

A session counts as held when it was open, its project was not cancelled, and it started in the period before
now. People who took part: sign-ups "coming" or "walk-in"; where attendance was ticked for a session, only
those ticked as came. Anonymous rows (a member who deleted their data) still count, without a name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project, ProjectOrganiser, ProjectSession, ProjectSignup

SECONDS_A_WEEK = 7 * 24 * 3600
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # before any Discord server existed
TOOK_PART = ("going", "walkin")


def _held(guild_id: int, start: datetime, end: datetime) -> Any:
    return (
        sa.select(ProjectSession.id, ProjectSession.project_id, ProjectSession.starts_at)
        .join(Project, Project.id == ProjectSession.project_id)
        .where(
            Project.guild_id == guild_id,
            Project.state.in_(("active", "finished")),
            ProjectSession.state == "open",
            ProjectSession.starts_at >= start,
            ProjectSession.starts_at < end,
        )
        .subquery("held")
    )


def _ticked() -> Any:
    """Sessions where attendance was ticked for anyone."""
    return sa.select(ProjectSignup.session_id).where(ProjectSignup.attended.is_not(None)).distinct()


def _took_part(held: Any) -> Any:
    return sa.and_(
        ProjectSignup.session_id == held.c.id,
        ProjectSignup.status.in_(TOOK_PART),
        sa.or_(ProjectSignup.session_id.not_in(_ticked()), ProjectSignup.attended.is_(True)),
    )


def week_of(column: Any, start: datetime, dialect: str) -> Any:
    """Whole weeks since ``start``: 0 for the first week of the period."""
    if dialect == "sqlite":
        return sa.cast(
            (sa.func.julianday(column) - sa.func.julianday(start.astimezone(UTC).replace(tzinfo=None))) / 7, sa.Integer
        )
    return sa.cast(sa.func.floor(sa.extract("epoch", column - start) / SECONDS_A_WEEK), sa.Integer)


async def totals(s: AsyncSession, guild_id: int, start: datetime, end: datetime) -> dict[str, int]:
    held = _held(guild_id, start, end)
    sessions, projects = (
        await s.execute(sa.select(sa.func.count(held.c.id), sa.func.count(sa.distinct(held.c.project_id))))
    ).one()
    people, visits = (
        await s.execute(
            sa.select(sa.func.count(sa.distinct(ProjectSignup.user_id)), sa.func.count()).where(_took_part(held))
        )
    ).one()
    ticked = await s.scalar(sa.select(sa.func.count(sa.distinct(held.c.id))).where(held.c.id.in_(_ticked())))
    # New people: their first time taking part in this server is in the period.
    every = _held(guild_id, EPOCH, end)
    first = (
        sa.select(ProjectSignup.user_id, sa.func.min(every.c.starts_at).label("first"))
        .where(_took_part(every))
        .group_by(ProjectSignup.user_id)
        .subquery()
    )
    new = await s.scalar(sa.select(sa.func.count()).select_from(first).where(first.c.first >= start))
    led = await s.scalar(
        sa.select(sa.func.count(sa.distinct(Project.owner_id))).where(
            Project.id.in_(sa.select(held.c.project_id)), Project.owner_id > 0
        )
    )
    organised = await s.scalar(
        sa.select(sa.func.count(sa.distinct(ProjectOrganiser.user_id))).where(
            ProjectOrganiser.project_id.in_(sa.select(held.c.project_id))
        )
    )
    return {
        "projects": int(projects or 0),
        "sessions": int(sessions or 0),
        "people": int(people or 0),
        "visits": int(visits or 0),
        "new_people": int(new or 0),
        "led": int(led or 0),
        "organised": int(organised or 0),
        "sessions_ticked": int(ticked or 0),
    }


async def weekly(s: AsyncSession, guild_id: int, start: datetime, end: datetime) -> list[tuple[int, int, int]]:
    """(week, sessions held, people taking part) for each week that had a session."""
    held = _held(guild_id, start, end)
    dialect = s.get_bind().dialect.name
    week = week_of(held.c.starts_at, start, dialect).label("week")
    sessions = {int(w): int(n) for w, n in (await s.execute(sa.select(week, sa.func.count()).group_by(week))).all()}
    people_week = week_of(held.c.starts_at, start, dialect).label("week")
    query = (
        sa.select(people_week, sa.func.count(sa.distinct(ProjectSignup.user_id)))
        .where(_took_part(held))
        .group_by(people_week)
    )
    people = {int(w): int(n) for w, n in (await s.execute(query)).all()}
    return [(int(w), int(sessions[w]), int(people.get(w, 0))) for w in sorted(sessions)]


async def sessions(s: AsyncSession, guild_id: int, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """One row per session held, with its counts (for the CSV)."""
    held = _held(guild_id, start, end)
    coming = (
        sa.select(sa.func.count())
        .where(ProjectSignup.session_id == held.c.id, ProjectSignup.status.in_(TOOK_PART))
        .scalar_subquery()
    )
    came = (
        sa.select(sa.func.count())
        .where(ProjectSignup.session_id == held.c.id, ProjectSignup.attended.is_(True))
        .scalar_subquery()
    )
    ticked = (
        sa.select(sa.func.count())
        .where(ProjectSignup.session_id == held.c.id, ProjectSignup.attended.is_not(None))
        .scalar_subquery()
    )
    query = (
        sa.select(held.c.id, held.c.starts_at, Project.title, coming, came, ticked)
        .join(Project, Project.id == held.c.project_id)
        .order_by(held.c.starts_at, held.c.id)
    )
    return [
        {"session": sid, "starts_at": when, "project": title, "coming": n, "came": c if t else None}
        for sid, when, title, n, c, t in (await s.execute(query)).all()
    ]


async def ladder_people(s: AsyncSession, guild_id: int, start: datetime, end: datetime) -> dict[str, set[int]]:
    """The ids on each step from projects (distinct, a few hundred at most): who led, organised, took part.

    Ids, not counts, so the ladder can put each person once, on their highest step. A past sign-up of a member
    who deleted their data has a negative id of its own (bot/services/projects/data.py): it still took part.
    """
    held = _held(guild_id, start, end)
    projects = sa.select(held.c.project_id)
    led = sa.select(Project.owner_id).where(Project.id.in_(projects), Project.owner_id > 0).distinct()
    organised = sa.select(ProjectOrganiser.user_id).where(ProjectOrganiser.project_id.in_(projects)).distinct()
    took_part = sa.select(ProjectSignup.user_id).where(_took_part(held)).distinct()
    return {
        step: {int(i) for i in (await s.execute(query)).scalars().all()}
        for step, query in (("led", led), ("organised", organised), ("took_part", took_part))
    }
