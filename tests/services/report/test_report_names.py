"""The report "with names", on SQLite and PostgreSQL: leads only, one row per person coming to each session,
nobody named who asked not to be, no name left for a member who deleted their data; cells safe in a
spreadsheet whatever a member typed."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.features import Shared
from bot.services.guild_settings import GuildSettingsService
from bot.services.quiet_hours import QuietHoursService
from bot.services.report import periods
from bot.services.report.names import NameRow, names
from bot.services.report.service import ReportService
from bot.services.report.sheets import names_attachment, names_csv, sheet_cell
from db.engine import Database
from db.models import DoNotContact, ProjectSignup
from db.models.thanks import ThanksMember
from tests.services.report.test_report import GUILD, JUNE, LEAD, MEMBER, NOW, _june


@pytest.fixture
def svc(db: Database) -> ReportService:
    clock = FakeClock(NOW)
    settings = GuildSettingsService(db, clock)
    return ReportService(Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock)))


async def test_one_row_per_person_coming_with_attendance_where_ticked(svc: ReportService, db: Database) -> None:
    await _june(db)
    rows = await names(svc, GUILD, LEAD, JUNE)
    assert [(r.user_id, r.came) for r in rows] == [(200, None), (201, None), (202, None), (201, True), (202, False)]
    assert {r.project for r in rows} == {"Film club"}  # not the cancelled project, nor the other server's


async def test_nobody_named_who_asked_not_to_be(svc: ReportService, db: Database) -> None:
    await _june(db)
    async with db.transaction() as s:
        s.add(DoNotContact(user_id=200, since=NOW))
        s.add(ThanksMember(user_id=201, no_posts=True, updated_at=NOW))
        # 202 deleted their data: their past sign-ups are anonymous rows (a negative id).
        await s.execute(sa.update(ProjectSignup).where(ProjectSignup.user_id == 202).values(user_id=-ProjectSignup.id))
    rows = await names(svc, GUILD, LEAD, JUNE)
    assert [r.user_id for r in rows] == [None] * 5
    assert len(rows) == 5, "they are still counted, without a name"


async def test_leads_only(svc: ReportService) -> None:
    with pytest.raises(NotAllowed):
        await names(svc, GUILD, MEMBER, JUNE)


def test_the_csv_is_safe_in_a_spreadsheet() -> None:
    when = datetime(2027, 6, 3, 17, tzinfo=UTC)
    rows = [
        NameRow(1, when, '=HYPERLINK("https://evil.example")', 5, True),
        NameRow(1, when, "Film club", 6, None),
        NameRow(1, when, "Film club", None, False),
        NameRow(1, when, "Film club", 7, None),
    ]
    hostile = {5: "@everyone", 6: "Sam\u202e\u200b [x](https://evil.example) 🎬" + "a" * 300, 7: ""}
    parsed = list(csv.DictReader(io.StringIO(names_csv(rows, hostile, "Europe/London").decode())))
    assert parsed[0]["name"] == "'@everyone"
    assert parsed[0]["project"].startswith("'=") and parsed[0]["date"] == "2027-06-03 18:00"
    assert "\u202e" not in parsed[1]["name"] and "\u200b" not in parsed[1]["name"] and len(parsed[1]["name"]) == 100
    assert parsed[1]["name"].startswith("Sam") and "🎬" in parsed[1]["name"]
    assert [r["name"] for r in parsed[2:]] == [texts.REPORT_NAMES_NOT_NAMED] * 2  # not named; no name found
    assert [r["came (if ticked)"] for r in parsed] == ["yes", "", "no", ""]
    assert sheet_cell("-1+2") == "'-1+2" and sheet_cell("Priya") == "Priya"


def test_the_period_in_a_button_is_checked() -> None:
    assert periods.from_key(periods.key(JUNE), "Europe/London") == JUNE
    for bad in (None, "", "2027", "20270601-20270631", "20270630-20270601", "20270601-20270630-1", "x-y"):
        with pytest.raises(UserError):
            periods.from_key(bad, "Europe/London")


def test_a_very_long_file_is_zipped_under_the_attachment_limit() -> None:
    when = datetime(2027, 6, 3, 17, tzinfo=UTC)
    rows = [NameRow(n, when, "Film club", 5000 + n % 400, None) for n in range(2000)]
    names_of = {5000 + i: f"Member {i}" for i in range(400)}
    small = names_attachment(rows, names_of, "Europe/London")
    assert small[0] == "report-names.csv"
    filename, data = names_attachment(rows, names_of, "Europe/London", limit=len(small[1]) - 1)
    assert filename == "report-names.zip" and len(data) < len(small[1])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("report-names.csv") == small[1]
