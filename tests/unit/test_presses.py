"""bot/presses.py without Discord: lanes keep press order, acknowledge the presses behind, and do a crowd's
waiting presses together; a failed batch is redone press by press, an outage tells everyone "try again"."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import exc as sa_exc

from bot import texts
from bot.errors import UserError
from bot.presses import Presses, Together, Work


@dataclass
class FakeResponse:
    log: list[str]
    done: bool = False

    def is_done(self) -> bool:
        return self.done

    async def defer(self, **_kwargs: Any) -> None:
        self.done = True
        self.log.append("ack")

    async def send_message(self, content: str | None = None, **_kwargs: Any) -> None:
        self.done = True
        self.log.append(f"reply:{content}")

    async def edit_message(self, content: str | None = None, **_kwargs: Any) -> None:
        self.done = True
        self.log.append(f"edit:{content}")


@dataclass
class FakeInteraction:
    id: int
    log: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    response: FakeResponse = field(init=False)

    def __post_init__(self) -> None:
        self.response = FakeResponse(self.log)

    async def edit_original_response(self, content: str | None = None, **_kwargs: Any) -> None:
        self.log.append(f"followup:{content}")


def crowd(count: int) -> list[FakeInteraction]:
    return [FakeInteraction(i) for i in range(count)]


async def test_a_lane_keeps_press_order_and_acknowledges_the_presses_behind() -> None:
    presses = Presses()
    done: list[int] = []

    def work_for(i: int) -> Work:
        async def work() -> str:
            await asyncio.sleep(0.01)
            done.append(i)
            return f"answer {i}"

        return work

    people = crowd(5)
    outcomes = await asyncio.gather(*(presses.press(p, "card", work_for(p.id)) for p in people))  # type: ignore[arg-type]
    assert done == [0, 1, 2, 3, 4]
    assert outcomes == ["ok"] * 5
    for p in people:  # the first too: a crowd came while it ran
        assert p.log == ["ack", f"followup:answer {p.id}"]
        assert p.extras["outcome"] == "ok"
    assert presses.waiting("card") == 0


async def test_a_lone_press_is_answered_directly_and_a_slow_one_acknowledged_first() -> None:
    presses = Presses(direct_budget=0.05)

    async def quick() -> str:
        return "quick"

    async def slow() -> str:
        await asyncio.sleep(0.2)
        return "slow"

    alone, late = FakeInteraction(1), FakeInteraction(2)
    assert await presses.press(alone, "card", quick) == "ok"  # type: ignore[arg-type]
    assert alone.log == ["reply:quick"]
    await presses.press(late, "card", slow)  # type: ignore[arg-type]
    assert late.log == ["ack", "followup:slow"]


async def test_presses_waiting_in_a_lane_are_done_together_each_with_its_own_answer() -> None:
    presses = Presses()
    batches: list[list[int]] = []

    async def run(args: list[Any]) -> list[Work]:
        batches.append(list(args))

        def reply(i: int) -> Work:
            async def answer() -> str:
                if i == 3:
                    raise UserError("not you")
                return f"together {i}"

            return answer

        return [reply(i) for i in args]

    def alone(i: int) -> Work:
        async def work() -> str:
            [reply] = await run([i])
            return await reply()

        return work

    people = crowd(6)
    outcomes = await asyncio.gather(
        *(presses.press(p, "card", alone(p.id), together=Together("join", p.id, run)) for p in people)  # type: ignore[arg-type]
    )
    assert batches == [[0, 1, 2, 3, 4, 5]], "the presses that came together are done together, in press order"
    assert presses.together == 6
    assert people[0].log[-1].endswith(":together 0")  # directly, or acknowledged as the crowd came
    assert outcomes == ["ok", "ok", "ok", "user-error", "ok", "ok"]
    assert people[3].log == ["ack", "followup:not you"]
    assert people[5].log == ["ack", "followup:together 5"]


async def test_a_failed_batch_is_redone_press_by_press() -> None:
    presses = Presses()
    alone_runs: list[int] = []

    async def broken(_args: list[Any]) -> list[Work]:
        raise RuntimeError("a bug in the batch")

    def alone(i: int) -> Work:
        async def work() -> str:
            alone_runs.append(i)
            if i == 2:
                raise RuntimeError("a bug in this press only")
            return f"alone {i}"

        return work

    people = crowd(4)
    outcomes = await asyncio.gather(
        *(presses.press(p, "card", alone(p.id), together=Together("join", p.id, broken)) for p in people)  # type: ignore[arg-type]
    )
    assert alone_runs == [0, 1, 2, 3]
    assert outcomes[:2] == ["ok", "ok"] and outcomes[2].startswith("error:") and outcomes[3] == "ok"
    assert people[3].log == ["ack", "followup:alone 3"]


@pytest.mark.parametrize("together", [False, True])
async def test_the_database_away_tells_every_press_to_try_again(together: bool) -> None:
    presses = Presses()

    def outage() -> Exception:
        return sa_exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    async def run(_args: list[Any]) -> list[Work]:
        await asyncio.sleep(0.01)
        raise outage()

    async def work() -> str:
        await asyncio.sleep(0.01)
        raise outage()

    people = crowd(3)
    outcomes = await asyncio.gather(
        *(
            presses.press(p, "card", work, together=Together("join", p.id, run) if together else None)  # type: ignore[arg-type]
            for p in people
        )
    )
    assert outcomes == ["try-again"] * 3
    assert people[0].log == ["ack", f"followup:{texts.PRESS_TRY_AGAIN}"]
    assert people[2].log == ["ack", f"followup:{texts.PRESS_TRY_AGAIN}"]


async def test_a_stalled_loop_is_no_quiet_moment_for_the_crowd() -> None:
    """The machine is busy: the loop stalls while presses keep coming, and they are read only a few loop
    turns after it wakes (the gateway's reader, then the press's task). The lane waking late must not take
    the stall for a pause of the crowd: the presses read just after it are done together with the others."""
    presses = Presses()
    batches: list[list[int]] = []
    loop = asyncio.get_running_loop()

    async def run(args: list[Any]) -> list[Work]:
        batches.append(list(args))
        await asyncio.sleep(0.03)

        def reply(i: int) -> Work:
            async def answer() -> str:
                return f"together {i}"

            return answer

        return [reply(i) for i in args]

    def alone(i: int) -> Work:
        async def work() -> str:
            batches.append([i])
            await asyncio.sleep(0.01)
            return f"alone {i}"

        return work

    people = crowd(4)
    pressed: list[asyncio.Future[str]] = []

    def press(p: FakeInteraction) -> None:
        pressed.append(asyncio.ensure_future(presses.press(p, "card", alone(p.id), together=Together("j", p.id, run))))  # type: ignore[arg-type]

    async def read_after_the_stall(p: FakeInteraction) -> None:
        for _ in range(4):  # a few loop turns, as discord.py takes from the socket to the press's task
            await asyncio.sleep(0)
        press(p)

    press(people[0])
    await asyncio.sleep(0)
    press(people[1])  # a crowd is starting: both wait in the lane for it to pause
    # The loop stalls for longer than that pause; two presses came meanwhile.
    loop.call_later(0.04, time.sleep, 0.3)
    loop.call_later(0.05, lambda: asyncio.ensure_future(read_after_the_stall(people[2])))
    loop.call_later(0.05, lambda: asyncio.ensure_future(read_after_the_stall(people[3])))
    await asyncio.sleep(0.06)
    for _ in range(20):  # the presses read after the stall
        await asyncio.sleep(0)
    assert len(pressed) == 4
    await asyncio.gather(*pressed)
    assert batches == [[0, 1, 2, 3]], batches


async def test_a_crowd_starting_behind_a_lone_press_is_acknowledged_before_that_press_is_done() -> None:
    """The first press's work (a transaction, the card drawn) waits a moment: a press coming meanwhile
    means a crowd, and the crowd's acknowledgements go first. A lone press is still answered directly."""
    presses = Presses()
    events: list[str] = []

    def work_for(i: int) -> Work:
        async def work() -> str:
            events.append(f"work {i}")
            return f"answer {i}"

        return work

    people = crowd(2)
    for p in people:
        p.response.log = events
        p.log = events
    first = asyncio.ensure_future(presses.press(people[0], "card", work_for(0)))  # type: ignore[arg-type]
    await asyncio.sleep(0.001)
    second = asyncio.ensure_future(presses.press(people[1], "card", work_for(1)))  # type: ignore[arg-type]
    await asyncio.gather(first, second)
    assert events[:3] == ["ack", "ack", "work 0"], events
    assert presses.direct == 0 and presses.deferred == 2

    alone = FakeInteraction(9)
    await presses.press(alone, "card", work_for(9))  # type: ignore[arg-type]
    assert alone.log == ["reply:answer 9"]


async def test_a_press_on_another_card_acknowledges_a_lone_press_at_once() -> None:
    """A crowd spread over several cards: each card's first press is alone in its lane. The very first is
    acknowledged as soon as any other press comes (its work waits for the crowd), not when its own card's
    next does; the others came right after a press, so they are in the crowd: acknowledged at once."""
    presses = Presses()
    events: list[str] = []

    async def work() -> str:
        events.append("work")
        return "done"

    a, b = FakeInteraction(1), FakeInteraction(2)
    first = asyncio.ensure_future(presses.press(a, "card A", work))  # type: ignore[arg-type]
    await asyncio.sleep(0.001)
    second = asyncio.ensure_future(presses.press(b, "card B", work))  # type: ignore[arg-type]
    for _ in range(5):
        await asyncio.sleep(0)
    assert a.log == ["ack"] and b.log == ["ack"] and events == [], (a.log, b.log, events)
    await asyncio.gather(first, second)
    assert a.log == ["ack", "followup:done"] and b.log == ["ack", "followup:done"]
    await asyncio.sleep(0.06)  # well after the crowd: a lone press again
    c = FakeInteraction(3)
    await presses.press(c, "card C", work)  # type: ignore[arg-type]
    assert c.log == ["reply:done"]


async def test_the_garbage_collector_waits_while_a_crowd_is_acknowledged() -> None:
    """Collections stop the loop: while a lane holds its work for the crowd's acknowledgements, none runs;
    once the lane goes on with its work the collector is back."""
    import gc

    presses = Presses()
    seen: dict[str, bool] = {}

    def work_for(i: int) -> Work:
        async def work() -> str:
            seen[f"work {i}"] = gc.isenabled()
            return "done"

        return work

    class Acking(FakeResponse):
        async def defer(self, **kwargs: Any) -> None:
            seen[f"ack {len(seen)}"] = gc.isenabled()
            await super().defer(**kwargs)

    people = crowd(3)
    for p in people:
        p.response = Acking(p.log)
    assert gc.isenabled()
    pressed = [asyncio.ensure_future(presses.press(people[0], "card", work_for(0)))]  # type: ignore[arg-type]
    await asyncio.sleep(0.001)
    pressed.append(asyncio.ensure_future(presses.press(people[1], "card", work_for(1))))  # type: ignore[arg-type]
    await asyncio.sleep(0.03)  # the lane holds its work now: the crowd goes on pressing
    pressed.append(asyncio.ensure_future(presses.press(people[2], "card", work_for(2))))  # type: ignore[arg-type]
    await asyncio.gather(*pressed)
    acks = [v for k, v in seen.items() if k.startswith("ack")]
    assert acks[-1] is False, seen  # the press that came during the hold was acknowledged with no collection
    assert seen["work 0"] and seen["work 1"] and seen["work 2"], seen
    assert gc.isenabled()


def test_the_collector_pause_is_shared_bounded_and_leaves_a_disabled_collector_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from bot import heap

    collected: list[int] = []
    monkeypatch.setattr(heap.gc, "collect", lambda generation=2: collected.append(generation) or 0)
    with heap.collector_paused():
        with heap.collector_paused():  # two cards held at once
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other card still holds
        heap.collect_if_paused_long()
        assert collected == []
        monkeypatch.setattr(heap, "MAX_PAUSE", 0.0)
        heap.collect_if_paused_long()  # paused for long: the young generations are collected
        assert collected == [1]
    assert gc.isenabled()
    heap.collect_if_paused_long()  # not paused: nothing to do
    assert collected == [1]
    gc.disable()
    try:
        with heap.collector_paused():
            pass
        assert not gc.isenabled()  # someone else disabled it: it stays so
    finally:
        gc.enable()


def test_the_heap_is_frozen_once_a_run_and_never_with_garbage_in_it() -> None:
    import gc
    import weakref

    from bot.heap import freeze_heap, thaw_heap

    class Node:
        other: object = None

    def garbage() -> weakref.ref[Node]:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the garbage collector frees it
        return weakref.ref(a)

    try:
        dead = garbage()
        freeze_heap()
        assert dead() is None  # collected before the freeze, not kept for ever
        frozen = gc.get_freeze_count()
        later = garbage()
        freeze_heap()  # on_ready again (a new gateway session): nothing more is frozen
        assert gc.get_freeze_count() == frozen
        gc.collect()
        assert later() is None
    finally:
        thaw_heap()
    assert gc.get_freeze_count() == 0
