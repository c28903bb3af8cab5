"""Practice mode: ``make run`` without a Discord token.

Starts the local Discord stand-in (sandbox/), the real bot connected to it, and the practice page
(sandbox/web/) where a person tries every flow in a browser as any member. "Skip ahead" moves the
practice clock; "Start again" makes a fresh practice server.

``SCENE`` below is a short show of the same flows, played by code and told as a conversation (the
end-to-end tests play it in the practice world). Each feature adds its moment to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot import texts
from bot.app import ConnectBot, create_bot
from bot.clock import OffsetClock
from bot.settings import Settings
from db import migrate
from db.engine import Database
from sandbox import Message, Sandbox, Seen, default_world
from sandbox.discord_client import BotRunner
from sandbox.web import PageHooks, PracticePage

log = logging.getLogger("connect.practice")
PRACTICE_DB = Path("data") / "practice.db"
DEFAULT_PORT = 8765


@dataclass
class Narrator:
    """Prints what members do and what the bot shows them, as a readable conversation."""

    out: TextIO | None = None  # None: whatever sys.stdout is when printing
    last_seen: dict[str, Seen] = field(default_factory=dict)

    def say(self, line: str = "") -> None:
        print(line, file=self.out or sys.stdout, flush=True)

    def action(self, who: str, what: str) -> None:
        self.say(f"\n{who} {what}")

    sb: Sandbox | None = None

    def readable(self, text: str) -> str:
        """Mentions as a Discord app shows them: <@&id> as @Role, <#id> as #channel, <@id> as @Name."""
        if self.sb is None:
            return text
        world = self.sb.world

        def name(match: re.Match[str]) -> str:
            kind, ident = match.group(1), int(match.group(2))
            with contextlib.suppress(LookupError, KeyError):
                if kind == "@&":
                    return "@" + next(r.name for g in world.guilds.values() for r in g.roles.values() if r.id == ident)
                if kind == "#":
                    return "#" + world.channels[ident].name
                return "@" + world.user(ident).display_name
            return match.group(0)

        return re.sub(r"<(@&|#|@!?)(\d+)>", name, text)

    def shows(self, who: str, seen: Seen) -> None:
        self.last_seen[who] = seen
        if seen.modal is not None:
            fields = ", ".join(f.label or f.custom_id for f in seen.modal.fields)
            self.say(f"  Connect opens a form \"{seen.modal.title}\" with: {fields}")
            return
        private = " (only " + who + " sees this)" if seen.ephemeral else ""
        self.say(f"  Connect{private}:")
        for line in self.readable(seen.text or "(no words)").splitlines():
            if line.strip():
                self.say(f"    {line}")
        controls = [f"[{b.label}]" for b in seen.buttons if b.label]
        controls += [f"[{s.placeholder or 'menu'} ▾]" for s in seen.selects]
        if controls:
            self.say("    " + " ".join(controls))


Step = Callable[[Sandbox, Narrator], Awaitable[None]]


async def scene_setup(sb: Sandbox, narrator: Narrator) -> None:
    owner = sb.member("Morgan")
    narrator.action("Morgan (owner of the server)", "types /setup")
    card = await owner.slash("setup")
    narrator.shows("Morgan", card)
    narrator.action("Morgan", 'picks "Co-production lead" as the lead role')
    seen = await owner.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    narrator.shows("Morgan", seen)
    narrator.action("Sam (a member)", "types /setup")
    narrator.shows("Sam", await sb.member("Sam").slash("setup"))


def show_message(narrator: Narrator, where: str, message: Message) -> None:
    """A message nobody pressed for (a card in a channel, a private message), printed like ``shows``."""
    narrator.say(f"  Connect {where}:")
    for line in narrator.readable(message.text or "(no words)").splitlines():
        if line.strip():
            narrator.say(f"    {line}")
    controls = [f"[{b.label}]" for b in message.buttons if b.label]
    if controls:
        narrator.say("    " + " ".join(controls))


FILM_CLUB = "Film club"
REMINDER_TEXT = "bring the popcorn to Film club"


async def scene_project(sb: Sandbox, narrator: Narrator) -> None:
    """Sam starts a project with the form and the time picker's buttons and menus; it is posted in #projects."""
    sam = sb.member("Sam")
    narrator.action("Sam", "types /project new in #projects")
    seen = await sam.slash("project new", channel="projects")
    narrator.shows("Sam", seen)
    narrator.action("Sam", f'fills in the form: "{FILM_CLUB}", where and what to bring')
    seen = await sam.submit_modal(
        {
            texts.PROJECT_INPUT_TITLE: FILM_CLUB,
            texts.PROJECT_INPUT_ABOUT: "We watch a film together, then talk about it.",
            texts.PROJECT_INPUT_WHERE: "Room 2, Riverside Centre",
            texts.PROJECT_INPUT_LINK: "https://meet.example/film-club",
            texts.PROJECT_INPUT_BRING: "A snack to share",
        }
    )
    narrator.shows("Sam", seen)
    narrator.action("Sam", f"presses {texts.TIMEPICK_PICK_DAY}")
    seen = await sam.click(seen, texts.TIMEPICK_PICK_DAY)
    narrator.shows("Sam", seen)
    day = next(s for s in seen.selects if s.placeholder == texts.TIMEPICK_PICK_DAY).options[2]
    narrator.action("Sam", f'picks "{day.label}"')
    seen = await sam.select(seen, [day.value], placeholder=texts.TIMEPICK_PICK_DAY)
    narrator.shows("Sam", seen)
    usual = texts.TIMEPICK_MENU_USUAL.format(start="9am", end="9pm")
    narrator.action("Sam", 'picks "6pm", then "8 places" in the places menu')
    seen = await sam.select(seen, ["6pm"], placeholder=usual)
    seen = await sam.select(seen, ["8 places"], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    narrator.shows("Sam", seen)
    narrator.action("Sam", f"presses {texts.PROJECT_BUTTON_POST}")
    seen = await sam.click(seen, texts.PROJECT_BUTTON_POST)
    narrator.shows("Sam", seen)
    card = await sb.wait_for_message(
        channel="projects", predicate=lambda m: not m.ephemeral and bool(m.embeds) and FILM_CLUB in m.text
    )
    show_message(narrator, "posts the card in #projects", card)


async def scene_sign_up(sb: Sandbox, narrator: Narrator) -> None:
    """Priya and Jordan sign up with the card's buttons; the card changes in place."""
    card = await sb.wait_for_message(
        channel="projects", predicate=lambda m: not m.ephemeral and bool(m.embeds) and FILM_CLUB in m.text
    )
    for name in ("Priya", "Jordan"):
        narrator.action(name, f"presses {texts.PROJECT_BUTTON_COMING} on the card")
        narrator.shows(name, await sb.member(name).click(card, texts.PROJECT_BUTTON_COMING))
    coming = texts.PROJECT_CARD_COMING.format(count=2)
    card = await sb.wait_for_message(channel="projects", predicate=lambda m: m.id == card.id and coming in m.text)
    show_message(narrator, "changes the card in #projects", card)


async def scene_reminder(sb: Sandbox, narrator: Narrator) -> None:
    """Sam sets a reminder for in 1 minute; the scene waits for it to arrive."""
    sam = sb.member("Sam")
    narrator.action("Sam", f'types /remind what="{REMINDER_TEXT}" when="in 1 minute"')
    narrator.shows("Sam", await sam.slash("remind", what=REMINDER_TEXT, when="in 1 minute"))
    narrator.say("\n(The show waits about a minute for the reminder.)")
    fire = texts.REMIND_FIRE.format(text=REMINDER_TEXT)
    message = await sb.wait_for_message(dm_of="Sam", predicate=lambda m: fire in m.text, timeout=90)
    show_message(narrator, "sends Sam a private message", message)


SCENE: list[Step] = [scene_setup, scene_project, scene_sign_up, scene_reminder]


async def play_scene(sb: Sandbox, narrator: Narrator) -> None:
    narrator.say(texts.PRACTICE_SCENE_START)
    for step in SCENE:
        await step(sb, narrator)
    narrator.say("\n" + texts.PRACTICE_SCENE_END)


async def until_stopped(work: Coroutine[Any, Any, None], stop: asyncio.Event) -> bool:
    """Run ``work`` until it ends (True) or ``stop`` is set (False, and ``work`` is cancelled)."""
    task = asyncio.create_task(work)
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return False
    task.result()  # a scene that broke should say so, not pass in silence
    return True


def fresh_practice_database() -> None:
    """A fresh practice server every time: the sandbox's ids are new on each start."""
    PRACTICE_DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{PRACTICE_DB}{suffix}").unlink(missing_ok=True)


# "You are:" on the page, in this order.
PEOPLE = [
    ("Sam", "Sam"),
    ("Priya", "Priya"),
    ("Jordan", "Jordan"),
    ("Alex", "Alex (lead)"),
    ("Morgan", "Morgan (owner)"),
]


class PagePortBusy(Exception):
    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is taken")
        self.port = port


class Practice:
    """The practice Discord, the real bot on a fresh database, and the page to try it in a browser."""

    def __init__(self, settings: Settings, *, port: int = DEFAULT_PORT) -> None:
        self.settings = settings
        self.port = port
        self.clock = OffsetClock()
        self.sb: Sandbox | None = None
        self.bot: ConnectBot | None = None
        self.runner: BotRunner | None = None
        self.page: PracticePage | None = None
        self._lock = asyncio.Lock()

    async def _start_world(self) -> Sandbox:
        fresh_practice_database()
        db = Database(f"sqlite+aiosqlite:///{PRACTICE_DB}")
        await migrate.upgrade(db.engine)
        world = default_world()
        world.clock.offset = self.clock.offset.total_seconds()  # both clocks show the same practice time
        sb = Sandbox(world=world, port=self.port)
        try:
            await sb.start()
        except OSError:
            sb = Sandbox(world=world, port=0)  # the usual port is taken: any free one will do
            await sb.start()
        practice_settings = self.settings.model_copy(
            update={"discord_api_base": sb.api_base, "discord_gateway_url": sb.gateway_url, "database_url": db.url}
        )
        self.bot = create_bot(practice_settings, db=db, clock=self.clock)
        self.runner = BotRunner(sb, self.bot)
        self.sb = sb
        await self.runner.start()
        return sb

    async def start(self) -> None:
        sb = await self._start_world()
        hooks = PageHooks(skip=self.skip, reset=self.reset)
        page = PracticePage(
            sb, host=self.settings.practice_host, port=self.settings.practice_port, people=PEOPLE, hooks=hooks
        )
        try:
            await page.start()
        except OSError:
            raise PagePortBusy(self.settings.practice_port) from None
        self.page = page

    async def _stop_world(self) -> None:
        try:
            if self.runner is not None:
                await self.runner.stop()  # also closes the bot and its database
        except Exception:  # a broken practice bot must not stop "Start again" or Ctrl+C
            log.warning("the practice bot stopped with a problem", exc_info=True)
        if self.sb is not None:
            await self.sb.stop()
        self.runner = self.bot = self.sb = None

    async def stop(self) -> None:
        if self.page is not None:
            await self.page.stop()
            self.page = None
        await self._stop_world()

    async def timezone(self) -> ZoneInfo:
        assert self.bot is not None and self.sb is not None
        settings = await self.bot.services.guild_settings.get(self.sb.world.first_guild.id)
        return ZoneInfo(settings.timezone)

    async def skip(self, to: str) -> None:
        """Move the practice clock (the bot's and the stand-in's), then send what became due."""
        async with self._lock:
            assert self.bot is not None and self.sb is not None and self.bot.scheduler is not None
            if to == "hour":
                delta = timedelta(hours=1)
            else:
                zone = await self.timezone()
                now = self.clock.now().astimezone(zone)
                nine = datetime.combine(now.date() + timedelta(days=1), time(9), tzinfo=zone)
                delta = nine - now
            self.clock.advance(delta)
            self.sb.clock.advance(delta.total_seconds())
            await self.bot.scheduler.run_due_now()

    async def reset(self) -> None:
        """Start again: a new practice server and database; every open page reloads."""
        async with self._lock:
            await self._stop_world()
            sb = await self._start_world()
            if self.page is not None:
                self.page.attach(sb)


async def run_practice(settings: Settings, *, port: int = DEFAULT_PORT) -> int:
    """``make run`` without a token: serve the practice page until Ctrl+C."""
    if settings.log_level == "INFO":
        # The page is the output here; the one-line-per-interaction log would only distract.
        logging.getLogger("connect").setLevel(logging.WARNING)
    practice = Practice(settings, port=port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    narrator = Narrator()
    try:
        # Ctrl+C stops at once, even in the middle of starting.
        if await until_stopped(practice.start(), stop):
            assert practice.page is not None
            narrator.say(texts.PRACTICE_OPEN_PAGE.format(url=practice.page.url))
            await stop.wait()
    except PagePortBusy as busy:
        print(texts.PRACTICE_PORT_BUSY.format(port=busy.port), file=sys.stderr)
        return 2
    finally:
        await practice.stop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
    narrator.say(texts.PRACTICE_STOPPED)
    return 0
