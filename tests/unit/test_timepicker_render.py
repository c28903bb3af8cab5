"""The time picker's cards obey Discord's limits, and every custom_id comes back as the same step.

Tests that build views are async: discord.py can only stop a view (so it keeps no copy) inside a loop.

The last part drives the picker's handler with a stand-in interaction (no Discord): what each press does.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import discord
import pytest

from bot import texts
from bot import timechoices as tc
from bot.render import timepicker as tp
from bot.render.timepicker import PickState
from bot.timeparse import MAX_TEXT
from cogs import _timepicker as picker

LONDON = "Europe/London"
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # Monday 1 June, 10am in London
LONGEST = PickState("abcdefghijkl", 2**63 - 1, 2**64 - 1)
SHORT = PickState("remind", 7, 0)

MAX_ROWS = 5
MAX_BUTTONS_A_ROW = 5
MAX_OPTIONS = 25
MAX_LABEL = 80
MAX_PLACEHOLDER = 150


def rows(view: discord.ui.View) -> list[list[dict[str, Any]]]:
    return [row["components"] for row in view.to_components()]


def controls(view: discord.ui.View) -> list[dict[str, Any]]:
    return [c for row in rows(view) for c in row]


def check_limits(view: discord.ui.View) -> None:
    """What Discord refuses: too many rows, buttons, options; ids and labels too long; ids twice."""
    assert view.is_finished(), "a frozen view: discord.py keeps no copy"
    assert 0 < len(rows(view)) <= MAX_ROWS
    for row in rows(view):
        selects = [c for c in row if c["type"] == discord.ComponentType.select.value]
        assert len(row) <= MAX_BUTTONS_A_ROW
        assert not selects or len(row) == 1, "a menu fills its row"
    ids = [c["custom_id"] for c in controls(view)]
    assert len(ids) == len(set(ids))
    for c in controls(view):
        assert len(c["custom_id"]) <= 100
        assert re.fullmatch(tp.TEMPLATE, c["custom_id"]), c["custom_id"]
        if "label" in c:
            assert 0 < len(c["label"]) <= MAX_LABEL
        if c["type"] == discord.ComponentType.select.value:
            assert 0 < len(c["options"]) <= MAX_OPTIONS
            assert len(c.get("placeholder", "")) <= MAX_PLACEHOLDER
            values = [o["value"] for o in c["options"]]
            assert len(values) == len(set(values))
            for option in c["options"]:
                assert 0 < len(option["label"]) <= MAX_LABEL
                assert len(option["value"]) <= 100


def states(view: discord.ui.View) -> list[PickState | None]:
    return [tp.parse_state(c["custom_id"]) for c in controls(view)]


# ---------------------------------------------------------------- custom_ids


@pytest.mark.parametrize("base", [SHORT, LONGEST], ids=["short", "longest"])
@pytest.mark.parametrize(
    ("step", "arg"),
    [
        ("h", None),
        ("at", 99_999_999_999),
        ("days", None),
        ("d", None),
        ("t", 3),
        ("type", None),
        ("typed", None),
        ("back", None),
        ("x", None),
    ],
)
def test_custom_id_round_trips(base: PickState, step: str, arg: int | None) -> None:
    state = base.to(step, arg)
    cid = state.custom_id()
    assert len(cid) <= 100
    assert tp.parse_state(cid) == state
    # Components answer to TimePickerItem's template; the typing box to the modal's.
    template = tp.MODAL_TEMPLATE if step == "typed" else tp.TEMPLATE
    other = tp.TEMPLATE if step == "typed" else tp.MODAL_TEMPLATE
    assert re.fullmatch(template, cid)
    assert not re.fullmatch(other, cid)
    assert re.fullmatch(picker.TimePickerItem.__discord_ui_compiled_template__, cid) or step == "typed"


@pytest.mark.parametrize(
    "cid",
    [
        "connect:pick:remind:7:0:h:5",  # no arg for h
        "connect:pick:remind:7:0:at",  # at needs one
        "connect:pick:Remind:7:0:h",
        "connect:pick:remind:-7:0:h",
        "connect:pick:remind:7:0:nope",
        "connect:pick:remind:99999999999999999999:0:h",  # ref too big for the database
        "connect:setup:tz",
        "connect:pick:remind:7:0:h:",
    ],
)
def test_foreign_or_broken_ids_are_not_the_pickers(cid: str) -> None:
    assert tp.parse_state(cid) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"purpose": "Remind"},
        {"purpose": "remind1"},
        {"purpose": ""},
        {"purpose": "abcdefghijklm"},
        {"ref": -1},
        {"ref": 2**63},
        {"user_id": 2**64},
        {"step": "zz"},
        {"step": "at"},
        {"step": "h", "arg": 1},
    ],
)
def test_bad_states_are_refused(kwargs: dict[str, Any]) -> None:
    values: dict[str, Any] = {"purpose": "remind", "ref": 1, "user_id": 0, "step": "h", "arg": None}
    values.update(kwargs)
    with pytest.raises(ValueError):
        PickState(**values)


# ---------------------------------------------------------------- the first step


@pytest.mark.parametrize("cancel", [True, False])
@pytest.mark.parametrize("base", [SHORT, LONGEST], ids=["short", "longest"])
async def test_first_step(base: PickState, cancel: bool) -> None:
    view = tp.first_step_view(base, tc.quick_choices(NOW, LONDON), cancel=cancel)
    check_limits(view)
    [first_row] = rows(view)  # one row: at most five choices at once
    labels = ["In 1 hour", "This evening, 6pm", "Tomorrow morning, 9am", "Pick a day"]
    assert [c["label"] for c in first_row] == labels + (["Cancel"] if cancel else [])
    assert states(view)[:4] == [
        base.to("h"),
        base.to("at", int(datetime(2026, 6, 1, 17, 0, tzinfo=UTC).timestamp())),
        base.to("at", int(datetime(2026, 6, 2, 8, 0, tzinfo=UTC).timestamp())),
        base.to("days"),
    ]
    if cancel:
        assert first_row[4]["emoji"]["name"] == "❌"
        assert states(view)[4] == base.to("x")


async def test_refused_time_leads_on() -> None:
    typed = tp.ways_on(SHORT, typed=True)
    assert [w.label for w in typed] == ["Try again", "Pick a time"]
    assert [tp.parse_state(w.custom_id) for w in typed] == [SHORT.to("type"), SHORT.to("back")]
    assert [w.label for w in tp.ways_on(SHORT, typed=False)] == ["Pick a time"]


async def test_first_step_after_six_says_tomorrow_evening() -> None:
    late = datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
    view = tp.first_step_view(SHORT, tc.quick_choices(late, LONDON), cancel=False)
    assert rows(view)[0][1]["label"] == "Tomorrow evening, 6pm"
    assert states(view)[1] == SHORT.to("at", int(datetime(2026, 6, 2, 17, 0, tzinfo=UTC).timestamp()))


async def test_first_step_card_keeps_the_features_prompt() -> None:
    card = tp.first_step_card("When is it?", SHORT, tc.quick_choices(NOW, LONDON), cancel=False)
    assert card.content == "When is it?"
    assert card.view is not None


# ---------------------------------------------------------------- days and times


async def test_day_step() -> None:
    days = tc.offered_days(NOW, LONDON)
    view = tp.day_step_view(LONGEST, days, date(2026, 6, 1), cancel=True)
    check_limits(view)
    menu = rows(view)[0][0]
    labels = [o["label"] for o in menu["options"]]
    assert labels[:3] == ["Today, Monday 1 June", "Tomorrow, Tuesday 2 June", "Wednesday 3 June"]
    assert len(labels) == 14
    assert menu["options"][0]["value"] == "2026-06-01"
    assert [c["label"] for c in rows(view)[1]] == ["Type a time", "Back", "Cancel"]
    assert states(view) == [LONGEST.to("d"), LONGEST.to("type"), LONGEST.to("back"), LONGEST.to("x")]


@pytest.mark.parametrize(
    ("zone", "day", "now", "menus"),
    [
        (LONDON, date(2026, 6, 1), None, ["usual", "early", "late"]),
        (LONDON, date(2026, 6, 1), datetime(2026, 6, 1, 9, 0, tzinfo=UTC), ["usual", "late"]),
        (LONDON, date(2026, 6, 1), datetime(2026, 6, 1, 21, 0, tzinfo=UTC), ["late"]),  # 10pm
        (LONDON, date(2026, 3, 29), None, ["usual", "early", "late"]),
        (LONDON, date(2026, 10, 25), None, ["usual", "early", "late"]),
        ("Pacific/Easter", date(2027, 4, 3), None, ["usual", "usual", "early", "late"]),
        ("Asia/Kathmandu", date(2026, 6, 1), None, ["usual", "early", "late"]),
    ],
)
async def test_time_step(zone: str, day: date, now: datetime | None, menus: list[str]) -> None:
    slots = tc.day_slots(day, zone, now)
    groups = tc.slot_groups(slots)
    days = [day + timedelta(days=i) for i in range(14)]
    view = tp.time_step_view(LONGEST, day, days, day, groups, cancel=True)
    check_limits(view)
    time_menus = [c for c in controls(view) if c["custom_id"].startswith(LONGEST.to("t", 0).custom_id()[:-1])]
    assert [tp.parse_state(c["custom_id"]) for c in time_menus] == [LONGEST.to("t", n) for n in range(len(menus))]
    assert [c["placeholder"] for c in time_menus] == [tp.group_placeholder(kind) for kind in menus]
    # Every slot is reachable, once, and its value is the exact moment.
    values = [int(o["value"]) for c in time_menus for o in c["options"]]
    assert sorted(values) == [int(s.when_utc.timestamp()) for s in slots]
    day_menus = [c for c in controls(view) if c["custom_id"] == LONGEST.to("d").custom_id()]
    if len(menus) < tp.MAX_TIME_MENUS:
        assert [o["value"] for o in day_menus[0]["options"] if o.get("default")] == [day.isoformat()]
    else:
        assert day_menus == []  # no room: Back leads to the days
    assert [c["label"] for c in rows(view)[-1]] == ["Back", "Cancel"]


async def test_time_labels_and_the_repeated_hour() -> None:
    groups = tc.slot_groups(tc.day_slots(date(2026, 10, 25), LONDON))
    view = tp.time_step_view(SHORT, date(2026, 10, 25), [date(2026, 10, 25)], date(2026, 10, 24), groups, cancel=False)
    menus = [c for c in controls(view) if c["type"] == discord.ComponentType.select.value]
    usual, early, late = menus[1:]
    assert [o["label"] for o in usual["options"]][:3] == ["9am", "9:30am", "10am"]
    assert usual["options"][-1]["label"] == "9pm"
    assert [o["label"] for o in early["options"]][:6] == [
        "12am",
        "12:30am",
        "1am, before the clocks go back",
        "1:30am, before the clocks go back",
        "1am, after the clocks go back",
        "1:30am, after the clocks go back",
    ]
    assert [o["label"] for o in late["options"]] == ["9:30pm", "10pm", "10:30pm", "11pm", "11:30pm"]
    assert usual["placeholder"] == "Pick a time from 9am to 9pm"
    assert early["placeholder"] == "Pick an early time, before 9am"
    assert late["placeholder"] == "Pick a late time, after 9pm"
    # The day menu says "Tomorrow" (today is the 24th) and the chosen day is marked.
    assert menus[0]["options"][0]["label"] == "Tomorrow, Sunday 25 October"
    assert menus[0]["options"][0].get("default") is True


async def test_time_step_keeps_a_chosen_day_that_left_the_list() -> None:
    groups = tc.slot_groups(tc.day_slots(date(2026, 6, 20), LONDON))
    days = [date(2026, 6, 1) + timedelta(days=i) for i in range(14)]
    view = tp.time_step_view(SHORT, date(2026, 6, 20), days, date(2026, 6, 1), groups, cancel=False)
    check_limits(view)
    options = controls(view)[0]["options"]
    assert len(options) == 15 and options[-1]["value"] == "2026-06-20" and options[-1]["default"]


# ---------------------------------------------------------------- typing box


async def test_type_modal() -> None:
    modal = tp.type_modal(LONGEST, MAX_TEXT)
    assert modal.is_finished(), "stopped: discord.py keeps no copy; the listener answers it"
    payload = modal.to_dict()
    assert len(payload["title"]) <= 45
    assert tp.parse_state(payload["custom_id"]) == LONGEST.to("typed")
    assert re.fullmatch(tp.MODAL_TEMPLATE, payload["custom_id"])
    inputs = [c for row in payload["components"] for c in row.get("components", [row.get("component")])]
    (box,) = [c for c in inputs if c and c.get("custom_id") == tp.WHEN_INPUT_ID]
    assert box["max_length"] == MAX_TEXT
    assert len(box["label"]) <= 45 and len(box["placeholder"]) <= 100


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            {"components": [{"type": 1, "components": [{"type": 4, "custom_id": "when", "value": "friday 3pm"}]}]},
            "friday 3pm",
        ),
        (
            {"components": [{"type": 18, "component": {"type": 4, "custom_id": "when", "value": "tomorrow 9am"}}]},
            "tomorrow 9am",
        ),
        ({"components": [{"type": 1, "components": [{"type": 4, "custom_id": "other", "value": "x"}]}]}, ""),
        ({}, ""),
        (None, ""),
    ],
)
def test_typed_text(data: dict[str, Any] | None, text: str) -> None:
    assert tp.typed_text(data) == text


def test_every_picker_text_is_short_enough_for_a_button() -> None:
    for name in dir(texts):
        if name.startswith("TIMEPICK_"):
            assert len(getattr(texts, name)) <= MAX_LABEL, name
