"""The report's attachments, drawn from the same Report the card shows: a PNG chart, CSV files, a printable page.

Pure and Discord-free. The chart uses matplotlib's Agg backend (no display needed), large text, and the
Okabe-Ito colours, which people with colour blindness can tell apart.
"""

from __future__ import annotations

import base64
import csv
import html
import io
from datetime import timedelta

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bot import texts
from bot.services.report.service import Report
from bot.services.report.sheets import sheet_cell
from bot.timefmt import date_words, get_zone, when_words

BLUE, ORANGE = "#0072B2", "#E69F00"  # Okabe-Ito
BARS_UP_TO = 30  # weeks drawn as separate bars; longer periods as one filled step line


def week_label(report: Report, week: int) -> str:
    day = report.period.first_day + timedelta(days=7 * week)
    return date_words(day.day, day.month)


def chart_png(report: Report) -> bytes:
    """People taking part per week and sessions per week, as two bar charts one above the other."""
    weeks = report.weeks
    labels = [week_label(report, w) for w, _, _ in weeks]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), dpi=100, sharex=True)
    try:
        for axis, values, colour, title in (
            (top, [p for _, _, p in weeks], BLUE, texts.REPORT_CHART_PEOPLE),
            (bottom, [n for _, n, _ in weeks], ORANGE, texts.REPORT_CHART_SESSIONS),
        ):
            if len(values) <= BARS_UP_TO:
                axis.bar(range(len(values)), values, color=colour)
            else:  # one shape for a long history: hundreds of bars are slow to draw and hard to read
                axis.stairs(values, [i - 0.5 for i in range(len(values) + 1)], fill=True, color=colour)
            axis.set_title(title, fontsize=18, loc="left")
            axis.tick_params(labelsize=13)
            axis.spines[["top", "right"]].set_visible(False)
            axis.yaxis.get_major_locator().set_params(integer=True)
            if not values:
                axis.text(
                    0.5, 0.5, texts.REPORT_NOTHING, ha="center", va="center", fontsize=16, transform=axis.transAxes
                )
        step = max(1, len(labels) // 8)  # at most about 8 labels, so they stay readable
        bottom.set_xticks(range(0, len(labels), step), labels[::step], rotation=30, ha="right")
        fig.suptitle(texts.REPORT_CHART_TITLE.format(period=period_words(report)), fontsize=20)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def period_words(report: Report) -> str:
    first, last = report.period.first_day, report.period.last_day
    return texts.REPORT_PERIOD.format(
        first=date_words(first.day, first.month, first.year), last=date_words(last.day, last.month, last.year)
    )


def sessions_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["session", "date", "project", "people coming", "people who came (if ticked)"])
    zone = get_zone(report.timezone)
    for row in report.sessions:
        local = row["starts_at"].astimezone(zone)
        came = "" if row["came"] is None else row["came"]
        writer.writerow(
            [row["session"], local.strftime("%Y-%m-%d %H:%M"), sheet_cell(row["project"]), row["coming"], came]
        )
    return out.getvalue().encode()


def totals_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["what", "number"])
    for key, value in sorted(report.totals.items()):
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow(["week starting", "sessions", "people"])
    for week, sessions, people in report.weeks:
        writer.writerow([week_label(report, week), sessions, people])
    return out.getvalue().encode()


def number_lines(report: Report) -> list[str]:
    """The summary in easy-read sentences, one number each (the card and the page say the same)."""
    t = report.totals
    lines = [
        texts.counted(texts.REPORT_LINE_SESSIONS, t["sessions"]),
        texts.counted(texts.REPORT_LINE_PROJECTS, t["projects"]),
        texts.counted(texts.REPORT_LINE_PEOPLE, t["people"]),
        texts.counted(texts.REPORT_LINE_NEW, t["new_people"]),
        # Different people who led or organised (the ladder's two top steps: a lead who also organised is one).
        texts.counted(texts.REPORT_LINE_ORGANISED, report.ladder.led + report.ladder.organised),
    ]
    for key, forms in texts.REPORT_LINES_FROM_FEATURES.items():
        if key in t:
            lines.append(texts.counted(forms, t[key]))
    if t["sessions_ticked"]:
        lines.append(texts.counted(texts.REPORT_LINE_TICKED, t["sessions_ticked"]))
    return lines


def page_html(report: Report, words: list[str] | None = None, *, png: bytes | None = None) -> bytes:
    """An easy-read page to print for a trustees' meeting: the numbers, the chart, the ladder, members' words.

    ``png``: the chart already drawn for the card (drawing it is the slow part), else it is drawn here.
    """
    chart = base64.b64encode(png if png is not None else chart_png(report)).decode()
    ladder = report.ladder
    steps = [
        texts.counted(texts.REPORT_LADDER_LED, ladder.led),
        texts.counted(texts.REPORT_LADDER_ORGANISED, ladder.organised),
        texts.counted(texts.REPORT_LADDER_HELPED, ladder.helped),
        texts.counted(texts.REPORT_LADDER_TOOK_PART, ladder.took_part),
    ]
    said = words or []
    quotes = "".join(f"<blockquote>{html.escape(w)}</blockquote>" for w in said) or "<div class='space'></div>" * 4
    made = when_words(report.made_at, report.timezone)
    e = html.escape
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(texts.REPORT_TITLE)}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 20px; line-height: 1.5; max-width: 50em;
       margin: 2em auto; color: #111; }}
h1 {{ font-size: 32px; }} h2 {{ font-size: 26px; margin-top: 1.5em; }}
li {{ margin: 0.4em 0; }} img {{ max-width: 100%; }}
.space {{ border-bottom: 2px solid #888; height: 2.2em; }}
blockquote {{ border-left: 6px solid #0072B2; margin: 1em 0; padding-left: 1em; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{e(texts.REPORT_TITLE)}</h1>
<p>{e(period_words(report))}</p>
<h2>{e(texts.REPORT_PAGE_NUMBERS)}</h2>
<ul>{"".join(f"<li>{e(line)}</li>" for line in number_lines(report))}</ul>
<h2>{e(texts.REPORT_PAGE_CHART)}</h2>
<img src="data:image/png;base64,{chart}" alt="{e(texts.REPORT_CHART_ALT)}">
<h2>{e(texts.REPORT_PAGE_LADDER)}</h2>
<ul>{"".join(f"<li>{e(step)}</li>" for step in steps)}</ul>
<h2>{e(texts.REPORT_PAGE_WORDS)}</h2>
{quotes}
<p>{e(texts.REPORT_PAGE_MADE.format(when=made))}</p>
</body></html>
"""
    return body.encode()
