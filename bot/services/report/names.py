"""The report "with names": who took part in each session, for a lead who asks for it (never by default).

- Who may have it: leads of the server only, checked on every press (like the report itself); each one made
  is logged (without names).
- How it is asked for: a button on the report card, then a plain question before the file is made.
- Consent: a member who said "do not post about me" (thank-yous) or "do not contact me" (my data) is never
  named: their row says "A member". A member who deleted their data has no name left to show (their past
  sign-ups are anonymous rows). Names themselves are not stored: the wiring looks them up when the file is made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bot.services.people import Actor
from bot.services.report import queries
from bot.services.report.periods import Period
from bot.services.report.service import ReportService
from db.models import DoNotContact, Project, ProjectSignup
from db.models.thanks import ThanksMember

log = logging.getLogger("connect.report")


@dataclass(frozen=True)
class NameRow:
    session_id: int
    starts_at: datetime
    project: str
    user_id: int | None  # None: not to be named (no consent, or their data was deleted)
    came: bool | None  # None: attendance was not ticked for that session


async def names(service: ReportService, guild_id: int, actor: Actor, period: Period) -> list[NameRow]:
    await service.timezone(guild_id, actor)  # leads only
    end = min(period.end, service.clock.now())
    held = queries._held(guild_id, period.start, end)
    ticked = ProjectSignup.session_id.in_(queries._ticked())
    private = sa.or_(
        ProjectSignup.user_id.in_(sa.select(DoNotContact.user_id)),
        ProjectSignup.user_id.in_(sa.select(ThanksMember.user_id).where(ThanksMember.no_posts.is_(True))),
    )
    query = (
        sa.select(
            held.c.id,
            held.c.starts_at,
            Project.title,
            ProjectSignup.user_id,
            sa.case((private, True), else_=False),
            sa.case((ticked, ProjectSignup.attended.is_(True)), else_=None),
        )
        .join(Project, Project.id == held.c.project_id)
        .join(
            ProjectSignup, sa.and_(ProjectSignup.session_id == held.c.id, ProjectSignup.status.in_(queries.TOOK_PART))
        )
        .order_by(held.c.starts_at, held.c.id, ProjectSignup.queue_no, ProjectSignup.id)
    )
    async with service.db.read() as s:  # a read: never takes the write lock
        rows = (await s.execute(query)).all()
    log.info("a lead made a report with names guild=%s rows=%s", guild_id, len(rows))
    return [
        NameRow(int(sid), when, title, None if hidden or user <= 0 else int(user), None if came is None else bool(came))
        for sid, when, title, user, hidden, came in rows
    ]
