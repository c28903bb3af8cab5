"""One session's sign-ups in memory, for a crowd's card presses done together (bot/presses.py).

Alone, a press reads its own sign-up and the session's counts, then writes its row: three round trips. A
crowd of 100 presses done together would make 300. With a tally the crowd reads the session's sign-ups
once, counts in memory, and its new rows are written together when the transaction commits. Call it with
the project locked (``repo.lock_project``), so nobody else changes the lists meanwhile.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.projects.views import GOING, WAITING
from db.models import ProjectSignup
from db.repositories import projects as repo

CROWD = 3  # presses done together from which one read of the whole list costs less than reads per press


@dataclass
class Tally:
    rows: dict[int, ProjectSignup]  # by member
    going: int
    waiting: list[int]  # the waiting rows' queue numbers, in order
    top: int  # the highest queue number

    @classmethod
    async def load(cls, s: AsyncSession, session_id: int) -> Tally:
        rows = await repo.signups_of(s, [session_id])
        waiting = sorted(r.queue_no for r in rows if r.status == WAITING)
        going = sum(1 for r in rows if r.status == GOING)
        return cls({r.user_id: r for r in rows}, going, waiting, max((r.queue_no for r in rows), default=0))

    def position(self, row: ProjectSignup) -> int:
        """1 for the first on the waiting list."""
        return bisect_left(self.waiting, row.queue_no) + 1

    def counted(self, row: ProjectSignup) -> None:
        """A new answer (at the back of the queue) is in the counts now."""
        self.top = max(self.top, row.queue_no)
        if row.status == GOING:
            self.going += 1
        elif row.status == WAITING:
            self.waiting.append(row.queue_no)
