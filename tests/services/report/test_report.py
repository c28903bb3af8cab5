"""The impact report's numbers, chart and files, on SQLite and PostgreSQL, from history made in the tables."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.features import Shared
from bot.services.guild_settings import GuildSettingsService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHoursService
from bot.services.report import files, periods
from bot.services.report.service import ReportService
from db.engine import Database
from tests.services.report.seed import add_organiser, add_project, add_session

GUILD, OTHER = 10, 20
LEAD = Actor(1, can_manage_server=True)
MEMBER = Actor(2)
NOW = datetime(2027, 7, 15, 12, tzinfo=UTC)
JUNE = periods.between(date(2027, 6, 1), date(2027, 6, 30), "Europe/London")


@pytest.fixture
def svc(db: Database) -> ReportService:
    clock = FakeClock(NOW)
    settings = GuildSettingsService(db, clock)
    return ReportService(Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock)))


async def _june(db: Database) -> None:
    film = await add_project(db, GUILD, owner=100, title="Film club")
    await add_organiser(db, film, 101)
    await add_session(db, film, datetime(2027, 5, 20, 17, tzinfo=UTC), [200])  # before June: 200 is not new
    await add_session(db, film, datetime(2027, 6, 3, 17, tzinfo=UTC), [200, 201, 202], waiting=[203])
    # Attendance ticked: only 201 came, so 202 does not count for this session.
    await add_session(db, film, datetime(2027, 6, 10, 17, tzinfo=UTC), [201, 202], attended={201: True})
    await add_session(db, film, datetime(2027, 6, 17, 17, tzinfo=UTC), [204], state="cancelled")
    cancelled = await add_project(db, GUILD, owner=300, title="Gone", state="cancelled")
    await add_session(db, cancelled, datetime(2027, 6, 5, 17, tzinfo=UTC), [205])
    other = await add_project(db, OTHER, owner=400, title="Elsewhere")
    await add_session(db, other, datetime(2027, 6, 5, 17, tzinfo=UTC), [206])


async def test_the_numbers_of_a_month(svc: ReportService, db: Database) -> None:
    await _june(db)
    report = await svc.make(GUILD, LEAD, JUNE)
    assert report.totals == {
        "projects": 1,
        "sessions": 2,
        "people": 3,  # 200, 201, 202 (waiting and cancelled do not count)
        "visits": 4,
        "new_people": 2,  # 201 and 202; 200 came in May
        "led": 1,
        "organised": 1,
        "sessions_ticked": 1,
    }
    assert report.weeks == [(0, 1, 3), (1, 1, 1)]
    assert report.ladder.led == 1 and report.ladder.organised == 1
    assert [r["coming"] for r in report.sessions] == [3, 2] and [r["came"] for r in report.sessions] == [None, 1]


async def test_files_say_what_the_card_says(svc: ReportService, db: Database) -> None:
    await _june(db)
    report = await svc.make(GUILD, LEAD, JUNE)
    png = files.chart_png(report)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    numbers = {
        row["what"]: int(row["number"])
        for row in csv.DictReader(io.StringIO(files.totals_csv(report).decode()))
        if row.get("number", "").isdigit()
    }
    assert numbers["sessions"] == report.totals["sessions"] == 2
    sessions = list(csv.DictReader(io.StringIO(files.sessions_csv(report).decode())))
    assert len(sessions) == report.totals["sessions"]
    assert sum(int(r["people coming"]) for r in sessions) == 5
    page = files.page_html(report).decode()
    assert texts.counted(texts.REPORT_LINE_SESSIONS, 2) in page and "data:image/png;base64," in page
    assert "<script" not in page


async def test_a_quiet_time_is_friendly_and_still_has_a_chart(svc: ReportService) -> None:
    report = await svc.make(GUILD, LEAD, JUNE)
    assert report.empty and report.weeks == []
    assert files.chart_png(report).startswith(b"\x89PNG")


async def test_only_leads(svc: ReportService) -> None:
    with pytest.raises(NotAllowed):
        await svc.make(GUILD, MEMBER, JUNE)


def test_periods_in_the_server_zone() -> None:
    now = datetime(2027, 7, 15, 12, tzinfo=UTC)
    last = periods.period(periods.LAST_MONTH, now, "Europe/London")
    assert (last.first_day, last.last_day) == (date(2027, 6, 1), date(2027, 6, 30))
    assert last.start == datetime(2027, 5, 31, 23, tzinfo=UTC)  # midnight in London, summer time
    three = periods.period(periods.LAST_3_MONTHS, now, "Europe/London")
    assert three.first_day == date(2027, 4, 1)
    year = periods.period(periods.THIS_YEAR, now, "Europe/London")
    assert year.first_day == date(2027, 1, 1) and year.last_day == date(2027, 7, 15)
    january = periods.period(periods.LAST_MONTH, datetime(2027, 1, 10, tzinfo=UTC), "Europe/London")
    assert january.first_day == date(2026, 12, 1)
    assert periods.parse_day("1/6/2027") == date(2027, 6, 1) == periods.parse_day("2027-06-01")
    for bad in ("", "blah", "31/2/2027", "@everyone", "\u202e1/6/2027"):
        with pytest.raises(UserError):
            periods.parse_day(bad)
    with pytest.raises(UserError):
        periods.between(date(2027, 6, 2), date(2027, 6, 1), "Europe/London")
    with pytest.raises(UserError):
        periods.between(date(2020, 1, 1), date(2026, 1, 2), "Europe/London")
    assert timedelta(0) < last.end - last.start
