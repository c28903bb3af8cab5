"""The /report cards: the period buttons, then the summary card with its files."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import discord

from bot import texts
from bot.render.components import Card, custom_id, frozen_view
from bot.services.report import files as report_files
from bot.services.report import periods, sheets
from bot.services.report.names import NameRow
from bot.services.report.periods import CHOICES, LAST_3_MONTHS, LAST_MONTH, THIS_MONTH, THIS_YEAR
from bot.services.report.service import Report

FEATURE = "report"
PICK_DATES = "pick-dates"
MODAL_ID = custom_id(FEATURE, "dates")
FIRST, LAST = "first", "last"
NAMES, NAMES_YES, NAMES_NO = "names", "names-yes", "names-no"
_LABELS = {
    THIS_MONTH: texts.REPORT_BUTTON_THIS_MONTH,
    LAST_MONTH: texts.REPORT_BUTTON_LAST_MONTH,
    LAST_3_MONTHS: texts.REPORT_BUTTON_LAST_3_MONTHS,
    THIS_YEAR: texts.REPORT_BUTTON_THIS_YEAR,
}


def period_card() -> Card:
    buttons: list[discord.ui.Item[discord.ui.View]] = [
        discord.ui.Button(
            label=_LABELS[c], emoji="📅", style=discord.ButtonStyle.primary, custom_id=custom_id(FEATURE, "period", c)
        )
        for c in CHOICES
    ]
    buttons.append(
        discord.ui.Button(
            label=texts.REPORT_BUTTON_PICK_DATES,
            emoji="✏️",
            style=discord.ButtonStyle.secondary,
            custom_id=custom_id(FEATURE, "period", PICK_DATES),
        )
    )
    return Card(content=texts.REPORT_PICK_PERIOD, view=frozen_view(*buttons))


def dates_modal() -> discord.ui.Modal:
    modal = discord.ui.Modal(title=texts.REPORT_MODAL_TITLE, custom_id=MODAL_ID, timeout=None)
    modal.add_item(discord.ui.TextInput(label=texts.REPORT_INPUT_FIRST, custom_id=FIRST, max_length=20))
    modal.add_item(discord.ui.TextInput(label=texts.REPORT_INPUT_LAST, custom_id=LAST, max_length=20))
    modal.stop()
    return modal


def report_card(report: Report) -> Card:
    lines = [report_files.period_words(report), ""]
    lines += [texts.REPORT_NOTHING] if report.empty else report_files.number_lines(report)
    lines += ["", texts.REPORT_FILES]
    embed = discord.Embed(
        title=texts.REPORT_TITLE, description="\n".join(lines)[:4096], colour=discord.Colour(0x0072B2)
    )
    embed.set_image(url="attachment://report-chart.png")
    again: discord.ui.Button[discord.ui.View] = discord.ui.Button(
        label=texts.REPORT_BUTTON_AGAIN,
        emoji="📅",
        style=discord.ButtonStyle.secondary,
        custom_id=custom_id(FEATURE, "again"),
    )
    names = _button(texts.REPORT_BUTTON_NAMES, "👥", NAMES, periods.key(report.period))
    png = report_files.chart_png(report)
    files = [
        discord.File(io.BytesIO(png), filename="report-chart.png"),
        discord.File(io.BytesIO(report_files.totals_csv(report)), filename="report-numbers.csv"),
        discord.File(io.BytesIO(report_files.sessions_csv(report)), filename="report-sessions.csv"),
        discord.File(io.BytesIO(report_files.page_html(report, png=png)), filename="report-page.html"),
    ]
    return Card(embed=embed, view=frozen_view(again, names), files=files)


def _button(label: str, emoji: str, action: str, period_key: str) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(
        label=label, emoji=emoji, style=discord.ButtonStyle.secondary, custom_id=custom_id(FEATURE, action, period_key)
    )


def ask_names_card(period_key: str) -> Card:
    """Asked first: the file names people, so the lead says yes knowing what it is."""
    yes = _button(texts.REPORT_BUTTON_NAMES_YES, "👥", NAMES_YES, period_key)
    no = _button(texts.REPORT_BUTTON_NAMES_NO, "❌", NAMES_NO, period_key)
    return Card(content=texts.REPORT_NAMES_ASK, view=frozen_view(yes, no))


def names_file(rows: Sequence[NameRow], names: Mapping[int, str], timezone: str) -> discord.File:
    filename, data = sheets.names_attachment(rows, names, timezone)
    return discord.File(io.BytesIO(data), filename=filename)
