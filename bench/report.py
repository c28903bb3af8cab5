"""The impact report on a big history: prints figures (this is not a test).

    .venv/bin/python bench/report.py [--signups 50000] [--years 5] [--database-url postgresql+asyncpg://...]

Seeds a migrated SQLite file (or, with ``--database-url``, a fresh PostgreSQL schema) with weekly sessions of
10 projects over ``--years`` years and ``--signups`` sign-ups, plus 20 done tasks, thank-yous and check-in
answers a week (the other features' report counts), then times the report (the numbers, the weekly series, the
session list and the ladder, all SQL aggregates), its files (chart, CSV, page) and the file with names, for this
year and for the whole history. Target: the report of the whole history in under 2 s. Prints the load average:
on a shared machine the figures are only as good as it is quiet.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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
from bot.services.checkins.report import CheckinsReport  # noqa: E402
from bot.services.guild_settings import GuildSettingsService  # noqa: E402
from bot.services.people import Actor  # noqa: E402
from bot.services.quiet_hours import QuietHoursService  # noqa: E402
from bot.services.report import files, periods, sheets  # noqa: E402
from bot.services.report.names import names  # noqa: E402
from bot.services.report.service import ReportService  # noqa: E402
from bot.services.tasks.report import TasksReport  # noqa: E402
from bot.services.thanks.report import ThanksReport  # noqa: E402
from db.engine import Database  # noqa: E402
from tests.services.report.seed import bulk_history  # noqa: E402
from tests.services.report.seed_features import bulk_features  # noqa: E402

GUILD = 10
LEAD = Actor(1, can_manage_server=True)


async def _database(folder: tempfile.TemporaryDirectory[str], pg_url: str | None) -> Database:
    if not pg_url:
        return Database(await migrated_database_url(folder))
    import tests.conftest as conftest

    conftest.PG_URL = pg_url  # the tests' helper reads it: a schema of its own, dropped at the end
    return await conftest.make_database("postgresql", Path(folder.name))


async def run(signups: int, years: int, pg_url: str | None) -> None:
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    folder = tempfile.TemporaryDirectory()
    db = await _database(folder, pg_url)
    url = db.url
    now = datetime(2027, 12, 20, 12, tzinfo=UTC)
    start = datetime(now.year - years, 12, 21, tzinfo=UTC)
    t0 = time.perf_counter()
    await bulk_history(db, GUILD, years=years, signups=signups, start=start)
    await bulk_features(db, GUILD, weeks=years * 52, start=start)
    seeded = time.perf_counter() - t0
    clock = FakeClock(now)
    settings = GuildSettingsService(db, clock)
    shared = Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock))
    shared.report_sources.update(tasks=TasksReport(db), thanks=ThanksReport(db), checkins=CheckinsReport(db))
    svc = ReportService(shared)
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
        csvs = files.sessions_csv(report) + files.totals_csv(report)
        drawn = time.perf_counter() - t2
        t3 = time.perf_counter()
        rows = await names(svc, GUILD, LEAD, period)
        t4 = time.perf_counter()
        named = sheets.names_csv(rows, {5000 + i: f"Member {i}" for i in range(400)}, "Europe/London")
        with_names = time.perf_counter() - t3
        names_query = t4 - t3
        print(
            f"{name:>14}: numbers {numbers * 1000:.0f} ms, files {drawn * 1000:.0f} ms, "
            f"total {(numbers + drawn):.2f} s (target < 2 s), with names {with_names * 1000:.0f} ms "
            f"(query {names_query * 1000:.0f} ms); "
            f"{report.totals['sessions']:,} sessions, {report.totals['visits']:,} visits, "
            f"{report.totals['people']:,} people, {report.totals['tasks_done']:,} tasks, "
            f"{report.totals['thanks_said']:,} thank yous, {report.totals['checkins_answered']:,} check-ins; "
            f"PNG {len(png) // 1024} KiB, page {len(page) // 1024} KiB, CSV {len(csvs) // 1024} KiB, "
            f"names {len(named) // 1024} KiB"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if pg_url:
        from tests.conftest import drop_database

        await drop_database(db)
    else:
        await db.dispose()
    folder.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (a schema is made and dropped)")
    args = parser.parse_args()
    asyncio.run(run(args.signups, args.years, args.database_url))


if __name__ == "__main__":
    main()
