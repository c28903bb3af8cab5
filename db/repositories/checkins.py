"""Check-in rows: small queries, no rules (bot/services/checkins holds those)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Checkin,
    CheckinAnswer,
    CheckinLead,
    CheckinMember,
    CheckinMemberPrefs,
    CheckinSettings,
    HelpRequest,
    ScheduledWork,
)
from db.repositories._rows import upsert


async def get(session: AsyncSession, guild_id: int | None, checkin_id: int, *, lock: bool = False) -> Checkin | None:
    """A check-in of this server (any server when ``guild_id`` is None: a DM press checks membership instead)."""
    row = await session.get(Checkin, checkin_id, with_for_update=lock)
    if row is None or (guild_id is not None and row.guild_id != guild_id):
        return None
    return row


async def in_guild(session: AsyncSession, guild_id: int) -> list[Checkin]:
    stmt = sa.select(Checkin).where(Checkin.guild_id == guild_id, Checkin.state == "active").order_by(Checkin.id)
    return list((await session.scalars(stmt)).all())


async def delete_old_drafts(session: AsyncSession, guild_id: int, created_by: int, before: datetime) -> int:
    """A lead's drafts never started, older than ``before`` (their members go with them: ON DELETE CASCADE)."""
    stmt = sa.select(Checkin).where(
        Checkin.guild_id == guild_id,
        Checkin.created_by == created_by,
        Checkin.state == "draft",
        Checkin.created_at < before,
    )
    rows = list((await session.scalars(stmt)).all())
    for row in rows:
        await session.execute(sa.delete(CheckinMember).where(CheckinMember.checkin_id == row.id))
        await session.delete(row)
    return len(rows)


async def members(session: AsyncSession, checkin_id: int) -> list[int]:
    stmt = sa.select(CheckinMember.user_id).where(CheckinMember.checkin_id == checkin_id)
    stmt = stmt.order_by(CheckinMember.user_id)
    return [int(u) for u in (await session.scalars(stmt)).all()]


async def is_member(session: AsyncSession, checkin_id: int, user_id: int) -> bool:
    return await session.get(CheckinMember, (checkin_id, user_id)) is not None


async def set_members(session: AsyncSession, checkin_id: int, user_ids: Iterable[int]) -> None:
    await session.execute(sa.delete(CheckinMember).where(CheckinMember.checkin_id == checkin_id))
    for user_id in dict.fromkeys(user_ids):
        session.add(CheckinMember(checkin_id=checkin_id, user_id=user_id))
    await session.flush()


async def answer_for(session: AsyncSession, checkin_id: int, user_id: int, day: str) -> CheckinAnswer | None:
    stmt = sa.select(CheckinAnswer).where(
        CheckinAnswer.checkin_id == checkin_id, CheckinAnswer.user_id == user_id, CheckinAnswer.day == day
    )
    return (await session.scalars(stmt)).first()


async def has_answered_before(session: AsyncSession, guild_id: int, user_id: int) -> bool:
    stmt = sa.select(CheckinAnswer.id).where(
        CheckinAnswer.guild_id == guild_id, CheckinAnswer.user_id == user_id, CheckinAnswer.skipped.is_(False)
    )
    return (await session.scalars(stmt.limit(1))).first() is not None


async def answers_on(session: AsyncSession, checkin_id: int, day: str) -> list[CheckinAnswer]:
    stmt = (
        sa.select(CheckinAnswer)
        .where(CheckinAnswer.checkin_id == checkin_id, CheckinAnswer.day == day, CheckinAnswer.skipped.is_(False))
        .order_by(CheckinAnswer.answered_at)
    )
    return list((await session.scalars(stmt)).all())


async def answers_of(session: AsyncSession, user_id: int, guild_id: int | None) -> list[CheckinAnswer]:
    stmt = sa.select(CheckinAnswer).where(CheckinAnswer.user_id == user_id)
    if guild_id is not None:
        stmt = stmt.where(CheckinAnswer.guild_id == guild_id)
    return list((await session.scalars(stmt.order_by(CheckinAnswer.id))).all())


async def delete_answers_before(session: AsyncSession, guild_id: int, before: datetime) -> int:
    result = await session.execute(
        sa.delete(CheckinAnswer).where(CheckinAnswer.guild_id == guild_id, CheckinAnswer.answered_at < before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def help_get(session: AsyncSession, request_id: int, *, lock: bool = False) -> HelpRequest | None:
    return await session.get(HelpRequest, request_id, populate_existing=True, with_for_update=lock)


async def help_claim(session: AsyncSession, request_id: int, user_id: int, name: str, now: datetime) -> bool:
    """open -> claimed in one conditional UPDATE: the first lead to press wins."""
    stmt = (
        sa.update(HelpRequest)
        .where(HelpRequest.id == request_id, HelpRequest.state == "open")
        .values(state="claimed", claimed_by=user_id, claimed_name=name, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return int((await session.execute(stmt)).rowcount) == 1  # type: ignore[attr-defined]


async def help_open(session: AsyncSession, guild_id: int) -> list[HelpRequest]:
    stmt = sa.select(HelpRequest).where(HelpRequest.guild_id == guild_id, HelpRequest.state == "open")
    return list((await session.scalars(stmt.order_by(HelpRequest.created_at))).all())


async def help_since(session: AsyncSession, guild_id: int, checkin_id: int, since: datetime) -> list[HelpRequest]:
    stmt = sa.select(HelpRequest).where(
        HelpRequest.guild_id == guild_id, HelpRequest.checkin_id == checkin_id, HelpRequest.created_at >= since
    )
    return list((await session.scalars(stmt.order_by(HelpRequest.created_at))).all())


async def help_of(session: AsyncSession, user_id: int, guild_id: int | None) -> list[HelpRequest]:
    stmt = sa.select(HelpRequest).where(HelpRequest.user_id == user_id)
    if guild_id is not None:
        stmt = stmt.where(HelpRequest.guild_id == guild_id)
    return list((await session.scalars(stmt.order_by(HelpRequest.id))).all())


async def delete_claimed_help_before(session: AsyncSession, guild_id: int, before: datetime) -> int:
    result = await session.execute(
        sa.delete(HelpRequest).where(
            HelpRequest.guild_id == guild_id, HelpRequest.state == "claimed", HelpRequest.created_at < before
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def settings(session: AsyncSession, guild_id: int) -> CheckinSettings | None:
    return await session.get(CheckinSettings, guild_id)


async def upsert_settings(session: AsyncSession, guild_id: int, now: datetime, **changes: object) -> CheckinSettings:
    new = {"guild_id": guild_id, "realert_hours": 4, "retention_days": 90}
    return await upsert(session, CheckinSettings, guild_id, now, new=new, changes=changes)


async def leads(session: AsyncSession, guild_id: int) -> list[CheckinLead]:
    stmt = sa.select(CheckinLead).where(CheckinLead.guild_id == guild_id).order_by(CheckinLead.seen_at)
    return list((await session.scalars(stmt)).all())


async def note_lead(session: AsyncSession, guild_id: int, user_id: int, name: str, now: datetime) -> None:
    row = await session.get(CheckinLead, (guild_id, user_id))
    if row is None:
        session.add(CheckinLead(guild_id=guild_id, user_id=user_id, display_name=name[:100], seen_at=now))
    else:
        row.display_name = name[:100] or row.display_name
        row.seen_at = now
    await session.flush()


async def forget_lead(session: AsyncSession, guild_id: int, user_id: int) -> None:
    stmt = sa.delete(CheckinLead).where(CheckinLead.guild_id == guild_id, CheckinLead.user_id == user_id)
    await session.execute(stmt)


async def prefs(session: AsyncSession, user_id: int) -> CheckinMemberPrefs | None:
    return await session.get(CheckinMemberPrefs, user_id)


async def set_prefs(session: AsyncSession, user_id: int, reminders: bool, now: datetime) -> None:
    await upsert(session, CheckinMemberPrefs, user_id, now, new={"user_id": user_id}, changes={"reminders": reminders})


async def active_rows(session: AsyncSession, kinds: Iterable[str], ref_ids: Iterable[int]) -> list[ScheduledWork]:
    """Pending or running scheduled rows of these kinds for these check-ins (to cancel one member's)."""
    ids = list(ref_ids)
    if not ids:
        return []
    stmt = sa.select(ScheduledWork).where(
        ScheduledWork.kind.in_(list(kinds)),
        ScheduledWork.ref_id.in_(ids),
        ScheduledWork.state.in_(("pending", "running")),
    )
    return list((await session.scalars(stmt)).all())


async def checkins_of_member(session: AsyncSession, user_id: int, guild_id: int | None) -> list[int]:
    stmt = sa.select(CheckinMember.checkin_id).join(Checkin, Checkin.id == CheckinMember.checkin_id)
    stmt = stmt.where(CheckinMember.user_id == user_id)
    if guild_id is not None:
        stmt = stmt.where(Checkin.guild_id == guild_id)
    return [int(i) for i in (await session.scalars(stmt)).all()]


async def remove_member(session: AsyncSession, user_id: int, checkin_ids: Iterable[int]) -> None:
    ids = list(checkin_ids)
    if ids:
        await session.execute(
            sa.delete(CheckinMember).where(CheckinMember.user_id == user_id, CheckinMember.checkin_id.in_(ids))
        )
