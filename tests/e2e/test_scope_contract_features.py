"""The scope contract for the features the first scene (tests/e2e/test_scope_contract.py) does not show.

Riverside members use tasks (a project's list: claim, "do it with me", "I can help", "I need help", ask
someone, done), a thank-you with Me too, check-ins (a mood one and a stand-up, made step by step), /me data,
/report, /setup and /me settings. Every control the bot showed (in Riverside, and in its members' DMs) is
copied onto a bot message in Hillside Makers and pressed there, as in the first scene:

- a control that carries a Riverside row id answers privately "not found" (logged at INFO) and changes no table;
- a control with no row id (``NO_ROW``: it acts on the server it is pressed in, or on the presser) may only act
  on Hillside or on the presser: no row of Riverside, and no other person's row, changes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator, Collection
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from bot import texts
from db.models import Base
from sandbox import Sandbox
from sandbox.views import modal_of
from tests.e2e import test_scope_contract as first
from tests.e2e.conftest import Connect
from tests.e2e.test_checkins import pick_time
from tests.e2e.test_projects import NOW, start_project
from tests.e2e.test_scope_contract import (
    MOVING,
    PICKER,
    B,
    Lines,
    catch_all,
    check_one_answer,
    controls_of,
    modals_of,
    press,
    registered,
    snapshot,
)
from tests.e2e.test_tasks import add_task, card_shows, open_task
from tests.e2e.test_thanks import cards_in, thank

lines = first.lines
TUESDAY_9AM = datetime(2027, 6, 8, 8, 0, 30, tzinfo=UTC)  # 9am in London, the day after NOW
WEDNESDAY_10AM = datetime(2027, 6, 9, 9, 0, 30, tzinfo=UTC)


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """Sam and Priya are members of Hillside too (a time picker answers only the member who opened it:
    they press theirs there); Alex, a lead of Riverside, manages Hillside; Jordan is only in Riverside."""
    async with first.two_servers(("Sam", "Priya"), managers=("Alex",)) as sb:
        yield sb


FEATURES = first.SECOND_SCENE  # the features this scene walks (the first scene leaves them to it)
# Controls with no row of Riverside in their id, each with why pressing it in Hillside may act:
NO_ROW = {
    r"connect:setup:[a-z]+": "the settings of the server pressed in (Hillside), for its leads only",
    r"connect:report:.*": "the report of the server pressed in, for its leads only",
    r"connect:me:.*": "the presser's own settings",
    r"connect:mydata:(copy|delete|keep|stop|start|sure):\d+": "a member's own data, checked against the presser",
    r"connect:tasks:settings(:[a-z]+)?": "the task settings of the server pressed in",
    r"connect:tasks:nudges(:[a-z]+)?": "the presser's own task nudges",
    r"connect:thanks:(set|me|say)(:[a-z0-9]+)*": "the server pressed in (thank-you settings), or the presser's own",
    r"connect:thanks:(pick|mode|for|from)(:[a-z0-9]+)*": "a new thank-you of the presser, in the server pressed in",
    r"connect:checkins:(settings|set)(:[0-9a-z]+)*": "the check-in settings of the server pressed in",
    r"connect:checkins:(nk|qmodal)(:[0-9a-z]+)*": "a new check-in of the server pressed in",
    r"connect:checkins:talk:\d+:\d+": "in a server, offers the leads of the server pressed in (the ids serve a DM)",
    r"connect:pick:.*:(h|days|d|type|back)": "moves around the time picker: reads no row",
}
_NO_ROW = re.compile("|".join(f"(?:{p})" for p in NO_ROW))


async def scene(connect: Connect, sb: Sandbox) -> None:
    """Riverside: settings, a project's task list used by four members, a thank-you, two check-ins, /me."""
    connect.clock.set(NOW)
    morgan, alex, sam, priya, jordan = (sb.member(n) for n in ("Morgan", "Alex", "Sam", "Priya", "Jordan"))
    card = await morgan.slash("setup", channel="general")
    await morgan.select(card, ["Co-production lead"], placeholder=texts.SETUP_PICK_LEAD_ROLE)
    panel = await morgan.click(card, texts.THANKS_SETTINGS_BUTTON)
    await morgan.select(panel, ["celebrations"], placeholder=texts.SETUP_PICK_CELEBRATIONS)
    panel = await alex.click(await alex.slash("setup"), texts.CHECKIN_SETTINGS_BUTTON)
    await alex.select(panel, ["general"], placeholder=texts.CHECKIN_PICK_LEADS_CHANNEL)

    # Tasks: Sam's project list; Priya claims, Jordan asks for a partner, Alex helps, Jordan needs help.
    project = await start_project(sb, "Sam", "Film club", places=None)
    tasks = await sam.click(await sam.click(project, texts.PROJECT_BUTTON_MORE), texts.TASK_BUTTON_TASKS)
    for title in ("Book the room", "Bring the camera", "Make the tea"):
        await add_task(sb, tasks, title)
    await card_shows(sb, "Book the room", "Bring the camera", "Make the tea")
    await priya.click(await open_task(sb, "Priya", "Book the room"), texts.TASK_BUTTON_CLAIM)
    await jordan.click(await open_task(sb, "Jordan", "Bring the camera"), texts.TASK_BUTTON_PARTNER)
    await sb.member("Alex").click(await open_task(sb, "Alex", "Bring the camera"), texts.TASK_BUTTON_CAN_HELP)
    await jordan.click(await open_task(sb, "Jordan", "Bring the camera"), texts.TASK_BUTTON_NEED_HELP)
    manage = await sam.click(await open_task(sb, "Sam", "Make the tea"), texts.TASK_BUTTON_MANAGE)
    await sam.select(manage, ["Priya"], placeholder=texts.TASK_PICK_ASK)
    await sb.wait_for_message(dm_of="Priya", predicate=lambda m: "can you do this task" in m.text)
    await priya.click(await open_task(sb, "Priya", "Book the room"), texts.TASK_BUTTON_DONE)
    await priya.slash("tasks", channel="general")

    # A thank-you, with Me too.
    await thank(sb, "Sam", ["Priya", "Jordan"], "for the tea")
    [thanks] = cards_in(sb, "celebrations")
    await alex.click(thanks, texts.THANKS_BUTTON_ME_TOO)

    # Check-ins, made step by step: a mood one for members, a stand-up in a channel.
    seen = await alex.click(await alex.slash("checkin new"), "Mood, 3 pictures")
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_MEMBERS)
    seen = await alex.select(seen, ["Sam", "Priya"], placeholder=texts.CHECKIN_PICK_MEMBERS_HOLDER)
    seen = await pick_time(alex, seen, "Tuesday", "9am")
    await alex.click(seen, texts.CHECKIN_MAKE_START)
    await alex.click(await alex.slash("checkin new"), "Stand-up questions")
    seen = await alex.submit_modal({"Question 1": "What did you do?"})
    seen = await alex.click(seen, texts.CHECKIN_WHO_PICK_CHANNEL)
    seen = await alex.select(seen, ["general"], placeholder=texts.CHECKIN_PICK_POST_CHANNEL)
    seen = await pick_time(alex, seen, "Wednesday", "10am")
    await alex.click(seen, texts.CHECKIN_MAKE_START)
    await alex.slash("checkin list")
    connect.clock.set(TUESDAY_9AM)  # the mood check-in comes to Sam and Priya; Sam answers
    await connect.run_due()
    [asked] = [m for m in sb.dms_of("Sam") if texts.CHECKIN_QUESTION in m.text]
    await sam.click(asked, "Good")
    connect.clock.set(WEDNESDAY_10AM)  # the stand-up is posted in general; Priya answers in its box
    await connect.run_due()
    post = await sb.wait_for_message(channel="general", predicate=lambda m: texts.CHECKIN_STANDUP_TITLE in m.text)
    await priya.click(post, texts.CHECKIN_ANSWER_STANDUP)
    await priya.submit_modal({"What did you do?": "Made the tea"})

    # My data, the report, and a member's own settings.
    await jordan.slash("me data")
    await jordan.slash("mydata")
    periods = await morgan.slash("report")
    await morgan.click(periods, texts.REPORT_BUTTON_LAST_MONTH)
    await morgan.click(periods, texts.REPORT_BUTTON_PICK_DATES)
    await morgan.submit_modal({texts.REPORT_INPUT_FIRST: "1/5/2027", texts.REPORT_INPUT_LAST: "31/5/2027"})
    for command in ("me timezone", "me task-nudges", "me thanks"):
        await priya.slash(command)


async def riverside_rows(connect: Connect, guild_id: int, presser: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of Riverside (by its server, or through its project, check-in or thank-you), and every
    person's own row but the presser's."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    tables = Base.metadata.tables
    async with connect.database.transaction() as s:

        async def ids(table: str) -> list[int]:
            return list(
                (await s.execute(sa.select(tables[table].c.id).where(tables[table].c.guild_id == guild_id))).scalars()
            )

        parents = {
            "project_id": await ids("projects"),
            "checkin_id": await ids("checkins"),
            "thanks_id": await ids("thanks"),
        }
        sessions = tables["project_sessions"]
        query = sa.select(sessions.c.id).where(sessions.c.project_id.in_(parents["project_id"]))
        parents["session_id"] = list((await s.execute(query)).scalars())
        for table in Base.metadata.sorted_tables:
            if table.name in MOVING:
                continue
            query = sa.select(table)
            if "guild_id" in table.c:
                query = query.where(table.c.guild_id == guild_id)
            elif found := next((column for column in parents if column in table.c), None):
                query = query.where(table.c[found].in_(parents[found]))
            elif "user_id" in table.c:
                query = query.where(table.c.user_id != presser)
            rows[table.name] = sorted((tuple(r) for r in await s.execute(query)), key=repr)
    return rows


async def test_every_feature_control_pressed_in_another_server_changes_nothing_there(
    connect: Connect, sandbox: Sandbox, lines: Lines
) -> None:
    await scene(connect, sandbox)
    connect.clock.set(NOW)  # the picked times are still to come: only the server check may refuse them
    riverside, hillside = sandbox.world.guild("Riverside Community"), sandbox.world.guild(B)
    in_dm = dm_controls(sandbox)
    shown = {**controls_of(sandbox, riverside.id), **in_dm}
    shown = {cid: c for cid, c in shown.items() if cid.startswith(FEATURES) or cid.startswith("connect:pick:")}
    boxes = {cid: m for cid, m in modals_of(sandbox, riverside.id).items() if cid.startswith(FEATURES)}
    assert {cid.split(":")[1] for cid in shown} >= {p.split(":")[1] for p in FEATURES}
    assert {cid.split(":")[1] for cid in boxes} >= {"tasks", "thanks", "checkins"}
    check_one_answer(connect, shown, boxes)

    morgan = sandbox.member("Morgan", guild=B)
    makers = sandbox.world.channel("makers", B)
    problems: list[str] = []
    for cid, component in sorted(shown.items()):
        bound = PICKER.match(cid)
        presser = sandbox.member(int(bound["user"]), guild=B) if bound else morgan
        presser_id = sandbox.user(presser.name).id
        before, theirs = await snapshot(connect), await riverside_rows(connect, riverside.id, presser_id)
        tampered = sandbox.create_message(
            makers,
            sandbox.world.bot,
            {"content": "copy", "components": [{"type": 1, "components": [copy.deepcopy(component)]}]},
        )
        lines.records.clear()
        seen = await press(presser, tampered, component)
        outcomes = await lines.outcomes(hillside.id, cid)
        problems += await judged(connect, cid, seen, outcomes, (before, theirs), riverside.id, presser_id, in_dm)

    opener = {"type": 2, "style": 2, "label": "New", "custom_id": "connect:proj:new:0"}  # a box of Hillside's own
    for cid, raw in sorted(boxes.items()):
        tampered = sandbox.create_message(
            makers, sandbox.world.bot, {"content": "copy", "components": [{"type": 1, "components": [opener]}]}
        )
        assert (await morgan.click(tampered, "New")).modal is not None
        await lines.outcomes(hillside.id, "connect:proj:new")
        morgan_id = sandbox.user("Morgan").id
        before, theirs = await snapshot(connect), await riverside_rows(connect, riverside.id, morgan_id)
        lines.records.clear()
        box = modal_of(raw)
        values = {f.custom_id: f.value or "7" for f in box.fields if f.kind == "text"}
        seen = await morgan.submit_modal(values, modal=box)
        outcomes = await lines.outcomes(hillside.id, cid)
        problems += await judged(connect, cid, seen, outcomes, (before, theirs), riverside.id, morgan_id)
    assert problems == [], "\n".join(problems)


Rows = dict[str, list[tuple[Any, ...]]]


async def judged(
    connect: Connect,
    cid: str,
    seen: Any,
    outcomes: list[str],
    was: tuple[Rows, Rows],
    guild_id: int,
    presser: int,
    in_dm: Collection[str] = (),
) -> list[str]:
    """What is wrong with one press in Hillside (nothing: an empty list)."""
    if not outcomes or "outcome=error" in outcomes[-1]:
        return [f"{cid}: {outcomes}"]
    if _NO_ROW.fullmatch(cid):
        now = await riverside_rows(connect, guild_id, presser)
        return [f"{cid} changed Riverside's {t}" for t in now if now[t] != was[1][t]]
    # A DM's control answers in place (the message it is on), elsewhere privately.
    if not (seen.ephemeral or cid in in_dm) or "outcome=not-found" not in outcomes[-1]:
        return [f"{cid} answered {seen.content!r}: {outcomes[-1]}"]
    now, then = steady(await snapshot(connect)), steady(was[0])
    return [f"{cid} changed {t}: {[r for r in now[t] if r not in then[t]]}" for t in now if now[t] != then[t]]


_GUILD_OF_WORK = list(Base.metadata.tables["scheduled_work"].c.keys()).index("guild_id")


def steady(rows: Rows) -> Rows:
    """Without the bot-wide scheduled work (no server: the retention sweep catching up on its own)."""
    work = [r for r in rows["scheduled_work"] if r[_GUILD_OF_WORK] is not None]
    return {**rows, "scheduled_work": work}


def dm_controls(sb: Sandbox) -> dict[str, dict[str, Any]]:
    """The controls the bot sent Riverside's members in DMs (a task asked of Priya ...)."""
    return controls_of(sb, None)  # type: ignore[arg-type]


async def test_every_feature_template_is_walked(connect: Connect, sandbox: Sandbox) -> None:
    await scene(connect, sandbox)
    riverside = sandbox.world.guild("Riverside Community").id
    shown = [*controls_of(sandbox, riverside), *dm_controls(sandbox), *modals_of(sandbox, riverside)]
    for pattern in registered(connect):
        if pattern.pattern.startswith(FEATURES) and not catch_all(pattern):
            assert any(pattern.fullmatch(cid) for cid in shown), f"no control of the scene matches {pattern.pattern}"
