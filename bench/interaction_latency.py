"""Interaction latency, Connect against a bare discord.py bot (issue 3). Prints figures; this is not a test.

    .venv/bin/python bench/interaction_latency.py [--clicks 300] [--warmup 30] [--openapi both|off|on]

In one run, each bot in its own fresh stand-in (sandbox/, 127.0.0.1, rate limits on):
(a) bare: a plain ``commands.Bot`` whose persistent DynamicItem button answers every click with the
    same ephemeral message (no database, no services);
(b) Connect: the real bot from ``bot.app.create_bot`` on a temporary SQLite file built by the migrations.
    Morgan (the server owner) runs /setup, opens "Time zone and projects" and picks the other choice of
    "Pick who can start projects" each time: every press reads the settings, writes them in one
    transaction and edits the card.

A member clicks ``--warmup`` times (not counted), then ``--clicks`` times, one click after the other.
Round trip = from the stand-in sending INTERACTION_CREATE to the answer arriving at the stand-in
(``Interaction.created_at`` to ``responded_at``; for a deferral, to the first follow-up or edit). The
actor's fixed settle wait for quiet deferred updates is never counted.

Both bots, the stand-in and the member run in ONE event loop, so every figure includes the stand-in's
own work (JSON, Discord's rules, and the OpenAPI checks when they are on). The OpenAPI checks of a request
happen before the stand-in handles it, so with them on, the round trip also counts validating the bot's
answer (large for Connect's card: an embed and menus with many options). By default each bot runs twice,
checks off (the bot's own cost) and checks on (as in the end-to-end tests).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from discord.ext import commands  # noqa: E402

from bench._common import (  # noqa: E402
    LogCollector,
    Stats,
    Target,
    make_sandbox,
    migrated_database_url,
    ms,
    openapi_note,
    round_trip,
    table,
    targets_table,
)
from sandbox import InteractionFailed, Sandbox, Seen  # noqa: E402
from sandbox.discord_client import BotRunner  # noqa: E402

P99_TARGET = 0.5  # seconds: the same bar as a click during a reminder burst (issue 4)


# ---------------------------------------------------------------- (a) the bare bot
class PingButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"bench:ping:(?P<n>\d+)"):
    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label="Ping", custom_id=f"bench:ping:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> PingButton:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("Pong.", ephemeral=True)


class BareBot(commands.Bot):
    def __init__(self) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents(guilds=True),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
        )

    async def setup_hook(self) -> None:
        self.add_dynamic_items(PingButton)

        @self.tree.command(name="bench", description="Show a ping button.")
        async def bench(interaction: discord.Interaction[Any]) -> None:
            # A stopped view: the message carries the button, the DynamicItem answers (as Connect does).
            view = discord.ui.View(timeout=None)
            view.add_item(discord.ui.Button(label="Ping", custom_id="bench:ping:1"))
            view.stop()
            await interaction.response.send_message("Click to ping.", view=view)

        await self.tree.sync()


# ---------------------------------------------------------------- measuring
@dataclass
class Run:
    name: str
    openapi: bool
    openapi_note: str = ""
    round_trips: list[float] = field(default_factory=list)  # seconds, at the stand-in
    actor_side: list[float] = field(default_factory=list)  # seconds, around MemberActor.click (informational)
    failed: int = 0
    response_types: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    wall: float = 0.0


async def click_loop(sb: Sandbox, press: Callable[[int], Awaitable[Seen]], warmup: int, clicks: int, run: Run) -> None:
    # Always the same message: the bare bot's button message, or Connect's card (edited in place).
    for i in range(warmup + clicks):
        started = time.perf_counter()
        try:
            seen = await press(i)
        except InteractionFailed:
            if i >= warmup:
                run.failed += 1
            continue
        took = time.perf_counter() - started
        if i < warmup:
            if i == warmup - 1:
                gc.collect()
            continue
        rt = round_trip(sb, seen.interaction)
        if rt is None:
            run.failed += 1
            continue
        run.round_trips.append(rt)
        run.actor_side.append(took)
        if seen.response_type is not None:
            run.response_types.add(seen.response_type)


async def run_bare(args: argparse.Namespace, openapi: bool) -> Run:
    run = Run("bare discord.py", openapi)
    sb = make_sandbox(openapi=openapi)
    await sb.start()
    run.openapi_note = openapi_note(sb)
    bot = BareBot()
    try:
        async with BotRunner(sb, bot):
            sam = sb.member("Sam")
            card = await sam.slash("bench")
            started = time.perf_counter()
            await click_loop(sb, lambda _: sam.click(card, "Ping"), args.warmup, args.clicks, run)
            run.wall = time.perf_counter() - started
    finally:
        await sb.stop()
    run.problems = sb.problems()
    return run


async def run_connect(args: argparse.Namespace, openapi: bool) -> Run:
    from bench._common import connect_settings
    from bot import texts
    from bot.app import create_bot
    from bot.clock import SystemClock
    from db.engine import Database

    run = Run("Connect", openapi)
    folder = tempfile.TemporaryDirectory(prefix="connect-bench-")
    sb = make_sandbox(openapi=openapi)
    await sb.start()
    run.openapi_note = openapi_note(sb)
    try:
        db_url = await migrated_database_url(folder)
        bot = create_bot(connect_settings(sb, db_url), db=Database(db_url), clock=SystemClock())
        async with BotRunner(sb, bot):
            morgan = sb.member("Morgan")
            card = await morgan.click(await morgan.slash("setup"), texts.SETUP_ZONE_AND_PROJECTS)
            starters = (texts.SETUP_LEADS_ONLY, texts.SETUP_EVERYONE)

            async def press(n: int) -> Seen:
                # Pick the other "who can start projects" choice: a read, a write and the card edited in place.
                return await morgan.select(card, [starters[n % 2]], placeholder=texts.SETUP_PICK_STARTERS)

            saved = texts.SETUP_SAVED.format(what=texts.SETUP_PROJECT_STARTERS, value=starters[1])
            if saved not in (await press(1)).content:  # /setup changed: say so rather than time the wrong thing
                raise RuntimeError("the /setup press did not save: bench/interaction_latency.py needs updating")
            started = time.perf_counter()
            await click_loop(sb, press, args.warmup, args.clicks, run)
            run.wall = time.perf_counter() - started
    finally:
        await sb.stop()
        folder.cleanup()
    run.problems = sb.problems()
    return run


def report(runs: list[Run], log: LogCollector, args: argparse.Namespace) -> None:
    print()
    print("Interaction latency: member-side round trip per click, measured at the stand-in")
    print(f"  {args.clicks} measured clicks per bot after {args.warmup} warm-up clicks, one click at a time")
    print("  bare: a DynamicItem button answering a constant ephemeral message (answer type 4)")
    print("  Connect: /setup as Morgan, 'Pick who can start projects', the other choice each time")
    print("    (read + write + card edit, answer type 7)")
    print("  rate limits: ON (global 50/s, per-route buckets)")
    for note in dict.fromkeys(run.openapi_note for run in runs):
        print(f"  OpenAPI validation: {note}")
    print()
    rows = []
    for run in runs:
        s, actor = Stats.of(run.round_trips), Stats.of(run.actor_side)
        rows.append(
            (
                run.name,
                "on" if run.openapi else "off",
                s.n,
                run.failed,
                ms(s.median),
                ms(s.p90),
                ms(s.p99),
                ms(s.max),
                ms(actor.median),
                ",".join(str(t) for t in sorted(run.response_types)),
            )
        )
    print(
        table(
            ["bot", "OpenAPI", "clicks", "failed", "median", "p90", "p99", "max", "actor median", "answer type"],
            rows,
        )
    )
    print("  ('actor median' also counts the member's own bookkeeping around the click; information only)")
    print()
    targets: list[Target] = []
    failed = sum(r.failed for r in runs)
    targets.append(Target("every click answered (all runs)", f"{failed} failed", "0 failed", failed == 0))
    for openapi in (False, True):
        pair = [r for r in runs if r.openapi == openapi]
        if len(pair) != 2:
            continue
        bare, connect = Stats.of(pair[0].round_trips), Stats.of(pair[1].round_trips)
        mode = "OpenAPI on" if openapi else "OpenAPI off"
        print(
            f"Connect / bare, {mode}: median x{connect.median / bare.median:.2f}, p99 x{connect.p99 / bare.p99:.2f}"
            f" (Connect adds {ms(connect.median - bare.median)} at the median)"
        )
        targets += [
            Target(f"Connect p99 < Discord's 3 s limit, {mode}", ms(connect.p99), "< 3000 ms", connect.p99 < 3.0),
            Target(
                f"Connect p99 (issue 4's bar), {mode}",
                ms(connect.p99),
                f"< {P99_TARGET * 1000:.0f} ms",
                connect.p99 < P99_TARGET,
            ),
            Target(f"Connect / bare median, {mode}", f"x{connect.median / bare.median:.2f}", "no target: report", None),
            Target(f"Connect / bare p99, {mode}", f"x{connect.p99 / bare.p99:.2f}", "no target: report", None),
        ]
    print()
    print(targets_table(targets))
    print()
    for run in runs:
        mode = "on" if run.openapi else "off"
        print(f"{run.name} (OpenAPI {mode}): {len(run.problems)} sandbox problems, {run.wall:.1f} s of clicking")
        for p in run.problems[:3]:
            print(f"  {p[:200]}")
    for line in log.summary():
        print(line)


async def main_async(args: argparse.Namespace) -> None:
    log = LogCollector().install()
    started = time.perf_counter()
    modes = {"both": (False, True), "off": (False,), "on": (True,)}[args.openapi]
    runs: list[Run] = []
    for openapi in modes:
        runs.append(await run_bare(args, openapi))
        runs.append(await run_connect(args, openapi))
    report(runs, log, args)
    print(f"total run time {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clicks", type=int, default=300, help="measured clicks per bot (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="clicks before measuring (default 30)")
    parser.add_argument(
        "--openapi",
        choices=("both", "off", "on"),
        default="both",
        help="the stand-in's OpenAPI checks: run each bot with them off and on (default), or only one way",
    )
    args = parser.parse_args()
    if args.clicks < 1 or args.warmup < 1:
        parser.error("--clicks and --warmup must be at least 1")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
