"""Keeping personal data only as long as needed: a daily job thins old history.

- Reminders that are done or cancelled go after the server's /setup period (30 days unless a lead changed it),
  with their past firings.
- Finished or cancelled projects keep their numbers but lose their names after the server's /setup period
  (2 years unless changed): sign-ups become anonymous rows; organisers and regulars go.
- Scheduled work that is done, cancelled or missed goes after 30 days; failed rows stay for /unsent for 90 days.
Check-in answers are thinned by the check-ins feature itself (its own setting, 90 days by default, in the same
/setup group).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from db.engine import Database
from db.models import (
    GuildSettings,
    Project,
    ProjectOrganiser,
    ProjectRegular,
    ProjectSession,
    ProjectSignup,
    Reminder,
    ScheduledWork,
)
from db.repositories import scheduled

KIND = "retention"
# Every day at 3:30am UTC, when almost nobody is pressing buttons.
RULE = "FREQ=DAILY;BYHOUR=3;BYMINUTE=30"


@dataclass(frozen=True)
class Keep:
    done_reminders: timedelta = timedelta(days=30)
    project_names: timedelta = timedelta(days=730)
    finished_work: timedelta = timedelta(days=30)
    failed_work: timedelta = timedelta(days=90)


@dataclass(frozen=True)
class Thinned:
    reminders: int
    projects: int
    scheduled: int


class Retention:
    def __init__(self, db: Database, clock: Clock, keep: Keep | None = None) -> None:
        self.db = db
        self.clock = clock
        self.keep = keep or Keep()

    async def ensure_daily(self) -> None:
        """One daily row for the whole bot (no server: it runs on shard 0)."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            existing = await s.scalar(
                sa.select(ScheduledWork.id).where(
                    ScheduledWork.kind == KIND, ScheduledWork.state.in_(scheduled.ACTIVE_STATES)
                )
            )
            if existing is None:
                first = (now + timedelta(days=1)).replace(hour=3, minute=30, second=0, microsecond=0)
                await scheduled.create(s, kind=KIND, due_at=first, rule=RULE, timezone="UTC", now=now)

    async def run(self) -> Thinned:
        now = self.clock.now()
        async with self.db.transaction() as s:
            old = await _older_than(
                s,
                GuildSettings.keep_reminder_days,
                Reminder.guild_id,
                Reminder.updated_at,
                now,
                self.keep.done_reminders,
            )
            ids = list(
                (await s.scalars(sa.select(Reminder.id).where(Reminder.state.in_(("done", "cancelled")), old))).all()
            )
            if ids:
                await s.execute(
                    sa.delete(ScheduledWork).where(
                        ScheduledWork.kind == "reminder",
                        ScheduledWork.ref_id.in_(ids),
                        ScheduledWork.state.not_in(scheduled.ACTIVE_STATES),
                    )
                )
                await s.execute(sa.delete(Reminder).where(Reminder.id.in_(ids)))
            ended = sa.func.coalesce(Project.finished_at, Project.cancelled_at)
            projects = await self._thin_projects(
                s,
                await _older_than(
                    s, GuildSettings.keep_project_days, Project.guild_id, ended, now, self.keep.project_names
                ),
            )
            gone = await s.execute(
                sa.delete(ScheduledWork).where(
                    sa.or_(
                        sa.and_(
                            ScheduledWork.state.in_(("done", "cancelled", "missed")),
                            ScheduledWork.updated_at < now - self.keep.finished_work,
                        ),
                        sa.and_(
                            ScheduledWork.state == "failed",
                            ScheduledWork.updated_at < now - self.keep.failed_work,
                        ),
                    )
                )
            )
        return Thinned(len(ids), projects, int(gone.rowcount or 0))  # type: ignore[attr-defined]

    @staticmethod
    async def _thin_projects(s: AsyncSession, too_old: sa.ColumnElement[bool]) -> int:
        old = sa.select(Project.id).where(Project.state.in_(("finished", "cancelled")), too_old)
        ids = list((await s.scalars(old)).all())
        if not ids:
            return 0
        sessions = sa.select(ProjectSession.id).where(ProjectSession.project_id.in_(ids))
        # Anonymous ids, unique per row (the row's own id, negative): the numbers stay, the names go.
        await s.execute(
            sa.update(ProjectSignup)
            .where(ProjectSignup.session_id.in_(sessions), ProjectSignup.user_id > 0)
            .values(user_id=-ProjectSignup.id, added_by=None)
        )
        await s.execute(sa.delete(ProjectOrganiser).where(ProjectOrganiser.project_id.in_(ids)))
        await s.execute(sa.delete(ProjectRegular).where(ProjectRegular.project_id.in_(ids)))
        await s.execute(sa.update(Project).where(Project.id.in_(ids), Project.owner_id > 0).values(owner_id=0))
        return len(ids)


async def _older_than(
    s: AsyncSession,
    days: sa.orm.InstrumentedAttribute[int],
    guild_id: sa.orm.InstrumentedAttribute[int],
    when: sa.ColumnElement[datetime] | sa.orm.InstrumentedAttribute[datetime],
    now: datetime,
    default: timedelta,
) -> sa.ColumnElement[bool]:
    """Rows older than their own server's period (one SQL condition per period in use, not row by row).
    A server with no settings row uses ``default``."""
    periods = (await s.scalars(sa.select(days).distinct())).all()
    has_row = sa.select(GuildSettings.guild_id)
    each = [
        sa.and_(guild_id.in_(has_row.where(days == period)), when < now - timedelta(days=period)) for period in periods
    ]
    return sa.or_(sa.and_(guild_id.not_in(has_row), when < now - default), *each)
