"""Erasing a member's check-in data keeps the report's count of answers, and nothing of theirs (SQLite and PG).

Each answer stays as a bare count: no id of hers, no mood, no words. A skip goes (it is never counted).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot.services.checkins.report import CheckinsReport
from db.models import CheckinAnswer
from tests.services.checkins.support import GUILD, JO, PRIYA, SAM, World, member
from tests.services.checkins.test_answers_and_help import DAY, MONDAY, opened, summaries


async def _answered(world: World) -> int:
    counts = await CheckinsReport(world.db).report_counts(
        GUILD, MONDAY - timedelta(days=30), MONDAY + timedelta(days=30)
    )
    return counts["checkins_answered"]


async def _answers(world: World) -> list[tuple[int, str | None, object, bool]]:
    async with world.db.transaction() as s:
        rows = await s.scalars(sa.select(CheckinAnswer).order_by(CheckinAnswer.id))
        return [(a.user_id, a.choice, a.answers, a.skipped) for a in rows]


async def test_the_report_counts_the_same_after_they_erase(world: World) -> None:
    checkin = await opened(world)
    await world.service.answer(member(SAM), checkin, DAY, "good")
    await world.service.answer(member(PRIYA), checkin, DAY, "notgood")
    await world.service.skip(member(JO), checkin, DAY)
    await world.at(MONDAY + timedelta(days=7, seconds=1))
    await world.service.answer(member(SAM), checkin, "2027-03-15", "ok")
    assert await _answered(world) == 3

    await world.service.erase(SAM.user_id, GUILD)
    await world.service.erase(PRIYA.user_id, None)  # two erased answers on one day: both still fit
    await world.service.erase(JO.user_id, GUILD)

    assert await _answered(world) == 3, "the numbers stay, without their names"
    # The whole-database scan is in tests/e2e/test_mydata.py (these test ids are too small to scan for).
    kept = await _answers(world)
    assert len(kept) == 3 and all(u < 0 and c is None and a is None and not k for u, c, a, k in kept)
    assert len({u for u, *_ in kept}) == 3
    for actor in (SAM, PRIYA, JO):
        assert (await world.service.export(actor.user_id, GUILD))["checkin_answers"] == []


async def test_an_erased_answer_is_counted_in_the_summary_without_its_mood(world: World) -> None:
    checkin = await opened(world)
    await world.service.answer(member(SAM), checkin, DAY, "good")
    await world.service.answer(member(PRIYA), checkin, DAY, "notgood")
    await world.service.erase(SAM.user_id, GUILD)
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    (summary,) = summaries(world)
    assert "😊 Good: 0" in summary and "😟 Not good: 1" in summary, "her mood went with her data"
    assert "2 answers today." in summary
