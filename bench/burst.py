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

During the burst Morgan (the server owner) clicks "Turn the leaderboard on or off" on the /setup card
every 200 ms; each click reads and writes the database and edits the card.

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
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench._common import (  # noqa: E402
    LogCollector,
    Stats,
    Target,
    connect_settings,
    make_sandbox,
    migrated_database_url,
    ms,
    openapi_note,
    round_trip,
    table,
    targets_table,
)
from bot import texts  # noqa: E402
from bot.app import ConnectBot, create_bot  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.notifier import DiscordNotifier, OutMessage  # noqa: E402
from bot.ratelimit import DEFAULT_BURST, DEFAULT_RATE  # noqa: E402
from bot.scheduling.registry import Job, KindPolicy, Registry  # noqa: E402
from bot.scheduling.scheduler import Scheduler  # noqa: E402
from db.engine import Database  # noqa: E402
from db.models import ScheduledWork  # noqa: E402
from db.repositories import scheduled as repo  # noqa: E402
from sandbox import (  # noqa: E402
    Interaction,
    InteractionFailed,
    Message,
    RateLimitEvent,
    RequestRecord,
    Sandbox,
    Seen,
    User,
    default_world,
)
from sandbox.discord_client import BotRunner  # noqa: E402
from sandbox.ratelimit import DEFAULT_ROUTE_RULE, Rule  # noqa: E402

KIND = "bench_dm"
GLOBAL_LIMIT = 50  # the stand-in's (and Discord's) requests a second per bot
DM_CREATE_ROUTE = "POST /users/@me/channels"
CLICK_EVERY = 0.2
LEAD = 4.0  # seconds from "rows committed, scheduler started" to the due time
RATIO_TARGET = 1.15
P99_TARGET = 0.5


# ---------------------------------------------------------------- the burst
@dataclass
class Burst:
    due_at: datetime
    members: list[User]
    prewarmed: set[int]
    scheduler_note: str = ""
    handler_errors: list[str] = field(default_factory=list)
    clicks: list[Interaction] = field(default_factory=list)
    click_failures: int = 0
    progress: list[tuple[float, int]] = field(default_factory=list)


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


def bot_dms(sb: Sandbox, user: User) -> list[Message]:
    channel = sb.world.dm_channels.get(user.id)
    if channel is None:
        return []
    return [m for m in channel.all_messages if m.author.id == sb.world.bot.id and not m.deleted]


def delivered_count(sb: Sandbox, members: Iterable[User]) -> int:
    return sum(1 for u in members if bot_dms(sb, u))


async def clicker(sb: Sandbox, card: Seen, burst: Burst, stop: asyncio.Event) -> None:
    """Morgan clicks the card every CLICK_EVERY seconds (start to start) until told to stop."""
    morgan = sb.member("Morgan")
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    while not stop.is_set():
        try:
            seen = await morgan.click(card, texts.SETUP_TOGGLE_LEADERBOARD)
            burst.clicks.append(seen.interaction)
        except InteractionFailed:
            burst.click_failures += 1
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


# ---------------------------------------------------------------- figures
def parse_rule(text: str) -> Rule:
    limit, _, per = text.partition("/")
    return Rule(int(limit), float(per))


def dm_route_floor(creations: int, rule: Rule) -> float:
    """Seconds the per-route bucket needs for ``creations`` DM channels (the first window is full at once)."""
    if creations <= 0:
        return 0.0
    return (math.ceil(creations / rule.limit) - 1) * rule.per


def busiest_second(times: list[float]) -> int:
    """Most requests in any 1-second sliding window."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= 1.0:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


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

        # Morgan's card, and a few warm-up clicks (first use of the code paths, not measured).
        card = await sb.member("Morgan").slash("setup")
        for _ in range(5):
            await sb.member("Morgan").click(card, texts.SETUP_TOGGLE_LEADERBOARD)

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


def report(
    args: argparse.Namespace,
    sb: Sandbox,
    burst: Burst,
    *,
    finished: bool,
    ended: float,
    states: dict[int, tuple[str, str | None]],
    dm_rule: Rule,
    requests: list[RequestRecord],
    limited: list[RateLimitEvent],
    limited_total: int,
    nonce_repeats: int,
    log: LogCollector,
) -> None:
    due = burst.due_at.timestamp()
    n = len(burst.members)
    creations_needed = n - len(burst.prewarmed)

    # What arrived.
    delivered_at: list[float] = []
    per_user: dict[int, int] = {}
    nonces: Counter[str] = Counter()
    for user in burst.members:
        msgs = bot_dms(sb, user)
        per_user[user.id] = len(msgs)
        for m in msgs:
            delivered_at.append(m.created_at.timestamp())
            nonces[str(m.nonce)] += 1
    delivered_users = sum(1 for c in per_user.values() if c)
    users_with_two = sum(1 for c in per_user.values() if c > 1)
    nonce_dupes = sum(c - 1 for c in nonces.values() if c > 1)
    duplicates = users_with_two + nonce_dupes
    lateness = [t - due for t in delivered_at]
    last = max(delivered_at) - due if delivered_at else math.nan

    # What the bot asked for.
    creates = [r for r in requests if r.method == "POST" and r.path == "/users/@me/channels"]
    sends = [
        r for r in requests if r.method == "POST" and r.path.startswith("/channels/") and r.path.endswith("/messages")
    ]
    global_bound = [r for r in requests if "/interactions/" not in r.path and "/webhooks/" not in r.path]
    busiest = busiest_second([r.at for r in global_bound])
    created_ok = sum(1 for r in creates if r.status == 200)
    sent_ok = sum(1 for r in sends if r.status == 200)
    by_route = Counter(
        f"{e.method} {'/users/@me/channels' if 'users' in e.path else e.path.split('/')[1]} ({e.scope})"
        for e in limited
    )

    # Floors.
    naive_floor = n / GLOBAL_LIMIT
    real_floor = (n + creations_needed) / GLOBAL_LIMIT
    route_floor = dm_route_floor(creations_needed, dm_rule)
    aware_floor = max(real_floor, route_floor)

    # Clicks during the burst.
    trips = [rt for rt in (round_trip(sb, i) for i in burst.clicks) if rt is not None]
    unanswered = len(burst.clicks) - len(trips) + burst.click_failures
    trips_all = trips + [math.inf] * unanswered
    clicks = Stats.of(trips_all)

    # Losses: a member with no DM whose row is no longer pending or running (done without a message,
    # failed, missed). Rows still pending or running when the run was cut are "not sent yet", not lost.
    by_state = Counter(state for state, _ in states.values())
    errors = Counter((error or "")[:90] for state, error in states.values() if state == repo.FAILED)
    lost = 0
    open_rows = 0
    for i, user in enumerate(burst.members, start=1):
        state, _ = states.get(i, ("absent", None))
        if per_user[user.id]:
            continue
        if state in repo.ACTIVE_STATES:
            open_rows += 1
        else:
            lost += 1

    print()
    print("Reminder burst: DMs through the stand-in with rate limits ON")
    print(f"  reminders: {n}, all due at {burst.due_at:%H:%M:%S} UTC, one DM each to {n} different members")
    print(
        f"  DM channels: {len(burst.prewarmed)} pre-warmed ({args.prewarm:.0%}, every member the notifier's cache"
        f" already holds, filled without requests), {creations_needed} to create (POST /users/@me/channels)"
    )
    print(
        f"  stand-in limits: global {GLOBAL_LIMIT}/s; {DM_CREATE_ROUTE}: {dm_rule.limit} per {dm_rule.per:g} s"
        f"{' (set by --dm-create-rule)' if args.dm_create_rule else ' (the stand-in default)'};"
        " POST /channels/{id}/messages: 5 per 5 s per channel"
    )
    print(
        f"  Connect's pacing: TokenBucket {DEFAULT_RATE:g}/s, burst {DEFAULT_BURST} (bot/ratelimit.py);"
        " Scheduler max_concurrency 8 (default)"
    )
    print(f"  scheduler: {burst.scheduler_note}")
    print(f"  OpenAPI validation: {openapi_note(sb)}")
    print()
    print(
        table(
            ["figure", "value"],
            [
                ("delivered (members with the DM)", f"{delivered_users} of {n}"),
                (
                    "time to deliver all (due -> last DM)",
                    f"{last:.2f} s" if finished else f"not finished: cut at {ended - due:.1f} s",
                ),
                ("first DM after the due time", ms(min(lateness)) if lateness else "n/a"),
                ("DM lateness median / p99", f"{ms(Stats.of(lateness).median)} / {ms(Stats.of(lateness).p99)}"),
                ("naive floor (reminders / 50 per s)", f"{naive_floor:.2f} s"),
                ("floor with DM channel creations ((creations + messages) / 50 per s)", f"{real_floor:.2f} s"),
                (
                    f"floor of the DM-creation route alone ({creations_needed} at {dm_rule.limit}/{dm_rule.per:g} s)",
                    f"{route_floor:.2f} s",
                ),
                ("floor with every stand-in limit (max of the two above)", f"{aware_floor:.2f} s"),
                ("DM channels created / message sends OK", f"{created_ok} / {sent_ok}"),
                ("busiest second (requests under the global limit)", f"{busiest} (limit {GLOBAL_LIMIT})"),
                ("429s drawn during the burst", f"{len(limited)} (whole run: {limited_total})"),
                ("  of which", ", ".join(f"{k}: {v}" for k, v in by_route.items()) or "-"),
                ("members who got two or more DMs", users_with_two),
                ("same nonce delivered twice", nonce_dupes),
                ("repeats refused by the nonce (not delivered)", nonce_repeats),
                ("rows by state", ", ".join(f"{k}: {v}" for k, v in sorted(by_state.items()))),
                ("handler errors", len(burst.handler_errors)),
                ("clicks during the burst (answered / not answered)", f"{len(trips)} / {unanswered}"),
                (
                    "click round trip median / p90 / p99 / max",
                    f"{ms(clicks.median)} / {ms(clicks.p90)} / {ms(clicks.p99)} / {ms(clicks.max)}",
                ),
            ],
        )
    )
    print()
    if finished:
        ratio = last / real_floor
        ratio_text = f"x{ratio:.3f} ({last:.2f} s / {real_floor:.2f} s)"
        ratio_met: bool | None = ratio <= RATIO_TARGET
        aware_text = f"x{last / aware_floor:.3f}"
    else:
        ratio = (ended - due) / real_floor
        ratio_text = f"> x{ratio:.2f} (not finished in {ended - due:.0f} s)"
        ratio_met = False
        aware_text = f"> x{(ended - due) / aware_floor:.2f}" if aware_floor else "n/a"
    print(f"  ratio to the floor with every stand-in limit: {aware_text}")
    targets = [
        Target("time to deliver all / floor with creations", ratio_text, f"<= x{RATIO_TARGET}", ratio_met),
        Target("429s drawn (sandbox.rate_limited)", str(len(limited)), "0", len(limited) == 0),
        Target("duplicates (two DMs to one member, or one nonce twice)", str(duplicates), "0", duplicates == 0),
        Target(
            "losses",
            str(lost) + ("" if finished else f" ({open_rows} rows not sent by the deadline)"),
            "0",
            lost == 0 if finished or lost else None,
        ),
        Target(
            "click round trip p99 during the burst",
            ms(clicks.p99),
            f"< {P99_TARGET * 1000:.0f} ms",
            clicks.p99 < P99_TARGET,
        ),
    ]
    print(targets_table(targets))
    print()
    span = (last if finished else ended - due) or math.nan
    warm_sent = sum(1 for u in burst.members if u.id in burst.prewarmed and per_user[u.id])
    print("why (from this run's own figures):")
    print(
        f"  requests under the global limit during the burst: {created_ok + sent_ok} in {span:.1f} s ="
        f" {(created_ok + sent_ok) / span:.1f}/s (stand-in limit {GLOBAL_LIMIT}/s, Connect's bucket {DEFAULT_RATE:g}/s:"
        f" at best x{GLOBAL_LIMIT / DEFAULT_RATE:.3f} of the floor)"
    )
    print(
        f"  DM channels created: {created_ok} in {span:.1f} s = {created_ok / span:.2f}/s"
        f" (route bucket {dm_rule.limit} per {dm_rule.per:g} s = {dm_rule.limit / dm_rule.per:g}/s)"
    )
    print(f"  DMs to members whose channel was already known: {warm_sent} of {len(burst.prewarmed)} sent")
    if route_floor > real_floor:
        print(
            f"  the DM-creation route alone needs {route_floor:.0f} s for {creations_needed} channels, more than the"
            f" {real_floor:.0f} s floor: the ratio target cannot be met while channels are created during the burst"
        )
    if burst.prewarmed and warm_sent < len(burst.prewarmed) and not finished:
        print(
            "  known-channel DMs waited behind channel creations: a firing holds one of the scheduler's slots"
            " while discord.py waits for the DM-creation bucket"
        )
    print()
    if errors:
        print("failed rows by last error:")
        for text, count in errors.most_common(5):
            print(f"  {count} x {text}")
    if burst.handler_errors:
        print("first handler errors:")
        for e in burst.handler_errors[:5]:
            print(f"  {e}")
    problems = sb.problems()
    print(f"{len(problems)} sandbox problems")
    for p in problems[:5]:
        print(f"  {p[:200]}")
    for line in log.summary():
        print(line)
    print(
        "progress (s after due: delivered): "
        + ", ".join(f"{t:.0f}: {c}" for t, c in burst.progress[:: max(1, len(burst.progress) // 12)])
    )


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
