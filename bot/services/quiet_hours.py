"""Quiet hours: a member's time of day when automatic messages wait (``/me quiet-hours``; default none).

Automatic messages are the ones nobody in particular asked for at that moment: event reminders, task
nudges, digests. A reminder a member set for themselves is not automatic: it comes when they said.
Other features call ``QuietHoursService.deliver_at`` when they plan an automatic message, and send it
at the time it returns (the end of quiet hours, on the member's own clock).

Quiet hours are kept as minutes after midnight on the member's wall clock, in their time zone
(``GuildSettingsService.timezone_for``), so "10pm to 8am" stays 10pm to 8am across clock changes.
A window may cross midnight (start after end). A start equal to the end is refused: it would mean
"always quiet" or "never quiet", and we do not guess which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from bot import texts
from bot.clock import Clock
from bot.errors import UserError
from bot.recurrence import to_utc
from bot.scope import AnyScope
from bot.services.guild_settings import GuildSettingsService
from bot.timefmt import get_zone
from db.engine import Database
from db.repositories import settings as repo

MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class QuietHours:
    start: int  # minutes after midnight, member's wall clock
    end: int

    @property
    def end_time(self) -> time:
        return time(self.end // 60, self.end % 60)

    def contains(self, local: datetime) -> bool:
        """Is this wall-clock time inside the quiet hours (start included, end not)?"""
        minute = local.hour * 60 + local.minute + (local.second + local.microsecond / 1e6) / 60
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end


def check_minutes(start: int | None, end: int | None) -> QuietHours | None:
    """Both or none; each a minute of the day; not the same."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise UserError(texts.QUIET_NEED_BOTH)
    for value in (start, end):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < MINUTES_A_DAY:
            raise UserError(texts.QUIET_NOT_A_TIME)
    if start == end:
        raise UserError(texts.QUIET_SAME_TIME)
    return QuietHours(start, end)


def after_quiet_hours(when_utc: datetime, quiet: QuietHours | None, timezone: str) -> datetime:
    """``when_utc`` itself, or, when it falls inside the quiet hours, the moment they end (aware UTC).

    The end is a wall-clock time in ``timezone``. If the clocks skip it (they go forward), it is the
    moment just after the jump; if it happens twice, the first one (bot.recurrence.to_utc).
    """
    if when_utc.tzinfo is None or when_utc.utcoffset() is None:
        raise ValueError("when_utc must be an aware datetime")
    when_utc = when_utc.astimezone(UTC)
    if quiet is None:
        return when_utc
    zone = get_zone(timezone)
    local = when_utc.astimezone(zone)
    if not quiet.contains(local):
        return when_utc
    end_day = local.date()
    minute = local.hour * 60 + local.minute
    if quiet.start > quiet.end and minute >= quiet.start:
        end_day += timedelta(days=1)  # late evening: quiet hours end tomorrow morning
    moved = to_utc(datetime.combine(end_day, quiet.end_time), zone)
    return max(moved, when_utc)


class QuietHoursService:
    def __init__(self, db: Database, clock: Clock, settings: GuildSettingsService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings or GuildSettingsService(db, clock)

    async def get(self, user_id: int) -> QuietHours | None:
        async with self.db.transaction() as session:
            row = await repo.get_member(session, user_id)
        if row is None or row.quiet_start is None or row.quiet_end is None:
            return None
        return QuietHours(int(row.quiet_start), int(row.quiet_end))

    async def set(self, scope: AnyScope, start: int | None, end: int | None) -> QuietHours | None:
        """Save the person's quiet hours (minutes after midnight), or clear them with ``None, None``."""
        quiet = check_minutes(start, end)
        async with self.db.transaction() as session:
            await repo.upsert_member(
                session,
                scope.user_id,
                self.clock.now(),
                quiet_start=quiet.start if quiet else None,
                quiet_end=quiet.end if quiet else None,
            )
        return quiet

    async def away_until(self, user_id: int) -> datetime | None:
        """When the member's "away" ends, or None when they are not away (an end in the past counts as none)."""
        async with self.db.transaction() as session:
            row = await repo.get_member(session, user_id)
        until = row.away_until if row is not None else None
        return until if until is not None and until > self.clock.now() else None

    async def is_away(self, user_id: int, at: datetime | None = None) -> bool:
        until = await self.away_until(user_id)
        return until is not None and until > (at or self.clock.now())

    async def set_away(self, scope: AnyScope, until: datetime | None) -> None:
        """The person is away until ``until`` (aware UTC), or back now with None."""
        async with self.db.transaction() as session:
            await repo.upsert_member(session, scope.user_id, self.clock.now(), away_until=until)

    async def deliver_at(self, user_id: int, when_utc: datetime, guild_id: int | None = None) -> datetime:
        """When an automatic message planned for ``when_utc`` may reach this member (aware UTC)."""
        quiet = await self.get(user_id)
        if quiet is None:
            return when_utc.astimezone(UTC)
        zone = await self.settings.timezone_for(guild_id, user_id)
        return after_quiet_hours(when_utc, quiet, zone)
