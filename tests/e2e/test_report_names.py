"""The report "with names" end to end: a lead asks for it from the report card, is asked first, and gets a
CSV naming who came; a member who said "do not contact me" is not named."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_mydata import answer_becomes
from tests.e2e.test_projects import NOW, card_shows, start_project


async def test_a_lead_gets_the_names_after_saying_yes(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    card = await start_project(sandbox, "Sam", "Film club", places="3 places")
    for name in ("Priya", "Jordan"):
        await sandbox.member(name).click(card, texts.PROJECT_BUTTON_COMING)
    await card_shows(sandbox, card, f"<@{sandbox.user('Priya').id}>", f"<@{sandbox.user('Jordan').id}>")
    jordan = sandbox.member("Jordan")
    card = await jordan.slash("mydata")
    await jordan.click(card, texts.MYDATA_BUTTON_STOP)  # "do not contact me"
    stopped = await answer_becomes(sandbox, card, texts.MYDATA_DO_NOT_CONTACT_ON)
    assert texts.MYDATA_BUTTON_START in [b.label for b in stopped.buttons]

    connect.clock.set(datetime(2027, 7, 5, 9, tzinfo=UTC))
    morgan = sandbox.member("Morgan")
    seen = await morgan.click(await morgan.slash("report"), texts.REPORT_BUTTON_LAST_MONTH)
    assert seen.message is not None
    assert [a.filename for a in seen.message.attachments if "names" in a.filename] == [], "no names unless asked"
    ask = await morgan.click(seen.message, texts.REPORT_BUTTON_NAMES)
    assert ask.ephemeral and ask.text == texts.REPORT_NAMES_ASK
    assert [b.label for b in ask.buttons] == [texts.REPORT_BUTTON_NAMES_YES, texts.REPORT_BUTTON_NAMES_NO]
    no = await morgan.click(ask, texts.REPORT_BUTTON_NAMES_NO)
    assert no.text == texts.REPORT_NAMES_NOT_MADE

    ask = await morgan.click(seen.message, texts.REPORT_BUTTON_NAMES)
    made = await morgan.click(ask, texts.REPORT_BUTTON_NAMES_YES)
    assert made.message is not None and made.message.ephemeral
    assert texts.REPORT_NAMES_HERE in made.message.text
    rows = list(csv.DictReader(io.StringIO(made.message.attachment("report-names.csv").text())))
    assert sorted(r["name"] for r in rows) == sorted(["Priya", texts.REPORT_NAMES_NOT_NAMED])
    assert {r["project"] for r in rows} == {"Film club"}
