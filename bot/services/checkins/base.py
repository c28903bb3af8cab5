"""The parts every piece of the check-in service shares."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.features import Shared

Notes = list[tuple[int, datetime]]  # scheduled rows to tell the scheduler about after commit


class ServiceBase:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.db = shared.db
        self.clock = shared.clock

    def _now(self) -> datetime:
        return self.clock.now()

    def _tell(self, notes: Notes) -> None:
        for row_id, due in notes:
            self.shared.scheduler.notify(row_id, due)
