"""A burst of reminders sent as DMs, with clicks during it (issue 4). Prints figures; this is not a test.

    .venv/bin/python bench/burst.py [--reminders 1000] [--prewarm 0.5] [--deadline 140]
                                    [--dm-create-rule 10/10] [--no-openapi]

1,000 scheduled rows fall due in the same second. Each one's handler sends one DM, to its own member
(1,000 extra members are added to the stand-in's server), through the real ``Scheduler`` and the real
``DiscordNotifier(bot)`` around the real Connect bot (``create_bot``) connected to the stand-in with its
rate limits ON: the global 50 requests a second, and the per-route buckets of sandbox/ratelimit.py
(among them POST /users/@me/channels, which makes a DM channel).

A DM to a member the process has not written to before costs two requests: POST /users/@me/channels,
then the message. ``--prewarm`` is the share of members whose DM channel the notifier already knows (as
after earlier DMs in the same process); they are spread evenly over the burst. Pre-warming fills the
notifier's in-memory cache directly, without requests, because that is what it holds after earlier DMs.

During the burst Morgan (the server owner) presses the /setup card every 200 ms: in its "Time zone and
projects" group, the "Pick who can start projects" menu, picking the other choice each time (leads only,
everyone); each press reads and writes the database and edits the card (answer type 7).

The run stops when every member has the DM, or ``--deadline`` seconds after the due time. The stand-in,
the bot, the scheduler and the member share ONE event loop, so the stand-in's own work counts too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench._burst_report import CLICK_EVERY, DM_CREATE_ROUTE, KIND, LEAD, Burst, bot_dms, parse_rule, report  # noqa: E402
from bench._common import (  # noqa: E402
    LogCollector,
    connect_settings,
    make_sandbox,
    migrated_database_url,
)
from bot import texts  # noqa: E402
from bot.app import ConnectBot, create_bot  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.notifier import DiscordNotifier, OutMessage  # noqa: E402
from bot.scheduling.registry import Job, KindPolicy, Registry  # noqa: E402
from bot.scheduling.scheduler import Scheduler  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import ScheduledWork  # noqa: E402
from db.repositories import scheduled as repo  # noqa: E402
from sandbox import (  # noqa: E402
    InteractionFailed,
    Sandbox,
    Seen,
    User,
    default_world,
)
from sandbox.discord_client import BotRunner  # noqa: E402
from sandbox.ratelimit import DEFAULT_ROUTE_RULE  # noqa: E402


def dm_handler(burst: Burst) -> Callable[[Job], Awaitable[None]]:
    async def send(job: Job) -> None:
        try:
            await job.notifier.send_dm(
                int(job.payload["user_id"]),
                OutMessage(content=f"⏰ Reminder {job.ref_id}: the film club meets tonight."),
                job.nonce,
            )
        except Exception as exc:
            burst.handler_errors.append(f"{type(exc).__name__}: {exc}"[:200])
            raise

    return send


def delivered_count(sb: Sandbox, members: Iterable[User]) -> int:
    return sum(1 for u in members if bot_dms(sb, u))


# The two choices of /setup's "Pick who can start projects" menu; each press picks the other one.
STARTERS = (texts.SETUP_LEADS_ONLY, texts.SETUP_EVERYONE)


async def open_setup_group(sb: Sandbox) -> Seen:
    """Morgan's /setup card, opened at the group that holds the menu pressed during the burst."""
    morgan = sb.member("Morgan")
    card = await morgan.slash("setup")
    return await morgan.click(card, texts.SETUP_ZONE_AND_PROJECTS)


async def press(sb: Sandbox, card: Seen, n: int) -> Seen:
    """Press n: pick the other "who can start projects" choice (a read, a write and the card edited in place)."""
    return await sb.member("Morgan").select(card, [STARTERS[n % 2]], placeholder=texts.SETUP_PICK_STARTERS)


async def clicker(sb: Sandbox, card: Seen, burst: Burst, stop: asyncio.Event) -> None:
    """Morgan presses the card every CLICK_EVERY seconds (start to start) until told to stop."""
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    n = 0
    while not stop.is_set():
        try:
            card = await press(sb, card, n)
            burst.clicks.append(card.interaction)
        except InteractionFailed:
            burst.click_failures += 1
        n += 1
        next_at += CLICK_EVERY
        delay = next_at - loop.time()
        if delay <= 0:
            next_at = loop.time()
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)


async def wait_for_delivery(sb: Sandbox, burst: Burst, deadline: float) -> bool:
    """Until every member has a DM (True) or the deadline passes (False). Prints progress."""
    due = burst.due_at.timestamp()
    next_report = due + 15.0
    while True:
        now = time.time()
        count = delivered_count(sb, burst.members)
        if now >= due:
            burst.progress.append((now - due, count))
        if count >= len(burst.members):
            return True
        if now >= deadline:
            return False
        if now >= next_report:
            print(f"  t+{now - due:5.1f} s: {count} of {len(burst.members)} delivered", flush=True)
            next_report += 15.0
        await asyncio.sleep(0.1)


async def row_states(db: Database) -> dict[int, tuple[str, str | None]]:
    """ref_id (member number, from 1) -> (state, last_error) of the burst's rows."""
    async with db.transaction() as session:
        rows = await session.execute(
            sa.select(ScheduledWork.ref_id, ScheduledWork.state, ScheduledWork.last_error).where(
                ScheduledWork.kind == KIND
            )
        )
        return {int(ref or 0): (state, error) for ref, state, error in rows.all()}


async def settle_scheduler(db: Database, seconds: float) -> None:
    """Give rows that were sent a moment to be written 'done' before the scheduler stops."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        states = await row_states(db)
        if all(state not in repo.ACTIVE_STATES for state, _ in states.values()):
            return
        await asyncio.sleep(0.2)


# ---------------------------------------------------------------- run
async def run(args: argparse.Namespace) -> None:
    log = LogCollector().install()
    wall_started = time.perf_counter()
    world = default_world()
    guild = world.first_guild
    members = [world.add_user(f"Member {i:04d}") for i in range(args.reminders)]
    for user in members:
        world.add_member(guild, user)
    sb = make_sandbox(openapi=args.openapi, world=world)
    if args.dm_create_rule:
        sb.ratelimiter.rules[DM_CREATE_ROUTE] = parse_rule(args.dm_create_rule)
    dm_rule = sb.ratelimiter.rules.get(DM_CREATE_ROUTE, DEFAULT_ROUTE_RULE)
    await sb.start()
    folder = tempfile.TemporaryDirectory(prefix="connect-burst-")
    runner: BotRunner | None = None
    scheduler: Scheduler | None = None
    stop_clicks = asyncio.Event()
    click_task: asyncio.Task[None] | None = None
    try:
        db_url = await migrated_database_url(folder)
        bot: ConnectBot = create_bot(connect_settings(sb, db_url), db=Database(db_url), clock=SystemClock())
        runner = BotRunner(sb, bot)
        await runner.start()
        db = bot.services.db
        # The bot's own scheduler (create_bot starts one in setup_hook, with DiscordNotifier(bot)) and its
        # registry; an older bot without one gets the same pieces built here.
        own_scheduler = getattr(bot, "scheduler", None)
        if isinstance(own_scheduler, Scheduler):
            scheduler_note = "the bot's own Scheduler (started by create_bot), handler added to its registry"
            registry: Registry = bot.services.registry
            notifier = getattr(own_scheduler, "_notifier", None)
        else:
            scheduler_note = "a Scheduler built here around DiscordNotifier(bot) (this bot starts none)"
            registry = Registry()
            notifier = DiscordNotifier(bot)
        burst = Burst(due_at=datetime.now(UTC), members=members, prewarmed=set(), scheduler_note=scheduler_note)
        registry.register(KIND, dm_handler(burst), KindPolicy(max_lateness=timedelta(hours=24)))
        if not isinstance(own_scheduler, Scheduler):
            assert isinstance(notifier, DiscordNotifier)
            own_scheduler = Scheduler(db, SystemClock(), registry, notifier)
            await own_scheduler.start()
            scheduler = own_scheduler

        # Pre-warm: spread evenly (member i is pre-warmed when floor((i+1)*f) > floor(i*f)). The notifier
        # keeps user id -> DM channel id in memory; fill it as earlier DMs in this process would have.
        cache = getattr(notifier, "_dm_channels", None)
        prewarmed: set[int] = set()
        if isinstance(cache, dict):
            for i, user in enumerate(members):
                if math.floor((i + 1) * args.prewarm) > math.floor(i * args.prewarm):
                    cache[user.id] = sb.world.dm_channel(user).id
                    prewarmed.add(user.id)
        elif args.prewarm:
            print("  could not pre-warm: the notifier has no _dm_channels cache any more", flush=True)

        # Morgan's card, and a few warm-up presses (first use of the code paths, not measured).
        card = await open_setup_group(sb)
        for n in range(5):
            card = await press(sb, card, n)
            saved = texts.SETUP_SAVED.format(what=texts.SETUP_PROJECT_STARTERS, value=STARTERS[n % 2])
            if saved not in card.content:  # /setup changed again: say so rather than time the wrong thing
                raise RuntimeError(f"the /setup press did not save: {card.content!r}")

        # The rows, all due at the same instant, created as services do (repository, one transaction,
        # then tell the scheduler after commit).
        due_at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=LEAD + 1)
        burst.due_at, burst.prewarmed = due_at, prewarmed
        row_ids: list[int] = []
        async with db.transaction() as session:
            for i, user in enumerate(members):
                row = await repo.create(
                    session, kind=KIND, due_at=due_at, guild_id=guild.id, ref_id=i + 1, payload={"user_id": user.id}
                )
                row_ids.append(row.id)
        for row_id in row_ids:
            own_scheduler.notify(row_id, due_at)

        requests_before = len(sb.requests)
        limited_before = len(sb.rate_limited)
        nonce_repeats_before = sb.nonce_repeats
        print(
            f"{len(members)} reminders due at {due_at:%H:%M:%S} UTC; {len(prewarmed)} DM channels pre-warmed;"
            f" deadline {args.deadline:.0f} s after the due time",
            flush=True,
        )
        await asyncio.sleep(max(0.0, due_at.timestamp() - time.time()))
        click_task = asyncio.create_task(clicker(sb, card, burst, stop_clicks))
        finished = await wait_for_delivery(sb, burst, due_at.timestamp() + args.deadline)
        ended = time.time()
        stop_clicks.set()
        await click_task
        await settle_scheduler(db, 5.0 if finished else 0.0)
        # Stop firing before counting (the bot's close() would stop its scheduler too, later).
        await own_scheduler.stop(wait=finished, grace_seconds=5.0)
        states = await row_states(db)
        report(
            args,
            sb,
            burst,
            finished=finished,
            ended=ended,
            states=states,
            dm_rule=dm_rule,
            requests=sb.requests[requests_before:],
            limited=sb.rate_limited[limited_before:],
            limited_total=len(sb.rate_limited),
            nonce_repeats=sb.nonce_repeats - nonce_repeats_before,
            log=log,
        )
    finally:
        stop_clicks.set()
        if click_task is not None and not click_task.done():
            click_task.cancel()
        if scheduler is not None:
            with contextlib.suppress(Exception):
                await scheduler.stop(wait=False)
        if runner is not None:
            await runner.stop()
        await sb.stop()
        folder.cleanup()
    print(f"total run time {time.perf_counter() - wall_started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reminders", type=int, default=1000, help="rows due at once, one member each (1000)")
    parser.add_argument("--prewarm", type=float, default=0.5, help="share of DM channels already known (0.5)")
    parser.add_argument("--deadline", type=float, default=140.0, help="stop this many seconds after due (140)")
    parser.add_argument(
        "--dm-create-rule",
        metavar="LIMIT/SECONDS",
        help="override the stand-in's bucket for POST /users/@me/channels, e.g. 50/1 (default: the stand-in's)",
    )
    parser.add_argument("--no-openapi", dest="openapi", action="store_false", help="switch off OpenAPI checks")
    args = parser.parse_args()
    if not 0 <= args.prewarm <= 1 or args.reminders < 1:
        parser.error("--prewarm must be between 0 and 1, --reminders at least 1")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
