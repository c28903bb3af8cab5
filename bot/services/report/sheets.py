"""CSV cells that are safe to open in a spreadsheet, and the report "with names" as a CSV.

Names and project titles are typed by members: a cell starting with = + - @ (or a tab) would be run as a
formula by Excel or LibreOffice, so it gets a leading apostrophe; invisible and right-to-left control
characters are dropped, and a cell is at most 100 characters.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from functools import lru_cache

from bot import texts
from bot.services.mydata.service import ATTACHMENT_LIMIT
from bot.services.report.names import NameRow
from bot.textclean import clean_text
from bot.timefmt import get_zone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 100


@lru_cache(maxsize=4096)  # a few hundred names and titles, repeated on every row of a long file
def sheet_cell(value: str) -> str:
    text = clean_text(value[: CELL_LIMIT * 2], "cell", CELL_LIMIT * 2)[:CELL_LIMIT]
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def names_csv(rows: Sequence[NameRow], names: Mapping[int, str], timezone: str) -> bytes:
    """One row per person coming to each session. ``names``: display names looked up when the file is made."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["session", "date", "project", "name", "came (if ticked)"])
    zone = get_zone(timezone)
    for row in rows:
        name = names.get(row.user_id) if row.user_id is not None else None
        came = "" if row.came is None else ("yes" if row.came else "no")
        writer.writerow(
            [
                row.session_id,
                row.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                sheet_cell(row.project),
                sheet_cell(name) if name else texts.REPORT_NAMES_NOT_NAMED,
                came,
            ]
        )
    return out.getvalue().encode()


def names_attachment(
    rows: Sequence[NameRow], names: Mapping[int, str], timezone: str, limit: int = ATTACHMENT_LIMIT
) -> tuple[str, bytes]:
    """(filename, data): the CSV, zipped when it is over Discord's attachment limit (CSV packs well)."""
    data = names_csv(rows, names, timezone)
    if len(data) <= limit:
        return "report-names.csv", data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report-names.csv", data)
    return "report-names.zip", buffer.getvalue()
