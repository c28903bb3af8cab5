"""The impact report for trustees and funders: what the community did in a period, as counts.

Leads only. Projects' numbers come from SQL aggregates (bot/services/report/queries.py); every other feature
adds its own counts through ``Feature.report`` (tasks done, thank-yous said, check-ins answered).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import texts
from bot.errors import NotAllowed
from bot.features import Shared
from bot.services.people import Actor
from bot.services.report import queries
from bot.services.report.periods import Period


@dataclass(frozen=True)
class Ladder:
    """The ladder of co-production: how many people took each step (each person counted once, highest step)."""

    took_part: int
    helped: int
    organised: int
    led: int


@dataclass(frozen=True)
class Report:
    guild_id: int
    period: Period
    timezone: str
    made_at: datetime
    totals: dict[str, int]
    weeks: list[tuple[int, int, int]]  # (week number from the start, sessions, people)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    ladder: Ladder = Ladder(0, 0, 0, 0)

    @property
    def empty(self) -> bool:
        return not any(self.totals.values())


class ReportService:
    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.db = shared.db
        self.clock = shared.clock

    async def timezone(self, guild_id: int, actor: Actor) -> str:
        settings = await self.shared.settings.get(guild_id)
        if not settings.is_lead(actor):
            raise NotAllowed(texts.REPORT_ONLY_LEADS)
        return settings.timezone

    async def make(self, guild_id: int, actor: Actor, period: Period) -> Report:
        zone = await self.timezone(guild_id, actor)
        now = self.clock.now()
        end = min(period.end, now)  # a session later today has not happened yet
        async with self.db.read() as s:  # a read: never takes the write lock
            totals = await queries.totals(s, guild_id, period.start, end)
            weeks = await queries.weekly(s, guild_id, period.start, end)
            sessions = await queries.sessions(s, guild_id, period.start, end)
            steps = await queries.ladder_people(s, guild_id, period.start, end)
        helped: set[int] = set()
        for source in self.shared.report_sources.values():
            for key, value in (await source.report_counts(guild_id, period.start, end)).items():
                totals[key] = totals.get(key, 0) + int(value)
            people = getattr(source, "report_people", None)  # optional: ids for the ladder (tasks' helpers)
            if people is not None:
                helped |= set((await people(guild_id, period.start, end)).get("helped", ()))
        return Report(guild_id, period, zone, now, totals, weeks, sessions, _ladder(steps, helped))


def _ladder(steps: dict[str, set[int]], helped: set[int]) -> Ladder:
    """Each person once, on their highest step: led, then organised, then helped, then took part."""
    led = steps["led"]
    organised = steps["organised"] - led
    helpers = helped - led - organised
    took_part = steps["took_part"] - led - organised - helpers
    return Ladder(took_part=len(took_part), helped=len(helpers), organised=len(organised), led=len(led))
