"""Thank-yous: small queries, no rules (bot/services/thanks decides)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DoNotContact, Project, ProjectSession, ProjectSignup
from db.models.thanks import (
    Thanks,
    ThanksCelebration,
    ThanksDigest,
    ThanksMember,
    ThanksMeToo,
    ThanksRecipient,
    ThanksSettings,
    ThanksTaskDone,
)


async def insert_ignore(session: AsyncSession, model: Any, values: Mapping[str, Any]) -> bool:
    """Insert one row unless its key is taken. True when a row was added.

    ON CONFLICT DO NOTHING on both databases: a taken key never aborts the caller's transaction (on
    PostgreSQL an IntegrityError would), so a crowd pressing at once each gets one clean transaction.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result: Any = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)


# ---------------------------------------------------------------- thank-yous


async def add_thanks(session: AsyncSession, recipients: Sequence[tuple[int, str]], **values: Any) -> Thanks:
    row = Thanks(**values)
    session.add(row)
    await session.flush()
    for user_id, name in recipients:
        session.add(ThanksRecipient(thanks_id=row.id, user_id=user_id, name=name[:100], by_dm=False))
    await session.flush()
    return row


async def get_thanks(session: AsyncSession, thanks_id: int) -> Thanks | None:
    return await session.get(Thanks, thanks_id)


async def delete_thanks(session: AsyncSession, thanks_id: int) -> None:
    await session.execute(sa.delete(ThanksMeToo).where(ThanksMeToo.thanks_id == thanks_id))
    await session.execute(sa.delete(ThanksRecipient).where(ThanksRecipient.thanks_id == thanks_id))
    await session.execute(sa.delete(Thanks).where(Thanks.id == thanks_id))


async def delete_old_drafts(session: AsyncSession, author_id: int, before: datetime) -> None:
    old = sa.select(Thanks.id).where(Thanks.author_id == author_id, Thanks.state == "draft", Thanks.created_at < before)
    ids = list((await session.scalars(old)).all())
    for thanks_id in ids:
        await delete_thanks(session, thanks_id)


async def recipients_of(session: AsyncSession, thanks_id: int) -> list[ThanksRecipient]:
    query = sa.select(ThanksRecipient).where(ThanksRecipient.thanks_id == thanks_id).order_by(ThanksRecipient.user_id)
    return list((await session.scalars(query)).all())


async def me_too_of(session: AsyncSession, thanks_id: int) -> list[ThanksMeToo]:
    query = sa.select(ThanksMeToo).where(ThanksMeToo.thanks_id == thanks_id).order_by(ThanksMeToo.created_at)
    return list((await session.scalars(query)).all())


async def remove_me_too(session: AsyncSession, thanks_id: int, user_id: int) -> bool:
    result: Any = await session.execute(
        sa.delete(ThanksMeToo).where(ThanksMeToo.thanks_id == thanks_id, ThanksMeToo.user_id == user_id)
    )
    return bool(result.rowcount)


async def count_said_since(session: AsyncSession, author_id: int, since: datetime) -> int:
    """Thank-yous a person said (or typed for someone) since then, in any server: the spam limit."""
    query = sa.select(sa.func.count()).where(
        Thanks.state == "posted",
        Thanks.posted_at >= since,
        sa.or_(Thanks.author_id == author_id, Thanks.typed_by == author_id),
    )
    return int(await session.scalar(query) or 0)


# ---------------------------------------------------------------- settings and consent


async def get_settings(session: AsyncSession, guild_id: int) -> ThanksSettings | None:
    return await session.get(ThanksSettings, guild_id)


async def upsert_settings(session: AsyncSession, guild_id: int, now: datetime, **values: Any) -> ThanksSettings:
    row = await session.get(ThanksSettings, guild_id, with_for_update=True)
    if row is None:
        row = ThanksSettings(guild_id=guild_id, updated_at=now)
        session.add(row)
        await session.flush()
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return row


async def members(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, ThanksMember]:
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = await session.scalars(sa.select(ThanksMember).where(ThanksMember.user_id.in_(ids)))
    return {row.user_id: row for row in rows}


async def upsert_member(session: AsyncSession, user_id: int, now: datetime, **values: Any) -> ThanksMember:
    await insert_ignore(
        session,
        ThanksMember,
        {"user_id": user_id, "no_posts": False, "milestones": False, "hide_from_board": False, "updated_at": now},
    )
    row = await session.get(ThanksMember, user_id, with_for_update=True)
    assert row is not None
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = now
    await session.flush()
    return row


async def claim_celebration(session: AsyncSession, guild_id: int, kind: str, ref_id: int, now: datetime) -> bool:
    """True only for the first claim of this event: a second one (a retry, a second process) gets False."""
    return await insert_ignore(
        session, ThanksCelebration, {"guild_id": guild_id, "kind": kind, "ref_id": ref_id, "created_at": now}
    )


async def add_task_done(session: AsyncSession, **values: Any) -> bool:
    return await insert_ignore(session, ThanksTaskDone, values)


async def has_task_done(session: AsyncSession, guild_id: int, user_id: int, before_task: int) -> bool:
    query = sa.select(ThanksTaskDone.id).where(
        ThanksTaskDone.guild_id == guild_id, ThanksTaskDone.user_id == user_id, ThanksTaskDone.task_id != before_task
    )
    return (await session.scalar(query.limit(1))) is not None


# ---------------------------------------------------------------- the weekly good news


async def digest_sent(session: AsyncSession, guild_id: int, week_start: date) -> bool:
    query = sa.select(ThanksDigest.id).where(ThanksDigest.guild_id == guild_id, ThanksDigest.week_start == week_start)
    return (await session.scalar(query)) is not None


async def record_digest(
    session: AsyncSession, guild_id: int, week_start: date, message_id: int | None, now: datetime
) -> bool:
    values = {"guild_id": guild_id, "week_start": week_start, "message_id": message_id, "created_at": now}
    return await insert_ignore(session, ThanksDigest, values)


async def thanks_between(session: AsyncSession, guild_id: int, start: datetime, end: datetime) -> list[Thanks]:
    query = sa.select(Thanks).where(
        Thanks.guild_id == guild_id, Thanks.state == "posted", Thanks.posted_at >= start, Thanks.posted_at < end
    )
    return list((await session.scalars(query)).all())


async def recipients_for(session: AsyncSession, thanks_ids: Iterable[int]) -> dict[int, list[ThanksRecipient]]:
    ids = sorted(set(thanks_ids))
    found: dict[int, list[ThanksRecipient]] = defaultdict(list)
    if ids:
        for row in await session.scalars(sa.select(ThanksRecipient).where(ThanksRecipient.thanks_id.in_(ids))):
            found[row.thanks_id].append(row)
    return found


async def tasks_done_between(
    session: AsyncSession, guild_id: int, start: datetime, end: datetime
) -> list[ThanksTaskDone]:
    query = sa.select(ThanksTaskDone).where(
        ThanksTaskDone.guild_id == guild_id, ThanksTaskDone.done_at >= start, ThanksTaskDone.done_at < end
    )
    return list((await session.scalars(query)).all())


async def sessions_held_between(
    session: AsyncSession, guild_id: int, start: datetime, end: datetime
) -> list[tuple[str, int]]:
    """(project title, session id) of sessions that took place: read-only, over the projects tables."""
    query = (
        sa.select(Project.title, ProjectSession.id)
        .join(ProjectSession, ProjectSession.project_id == Project.id)
        .where(
            Project.guild_id == guild_id,
            Project.state.in_(("active", "finished")),
            ProjectSession.state == "open",
            ProjectSession.starts_at >= start,
            ProjectSession.starts_at < end,
        )
        .order_by(ProjectSession.starts_at)
    )
    return [(title, sid) for title, sid in (await session.execute(query)).all()]


async def people_at(session: AsyncSession, session_ids: Iterable[int]) -> set[int]:
    """Who came (ticked), else who was coming, to these sessions."""
    ids = sorted(set(session_ids))
    if not ids:
        return set()
    rows = (await session.scalars(sa.select(ProjectSignup).where(ProjectSignup.session_id.in_(ids)))).all()
    ticked = {r.session_id for r in rows if r.attended is not None}
    return {r.user_id for r in rows if (r.attended if r.session_id in ticked else r.status == "going")}


async def sessions_been_to(
    session: AsyncSession, guild_id: int, user_ids: Iterable[int], until: datetime
) -> dict[int, int]:
    """How many sessions of this server each member came to (ticked), else was going to, up to ``until``."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    came = sa.or_(
        ProjectSignup.attended.is_(True), sa.and_(ProjectSignup.attended.is_(None), ProjectSignup.status == "going")
    )
    query = (
        sa.select(ProjectSignup.user_id, sa.func.count(sa.distinct(ProjectSession.id)))
        .join(ProjectSession, ProjectSession.id == ProjectSignup.session_id)
        .join(Project, Project.id == ProjectSession.project_id)
        .where(
            Project.guild_id == guild_id,
            ProjectSession.state == "open",
            ProjectSession.starts_at <= until,
            ProjectSignup.user_id.in_(ids),
            came,
        )
        .group_by(ProjectSignup.user_id)
    )
    return {int(user): int(count) for user, count in (await session.execute(query)).all()}


async def project_of(session: AsyncSession, guild_id: int, project_id: int) -> Project | None:
    project = await session.get(Project, project_id)
    return project if project is not None and project.guild_id == guild_id else None


async def project_people(session: AsyncSession, project_id: int) -> set[int]:
    sessions = (
        await session.scalars(sa.select(ProjectSession.id).where(ProjectSession.project_id == project_id))
    ).all()
    return await people_at(session, sessions)


async def received_since(session: AsyncSession, guild_id: int, since: datetime) -> list[tuple[int, str, int]]:
    """(user, name, thank-yous received) for public thank-yous since then: only for the leaderboard."""
    query = (
        sa.select(ThanksRecipient.user_id, sa.func.max(ThanksRecipient.name), sa.func.count())
        .join(Thanks, Thanks.id == ThanksRecipient.thanks_id)
        .where(
            Thanks.guild_id == guild_id,
            Thanks.state == "posted",
            Thanks.private.is_(False),
            ThanksRecipient.by_dm.is_(False),
            Thanks.posted_at >= since,
        )
        .group_by(ThanksRecipient.user_id)
    )
    return [(int(u), str(n or ""), int(c)) for u, n, c in (await session.execute(query)).all()]


# ---------------------------------------------------------------- personal data


async def not_to_contact(session: AsyncSession, user_ids: Iterable[int]) -> set[int]:
    """Who of these asked Connect never to message them (/mydata): no private copy, no ping."""
    ids = list(user_ids)
    if not ids:
        return set()
    found = await session.scalars(sa.select(DoNotContact.user_id).where(DoNotContact.user_id.in_(ids)))
    return set(found.all())


async def said_by(session: AsyncSession, user_id: int, guild_id: int | None) -> list[Thanks]:
    query = sa.select(Thanks).where(sa.or_(Thanks.author_id == user_id, Thanks.typed_by == user_id))
    if guild_id is not None:
        query = query.where(Thanks.guild_id == guild_id)
    return list((await session.scalars(query.order_by(Thanks.id))).all())


async def received_by(
    session: AsyncSession, user_id: int, guild_id: int | None
) -> list[tuple[Thanks, ThanksRecipient]]:
    query = sa.select(Thanks, ThanksRecipient).join(ThanksRecipient, ThanksRecipient.thanks_id == Thanks.id)
    query = query.where(ThanksRecipient.user_id == user_id)
    if guild_id is not None:
        query = query.where(Thanks.guild_id == guild_id)
    return [(t, r) for t, r in (await session.execute(query.order_by(Thanks.id))).all()]


async def me_too_by(session: AsyncSession, user_id: int, guild_id: int | None) -> list[tuple[Thanks, ThanksMeToo]]:
    query = sa.select(Thanks, ThanksMeToo).join(ThanksMeToo, ThanksMeToo.thanks_id == Thanks.id)
    query = query.where(ThanksMeToo.user_id == user_id)
    if guild_id is not None:
        query = query.where(Thanks.guild_id == guild_id)
    return [(t, m) for t, m in (await session.execute(query.order_by(Thanks.id))).all()]


async def tasks_done_by(session: AsyncSession, user_id: int, guild_id: int | None) -> list[ThanksTaskDone]:
    query = sa.select(ThanksTaskDone).where(ThanksTaskDone.user_id == user_id)
    if guild_id is not None:
        query = query.where(ThanksTaskDone.guild_id == guild_id)
    return list((await session.scalars(query)).all())
