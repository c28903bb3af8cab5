"""What the scheduler could not send: failed (retried, then gave up) and missed (too late after a stop).

Leads see these with /unsent, so nothing is lost in silence (DESIGN.md, "Everything that happens later is a row").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed
from bot.scope import Scope
from bot.services.guild_settings import settings_in
from bot.texts.scheduling import SCHEDULED_REFUSED_REASON
from db.engine import Database
from db.repositories import scheduled as repo

SHOWN = 20


@dataclass(frozen=True)
class UnsentItem:
    kind: str
    due_at: datetime
    failed: bool  # False: missed
    attempts: int
    refused: bool = False  # Discord would not let Connect post there (403): a lead can fix the channel


@dataclass(frozen=True)
class UnsentList:
    items: tuple[UnsentItem, ...]
    timezone: str
    more: bool


class UnsentService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def for_leads(self, scope: Scope) -> UnsentList:
        """What could not be sent in the scope's server, for its leads only."""
        async with self.db.transaction() as session:
            settings = await settings_in(session, scope.guild_id)
            if not settings.is_lead(scope.actor):
                raise NotAllowed(texts.ONLY_LEADS_OR_MANAGERS)
            rows = await repo.list_failed_and_missed(session, scope.guild_id, limit=SHOWN + 1)
        items = tuple(
            UnsentItem(
                kind=row.kind,
                due_at=row.meant_for or row.due_at,  # the time it was for, not the last retry's
                failed=row.state == repo.FAILED,
                attempts=row.attempts,
                refused=row.state == repo.FAILED and (row.last_error or "").startswith(SCHEDULED_REFUSED_REASON),
            )
            for row in rows[:SHOWN]
        )
        return UnsentList(items=items, timezone=settings.timezone, more=len(rows) > SHOWN)
