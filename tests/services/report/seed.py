"""Project history made straight in the tables, for report tests and the report benchmark."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from db.engine import Database
from db.models import Project, ProjectOrganiser, ProjectSession, ProjectSignup


async def insert_row(db: Database, row: Any) -> int:
    """One row in its own transaction; returns its id."""
    async with db.transaction() as s:
        s.add(row)
        await s.flush()
        return int(row.id)


async def add_project(db: Database, guild_id: int, owner: int, title: str, *, state: str = "active") -> int:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    project = Project(
        guild_id=guild_id, owner_id=owner, title=title, timezone="Europe/London", state=state,
        created_at=now, updated_at=now,
    )  # fmt: skip
    return await insert_row(db, project)


async def add_session(
    db: Database,
    project_id: int,
    starts_at: datetime,
    people: list[int],
    *,
    attended: dict[int, bool] | None = None,
    waiting: list[int] | None = None,
    state: str = "open",
) -> int:
    async with db.transaction() as s:
        session = ProjectSession(
            project_id=project_id,
            slot=starts_at,
            starts_at=starts_at,
            state=state,
            created_at=starts_at,
            updated_at=starts_at,
        )
        s.add(session)
        await s.flush()
        for i, user in enumerate([*people, *(waiting or [])]):
            status = "going" if user in people else "waiting"
            ticked = None if attended is None else attended.get(user, False)
            s.add(
                ProjectSignup(
                    session_id=session.id,
                    user_id=user,
                    status=status,
                    queue_no=i,
                    queued_at=starts_at,
                    attended=ticked,
                    created_at=starts_at,
                    updated_at=starts_at,
                )
            )
        return session.id


async def add_organiser(db: Database, project_id: int, user_id: int) -> None:
    async with db.transaction() as s:
        s.add(
            ProjectOrganiser(
                project_id=project_id, user_id=user_id, added_by=user_id, created_at=datetime(2027, 1, 1, tzinfo=UTC)
            )
        )


async def bulk_history(db: Database, guild_id: int, *, years: int, signups: int, start: datetime) -> None:
    """``signups`` sign-ups spread over weekly sessions of 10 projects for ``years`` years (core inserts)."""
    weeks = years * 52
    per_session = max(1, signups // (weeks * 10))
    project_ids = [await add_project(db, guild_id, 1000 + p, f"Project {p}") for p in range(10)]
    now = start
    session_rows = []
    async with db.transaction() as s:
        for week in range(weeks):
            for p in project_ids:
                when = start + timedelta(weeks=week, hours=p)
                session_rows.append(
                    {
                        "project_id": p,
                        "slot": when,
                        "starts_at": when,
                        "state": "open",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        await s.execute(sa.insert(ProjectSession), session_rows)
        ids = (await s.scalars(sa.select(ProjectSession.id).order_by(ProjectSession.id))).all()
        rows = []
        for n, sid in enumerate(ids):
            for k in range(per_session):
                rows.append(
                    {
                        "session_id": sid,
                        "user_id": 5000 + (n * 7 + k * 13) % 400,
                        "status": "going",
                        "queue_no": k,
                        "queued_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            if len(rows) >= 5000:
                await s.execute(sa.insert(ProjectSignup), rows)
                rows = []
        if rows:
            await s.execute(sa.insert(ProjectSignup), rows)
