"""The per-card coalescer (bot/cards.py): one edit in flight per card, each drawn from the newest state,
the last change always drawn, paced per channel. A fake Discord records the edits; no timing assertions
(the pacing check only says edits were never closer than allowed, which a slow machine cannot break)."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest

from bot.cards import CardEditor, holding
from bot.render.components import Card


@dataclass
class FakeDiscord:
    """get_partial_messageable(channel).get_partial_message(id).edit(...) -> recorded."""

    edits: list[tuple[int, int, float, str | None]] = field(default_factory=list)
    in_flight: dict[int, int] = field(default_factory=dict)
    most_in_flight: int = 0
    edit_takes: float = 0.01
    fail_with: list[Exception] = field(default_factory=list)

    def get_partial_messageable(self, channel_id: int) -> Any:
        fake = self

        class Channel:
            def get_partial_message(self, message_id: int) -> Any:
                class Message:
                    async def edit(self, **kwargs: Any) -> None:
                        fake.in_flight[message_id] = fake.in_flight.get(message_id, 0) + 1
                        fake.most_in_flight = max(fake.most_in_flight, fake.in_flight[message_id])
                        try:
                            await asyncio.sleep(fake.edit_takes)
                            if fake.fail_with:
                                raise fake.fail_with.pop(0)
                            fake.edits.append((channel_id, message_id, time.monotonic(), kwargs["content"]))
                        finally:
                            fake.in_flight[message_id] -= 1

                return Message()

        return Channel()


class State:
    """The "database": a counter the cards are drawn from."""

    def __init__(self) -> None:
        self.value = 0
        self.draws = 0

    async def draw(self) -> Card:
        self.draws += 1
        await asyncio.sleep(0)
        return Card(content=f"count {self.value}")


def editor(fake: FakeDiscord, **kwargs: Any) -> CardEditor:
    kwargs.setdefault("window", 0.5)
    kwargs.setdefault("per_channel", 5)
    return CardEditor(fake, **kwargs)  # type: ignore[arg-type]


async def test_a_burst_of_changes_makes_few_edits_and_the_last_shows_the_newest_state() -> None:
    fake, state = FakeDiscord(edit_takes=0.05), State()
    cards = editor(fake)
    for _ in range(200):
        state.value += 1
        cards.changed(10, 100, state.draw)
        await asyncio.sleep(0.001)
    await cards.settled()
    assert fake.edits, "the card was edited"
    assert fake.edits[-1][3] == "count 200", "the last edit shows the newest state"
    assert len(fake.edits) < 50, f"coalesced: {len(fake.edits)} edits for 200 changes"
    assert fake.most_in_flight == 1, "one edit in flight per card"
    assert cards.pending() == 0


async def test_a_change_during_an_edit_makes_one_more_edit() -> None:
    fake, state = FakeDiscord(edit_takes=0.1), State()
    cards = editor(fake, window=0.05)
    state.value = 1
    cards.changed(10, 100, state.draw)
    await asyncio.sleep(0.03)  # the first edit is on its way, drawn with value 1
    state.value = 2
    cards.changed(10, 100, state.draw)
    await cards.settled()
    assert [e[3] for e in fake.edits] == ["count 1", "count 2"]


async def test_edits_in_one_channel_are_never_closer_than_the_limit_allows() -> None:
    fake, state = FakeDiscord(edit_takes=0.0), State()
    window, per = 0.5, 5
    cards = editor(fake, window=window, per_channel=per)
    for message_id in (100, 101, 102):  # three cards in one channel share its budget
        for _ in range(4):
            state.value += 1
            cards.changed(10, message_id, state.draw)
            await asyncio.sleep(0.07)
    await cards.settled()
    times = [e[2] for e in fake.edits if e[0] == 10]
    assert len(times) >= 3
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= window / per, gaps  # spaced evenly: never a burst
    for i in range(len(times) - per):
        assert times[i + per] - times[i] >= window, "at most 5 edits in any window"
    assert {e[1] for e in fake.edits} == {100, 101, 102}, "every card drawn"


async def test_cards_in_different_channels_do_not_wait_for_each_other() -> None:
    fake, state = FakeDiscord(edit_takes=0.0), State()
    cards = editor(fake, window=30.0, per_channel=1)  # one edit per channel, then a long wait
    for channel in range(5):
        cards.changed(channel, 200 + channel, state.draw)
    await asyncio.wait_for(cards.settled(), 10)
    assert sorted(e[0] for e in fake.edits) == [0, 1, 2, 3, 4]


async def test_a_deleted_card_is_not_drawn_again_and_a_failed_draw_is_tried_again() -> None:
    fake, state = FakeDiscord(), State()
    cards = editor(fake)
    response = type("R", (), {"status": 404, "reason": "Not Found"})()
    fake.fail_with.append(discord.NotFound(response, {"message": "Unknown Message", "code": 10008}))  # type: ignore[arg-type]
    cards.changed(10, 100, state.draw)
    await cards.settled()
    assert fake.edits == [] and cards.edits_failed == 1

    calls = 0

    async def flaky() -> Card:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("database away")
        return Card(content="back")

    cards.changed(10, 101, flaky)
    await cards.settled()
    assert [e[3] for e in fake.edits] == ["back"]


async def test_no_card_address_means_nothing_to_edit() -> None:
    fake, state = FakeDiscord(), State()
    cards = editor(fake)
    cards.changed(None, 100, state.draw)
    cards.changed(10, None, state.draw)
    await cards.settled()
    assert state.draws == 0 and fake.edits == []


@pytest.mark.parametrize("changes", [1, 7])
async def test_settled_waits_for_every_card(changes: int) -> None:
    fake, state = FakeDiscord(edit_takes=0.02), State()
    cards = editor(fake, window=0.1)
    for i in range(changes):
        state.value = i
        cards.changed(10 + i, 300 + i, state.draw)
    await cards.settled()
    assert len(fake.edits) == changes


async def test_changes_held_by_a_task_are_made_when_its_block_ends() -> None:
    """A batch of presses holds its cards' changes until it has committed (bot/presses.py); another task's
    changes are not held."""
    fake, state = FakeDiscord(edit_takes=0.0), State()
    cards = editor(fake)
    with holding():
        state.value = 1
        cards.changed(10, 100, state.draw)
        await asyncio.sleep(0.05)
        assert cards.pending() == 0 and fake.edits == [], "held: nothing drawn inside the block"

        async def elsewhere() -> None:
            cards.changed(10, 200, state.draw)

        await asyncio.ensure_future(elsewhere())
        assert cards.pending() == 1, "another task's change is not held"
        state.value = 2
    assert cards.pending() == 2, "the held change is made when the block ends"
    await cards.settled()
    assert sorted((e[1], e[3]) for e in fake.edits) == [(100, "count 2"), (200, "count 2")]
