"""A crowd on one card (issue 18): N members press "I'm coming" on a P-place card within one second.

    .venv/bin/python bench/crowd.py [--members 500] [--places 20] [--db sqlite|postgresql|both]
                                    [--cards 1] [--spread 1.0] [--pg-url URL] [--window-profile FILE]

Prints figures; this is not a test. The stand-in (sandbox/, 127.0.0.1, Discord's rate limits on,
OpenAPI checks off) runs in ITS OWN PROCESS together with the simulated members, so its work (JSON,
Discord's rules, building 500 INTERACTION_CREATE payloads) is not counted against the bot; the bot runs
alone in this process, and its CPU time per press is measured with ``time.process_time()``.

One run, in order:
(a) the bare bot: a plain discord.py bot whose persistent button answers at once (no database): the floor;
(b) Connect, from ``bot.app.create_bot``, on a fresh database built by the migrations (SQLite file and/or
    a fresh PostgreSQL schema). Sam posts the project(s) with the modal, the time picker and the places
    menu, then every member presses "I'm coming" once, the presses spread evenly over ``--spread``
    seconds. With ``--cards 5`` there are 5 projects in 5 channels and the members are split between them.

Figures: presses acknowledged within 3 s (the stand-in fails any press not answered by then),
acknowledgement p50/p99/max (INTERACTION_CREATE sent -> first answer at the stand-in), final answer
p50/p99/max (-> the reply itself, or the follow-up after "thinking"), the lists (exactly P coming and
N-P waiting, in the order the stand-in delivered the presses, nobody twice), the time from the last
answer until the card shows the final numbers, card edits sent, 429s, ERROR log lines, bot CPU per press,
and for the arrival window (the bot's first to last press read): its CPU a press, the acknowledgements sent
and come back, the follow-ups and card edits sent, the garbage collections' time.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._common import LogCollector, Stats, Target, ms, table, targets_table  # noqa: E402
from bench.crowd_standin import serve  # noqa: E402

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class Run:
    name: str
    n: int
    places: int
    cards: int
    acked: list[float] = field(default_factory=list)  # seconds, per press that was answered
    slowest: list[tuple[float, int, float]] = field(default_factory=list)  # ack, press number, sent at
    answered: list[float] = field(default_factory=list)
    failed: int = 0
    within_3s: int = 0
    lists_ok: bool | None = None
    lists_note: str = ""
    card_right_after: float | None = None  # seconds after the last answer, worst card
    card_edits: int = 0
    rate_limited: int = 0
    errors: int = 0
    problems: list[str] = field(default_factory=list)
    cpu_per_press: float = 0.0
    deferred: int = 0
    window: Window | None = None


@dataclass
class Window:
    """The bot between the first and the last press it read (the crowd arriving): what it did meanwhile."""

    n: int
    profile: str | None = None
    read: list[tuple[float, float]] = field(default_factory=list)  # (loop time, CPU time) per press read
    requests: dict[str, int] = field(default_factory=dict)  # requests sent, by kind, until the last press read
    closed: bool = False
    profiler: Any = None
    restore: Any = None
    gc: dict[str, float] = field(default_factory=dict)

    def watch(self, bot: Any) -> None:
        state, http = bot._connection, bot.http
        parse, request = state.parse_interaction_create, http.request

        def parse_interaction_create(data: Any) -> None:
            if not self.read and self.profile:
                import cProfile

                self.profiler = cProfile.Profile()
                self.profiler.enable()
            self.read.append((asyncio.get_running_loop().time(), time.process_time()))
            parse(data)
            if len(self.read) == self.n:
                self.closed = True
                if self.profiler is not None:
                    self.profiler.disable()
                    self.profiler.dump_stats(self.profile)
                    print(f"profile of the arrival window written to {self.profile} (python -m pstats)")

        async def counted(route: Any, **kwargs: Any) -> Any:
            if self.read and not self.closed:
                path = route.path
                kind = (
                    "ack/answer"
                    if path.endswith("/callback")
                    else "follow-up"
                    if path.startswith("/webhooks")
                    else f"{route.method} {path.split('/')[1]}"
                )
                self.requests[kind] = self.requests.get(kind, 0) + 1
            return await request(route, **kwargs)

        state.parse_interaction_create = parse_interaction_create
        state.parsers["INTERACTION_CREATE"] = parse_interaction_create
        http.request = counted
        self._watch_webhooks()
        self._watch_gc()

    def _watch_gc(self) -> None:
        """Garbage collections in the window: a full one walks every object of the bot."""
        import gc

        started: list[float] = []

        def timed(phase: str, info: dict[str, Any]) -> None:
            if not self.read or self.closed:
                return
            if phase == "start":
                started[:] = [time.perf_counter()]
            elif started:
                key = f"gc gen{info['generation']} ms"
                self.gc[key] = self.gc.get(key, 0.0) + (time.perf_counter() - started[0]) * 1000

        gc.callbacks.append(timed)

    def _watch_webhooks(self) -> None:
        """Acknowledgements, answers and follow-ups go through discord.py's webhook adapter, not bot.http."""
        from discord.webhook.async_ import AsyncWebhookAdapter

        adapter = AsyncWebhookAdapter.request
        window = self

        async def request(self: Any, route: Any, session: Any, **kwargs: Any) -> Any:
            if window.read and not window.closed:
                kind = "ack/answer" if route.path.endswith("/callback") else "follow-up"
                window.requests[kind] = window.requests.get(kind, 0) + 1
            try:
                return await adapter(self, route, session, **kwargs)
            finally:
                if window.read and not window.closed and route.path.endswith("/callback"):
                    window.requests["ack/answer done"] = window.requests.get("ack/answer done", 0) + 1

        AsyncWebhookAdapter.request = request  # type: ignore[method-assign]
        self.restore = lambda: setattr(AsyncWebhookAdapter, "request", adapter)

    def line(self) -> str:
        if len(self.read) < 2:
            return "arrival window: not measured"
        (t0, c0), (t1, c1) = self.read[0], self.read[-1]
        sent = ", ".join(f"{v} {k}" for k, v in sorted(self.requests.items())) or "nothing"
        sent += "".join(f", {k} {v:.0f}" for k, v in sorted(self.gc.items()))
        return (
            f"arrival window (first to last press read): {t1 - t0:.2f} s, bot CPU in it "
            f"{(c1 - c0) / max(1, len(self.read) - 1) * 1000:.2f} ms a press; sent meanwhile: {sent}"
        )


class StandIn:
    """The stand-in and its members in a child process; commands over a pipe."""

    def __init__(self, members: int, channels: int) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=serve, args=(child, members, channels), daemon=True)
        self.proc.start()

    async def call(self, command: str, **kwargs: Any) -> Any:
        self.conn.send((command, kwargs))
        ok, value = await asyncio.get_running_loop().run_in_executor(None, self.conn.recv)
        if not ok:
            raise RuntimeError(f"stand-in: {value}")
        return value

    async def close(self) -> None:
        try:
            await self.call("stop")
        finally:
            self.proc.join(10)


async def bot_connected(stand_in: StandIn, bot: Any, info: dict[str, Any]) -> asyncio.Task[None]:
    import discord.gateway
    import discord.http
    import yarl

    discord.http.Route.BASE = info["api_base"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(info["gateway_url"])
    task = asyncio.create_task(bot.start(info["token"]))
    await stand_in.call("wait_connected")
    await asyncio.wait_for(bot.wait_until_ready(), 30)
    return task


def fill(run: Run, pressed: dict[str, Any]) -> None:
    for p in pressed["presses"]:
        if p["acked"] is None:
            run.failed += 1
            continue
        run.acked.append(p["acked"])
        run.within_3s += p["acked"] <= 3.0 and not p["failed"]
        if p["answered"] is not None:
            run.answered.append(p["answered"])
        else:
            run.failed += 1
    first = min((p["sent"] for p in pressed["presses"] if p["sent"] is not None), default=0.0)
    timed = [(p["acked"], i, p["sent"] - first) for i, p in enumerate(pressed["presses"]) if p["acked"] is not None]
    run.slowest = sorted(timed, reverse=True)[: ARGS.slowest]
    run.card_edits = pressed["card_edits"]
    run.rate_limited = pressed["rate_limited"]
    run.problems = pressed["problems"]
    run.card_right_after = pressed["card_right_after"]


async def run_bare(n: int) -> Run:
    from bench.interaction_latency import BareBot

    run = Run("bare discord.py", n, 0, 1)
    stand_in = StandIn(n, 1)
    try:
        info = await stand_in.call("start")
        bot = BareBot()
        task = await bot_connected(stand_in, bot, info)
        card = await stand_in.call("bare_card")
        run.window = Window(n)
        run.window.watch(bot)
        cpu = time.process_time()
        pressed = await stand_in.call("press", cards=[card], label="Ping", spread=ARGS.spread, places=0)
        run.cpu_per_press = (time.process_time() - cpu) / n
        fill(run, pressed)
        if run.window.restore is not None:
            run.window.restore()
        await bot.close()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await stand_in.close()
    return run


async def fresh_database(kind: str, folder: str) -> Any:
    from db import migrate
    from db.engine import Database

    if kind == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{Path(folder) / 'connect.db'}")
    else:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = Database(ARGS.pg_url)
        async with admin.engine.begin() as conn:
            from sqlalchemy import text

            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        database = Database(ARGS.pg_url, connect_args={"server_settings": {"search_path": schema}})
    await migrate.upgrade(database.engine)
    return database


async def drop_database(database: Any) -> None:
    from sqlalchemy import text

    from db.engine import Database

    await database.dispose()
    schema = database.engine_kwargs.get("connect_args", {}).get("server_settings", {}).get("search_path")
    if schema:
        admin = Database(ARGS.pg_url)
        async with admin.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def run_connect(kind: str, n: int, places: int, cards: int, log: LogCollector) -> Run:
    from pydantic import SecretStr

    from bot import texts
    from bot.app import create_bot
    from bot.clock import SystemClock
    from bot.settings import Settings

    try:  # absent before issue 18: the script also measures the code before it (no coalescer, no lanes)
        from bot.cards import cards_of
        from bot.presses import presses_of
    except ImportError:
        cards_of = presses_of = None  # type: ignore[assignment]

    run = Run(f"Connect, {kind}", n, places, cards)
    folder = tempfile.mkdtemp(prefix="connect-crowd-")
    stand_in = StandIn(n, cards)
    database = await fresh_database(kind, folder)
    errors_before = len(log.errors())
    try:
        info = await stand_in.call("start")
        settings = Settings(
            discord_token=SecretStr(info["token"]),
            database_url=database.url,
            discord_api_base=info["api_base"],
            discord_gateway_url=info["gateway_url"],
            log_level="WARNING",
        )
        bot = create_bot(settings, db=database.reopen(), clock=SystemClock())
        task = await bot_connected(stand_in, bot, info)
        card_ids = await stand_in.call("project_cards", count=cards, places=places)
        run.window = Window(n, f"{ARGS.window_profile}.{kind}" if ARGS.window_profile else None)
        run.window.watch(bot)
        profiler = None
        if ARGS.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        cpu = time.process_time()
        pressed = await stand_in.call(
            "press", cards=card_ids, label=texts.PROJECT_BUTTON_COMING, spread=ARGS.spread, places=places
        )
        if cards_of is not None:
            await cards_of(bot).settled()
        run.cpu_per_press = (time.process_time() - cpu) / n
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{ARGS.profile}.{kind}")
            print(f"profile of the presses written to {ARGS.profile}.{kind} (python -m pstats)")
        run.deferred = presses_of(bot).deferred if presses_of is not None else 0
        fill(run, pressed)
        if run.window.restore is not None:
            run.window.restore()
        run.lists_ok, run.lists_note = await check_lists(bot, pressed, places)
        await bot.close()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await stand_in.close()
        await drop_database(database)
    errors = log.errors()[errors_before:]
    run.errors = len(errors)
    for message in dict.fromkeys(f"{r.name}: {r.getMessage()[:200]}" for r in errors):
        run.problems.append(f"ERROR {message}")
    return run


async def check_lists(bot: Any, pressed: dict[str, Any], places: int) -> tuple[bool, str]:
    """Each card: exactly P coming and the rest waiting, in the order the stand-in delivered them."""
    from bot.scope import system_scope

    svc = bot.services.projects
    notes = []
    ok = True
    for card in pressed["cards"]:
        [session] = await svc.sessions(system_scope(card["guild_id"]), card["project_id"])
        order = [
            p["user_id"]
            for p in sorted(pressed["presses"], key=lambda p: p["interaction_id"])
            if p["card"] == card["message_id"]
        ]
        good = list(session.going) == order[:places] and list(session.waiting) == order[places:]
        twice = len(set(session.going + session.waiting)) != len(session.going) + len(session.waiting)
        ok = ok and good and not twice
        notes.append(
            f"{len(session.going)} coming + {len(session.waiting)} waiting"
            f"{'' if good else ' (NOT in press order)'}{' (someone twice)' if twice else ''}"
        )
    return ok, "; ".join(dict.fromkeys(notes)) + (f" on each of {len(notes)} cards" if len(notes) > 1 else "")


def report(bare: Run, runs: list[Run]) -> list[Target]:
    rows = []
    for run in [bare, *runs]:
        a, f = Stats.of(run.acked), Stats.of(run.answered)
        rows.append(
            (
                run.name,
                run.n,
                f"{run.within_3s}/{run.n}",
                ms(a.median),
                ms(a.p99),
                ms(a.max),
                ms(f.median),
                ms(f.p99),
                ms(f.max),
                run.card_edits,
                run.rate_limited,
                run.errors,
                f"{run.cpu_per_press * 1000:.2f} ms",
            )
        )
    print(
        table(
            [
                "bot",
                "N",
                "acked <3 s",
                "ack p50",
                "ack p99",
                "ack max",
                "answer p50",
                "answer p99",
                "answer max",
                "card edits",
                "429s",
                "ERRORs",
                "bot CPU/press",
            ],
            rows,
        )
    )
    print()
    for run in [bare, *runs]:
        if run.window is not None:
            print(f"{run.name}: {run.window.line()}")
    for run in [bare, *runs] if ARGS.slowest else []:
        slow = ", ".join(f"#{i} (+{sent * 1000:.0f} ms) {ms(ack)}" for ack, i, sent in run.slowest)
        print(f"{run.name}: slowest acknowledgements (press number, sent after the first, time): {slow}")
    targets: list[Target] = []
    bare_p99 = Stats.of(bare.acked).p99
    for run in runs:
        a, f = Stats.of(run.acked), Stats.of(run.answered)
        ratio = a.p99 / bare_p99 if bare_p99 else float("nan")
        print(
            f"{run.name}: lists {run.lists_note}; {run.deferred} presses acknowledged first, then followed up; "
            f"card right {card_right(run.card_right_after)}; ack p99 / bare p99 = x{ratio:.2f}"
        )
        for p in run.problems[:3]:
            print(f"  stand-in problem: {p[:200]}")
        targets += [
            Target(f"{run.name}: acknowledged within 3 s", f"{run.within_3s}/{run.n}", "100%", run.within_3s == run.n),
            Target(f"{run.name}: ack p99 / bare p99", f"x{ratio:.2f}", "<= 1.5", ratio <= 1.5),
            Target(f"{run.name}: final answer p99", ms(f.p99), "< 10 s", f.n == run.n and f.p99 < 10),
            Target(
                f"{run.name}: exact lists", run.lists_note, "P coming, N-P waiting, press order", bool(run.lists_ok)
            ),
            Target(
                f"{run.name}: card shows the final lists",
                card_right(run.card_right_after),
                "< 5 s after the last answer",
                run.card_right_after is not None and run.card_right_after < 5,
            ),
            Target(f"{run.name}: 429s", str(run.rate_limited), "0", run.rate_limited == 0),
            Target(f"{run.name}: ERROR log lines", str(run.errors), "0", run.errors == 0),
        ]
    return targets


def card_right(after: float | None) -> str:
    """The card is drawn once a crowd's presses are saved, while their answers are still being sent."""
    if after is None:
        return "NEVER"
    return f"{ms(after)} after the last answer" if after >= 0 else f"{ms(-after)} before the last answer"


async def main_async() -> None:
    log = LogCollector().install()
    started = time.perf_counter()
    kinds = {"both": ("sqlite", "postgresql"), "sqlite": ("sqlite",), "postgresql": ("postgresql",)}[ARGS.db]
    print(
        f"Crowd on a card: {ARGS.members} members, {ARGS.places} places, {ARGS.cards} card(s), presses spread "
        f"over {ARGS.spread:g} s; stand-in in its own process, rate limits ON, OpenAPI checks OFF; "
        f"load average {load()}"
    )
    bare = await run_bare(ARGS.members)
    runs = [await run_connect(kind, ARGS.members, ARGS.places, ARGS.cards, log) for kind in kinds]
    print()
    targets = report(bare, runs)
    print()
    print(targets_table(targets))
    for line in log.summary():
        print(line)
    kinds = dict.fromkeys(f"{r.levelname} {r.name}: {r.getMessage()[:120]}" for r in log.records)
    for line in list(kinds)[:10]:
        print(f"  seen: {line}")
    print(f"total run time {time.perf_counter() - started:.1f} s; load average {load()} (2 cores: above 2, the")
    print("  bare bot and Connect share the machine with others, and their figures move with it)")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


ARGS = argparse.Namespace()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--places", type=int, default=20, help="one of the places menu's choices (default 20)")
    parser.add_argument("--cards", type=int, default=1, help="cards in as many channels; members split (default 1)")
    parser.add_argument("--spread", type=float, default=1.0, help="seconds over which the presses come (default 1)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the bot during the presses into FILE.<db>")
    parser.add_argument(
        "--window-profile", metavar="FILE", help="cProfile the bot from the first to the last press read into FILE.<db>"
    )
    parser.add_argument("--slowest", type=int, default=0, metavar="K", help="print the K slowest acknowledgements")
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_PG)
    parser.parse_args(namespace=ARGS)
    asyncio.run(main_async())


if __name__ == "__main__":
    main()
