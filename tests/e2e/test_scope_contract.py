"""The contract every control keeps: another server's id changes nothing and answers "not found".

The test walks what the real bot registers (every DynamicItem template and every modal listener made with
``modal_listener``) and every control the bot showed in a scene on Riverside Community. Each control is
copied onto a bot message in Hillside Makers (as a tampered client could send it) and pressed there by
Morgan, who owns both servers: owning B must not make her a lead of A (a time picker, which answers only
the member who opened it, is pressed by that member, also in both servers). Every press must answer privately
with "not found" (logged at INFO, never an ERROR) and leave every table as it was.

A new feature's template fails ``test_every_template_is_walked`` until the scene shows one of its controls
(or the second scene's, for the features in ``SECOND_SCENE``), or it is named in ``NOT_IN_SCENE`` with its
own cross-server test. Every made-up id is answered as an old button by the catch-alls of cogs/_unknown.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot import texts
from bot.interactions import modal_dispatcher
from cogs._unknown import FEATURES
from db.models import Base
from sandbox import Message, Sandbox, default_world
from sandbox.permissions import MANAGE_GUILD
from sandbox.views import modal_of
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, pick_day_and_time, start_project

# The features the second scene walks (tests/e2e/test_scope_contract_features.py), each pressed there.
SECOND_SCENE = (
    "connect:tasks:",
    "connect:thanks:",
    "connect:checkins:",
    "connect:mydata:",
    "connect:report:",
    "connect:setup:",
    "connect:me:",
)
# Templates neither scene shows, each with why and the test that covers it.
NOT_IN_SCENE = {
    "connect:rem:chan": "only where the bot may not post: tests/e2e/test_channel_access.py (draft read by scope)",
}
# Controls that read no row of Riverside: pressed in Hillside they act on Hillside (a new project there),
# only close the panel ("Nothing changed."), or move around the time picker (a pick or Cancel reads the row).
NO_ROW = re.compile(
    r"connect:(proj:(new:0|list:\d+|organise:\d+:keep|form:new:0)|rem:(new:0|page:\d+|keep:0)"
    r"|pick:.*:(h|days|d|type|back))$"
)
PICKER = re.compile(r"connect:pick:[a-z]+:\d+:(?P<user>\d+):")
# Tables the running bot changes on its own (heartbeats, the shared send budget).
MOVING = {"processes", "rate_budget"}
B = "Hillside Makers"


@contextlib.asynccontextmanager
async def two_servers(members: Iterable[str], managers: Iterable[str] = ()) -> AsyncIterator[Sandbox]:
    """Riverside Community, plus Hillside Makers: also owned by Morgan, with Riley, a role, some of
    Riverside's members, and ``managers``: members of Riverside who manage Hillside (leads there only)."""
    world = default_world()
    hillside = world.add_guild(B, owner=world.user("Morgan"))
    world.add_channel(hillside, "makers", topic="Making things.")
    world.add_member(hillside, world.add_user("Riley"))
    for name in members:
        world.add_member(hillside, world.user(name))
    world.add_role(hillside, "Makers")
    managing = world.add_role(hillside, "Managers", permissions=MANAGE_GUILD)
    for name in managers:
        world.add_member(hillside, world.user(name), roles=[managing])
    sb = Sandbox(world=world, heartbeat_interval_ms=5000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with two_servers(("Sam", "Priya")) as sb:  # their own menus are pressed in Hillside too
        yield sb


def items_of(connect: Connect) -> list[re.Pattern[str]]:
    """Every component template (DynamicItem) the running bot answers, catch-alls too."""
    assert connect.bot is not None
    return list(connect.bot._connection._view_store._dynamic_items)


def boxes_of(connect: Connect) -> list[re.Pattern[str]]:
    """Every modal template the running bot answers through its one modal dispatcher, catch-alls too."""
    assert connect.bot is not None
    return list(modal_dispatcher(connect.bot).templates())


def registered(connect: Connect) -> list[re.Pattern[str]]:
    return [*items_of(connect), *boxes_of(connect)]


def catch_all(pattern: re.Pattern[str]) -> bool:
    """The catch-alls of cogs/_unknown.py: "anything of ours that no other template matches"."""
    return "(?!" in pattern.pattern


def check_one_answer(connect: Connect, controls: Iterable[str], boxes: Iterable[str]) -> None:
    """Every control matches exactly one template; no catch-all takes a real typing box (some features'
    box listeners are plain functions, so a box may match no template seen here)."""
    items, listeners = items_of(connect), boxes_of(connect)
    for cid in controls:
        assert sum(1 for p in items if p.fullmatch(cid)) == 1, f"{cid} must match exactly one template"
    for cid in boxes:
        found = [p for p in listeners if p.fullmatch(cid)]
        assert len(found) <= 1 and not any(catch_all(p) for p in found), f"{cid} must match one template"


def leaves(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        if component.get("custom_id") and component.get("type") != 1:
            yield component
        yield from leaves(component.get("components") or [])


def controls_of(sb: Sandbox, guild_id: int) -> dict[str, dict[str, Any]]:
    """Every control the bot showed in a server, by custom_id (every version of each message)."""
    found: dict[str, dict[str, Any]] = {}
    for message in sb.world.messages.values():
        if message.author.id == sb.world.bot.id and message.guild_id == guild_id:
            versions = [message.components, *(old.get("components") or [] for old in message.history)]
            for components in versions:
                for component in leaves(components):
                    found.setdefault(component["custom_id"], component)
    return found


def modals_of(sb: Sandbox, guild_id: int) -> dict[str, dict[str, Any]]:
    """Every typing box (modal) the bot showed in a server, by custom_id."""
    shown = [i.modal for i in sb.world.interactions.values() if i.modal and i.guild_id == guild_id]
    return {m["custom_id"]: m for m in shown}


async def snapshot(connect: Connect) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with connect.database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in MOVING:
                result = await session.execute(sa.select(table))
                rows[table.name] = sorted((tuple(r) for r in result), key=repr)
    return rows


async def scene(sb: Sandbox) -> None:
    """Riverside: a project with its organiser's panels, and a reminder about it, made with buttons only."""
    sam, priya = sb.member("Sam"), sb.member("Priya")
    card = await start_project(sb, "Sam", "Film club", places=None)
    await priya.click(card, texts.PROJECT_BUTTON_COMING)
    more = await sam.click(await sam.click(card, texts.PROJECT_BUTTON_MORE), texts.PROJECT_BUTTON_ORGANISE)
    more = await sam.click(more, texts.PROJECT_BUTTON_MORE_CHOICES)  # the rest of the organiser's choices
    for button in (texts.PROJECT_BUTTON_ADD_ORGANISER, texts.PROJECT_BUTTON_CANCEL):
        await sam.click(more, button)
    places = await sam.click(more, texts.PROJECT_BUTTON_PLACES)
    await sam.select(places, [texts.PROJECT_PLACES_TYPE], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    await sam.click(more, texts.PROJECT_BUTTON_TICK)  # too early: says so, shows no menu
    more = await sam.click(more, texts.PROJECT_BUTTON_BACK_TO_MORE)  # the first view
    await sam.click(more, texts.PROJECT_BUTTON_EDIT)  # opens the typing box of the details
    await sam.slash("project list", channel="projects")
    for text in ("bring snacks", "bring a cushion"):
        box = await priya.click(await priya.click(card, texts.PROJECT_BUTTON_MORE), texts.REMIND_BUTTON)
        assert box.modal is not None
        draft = await priya.submit_modal({texts.REMIND_MODAL_LABEL: text})
        await priya.click(draft, texts.REMIND_REPEAT_LABELS["typed"])  # the typing box of a repeat
        picker = await priya.click(draft, texts.REMIND_PICK_TIME)
        days = await priya.click(picker, texts.TIMEPICK_PICK_DAY)
        await priya.click(days, texts.TIMEPICK_TYPE_TIME)  # the picker's typing box (next to the days)
        await priya.click(days, texts.TIMEPICK_BACK)
        await pick_day_and_time(sb, "Priya", picker, NOW.date() + timedelta(days=1), "6pm")
    listed = await priya.slash("reminders", channel="general")
    await priya.select(listed, ["1. bring snacks", "2. bring a cushion"], placeholder=texts.REMIND_LIST_PICK_MANY)


class Lines(logging.Handler):
    """The bot's log records (its loggers may not reach pytest's capture)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    async def outcomes(self, guild_id: int, custom_id: str = "") -> list[str]:
        """The interaction lines of a server (and control): written just after the answer, so wait for one."""
        name = ":".join(custom_id.split(":")[:3])
        for _ in range(100):
            found = [r.getMessage() for r in self.records if r.name == "connect.interactions"]
            if found := [line for line in found if f"guild={guild_id} " in line and f" {name}" in line]:
                return found
            await asyncio.sleep(0.05)
        return []


@pytest.fixture
def lines() -> Iterator[Lines]:
    handler, logger = Lines(), logging.getLogger("connect")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_every_control_of_a_server_pressed_in_another_changes_nothing(
    connect: Connect, sandbox: Sandbox, lines: Lines
) -> None:
    connect.clock.set(NOW)
    await scene(sandbox)
    riverside, hillside = sandbox.world.guild("Riverside Community"), sandbox.world.guild(B)
    shown = {cid: c for cid, c in controls_of(sandbox, riverside.id).items() if not NO_ROW.match(cid)}
    boxes = {cid: m for cid, m in modals_of(sandbox, riverside.id).items() if not NO_ROW.match(cid)}
    assert {cid.split(":")[1] for cid in boxes} >= {"proj", "rem", "pick"}
    assert any(cid.startswith("connect:proj:organise:") for cid in shown) and any(":rem:" in cid for cid in shown)
    check_one_answer(connect, shown, boxes)

    morgan = sandbox.member("Morgan", guild=B)
    makers = sandbox.world.channel("makers", B)
    before = await snapshot(connect)
    for cid, component in sorted(shown.items()):
        tampered = sandbox.create_message(
            makers,
            sandbox.world.bot,
            {"content": "copy", "components": [{"type": 1, "components": [copy.deepcopy(component)]}]},
        )
        lines.records.clear()
        # A time picker answers only the member who opened it: that member presses it in Hillside.
        bound = PICKER.match(cid)
        presser = sandbox.member(int(bound["user"]), guild=B) if bound else morgan
        seen = await press(presser, tampered, component)
        assert seen.ephemeral, cid
        outcomes = await lines.outcomes(hillside.id, cid)
        assert outcomes and "outcome=not-found" in outcomes[-1], (cid, outcomes, seen.content)
        assert await snapshot(connect) == before, f"{cid} pressed in {B} changed a table"

    opener = {"type": 2, "style": 2, "label": "New", "custom_id": "connect:proj:new:0"}  # a box of Hillside's own
    for cid, raw in sorted(boxes.items()):
        bound = PICKER.match(cid)
        presser = sandbox.member(int(bound["user"]), guild=B) if bound else morgan
        tampered = sandbox.create_message(
            makers, sandbox.world.bot, {"content": "copy", "components": [{"type": 1, "components": [opener]}]}
        )
        lines.records.clear()
        assert (await presser.click(tampered, "New")).modal is not None
        await lines.outcomes(hillside.id, "connect:proj:new")  # the opener's own line
        lines.records.clear()
        box = modal_of(raw)
        # What A's box held, else text read well: only the server check may refuse it.
        typed = "tomorrow at 7pm" if bound else "7"
        values = {f.custom_id: f.value or typed for f in box.fields if f.kind == "text"}
        seen = await presser.submit_modal(values, modal=box)
        outcomes = await lines.outcomes(hillside.id, cid)
        assert seen.ephemeral and outcomes and "outcome=not-found" in outcomes[-1], (cid, outcomes, seen.content)
        assert await snapshot(connect) == before, f"{cid} submitted in {B} changed a table"


async def press(member: Any, message: Message, component: dict[str, Any]) -> Any:
    cid = component["custom_id"]
    kind = component["type"]
    if kind == 2:
        return await member.click(message, cid)
    if kind == 3:
        options = [o["value"] for o in component.get("options") or []]
        return await member.select(message, options[: max(1, int(component.get("min_values") or 1))], custom_id=cid)
    pick = {5: "Riley", 6: "Makers", 7: "makers", 8: "makers"}[kind]
    return await member.select(message, [pick], custom_id=cid)


async def test_every_template_is_walked(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    await scene(sandbox)
    riverside = sandbox.world.guild("Riverside Community").id
    shown = [*controls_of(sandbox, riverside), *modals_of(sandbox, riverside)]
    for pattern in registered(connect):
        if pattern.pattern.startswith((*SECOND_SCENE, *NOT_IN_SCENE)):
            continue
        walked = any(pattern.fullmatch(cid) for cid in shown)
        assert walked or catch_all(pattern), f"no control of the scene matches {pattern.pattern}"


# A made-up action for every feature (and for a feature we do not have): answered as an old button.
MADE_UP = [
    *(f"connect:{prefix}:frobnicate:1" for prefix in FEATURES),
    "connect:rem:x:1:y",
    "connect:proj:join:1:a:b:c",  # a known action with too many details
    "connect:tasks:do:x",  # a known action with a word where the id goes
    "connect:setup:frobnicate",
    "connect:me:tz:1",
    "connect:nosuchthing:frobnicate:1",
    "connect:",
    # Known actions with ids no row could have (past the database's whole numbers): old, never an ERROR.
    "connect:mydata:copy:" + "9" * 20,
    "connect:thanks:metoo:" + "9" * 30,
    "connect:thanks:say:project:" + "9" * 30,
]
MADE_UP_BOXES = [
    *(f"connect:{prefix}:frobnicate:1" for prefix in FEATURES),
    "connect:proj:form:frob:1",
    "connect:nosuchthing:box:1",
    "connect:thanks:modal:" + "9" * 40,
    "connect:tasks:form:edit:" + "9" * 19,
    "connect:checkins:sumodal:" + "9" * 19 + ":20270503",
]


async def quietly_old(lines: Lines, guild_id: int, seen: Any) -> None:
    assert seen.ephemeral and seen.content == texts.BUTTON_OLD, seen.content
    assert await lines.outcomes(guild_id)
    assert [r for r in lines.records if r.levelno >= logging.WARNING] == []
    assert any("outcome=not-found" in r.getMessage() and r.levelno == logging.INFO for r in lines.records)


@pytest.mark.parametrize("custom_id", MADE_UP)
async def test_an_unknown_action_is_answered_quietly_at_info(
    connect: Connect, sandbox: Sandbox, lines: Lines, custom_id: str
) -> None:
    made_up = {"type": 2, "style": 2, "label": "Press", "custom_id": custom_id}
    row = {"type": 1, "components": [made_up]}
    message = sandbox.create_message(
        sandbox.world.channel("general"), sandbox.world.bot, {"content": "?", "components": [row]}
    )
    assert sum(1 for p in items_of(connect) if p.fullmatch(custom_id)) == 1, custom_id
    await quietly_old(lines, sandbox.world.guild().id, await sandbox.member("Priya").click(message, custom_id))


@pytest.mark.parametrize("custom_id", MADE_UP_BOXES)
async def test_an_unknown_typing_box_is_answered_quietly_at_info(
    connect: Connect, sandbox: Sandbox, lines: Lines, custom_id: str
) -> None:
    opener = {"type": 2, "style": 2, "label": "New", "custom_id": "connect:proj:new:0"}
    message = sandbox.create_message(
        sandbox.world.channel("general"),
        sandbox.world.bot,
        {"content": "?", "components": [{"type": 1, "components": [opener]}]},
    )
    priya = sandbox.member("Priya")
    assert (await priya.click(message, "New")).modal is not None
    await lines.outcomes(sandbox.world.guild().id, "connect:proj:new")
    lines.records.clear()
    field = {"type": 4, "custom_id": "text", "label": "Text", "style": 1, "required": False}
    box = modal_of({"custom_id": custom_id, "title": "?", "components": [{"type": 1, "components": [field]}]})
    await quietly_old(lines, sandbox.world.guild().id, await priya.submit_modal({"text": "hello"}, modal=box))
