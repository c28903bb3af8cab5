"""The impact report end to end: a lead picks "Last month" with a button and gets the card, a PNG chart,
CSV files whose sums match the card, and a page to print. A member cannot make one."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, card_shows, start_project


async def test_a_lead_makes_last_months_report(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)  # Monday 7 June 2027
    card = await start_project(sandbox, "Sam", "Film club", places="2 places")
    ids = {name: sandbox.user(name).id for name in ("Priya", "Jordan")}
    for name in ids:
        await sandbox.member(name).click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, *(f"<@{i}>" for i in ids.values()))

    connect.clock.set(datetime(2027, 7, 5, 9, tzinfo=UTC))  # the session on 10 June has happened
    refused = await sandbox.member("Priya").slash("report")
    assert refused.text == texts.REPORT_ONLY_LEADS

    morgan = sandbox.member("Morgan")
    periods = await morgan.slash("report")
    assert periods.ephemeral and texts.REPORT_PICK_PERIOD in periods.text
    assert [b.label for b in periods.buttons] == [
        texts.REPORT_BUTTON_THIS_MONTH,
        texts.REPORT_BUTTON_LAST_MONTH,
        texts.REPORT_BUTTON_LAST_3_MONTHS,
        texts.REPORT_BUTTON_THIS_YEAR,
        texts.REPORT_BUTTON_PICK_DATES,
    ]
    seen = await morgan.click(periods, texts.REPORT_BUTTON_LAST_MONTH)
    report = seen.message
    assert report is not None
    assert report.ephemeral and report.embeds[0]["title"] == texts.REPORT_TITLE
    card_text = report.text
    assert texts.counted(texts.REPORT_LINE_SESSIONS, 1) in card_text
    assert texts.counted(texts.REPORT_LINE_PEOPLE, 2) in card_text
    assert "From 1 June 2027 to 30 June 2027." in card_text

    png = report.attachment("report-chart.png").data
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    rows = csv.DictReader(io.StringIO(report.attachment("report-numbers.csv").text()))
    numbers = {r["what"]: r["number"] for r in rows}
    assert numbers["sessions"] == "1" and numbers["people"] == "2"
    sessions = list(csv.DictReader(io.StringIO(report.attachment("report-sessions.csv").text())))
    assert [(r["project"], r["people coming"]) for r in sessions] == [("Film club", "2")]
    page = report.attachment("report-page.html").text()
    assert texts.counted(texts.REPORT_LINE_PEOPLE, 2) in page

    # A quiet month says so, and still has its chart.
    seen = await morgan.click(periods, texts.REPORT_BUTTON_THIS_MONTH)
    quiet = seen.message
    assert quiet is not None
    assert texts.REPORT_NOTHING in quiet.text
    assert quiet.attachment("report-chart.png").data.startswith(b"\x89PNG")


async def test_pick_dates_with_a_typed_box(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    morgan = sandbox.member("Morgan")
    periods = await morgan.slash("report")
    box = await morgan.click(periods, texts.REPORT_BUTTON_PICK_DATES)
    assert box.modal is not None and box.modal.title == texts.REPORT_MODAL_TITLE
    wrong = await morgan.submit_modal({texts.REPORT_INPUT_FIRST: "@everyone", texts.REPORT_INPUT_LAST: "1/6/2027"})
    assert wrong.content == texts.REPORT_DATE_NOT_UNDERSTOOD
    await morgan.click(periods, texts.REPORT_BUTTON_PICK_DATES)
    seen = await morgan.submit_modal({texts.REPORT_INPUT_FIRST: "1/5/2027", texts.REPORT_INPUT_LAST: "31/5/2027"})
    report = seen.message
    assert report is not None
    assert texts.REPORT_NOTHING in report.text
