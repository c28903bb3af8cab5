"""Several `python -m bot` processes, one stand-in process, one PostgreSQL database (issue 14). Prints figures.

    .venv/bin/python bench/processes.py [--processes 2 3] [--dms 2000] [--guilds 6] [--no-kill]
                                        [--deadline 240] [--admin-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

For each process count N (and once more for N=2 with a kill -9 mid-burst):
- a fresh PostgreSQL database (dropped at the end), built by the migrations;
- the stand-in as its own process (this file, ``standin``), rate limits on (global 50/s), OpenAPI checks
  off; its guilds spread over the N shards, ``--dms`` members across them, each member's DM channel
  already open (and known to Connect's dm_channels table), so the floor is ``--dms`` / 50 s;
- ``--dms`` real personal reminders ("me"), all due at the same second T0, a little after the start;
- N `python -m bot` processes (SHARD_COUNT=N, SHARD_ID=0..N-1), each a separate OS process.

It reads the stand-in's read-only inspection route (sandbox/inspect.py) once a second and prints: time from
T0 to the last DM vs the floor, 429s, duplicates (a member with two DMs), losses (no DM although the row is
finished), the busiest second, each shard's (process's) share, and, for the kill run, the rows taken over
and how many DMs said "Sorry, this is late.".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GLOBAL_LIMIT = 50
RATIO_TARGET = 1.15
START_MARGIN = 25.0  # seconds from launching the processes to T0 (they connect, sync, load the window)
ADMIN_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


# ---------------------------------------------------------------- the stand-in process
async def _standin(guilds: int, members: int, shard_count: int) -> None:
    from sandbox import Sandbox, World

    world = World()
    owner = world.add_user("Morgan")
    made = [world.add_guild(f"Community {i}", owner=owner, shard=(i % shard_count, shard_count)) for i in range(guilds)]
    for guild in made:
        world.add_channel(guild, "general")
    users = []
    for i in range(members):
        user = world.add_user(f"Member {i}")
        guild = made[i % guilds]
        world.add_member(guild, user)
        users.append({"user_id": user.id, "guild_id": guild.id, "dm_channel_id": world.dm_channel(user).id})
    sb = Sandbox(world=world, rate_limits=True, global_rate_limit=GLOBAL_LIMIT, openapi=False)
    await sb.start()
    info = {"token": sb.token, "api": sb.api_base, "gateway": sb.gateway_url, "base": sb.base_url, "users": users}
    print(json.dumps(info), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await sb.stop()


# ---------------------------------------------------------------- helpers
def get(base: str, what: str) -> Any:
    with urllib.request.urlopen(f"{base}/_sandbox/{what}", timeout=30) as answer:
        return json.loads(answer.read())


async def admin(url: str, sql: str) -> None:
    from sqlalchemy import text

    from db.engine import Database

    database = Database(url, isolation_level="AUTOCOMMIT")
    try:
        async with database.engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await database.dispose()


async def seed(db_url: str, users: list[dict[str, Any]], due: datetime) -> None:
    """Personal reminders due at T0, each member's DM channel known (as after earlier DMs)."""
    from db.engine import Database
    from db.models import DMChannel, Reminder
    from db.repositories import scheduled as repo

    database = Database(db_url)
    now = datetime.now(UTC)
    try:
        async with database.transaction() as session:
            for i, u in enumerate(users):
                reminder = Reminder(
                    guild_id=u["guild_id"], author_id=u["user_id"], target_kind="me", text=f"Film club {i}",
                    repeat="none", timezone="Europe/London", start_at=due, state="active",
                    created_at=now, updated_at=now,
                )  # fmt: skip
                session.add(reminder)
                session.add(DMChannel(user_id=u["user_id"], channel_id=u["dm_channel_id"], created_at=now))
            await session.flush()
            reminders = (await session.execute(__import__("sqlalchemy").select(Reminder.id, Reminder.author_id))).all()
            guild_of = {u["user_id"]: u["guild_id"] for u in users}
            for rid, author in reminders:
                await repo.create(
                    session, kind="reminder", due_at=due, guild_id=guild_of[author], ref_id=rid, payload={},
                    now=now, created_by=author,
                )  # fmt: skip
    finally:
        await database.dispose()


async def set_due(db_url: str, due: datetime) -> None:
    import sqlalchemy as sa

    from db.engine import Database
    from db.models import Reminder, ScheduledWork

    database = Database(db_url)
    try:
        async with database.transaction() as session:
            await session.execute(sa.update(ScheduledWork).values(due_at=due, meant_for=due))
            await session.execute(sa.update(Reminder).values(start_at=due))
    finally:
        await database.dispose()


async def row_states(db_url: str) -> Counter[str]:
    import sqlalchemy as sa

    from db.engine import Database
    from db.models import ScheduledWork

    database = Database(db_url)
    try:
        async with database.transaction() as session:
            rows = (
                await session.execute(sa.select(ScheduledWork.state, sa.func.count()).group_by(ScheduledWork.state))
            ).all()
        return Counter({state: count for state, count in rows})
    finally:
        await database.dispose()


async def transactions(admin_url: str, name: str) -> int:
    """Transactions the database has committed or rolled back so far (PostgreSQL's own count, all clients)."""
    from sqlalchemy import text

    from db.engine import Database

    database = Database(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with database.engine.connect() as conn:
            sql = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = :name"
            return int((await conn.execute(text(sql), {"name": name})).scalar_one())
    finally:
        await database.dispose()


def cpu_seconds(bots: list[subprocess.Popen[bytes]]) -> float:
    """CPU time (user + system) the bot processes used so far: what a DM costs, whatever the machine's load."""
    total = 0
    for bot in bots:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{bot.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    processes: int
    kill: bool
    t0: float = 0.0
    last_dm: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)


def bot_env(info: dict[str, Any], db_url: str, shard: int, count: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_", "SHARD_"))}
    env.update(
        DISCORD_TOKEN=info["token"],
        DISCORD_API_BASE=info["api"],
        DISCORD_GATEWAY_URL=info["gateway"],
        DATABASE_URL=db_url,
        SHARD_COUNT=str(count),
        SHARD_ID=str(shard),
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    return env


def start_bot(
    info: dict[str, Any], db_url: str, shard: int, count: int, logs: Path, tag: str, *, profile: bool = False
) -> subprocess.Popen[bytes]:
    out = (logs / f"bot-{shard}-{tag}.log").open("wb")
    command = ["-m", "bot"]
    if profile:
        # --profile: cProfile each process in CPU time (process_time: on a busy machine wall time would
        # blame whatever ran when the process was preempted); written when it stops on SIGTERM (pstats).
        command = ["-c", _PROFILED.format(out=str(logs / f"bot-{shard}-{tag}.prof"))]
    return subprocess.Popen(
        [sys.executable, *command], cwd=logs, env=bot_env(info, db_url, shard, count), stdout=out, stderr=out
    )


_PROFILED = """
import cProfile, runpy, sys, time
profile = cProfile.Profile(time.process_time)
sys.argv = ["bot"]
try:
    profile.runcall(runpy.run_module, "bot", run_name="__main__", alter_sys=True)
finally:
    profile.dump_stats({out!r})
"""


async def one_run(args: argparse.Namespace, count: int, kill: bool) -> Run:
    run = Run(count, kill)
    name = f"bench_procs_{uuid.uuid4().hex[:10]}"
    base_url = args.admin_url.rsplit("/", 1)[0]
    db_url = f"{base_url}/{name}"
    await admin(args.admin_url, f'CREATE DATABASE "{name}"')
    logs = Path(tempfile.mkdtemp(prefix=f"procs{count}-"))
    standin = subprocess.Popen(  # noqa: ASYNC220 (a benchmark script: started before anything runs)
        [sys.executable, __file__, "standin", "--guilds", str(args.guilds), "--members", str(args.dms),
         "--shards", str(count)],
        stdout=subprocess.PIPE, stderr=(logs / "standin.log").open("wb"), cwd=ROOT,
    )  # fmt: skip
    bots: list[subprocess.Popen[bytes]] = []
    try:
        assert standin.stdout is not None
        info = json.loads(standin.stdout.readline())
        from db import migrate
        from db.engine import Database

        database = Database(db_url)
        await migrate.upgrade(database.engine)
        await database.dispose()
        await seed(db_url, info["users"], datetime.now(UTC) + timedelta(hours=1))
        # T0 is set after seeding (which can take a while on a busy machine): all rows due at that second.
        due = datetime.now(UTC) + timedelta(seconds=START_MARGIN)
        await set_due(db_url, due)
        run.t0 = due.timestamp()
        bots = [start_bot(info, db_url, shard, count, logs, "a", profile=args.profile) for shard in range(count)]
        shard_of_guild = {u["guild_id"]: (u["guild_id"] >> 22) % count for u in info["users"]}
        shard_of_user = {str(u["user_id"]): shard_of_guild[u["guild_id"]] for u in info["users"]}
        killed_at = None
        deadline = run.t0 + args.deadline
        xact0: int | None = None
        cpu0 = 0.0
        while time.time() < deadline:
            await asyncio.sleep(1.0)
            if xact0 is None and time.time() >= run.t0:
                xact0, cpu0 = await transactions(args.admin_url, name), cpu_seconds(bots)
            summary = get(info["base"], "summary")
            if kill and killed_at is None and time.time() > run.t0 + args.kill_after:
                bots[count - 1].send_signal(signal.SIGKILL)  # mid-burst; then restart it at once
                bots[count - 1].wait()
                killed_at = time.time()
                bots[count - 1] = start_bot(info, db_url, count - 1, count, logs, "restarted")
            if summary["bot_dms"] >= args.dms:
                break
        cpu = cpu_seconds(bots) - cpu0  # (a kill run: the killed process's part is not counted)
        await asyncio.sleep(1.5)  # PostgreSQL publishes its counts about once a second
        xacts = await transactions(args.admin_url, name) - (xact0 or 0)
        dms = get(info["base"], "dms")
        summary = get(info["base"], "summary")
        states = await row_states(db_url)
        per_user = Counter(d["user_id"] for d in dms)
        by_shard = Counter(shard_of_user.get(d["user_id"], -1) for d in dms)
        run.last_dm = max((d["at"] for d in dms), default=run.t0)
        from bot import texts

        late = sum(1 for d in dms if d["content"].startswith(texts.SCHEDULED_LATE))
        finished = states.get("done", 0) + states.get("failed", 0) + states.get("missed", 0)
        run.figures = {
            "delivered": len(per_user),
            "time": run.last_dm - run.t0,
            "floor": args.dms / GLOBAL_LIMIT,
            "429s": summary["rate_limited"],
            "global 429s": summary["global_rate_limited"],
            "duplicates": sum(n - 1 for n in per_user.values() if n > 1),
            "losses": max(0, min(finished, args.dms) - len(per_user)) if finished >= args.dms else 0,
            "not sent by the deadline": args.dms - len(per_user),
            "busiest second": summary["max_requests_in_a_second"],
            "transactions per DM": xacts / max(1, len(dms)),
            "load": os.getloadavg(),
            "cpu ms per DM": 1000 * cpu / max(1, len(dms)),
            "share": {shard: by_shard[shard] for shard in range(count)},
            "states": dict(states),
            "late": late,
            "killed_at": None if killed_at is None else killed_at - run.t0,
            "problems": summary["problems"][:3],
            "logs": str(logs),
        }
        return run
    finally:
        for bot in bots:
            if bot.poll() is None:
                bot.send_signal(signal.SIGTERM)
        for bot in bots:
            with contextlib.suppress(subprocess.TimeoutExpired):
                bot.wait(timeout=40)
            if bot.poll() is None:
                bot.kill()
        standin.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            standin.wait(timeout=10)
        await admin(args.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(run: Run) -> None:
    f = run.figures
    title = f"{run.processes} processes" + (" with a kill -9 mid-burst (restarted at once)" if run.kill else "")
    ratio = f["time"] / f["floor"]
    lines = [
        f"\n== {title}",
        f"  delivered           {f['delivered']} of the DMs",
        f"  time T0 -> last DM  {f['time']:.1f} s   floor {f['floor']:.1f} s   ratio {ratio:.2f}"
        f" (target <= {RATIO_TARGET})",
        f"  429s                {f['429s']} (global {f['global 429s']})   busiest second {f['busiest second']}",
        f"  duplicates          {f['duplicates']}   losses {f['losses']}"
        f"   not sent by the deadline {f['not sent by the deadline']}",
        f"  share per shard     {f['share']}",
        f"  transactions per DM {f['transactions per DM']:.2f} (all processes, T0 to the last DM)"
        f"   load average {' '.join(f'{x:.1f}' for x in f['load'])}",
        f"  bot CPU per DM      {f['cpu ms per DM']:.1f} ms (all processes, T0 to the last DM)",
        f"  row states          {f['states']}",
    ]
    if run.kill:
        lines.append(f"  killed at           T0 + {f['killed_at']:.1f} s; DMs marked late: {f['late']}")
    if f["problems"]:
        lines.append(f"  stand-in problems   {f['problems']}")
    lines.append(f"  logs                {f['logs']}")
    print("\n".join(lines), flush=True)


async def main_async(args: argparse.Namespace) -> None:
    runs = []
    for count in [] if args.kill_only else args.processes:
        runs.append(await one_run(args, count, kill=False))
        report(runs[-1])
    if not args.no_kill:
        runs.append(await one_run(args, args.processes[0], kill=True))
        report(runs[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "standin":
        parser = argparse.ArgumentParser(prog="processes.py standin")
        parser.add_argument("standin")
        parser.add_argument("--guilds", type=int, default=6)
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--shards", type=int, default=2)
        a = parser.parse_args()
        asyncio.run(_standin(a.guilds, a.members, a.shards))
        return
    parser = argparse.ArgumentParser(prog="bench/processes.py", description=__doc__)
    parser.add_argument("--processes", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--dms", type=int, default=2000)
    parser.add_argument("--guilds", type=int, default=6)
    parser.add_argument("--deadline", type=float, default=240.0)
    parser.add_argument("--kill-after", type=float, default=10.0, help="seconds after T0 for the kill -9")
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile each bot process (.prof in its logs)")
    parser.add_argument("--kill-only", action="store_true", help="only the kill -9 run")
    parser.add_argument("--admin-url", default=os.environ.get("BENCH_ADMIN_URL", ADMIN_URL))
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
