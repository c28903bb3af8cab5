"""Per-server settings, member time zones, and who counts as a lead."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed, UserError
from bot.scope import AnyScope, Scope
from bot.services.keep import (
    DEFAULT_KEEP_CHECKIN_DAYS,
    KEEP_CHECKIN_CHOICES,
    KEEP_PROJECT_CHOICES,
    KEEP_REMINDER_CHOICES,
)
from bot.services.people import Actor
from bot.timefmt import is_valid_timezone
from db.engine import Database
from db.models import GuildSettings
from db.repositories import checkins as checkins_repo
from db.repositories import settings as repo

DEFAULT_TIMEZONE = "Europe/London"
MAX_TIMEZONE_TEXT = 64
# The choices for reminders before a project's sessions, in minutes before; a lead steps through them.
PROJECT_REMINDER_CHOICES: tuple[tuple[int, ...], ...] = ((1440, 60), (60,), (1440,), ())
# How long the daily retention job keeps things: the choices live in bot/services/keep.py (imported above).


@dataclass(frozen=True)
class ServerSettings:
    guild_id: int
    timezone: str = DEFAULT_TIMEZONE
    lead_role_id: int | None = None
    celebrations_channel_id: int | None = None
    checkins_channel_id: int | None = None
    leads_only_projects: bool = False
    leaderboard_enabled: bool = False
    project_reminder_minutes: tuple[int, ...] = PROJECT_REMINDER_CHOICES[0]
    keep_project_days: int = 730
    keep_reminder_days: int = 30
    keep_checkin_days: int = DEFAULT_KEEP_CHECKIN_DAYS  # stored with the check-ins' own settings

    def is_lead(self, actor: Actor) -> bool:
        """Leads hold the lead role. People who manage the server always count too, so a server
        whose lead role was deleted (or never set) is never locked out of its own settings."""
        if actor.can_manage_server:
            return True
        return self.lead_role_id is not None and self.lead_role_id in actor.role_ids


def _snapshot(
    row: GuildSettings | None, guild_id: int, checkin_days: int = DEFAULT_KEEP_CHECKIN_DAYS
) -> ServerSettings:
    if row is None:
        return ServerSettings(guild_id=guild_id, keep_checkin_days=checkin_days)
    return ServerSettings(
        guild_id=row.guild_id,
        timezone=row.timezone,
        lead_role_id=row.lead_role_id,
        celebrations_channel_id=row.celebrations_channel_id,
        checkins_channel_id=row.checkins_channel_id,
        leads_only_projects=row.leads_only_projects,
        leaderboard_enabled=row.leaderboard_enabled,
        project_reminder_minutes=tuple(int(m) for m in row.project_reminders.split(",") if m.strip()),
        keep_project_days=row.keep_project_days,
        keep_reminder_days=row.keep_reminder_days,
        keep_checkin_days=checkin_days,
    )


async def settings_in(session: AsyncSession, guild_id: int) -> ServerSettings:
    """The server's settings, read inside a caller's unit of work (a second one would wait for its lock)."""
    checkins = await checkins_repo.settings(session, guild_id)
    return _snapshot(
        await repo.get_guild(session, guild_id),
        guild_id,
        checkins.retention_days if checkins else DEFAULT_KEEP_CHECKIN_DAYS,
    )


def clean_timezone(text: str) -> str:
    """A typed or picked zone name, checked against the zone database."""
    zone = (text or "").strip()
    if not zone:
        raise UserError(texts.FIELD_EMPTY.format(field="time zone"))
    if len(zone) > MAX_TIMEZONE_TEXT:
        raise UserError(texts.FIELD_TOO_LONG.format(field="time zone", limit=MAX_TIMEZONE_TEXT))
    if not is_valid_timezone(zone):
        # Show the zone as plain text only: cut it and drop characters that could ping or format.
        shown = "".join(ch for ch in zone if ch.isalnum() or ch in "/_-+ ")[:40] or "?"
        raise UserError(texts.TIMEZONE_UNKNOWN.format(zone=shown))
    return zone


class GuildSettingsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def get(self, guild_id: int) -> ServerSettings:
        async with self.db.transaction() as session:
            return await settings_in(session, guild_id)

    async def require_lead(self, scope: Scope) -> ServerSettings:
        """The server's settings, for one of its leads (or a manager of that server) only."""
        current = await self.get(scope.guild_id)
        if not current.is_lead(scope.actor):
            raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
        return current

    async def _update(self, scope: Scope, **changes: object) -> ServerSettings:
        async with self.db.transaction() as session:
            current = await settings_in(session, scope.guild_id)
            if not current.is_lead(scope.actor):
                raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
            row = await repo.upsert_guild(session, scope.guild_id, self.clock.now(), **changes)
            return _snapshot(row, scope.guild_id, current.keep_checkin_days)

    async def set_timezone(self, scope: Scope, zone: str) -> ServerSettings:
        return await self._update(scope, timezone=clean_timezone(zone))

    async def set_lead_role(self, scope: Scope, role_id: int | None) -> ServerSettings:
        return await self._update(scope, lead_role_id=role_id)

    async def set_celebrations_channel(self, scope: Scope, channel_id: int | None) -> ServerSettings:
        return await self._update(scope, celebrations_channel_id=channel_id)

    async def set_checkins_channel(self, scope: Scope, channel_id: int | None) -> ServerSettings:
        return await self._update(scope, checkins_channel_id=channel_id)

    async def set_leads_only_projects(self, scope: Scope, leads_only: bool) -> ServerSettings:
        return await self._update(scope, leads_only_projects=leads_only)

    async def set_leaderboard(self, scope: Scope, enabled: bool) -> ServerSettings:
        return await self._update(scope, leaderboard_enabled=enabled)

    async def next_project_reminders(self, scope: Scope) -> ServerSettings:
        """Step to the next choice of reminders before projects (for sessions made from now on)."""
        current = await self.require_lead(scope)
        choices = list(PROJECT_REMINDER_CHOICES)
        index = choices.index(current.project_reminder_minutes) if current.project_reminder_minutes in choices else -1
        chosen = choices[(index + 1) % len(choices)]
        return await self._update(scope, project_reminders=",".join(str(m) for m in chosen))

    async def set_project_reminders(self, scope: Scope, minutes: tuple[int, ...]) -> ServerSettings:
        """One of the choices of reminders before projects (for sessions made from now on)."""
        if minutes not in PROJECT_REMINDER_CHOICES:
            raise ValueError(f"not a choice of project reminders: {minutes!r}")
        return await self._update(scope, project_reminders=",".join(str(m) for m in minutes))

    async def set_keep(self, scope: Scope, what: str, days: int) -> ServerSettings:
        """How long the daily job keeps ``what`` ("projects", "reminders" or "checkins"): one of its choices."""
        if what == "projects" and days in KEEP_PROJECT_CHOICES:
            return await self._update(scope, keep_project_days=days)
        if what == "reminders" and days in KEEP_REMINDER_CHOICES:
            return await self._update(scope, keep_reminder_days=days)
        if what != "checkins" or days not in KEEP_CHECKIN_CHOICES:
            raise ValueError(f"not a choice of how long to keep {what!r}: {days!r}")
        async with self.db.transaction() as session:
            current = await settings_in(session, scope.guild_id)
            if not current.is_lead(scope.actor):
                raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
            # The check-ins feature keeps this period with its own settings (its job thins the answers).
            await checkins_repo.upsert_settings(session, scope.guild_id, self.clock.now(), retention_days=days)
            return await settings_in(session, scope.guild_id)

    # ---- members

    async def set_member_timezone(self, scope: AnyScope, zone: str | None) -> str | None:
        """The member's own zone (one for every server): only the person in the scope changes it."""
        cleaned = clean_timezone(zone) if zone is not None else None
        async with self.db.transaction() as session:
            await repo.upsert_member(session, scope.user_id, self.clock.now(), timezone=cleaned)
        return cleaned

    async def timezone_for(self, guild_id: int | None, user_id: int) -> str:
        """The zone to show a member times in: theirs, else their server's, else the default."""
        async with self.db.transaction() as session:
            member = await repo.get_member(session, user_id)
            if member and member.timezone:
                return member.timezone
            if guild_id is None:
                return DEFAULT_TIMEZONE
            guild = await repo.get_guild(session, guild_id)
            return guild.timezone if guild else DEFAULT_TIMEZONE
