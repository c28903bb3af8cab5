"""The contract every control keeps: another server's id changes nothing and answers "not found".

The test walks what the real bot registers (every DynamicItem template and every modal listener made with
``modal_listener``) and every control the bot showed in a scene on Riverside Community. Each control is
copied onto a bot message in Hillside Makers (as a tampered client could send it) and pressed there by
Morgan, who owns both servers: owning B must not make her a lead of A (a time picker, which answers only
the member who opened it, is pressed by that member, also in both servers). Every press must answer privately
with "not found" (logged at INFO, never an ERROR) and leave every table as it was.

A new feature's template fails ``test_every_template_is_walked`` until the scene shows one of its controls,
or it is named in ``NOT_IN_SCENE`` with its own cross-server test.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot import texts
from bot.interactions import modal_dispatcher
from db.models import Base
from sandbox import Message, Sandbox, default_world
from sandbox.views import modal_of
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, pick_day_and_time, start_project

# Templates whose feature has its own cross-server e2e or service test, not (yet) this scene.
NOT_IN_SCENE = {
    "connect:tasks:": "tests/e2e/test_tasks.py::test_a_member_of_another_server_cannot_touch_the_tasks",
    "connect:thanks:": "tests/services/thanks (scope tables)",
    "connect:checkins:": "tests/services/checkins (scope tables)",
    "connect:mydata:": "a member's own data: the id is the member's, checked against the presser",
    "connect:report:": "leads only, for the server pressed in: no row id in the custom_id",
    "connect:setup:": "the server pressed in: no row id in the custom_id",
    "connect:me:": "the presser's own settings: no row id in the custom_id",
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
# Answered with the right words but logged as a user error, not "not-found" (left to the feature's owner).
NOT_FOUND_AS_USER_ERROR = {"connect:tasks:list:": texts.TASK_LIST_NOT_FOUND}


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """Riverside Community, plus Hillside Makers: also owned by Morgan, with members and a role."""
    world = default_world()
    hillside = world.add_guild(B, owner=world.user("Morgan"))
    world.add_channel(hillside, "makers", topic="Making things.")
    world.add_member(hillside, world.add_user("Riley"))
    for name in ("Sam", "Priya"):  # also members of Riverside: their own menus are pressed in Hillside too
        world.add_member(hillside, world.user(name))
    world.add_role(hillside, "Makers")
    sb = Sandbox(world=world, heartbeat_interval_ms=5000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


def registered(connect: Connect) -> list[re.Pattern[str]]:
    """Every component template and modal template the running bot answers."""
    assert connect.bot is not None
    return [*connect.bot._connection._view_store._dynamic_items, *modal_dispatcher(connect.bot).templates()]


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
    for button in (texts.PROJECT_BUTTON_ADD_ORGANISER, texts.PROJECT_BUTTON_CANCEL, texts.PROJECT_BUTTON_EDIT):
        await sam.click(more, button)  # the last one opens the typing box of the details
    places = await sam.click(more, texts.PROJECT_BUTTON_PLACES)
    await sam.select(places, [texts.PROJECT_PLACES_TYPE], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
    await sam.click(more, texts.PROJECT_BUTTON_TICK)  # too early: says so, shows no menu
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
    patterns = registered(connect)
    for cid in [*shown, *boxes]:
        assert sum(1 for p in patterns if p.fullmatch(cid)) == 1, f"{cid} must match exactly one template"

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
        known = next((text for prefix, text in NOT_FOUND_AS_USER_ERROR.items() if cid.startswith(prefix)), None)
        if known is not None:
            assert seen.content == known and outcomes and "outcome=user-error" in outcomes[-1], cid
        else:
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
    pick = {5: "Riley", 6: "Makers", 7: "makers"}[kind]
    return await member.select(message, [pick], custom_id=cid)


async def test_every_template_is_walked(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    await scene(sandbox)
    riverside = sandbox.world.guild("Riverside Community").id
    shown = [*controls_of(sandbox, riverside), *modals_of(sandbox, riverside)]
    for pattern in registered(connect):
        if any(pattern.pattern.startswith(prefix) for prefix in NOT_IN_SCENE):
            continue
        walked = any(pattern.fullmatch(cid) for cid in shown)
        assert walked or "(?!" in pattern.pattern, f"no control of the scene matches {pattern.pattern}"


@pytest.mark.parametrize("custom_id", ["connect:proj:frobnicate:1", "connect:rem:frobnicate:1", "connect:rem:x:1:y"])
async def test_an_unknown_action_is_answered_quietly_at_info(
    connect: Connect, sandbox: Sandbox, lines: Lines, custom_id: str
) -> None:
    made_up = {"type": 2, "style": 2, "label": "Press", "custom_id": custom_id}
    row = {"type": 1, "components": [made_up]}
    message = sandbox.create_message(
        sandbox.world.channel("general"), sandbox.world.bot, {"content": "?", "components": [row]}
    )
    seen = await sandbox.member("Priya").click(message, custom_id)
    assert seen.ephemeral and seen.content == texts.BUTTON_OLD
    outcomes = await lines.outcomes(sandbox.world.guild().id)
    assert [r for r in lines.records if r.levelno >= logging.WARNING] == []
    assert outcomes and any("outcome=not-found" in r.getMessage() and r.levelno == logging.INFO for r in lines.records)
