"""Rows -> results (frozen values)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.checkins.results import CheckinView, HelpView
from db.models import Checkin, HelpRequest
from db.repositories import checkins as repo


async def checkin_view(
    session: AsyncSession, row: Checkin, timezone: str, next_at: object = None, project_title: str = ""
) -> CheckinView:
    return CheckinView(
        id=row.id,
        guild_id=row.guild_id,
        kind=row.kind,
        questions=tuple(row.questions or ()),
        channel_id=row.channel_id,
        weekdays=row.weekdays,
        hour=row.hour,
        minute=row.minute,
        member_zone=row.member_zone,
        summary_after_minutes=row.summary_after_minutes,
        state=row.state,
        paused_until=row.paused_until,
        members=tuple(await repo.members(session, row.id)),
        timezone=timezone,
        next_at=next_at,  # type: ignore[arg-type]
        project_id=row.project_id,
        share_answers=row.share_answers,
        project_title=project_title,
    )


def help_view(row: HelpRequest, timezone: str, wanted_name: str | None = None) -> HelpView:
    return HelpView(
        id=row.id,
        guild_id=row.guild_id,
        user_id=row.user_id,
        user_name=row.user_name,
        wanted_id=row.wanted_id,
        wanted_name=wanted_name,
        soon=row.soon,
        state=row.state,
        created_at=row.created_at,
        claimed_by=row.claimed_by,
        claimed_name=row.claimed_name,
        timezone=timezone,
    )
