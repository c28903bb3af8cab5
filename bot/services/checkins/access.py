"""Who may do what with check-ins, checked inside the caller's unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotAllowed, NotFound
from bot.scope import Scope
from bot.services.guild_settings import ServerSettings, settings_in
from db.models import Checkin
from db.repositories import checkins as repo


async def check_lead(session: AsyncSession, scope: Scope) -> ServerSettings:
    """A lead of this server (lead role, or Manage Server), for a read: nothing is written."""
    settings = await settings_in(session, scope.guild_id)
    if not settings.is_lead(scope.actor):
        raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
    return settings


async def require_lead(session: AsyncSession, scope: Scope, now: datetime) -> ServerSettings:
    """A lead of this server, for a write. Leads who act are remembered for help alerts."""
    settings = await check_lead(session, scope)
    await repo.note_lead(session, scope.guild_id, scope.user_id, scope.actor.display_name, now)
    return settings


async def load(session: AsyncSession, guild_id: int | None, checkin_id: int, *, lock: bool = False) -> Checkin:
    row = await repo.get(session, guild_id, checkin_id, lock=lock)
    if row is None:
        raise NotFound(texts.CHECKIN_NOT_FOUND)
    return row


async def load_for_member(session: AsyncSession, guild_id: int | None, checkin_id: int, user_id: int) -> Checkin:
    """The check-in a member pressed a button of: of this server, and (for DM check-ins) one they get."""
    row = await load(session, guild_id, checkin_id)
    if row.state == "stopped":
        raise NotFound(texts.CHECKIN_STOPPED)
    if row.channel_id is None and not await repo.is_member(session, row.id, user_id):
        raise NotFound(texts.CHECKIN_NOT_FOR_YOU)
    return row


async def share_channel(session: AsyncSession, row: Checkin) -> int | None:
    """Where a member may share their stand-up answers: the check-in's channel, else the check-ins channel.
    None when sharing is off (moods are never shared)."""
    if not row.share_answers or row.kind != "standup":
        return None
    if row.channel_id is not None:
        return row.channel_id
    return (await settings_in(session, row.guild_id)).checkins_channel_id
