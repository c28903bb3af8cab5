"""The time picker's handler with a stand-in interaction: picks, refusals and the typing box."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.render import timepicker as tp
from bot.render.timepicker import PickState
from cogs import _timepicker as picker
from tests.unit.test_timepicker_render import LONDON, NOW, check_limits, controls, states

# ---------------------------------------------------------------- the handler, with a stand-in interaction


class FakeResponse:
    def __init__(self) -> None:
        self.edits: list[dict[str, Any]] = []
        self.modals: list[discord.ui.Modal] = []
        self.sent: list[tuple[str, bool]] = []
        self.views: list[discord.ui.View | None] = []
        self.embeds: list[discord.Embed | None] = []

    def is_done(self) -> bool:
        return bool(self.edits or self.modals or self.sent)

    async def send_message(
        self,
        content: str,
        *,
        ephemeral: bool = False,
        view: discord.ui.View | None = None,
        embed: discord.Embed | None = None,
    ) -> None:
        self.sent.append((content, ephemeral))
        self.views.append(view)
        self.embeds.append(embed)

    async def edit_message(self, **kwargs: Any) -> None:
        self.edits.append(kwargs)

    async def send_modal(self, modal: discord.ui.Modal) -> None:
        self.modals.append(modal)


class FakeSettings:
    def __init__(self, zone: str) -> None:
        self.zone = zone

    async def timezone_for(self, guild_id: int | None, user_id: int) -> str:
        return self.zone


USER = 123456789012345678


def fake_interaction(
    now: datetime,
    zone: str = LONDON,
    user_id: int = USER,
    kind: discord.InteractionType = discord.InteractionType.component,
    data: dict[str, Any] | None = None,
) -> Any:
    services = SimpleNamespace(guild_settings=FakeSettings(zone), clock=FakeClock(now))
    return SimpleNamespace(
        id=1,
        user=SimpleNamespace(id=user_id),
        guild_id=777,
        client=SimpleNamespace(services=services),
        response=FakeResponse(),
        type=kind,
        data=data or {},
        command=None,
        created_at=now,
        message=None,  # the card pressed (a refusal carries what was typed: bot/render/kept.py)
    )


def typed_box(state: PickState, text: str) -> dict[str, Any]:
    row = {"type": 1, "components": [{"type": 4, "custom_id": tp.WHEN_INPUT_ID, "value": text}]}
    return {"custom_id": state.custom_id(), "components": [row]}


@pytest.fixture
def picked() -> list[tuple[int, datetime]]:
    calls: list[tuple[int, datetime]] = []

    async def on_picked(interaction: Any, ref: int, when: datetime) -> None:
        calls.append((ref, when))

    async def on_cancel(interaction: Any, ref: int) -> None:
        calls.append((ref, datetime.min.replace(tzinfo=UTC)))

    picker.register_purpose("testpick", on_picked, on_cancel=on_cancel)
    return calls


async def test_picker_card_and_registry(picked: list[tuple[int, datetime]]) -> None:
    card = picker.picker_card("testpick", 5, LONDON, NOW, "When?", user_id=USER)
    assert card.content == "When?" and card.view is not None
    check_limits(card.view)
    assert states(card.view)[0] == PickState("testpick", 5, USER, "h")
    assert states(card.view)[-1] == PickState("testpick", 5, USER, "x")  # Cancel: the purpose has on_cancel
    with pytest.raises(LookupError):
        picker.picker_card("nosuchthing", 5, LONDON, NOW, "When?")
    with pytest.raises(ValueError):
        picker.register_purpose("Bad-Name", picked.append)  # type: ignore[arg-type]


async def test_in_one_hour_is_counted_from_the_press(picked: list[tuple[int, datetime]]) -> None:
    pressed = NOW + timedelta(minutes=42)
    await picker.handle_step(fake_interaction(pressed), PickState("testpick", 5, USER, "h"), [])
    assert picked == [(5, datetime(2026, 6, 1, 10, 45, tzinfo=UTC))]


async def test_a_fixed_time_that_has_gone_is_refused(picked: list[tuple[int, datetime]]) -> None:
    evening = int(datetime(2026, 6, 1, 17, 0, tzinfo=UTC).timestamp())
    state = PickState("testpick", 5, USER, "at", evening)
    with pytest.raises(UserError) as caught:
        await picker.handle_step(fake_interaction(datetime(2026, 6, 2, 9, 0, tzinfo=UTC)), state, [])
    assert caught.value.message == texts.TIME_IN_PAST
    assert picked == []
    await picker.handle_step(fake_interaction(NOW), state, [])
    assert picked == [(5, datetime(2026, 6, 1, 17, 0, tzinfo=UTC))]


async def test_someone_else_cannot_use_it(picked: list[tuple[int, datetime]]) -> None:
    with pytest.raises(NotAllowed):
        await picker.handle_step(fake_interaction(NOW, user_id=999), PickState("testpick", 5, USER, "h"), [])
    assert picked == []


async def test_pick_a_day_then_a_time(picked: list[tuple[int, datetime]]) -> None:
    interaction = fake_interaction(NOW)
    await picker.handle_step(interaction, PickState("testpick", 5, 0, "days"), [])
    day_view = interaction.response.edits[-1]["view"]
    check_limits(day_view)
    # Every later step is bound to the member who pressed.
    assert states(day_view)[0] == PickState("testpick", 5, USER, "d")
    await picker.handle_step(interaction, PickState("testpick", 5, USER, "d"), ["2026-06-01"])
    time_view = interaction.response.edits[-1]["view"]
    check_limits(time_view)
    usual = controls(time_view)[1]
    assert usual["options"][0]["label"] == "10:30am"  # 10am has gone
    await picker.handle_step(interaction, PickState("testpick", 5, USER, "t", 0), [usual["options"][0]["value"]])
    assert picked == [(5, datetime(2026, 6, 1, 9, 30, tzinfo=UTC))]


async def test_a_day_that_has_gone_or_has_no_times_left_is_refused(picked: list[tuple[int, datetime]]) -> None:
    late = datetime(2026, 6, 1, 22, 50, tzinfo=UTC)  # 11:50pm in London
    with pytest.raises(UserError) as caught:
        await picker.handle_step(fake_interaction(late), PickState("testpick", 5, USER, "d"), ["2026-06-01"])
    assert caught.value.message == texts.TIMEPICK_NO_TIMES_TODAY
    with pytest.raises(UserError) as caught:
        await picker.handle_step(fake_interaction(late), PickState("testpick", 5, USER, "d"), ["2026-05-31"])
    assert caught.value.message == texts.TIME_IN_PAST


async def test_a_time_from_a_menu_that_has_gone_is_refused(picked: list[tuple[int, datetime]]) -> None:
    slot = int(datetime(2026, 6, 1, 9, 30, tzinfo=UTC).timestamp())
    with pytest.raises(UserError):
        await picker.handle_step(
            fake_interaction(NOW + timedelta(hours=1)), PickState("testpick", 5, USER, "t", 0), [str(slot)]
        )
    assert picked == []


async def test_back_type_and_cancel(picked: list[tuple[int, datetime]]) -> None:
    interaction = fake_interaction(NOW)
    await picker.handle_step(interaction, PickState("testpick", 5, USER, "back"), [])
    assert states(interaction.response.edits[-1]["view"])[0] == PickState("testpick", 5, USER, "h")
    await picker.handle_step(interaction, PickState("testpick", 5, USER, "type"), [])
    assert tp.parse_state(interaction.response.modals[-1].custom_id) == PickState("testpick", 5, USER, "typed")
    await picker.handle_step(interaction, PickState("testpick", 5, USER, "x"), [])
    assert picked == [(5, datetime.min.replace(tzinfo=UTC))]


async def test_typed_time_is_read_in_the_members_zone(picked: list[tuple[int, datetime]]) -> None:
    state = PickState("testpick", 5, USER, "typed")
    await picker.handle_typed(fake_interaction(NOW, zone="America/New_York"), state, "tomorrow at 3pm")
    assert picked == [(5, datetime(2026, 6, 2, 19, 0, tzinfo=UTC))]
    with pytest.raises(UserError):
        await picker.handle_typed(fake_interaction(NOW), state, "@everyone <@&123> **now**")
    with pytest.raises(UserError):
        await picker.handle_typed(fake_interaction(NOW), state, "yesterday at 3pm")
    assert len(picked) == 1


async def test_the_typing_box_is_answered_from_its_custom_id(picked: list[tuple[int, datetime]]) -> None:
    """No modal object is kept: the listener reads the state from the submit, so it works after a restart."""
    state = PickState("testpick", 5, USER, "typed")
    submit = discord.InteractionType.modal_submit
    await picker.on_picker_modal(fake_interaction(NOW, kind=submit, data=typed_box(state, "tomorrow at 3pm")))
    assert picked == [(5, datetime(2026, 6, 2, 14, 0, tzinfo=UTC))]

    # Not understood: the member gets the easy-read question privately; nothing is picked.
    wrong = fake_interaction(NOW, kind=submit, data=typed_box(state, "at 3"))
    await picker.on_picker_modal(wrong)
    assert len(picked) == 1
    assert len(wrong.response.sent) == 1 and wrong.response.sent[0][1] is True
    # ... with a way on: type again, or pick a time with buttons (never a dead end).
    [ways] = wrong.response.views
    assert ways is not None
    assert [tp.parse_state(c["custom_id"]) for c in controls(ways)] == [state.to("type"), state.to("back")]

    # Other modals and other interactions are left alone.
    other = fake_interaction(NOW, kind=submit, data={"custom_id": "connect:setup:tztype", "components": []})
    await picker.on_picker_modal(other)
    button = fake_interaction(NOW, data=typed_box(state, "tomorrow at 3pm"))
    await picker.on_picker_modal(button)
    assert len(picked) == 1 and not other.response.sent and not button.response.sent
