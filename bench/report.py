"""The impact report on a big history: prints figures (this is not a test).

    .venv/bin/python bench/report.py [--signups 50000] [--years 5]

Seeds a migrated SQLite file (or a PostgreSQL schema) with weekly sessions of 10 projects over ``--years``
years and ``--signups`` sign-ups, then times the report (the numbers, the weekly series and the session list,
all SQL aggregates) and its files (chart, CSV, page) for this year and for the whole history.
Target: the report of the whole history in under 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._common import migrated_database_url  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.features import Shared  # noqa: E402
from bot.services.guild_settings import GuildSettingsService  # noqa: E402
from bot.services.people import Actor  # noqa: E402
from bot.services.quiet_hours import QuietHoursService  # noqa: E402
from bot.services.report import files, periods  # noqa: E402
from bot.services.report.service import ReportService  # noqa: E402
from db.engine import Database  # noqa: E402
from tests.services.report.seed import bulk_history  # noqa: E402

GUILD = 10
LEAD = Actor(1, can_manage_server=True)


async def run(signups: int, years: int) -> None:
    folder = tempfile.TemporaryDirectory()
    url = await migrated_database_url(folder)
    db = Database(url)
    now = datetime(2027, 12, 20, 12, tzinfo=UTC)
    start = datetime(now.year - years, 12, 21, tzinfo=UTC)
    t0 = time.perf_counter()
    await bulk_history(db, GUILD, years=years, signups=signups, start=start)
    seeded = time.perf_counter() - t0
    clock = FakeClock(now)
    settings = GuildSettingsService(db, clock)
    svc = ReportService(Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock)))
    files.chart_png(await svc.make(GUILD, LEAD, periods.period(periods.THIS_MONTH, now, "Europe/London")))  # warm-up
    print(f"seeded {signups:,} sign-ups over {years} years of weekly sessions in {seeded:.1f} s ({url.split(':')[0]})")
    for name, period in (
        ("this year", periods.period(periods.THIS_YEAR, now, "Europe/London")),
        ("whole history", periods.between(start.date(), date(now.year, 12, 20), "Europe/London")),
    ):
        t1 = time.perf_counter()
        report = await svc.make(GUILD, LEAD, period)
        numbers = time.perf_counter() - t1
        t2 = time.perf_counter()
        png = files.chart_png(report)
        page = files.page_html(report, png=png)
        sheets = files.sessions_csv(report) + files.totals_csv(report)
        drawn = time.perf_counter() - t2
        print(
            f"{name:>14}: numbers {numbers * 1000:.0f} ms, files {drawn * 1000:.0f} ms, "
            f"total {(numbers + drawn):.2f} s (target < 2 s); {report.totals['sessions']:,} sessions, "
            f"{report.totals['visits']:,} visits, {report.totals['people']:,} people; "
            f"PNG {len(png) // 1024} KiB, page {len(page) // 1024} KiB, CSV {len(sheets) // 1024} KiB"
        )
    await db.dispose()
    folder.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.signups, args.years))


if __name__ == "__main__":
    main()
