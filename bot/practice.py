"""Practice mode: ``make run`` without a Discord token.

Starts the local Discord stand-in (sandbox/) and the real bot connected to it, plays a short scene as
members of the practice server, prints it as a conversation, then keeps both running so a person can
try commands by typing lines like ``Sam /setup`` or ``Sam click Join``.

Each feature adds its moment to the scene in ``SCENE`` below.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot import texts
from bot.app import create_bot
from bot.settings import Settings
from db import migrate
from db.engine import Database
from sandbox import Message, Sandbox, Seen, default_world
from sandbox.discord_client import BotRunner

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


async def console(sb: Sandbox, narrator: Narrator, stream: TextIO) -> None:
    """Lines like: Sam /setup | Sam /me timezone zone=Europe/Paris | Sam click Join | Sam select Europe/Paris."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        try:
            words = shlex.split(line)
        except ValueError:
            narrator.say(texts.PRACTICE_CONSOLE_HELP)
            continue
        if len(words) < 2:
            if words:
                narrator.say(texts.PRACTICE_CONSOLE_HELP)
            continue
        who, verb, rest = words[0], words[1], words[2:]
        try:
            actor = sb.member(who)
            if verb.startswith("/"):
                options = dict(w.split("=", 1) for w in rest if "=" in w)
                command = " ".join([verb[1:], *[w for w in rest if "=" not in w]])
                seen = await actor.slash(command, **options)
            elif verb == "click" and who in narrator.last_seen:
                seen = await actor.click(narrator.last_seen[who], " ".join(rest))
            elif verb == "select" and who in narrator.last_seen:
                seen = await actor.select(narrator.last_seen[who], rest)
            elif verb == "form":
                seen = await actor.submit_modal(dict(w.split("=", 1) for w in rest if "=" in w))
            else:
                narrator.say(texts.PRACTICE_CONSOLE_HELP)
                continue
            narrator.shows(who, seen)
        except Exception as exc:  # a practice console must never stop on a typing mistake
            narrator.say(texts.PRACTICE_CONSOLE_FAILED.format(problem=str(exc)[:200]))


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


async def run_practice(settings: Settings, *, port: int = DEFAULT_PORT, stream: TextIO | None = None) -> int:
    narrator = Narrator()
    if settings.log_level == "INFO":
        # The conversation is the output here; the one-line-per-interaction log would drown it.
        logging.getLogger("connect").setLevel(logging.WARNING)
    fresh_practice_database()
    db = Database(f"sqlite+aiosqlite:///{PRACTICE_DB}")
    await migrate.upgrade(db.engine)

    sb = Sandbox(world=default_world(), port=port)
    try:
        await sb.start()
    except OSError:
        sb = Sandbox(world=default_world(), port=0)  # the usual port is taken: any free one will do
        await sb.start()
    practice_settings = settings.model_copy(
        update={
            "discord_api_base": sb.api_base,
            "discord_gateway_url": sb.gateway_url,
            "database_url": db.url,
        }
    )
    bot = create_bot(practice_settings, db=db)
    runner = BotRunner(sb, bot)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await runner.start()
        narrator.sb = sb
        # Ctrl+C stops at once, even in the middle of the scene (it waits a minute for a reminder).
        if await until_stopped(play_scene(sb, narrator), stop):
            narrator.say(texts.PRACTICE_HOW_TO_ACT)
            narrator.say(texts.PRACTICE_URLS.format(api=sb.api_base, gateway=sb.gateway_url, token=sb.token))
            narrator.say(texts.PRACTICE_REAL_DISCORD)
            if stream is not None or sys.stdin.isatty():
                await until_stopped(console(sb, narrator, stream or sys.stdin), stop)
            else:
                await stop.wait()
    finally:
        await runner.stop()
        await sb.stop()
    narrator.say(texts.PRACTICE_STOPPED)
    return 0
