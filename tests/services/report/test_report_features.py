"""Tasks, thank-yous and check-ins in the impact report (each feature's ``Feature.report``), on SQLite and
PostgreSQL: counts only, in this server and period; the card, the CSV and the page say the same numbers; the
ladder puts each person once, on their highest step."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.features import Shared
from bot.render.report import report_card
from bot.services.checkins.report import CheckinsReport
from bot.services.guild_settings import GuildSettingsService
from bot.services.quiet_hours import QuietHoursService
from bot.services.report import files, periods
from bot.services.report.service import Ladder, ReportService
from bot.services.tasks.report import TasksReport
from bot.services.thanks.report import ThanksReport
from db.engine import Database
from tests.services.report import seed_features as seed
from tests.services.report.seed import add_organiser, add_project, add_session
from tests.services.report.test_report import GUILD, JUNE, LEAD, NOW, OTHER, _june

JUNE_9 = datetime(2027, 6, 9, 10, tzinfo=UTC)
MAY = datetime(2027, 5, 20, 10, tzinfo=UTC)


@pytest.fixture
def svc(db: Database) -> ReportService:
    clock = FakeClock(NOW)
    settings = GuildSettingsService(db, clock)
    shared = Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock))
    shared.report_sources.update(tasks=TasksReport(db), thanks=ThanksReport(db), checkins=CheckinsReport(db))
    return ReportService(shared)


async def _features(db: Database) -> None:
    here, there = await seed.add_task_list(db, GUILD, MAY), await seed.add_task_list(db, OTHER, MAY)
    await seed.add_task(db, here, GUILD, JUNE_9, doer=201, helper=500)  # 201 took part; 500 only helped
    await seed.add_task(db, here, GUILD, JUNE_9, doer=100)  # the project's lead: stays on the "led" step
    await seed.add_task(db, here, GUILD, JUNE_9, doer=None)  # done by a member who deleted their data
    await seed.add_task(db, here, GUILD, MAY, doer=202)  # before June
    await seed.add_task(db, here, GUILD, JUNE_9, doer=202, state="open")  # not done
    await seed.add_task(db, there, OTHER, JUNE_9, doer=202)  # another server
    for when, state, guild in ((JUNE_9, "posted", GUILD),) * 2 + (
        (JUNE_9, "draft", GUILD),
        (MAY, "posted", GUILD),
        (JUNE_9, "posted", OTHER),
    ):
        await seed.add_thanks(db, guild, 200, when, state=state)
    mood, elsewhere = await seed.add_checkin(db, GUILD, MAY), await seed.add_checkin(db, OTHER, MAY)
    await seed.add_answer(db, mood, GUILD, 200, JUNE_9)
    await seed.add_answer(db, mood, GUILD, 201, JUNE_9)
    await seed.add_answer(db, mood, GUILD, 202, JUNE_9, skipped=True)  # a skip is not an answer
    await seed.add_answer(db, mood, GUILD, 200, MAY)
    await seed.add_answer(db, elsewhere, OTHER, 200, JUNE_9)


async def test_each_feature_adds_its_counts(svc: ReportService, db: Database) -> None:
    await _june(db)
    await _features(db)
    report = await svc.make(GUILD, LEAD, JUNE)
    counts = {k: report.totals[k] for k in ("tasks_done", "people_helped", "thanks_said", "checkins_answered")}
    assert counts == {"tasks_done": 3, "people_helped": 3, "thanks_said": 2, "checkins_answered": 2}
    assert report.totals["people"] == 3  # the projects' numbers are unchanged


async def test_the_ladder_counts_each_person_once_on_their_highest_step(svc: ReportService, db: Database) -> None:
    await _june(db)
    await _features(db)
    ladder = (await svc.make(GUILD, LEAD, JUNE)).ladder
    # led: 100; organised: 101; helped: 201 (also took part) and 500; took part only: 200 and 202.
    assert ladder == Ladder(took_part=2, helped=2, organised=1, led=1)


async def test_card_csv_and_page_say_the_same_numbers(svc: ReportService, db: Database) -> None:
    await _june(db)
    await _features(db)
    report = await svc.make(GUILD, LEAD, JUNE)
    rows = csv.reader(io.StringIO(files.totals_csv(report).decode()))
    numbers = {row[0]: int(row[1]) for row in rows if len(row) == 2 and row[1].isdigit()}
    card = report_card(report).embed
    assert card is not None and card.description is not None
    page = files.page_html(report).decode()
    for key, forms in texts.REPORT_LINES_FROM_FEATURES.items():
        assert numbers[key] == report.totals[key]
        line = texts.counted(forms, report.totals[key])
        assert line in card.description and line in page
    assert texts.counted(texts.REPORT_LADDER_HELPED, 2) in page


async def test_nothing_from_the_features_in_a_quiet_time(svc: ReportService, db: Database) -> None:
    await _features(db)
    quiet = await svc.make(GUILD, LEAD, periods.between(date(2026, 6, 1), date(2026, 6, 30), "Europe/London"))
    assert quiet.empty and quiet.ladder == Ladder(0, 0, 0, 0)


async def test_a_lead_who_also_organised_is_one_person(svc: ReportService, db: Database) -> None:
    await _june(db)
    film = await add_project(db, GUILD, owner=300, title="Walks")
    await add_organiser(db, film, 300)  # the lead is on the organisers' list too
    await add_session(db, film, datetime(2027, 6, 8, 17, tzinfo=UTC), [200])
    report = await svc.make(GUILD, LEAD, JUNE)
    assert report.ladder.led == 2 and report.ladder.organised == 1  # 100 and 300 led; 101 organised
    assert texts.counted(texts.REPORT_LINE_ORGANISED, 3) in files.number_lines(report)
