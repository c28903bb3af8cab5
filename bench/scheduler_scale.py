"""Scheduler at scale: prints figures (this is not a test).

    .venv/bin/python bench/scheduler_scale.py [--rows 100000] [--due 1000]

1. A child process seeds a temporary SQLite file with bulk inserts: ``--rows`` pending rows spread over
   the next year, then ``--due`` rows due within the next minute.
2. This process starts the real Scheduler (APScheduler projection of a 10-minute window) on that file
   and fires the due rows with a no-op handler that records how late each one ran.
3. A child process builds the naive design for comparison: APScheduler's memory store holding one date
   job per row.

Memory is the whole process's resident set (VmRSS / VmHWM from /proc/self/status); each design runs in
its own process so neither pays for the other. Targets: ready < 2 s, process < 120 MB, p99 lateness < 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DUE_SPREAD = timedelta(seconds=60)
DUE_LEAD = timedelta(seconds=5)  # the first due row is a few seconds after seeding ends
CHUNK = 5_000


def proc_status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# ---------------------------------------------------------------- seeding (child process)
async def seed(path: str, rows: int, due: int) -> dict[str, float]:
    import sqlalchemy as sa

    from db import migrate
    from db.engine import Database
    from db.models import ScheduledWork

    db = Database(f"sqlite+aiosqlite:///{path}")
    await migrate.upgrade(db.engine)
    rng = random.Random(42)
    now = datetime.now(UTC)
    year = timedelta(days=365).total_seconds()

    def row(due_at: datetime, i: int) -> dict[str, object]:
        return {
            "guild_id": 1_000_000_000_000_000_000 + i % 500,
            "kind": "reminder",
            "ref_id": i,
            "payload": None,
            "due_at": due_at,
            "occurrence": 0,
            "state": "pending",
            "attempts": 0,
            "late": False,
            "created_at": now,
            "updated_at": now,
        }

    started = time.perf_counter()
    # Far rows start after the window, so "the 1,000 due rows" are exactly the ones due soon.
    far = [now + timedelta(minutes=15) + timedelta(seconds=rng.uniform(0, year)) for _ in range(rows)]
    for start in range(0, rows, CHUNK):
        async with db.transaction() as session:
            await session.execute(
                sa.insert(ScheduledWork), [row(when, start + k) for k, when in enumerate(far[start : start + CHUNK])]
            )
    soon_base = datetime.now(UTC) + DUE_LEAD
    soon = [soon_base + timedelta(seconds=rng.uniform(0, DUE_SPREAD.total_seconds())) for _ in range(due)]
    async with db.transaction() as session:
        await session.execute(sa.insert(ScheduledWork), [row(when, rows + k) for k, when in enumerate(soon)])
    seconds = time.perf_counter() - started
    await db.dispose()
    return {"insert_seconds": seconds, "rows": rows + due, "last_due": max(soon).timestamp()}


# ---------------------------------------------------------------- our design (this process)
async def run_projection(path: str, due: int, last_due: float) -> dict[str, float]:
    imports_started = time.perf_counter()  # this process has not imported the bot yet (seeding ran in a child)
    from bot.clock import SystemClock
    from bot.notifier import RecordingNotifier
    from bot.scheduling.registry import Job, Registry
    from bot.scheduling.scheduler import Scheduler
    from db.engine import Database

    baseline_rss = proc_status_mb("VmRSS")
    lateness: list[float] = []
    all_fired = asyncio.Event()
    registry = Registry()
    clock = SystemClock()

    async def no_op(job: Job) -> None:
        lateness.append((clock.now() - job.due_at).total_seconds())
        if len(lateness) >= due:
            all_fired.set()

    registry.register("reminder", no_op)
    started = time.perf_counter()
    db = Database(f"sqlite+aiosqlite:///{path}")
    scheduler = Scheduler(db, clock, registry, RecordingNotifier())
    await scheduler.start()
    ready_seconds = time.perf_counter() - started
    ready_with_imports = time.perf_counter() - imports_started
    ready_rss = proc_status_mb("VmRSS")
    projected = len(scheduler.projected_ids())

    wait = max(0.0, last_due - time.time()) + 30
    await asyncio.wait_for(all_fired.wait(), timeout=wait)
    await scheduler.stop()
    await db.dispose()
    return {
        "ready_seconds": ready_seconds,
        "ready_with_imports": ready_with_imports,
        "projected_jobs": projected,
        "baseline_rss_mb": baseline_rss,
        "ready_rss_mb": ready_rss,
        "end_rss_mb": proc_status_mb("VmRSS"),
        "peak_rss_mb": proc_status_mb("VmHWM"),
        "fired": len(lateness),
        "late_median_ms": statistics.median(lateness) * 1000,
        "late_p99_ms": percentile(lateness, 99) * 1000,
        "late_max_ms": max(lateness) * 1000,
    }


# ---------------------------------------------------------------- the naive design (child process)
async def naive(rows: int) -> dict[str, float]:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.date import DateTrigger

    # Import what the bot imports, so the baseline matches the projection process.
    import bot.scheduling.scheduler  # noqa: F401

    async def fire(row_id: int) -> None:
        return None

    baseline_rss = proc_status_mb("VmRSS")
    rng = random.Random(42)
    now = datetime.now(UTC)
    year = timedelta(days=365).total_seconds()
    aps = AsyncIOScheduler(timezone=UTC)
    started = time.perf_counter()
    aps.start(paused=True)
    for row_id in range(rows):
        when = now + timedelta(minutes=15) + timedelta(seconds=rng.uniform(0, year))
        aps.add_job(fire, DateTrigger(run_date=when), args=[row_id], id=f"scheduled:{row_id}", replace_existing=True)
    add_seconds = time.perf_counter() - started
    result = {
        "jobs": len(aps.get_jobs()),
        "add_seconds": add_seconds,
        "baseline_rss_mb": baseline_rss,
        "rss_mb": proc_status_mb("VmRSS"),
        "peak_rss_mb": proc_status_mb("VmHWM"),
    }
    aps.shutdown(wait=False)
    await asyncio.sleep(0)
    return result


def child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="pending rows spread over the next year")
    parser.add_argument("--due", type=int, default=1_000, help="rows due within the next minute")
    parser.add_argument("--seed", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--naive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed:
        print(json.dumps(asyncio.run(seed(args.seed, args.rows, args.due))))
        return
    if args.naive:
        print(json.dumps(asyncio.run(naive(args.rows))))
        return

    with tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp:
        path = str(Path(tmp) / "bench.db")
        print(f"Seeding {args.rows:,} rows over the next year and {args.due:,} due within a minute ...")
        seeded = child("--seed", path, "--rows", str(args.rows), "--due", str(args.due))
        print(f"  bulk insert: {seeded['insert_seconds']:.1f} s for {int(seeded['rows']):,} rows")

        print("Projection (this design): start, then fire the due rows with a no-op handler ...")
        ours = asyncio.run(run_projection(path, args.due, seeded["last_due"]))
        print(
            f"  start to ready:          {ours['ready_seconds']:.2f} s for Scheduler.start() "
            f"(target < 2 s); {ours['ready_with_imports']:.2f} s with the imports of bot, discord.py and SQLAlchemy"
        )
        print(f"  date jobs in memory:     {int(ours['projected_jobs']):,}")
        print(
            f"  process RSS:             {ours['ready_rss_mb']:.0f} MB when ready, "
            f"{ours['peak_rss_mb']:.0f} MB peak   (target < 120 MB; {ours['baseline_rss_mb']:.0f} MB after imports)"
        )
        print(
            f"  lateness of {int(ours['fired']):,} due rows: median {ours['late_median_ms']:.1f} ms, "
            f"p99 {ours['late_p99_ms']:.1f} ms, max {ours['late_max_ms']:.1f} ms   (target p99 < 1 s)"
        )

    print(f"Naive design: APScheduler memory store with one date job per row ({args.rows:,} jobs) ...")
    naive_result = child("--naive", "--rows", str(args.rows))
    print(f"  time to add:             {naive_result['add_seconds']:.2f} s")
    print(
        f"  process RSS:             {naive_result['rss_mb']:.0f} MB "
        f"({naive_result['baseline_rss_mb']:.0f} MB after imports; "
        f"+{naive_result['rss_mb'] - naive_result['baseline_rss_mb']:.0f} MB for the jobs)"
    )


if __name__ == "__main__":
    main()
