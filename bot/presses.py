"""Presses under load: every press answered inside Discord's 3 seconds, first come, first served.

A crowd presses one card at once (a sign-up, "Me too", a check-in picture, "I'll do it"). Each press is
put in its card's lane (a key the feature chooses, e.g. ``("project", 42)``) the moment discord.py hands
it over, before anything is awaited, so a lane runs its presses one after the other in the order Discord
delivered them: the lists show that order. Presses of different cards run side by side.

Answering:
- someone is ahead in the lane: acknowledge at once (an ephemeral "thinking" reply, or a deferred update
  when the press answers by editing the private panel it was made on), do the work in turn, then follow up;
- the lane is free: do the work (after ``FIRST_LOOK``: is a crowd starting?); if it is done within
  ``direct_budget`` seconds answer directly (one request), else acknowledge then (or as soon as another
  press comes, on any card) and follow up when it is done.

A crowd: while presses keep coming, acknowledging them goes first and the lanes wait (at most
``MAX_HOLD``); then the presses waiting in a lane that say how (``Together``) are done together, in
press order, in one transaction. One by one, every press would pay for its own transaction's round trips.

What the member is told:
- the work's reply (a text or a ``Card``);
- a ``UserError``: its easy-read message;
- the database could not be reached (it is down, the connection broke): ``texts.PRESS_TRY_AGAIN``. The
  work's transaction rolled back, so nothing is half-written and pressing again is safe. Logged as a
  warning: it is an outage, not a bug;
- anything else: the usual apology with a code, logged as an error.

Use (in a ``GuardedItem.handle``, before any ``await``)::

    async def work() -> str | Card:
        result = await service.join(scope, item_id)      # ONE write transaction
        cards.changed(interaction.client, channel_id, message_id, draw)   # bot/cards.py
        return render.reply(result)

    await presses.press(interaction, ("task", task_id), work)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import discord

from bot import cards, texts
from bot.answering import Reply, acknowledge, deliver
from bot.errors import NotFound, UserError, error_code
from bot.heap import collect_if_paused_long, collector_paused
from bot.ops.failures import is_database_outage

if TYPE_CHECKING:
    from db.engine import Database

log = logging.getLogger("connect.presses")

Work = Callable[[], Awaitable[Reply]]

QUIET = 0.1  # seconds without a new press before a lane goes on with its work (acknowledgements first)
STALL = 0.02  # a sleep that ends this much late: the loop was stalled, so its quiet did not count
MAX_HOLD = 3.0  # seconds a press waits at most for the crowd to pause before its work is done
MIN_SLEEP = 0.005
FIRST_LOOK = 0.005  # seconds a free lane waits before its first work: is a crowd starting?
CROWD_GAP = 0.05  # a press this soon after another (on any card) is in a crowd: acknowledged at once
DIRECT_BUDGET = 0.5  # seconds a lone press may take before it is acknowledged and followed up


@dataclass(frozen=True)
class Together:
    """Presses of one lane that may be done in ONE transaction when several are waiting (a crowd).

    One mechanism for every card, two ways to use it:
    - ``Together.batch(db)``, the usual: each waiting press's own ``work``, one after the other in press
      order, all inside ``db.batch()`` (db/engine.py): each work's transaction is a savepoint of the one
      transaction (a press's ``UserError`` undoes only that press), its reads see the presses before it, its
      after-commit steps and card changes (``cards.holding()``) wait for the commit;
    - ``run``, for a feature that does a crowd's presses as one set (sign-ups: one lock, one count): it
      gets the ``arg`` of each waiting press of the same ``group`` (in press order) and returns one ``Work``
      per press, which gives that press's reply or raises its ``UserError``.
    At most ``MAX_TOGETHER`` presses go together. If the transaction fails, the database being away gives
    every press "try again"; anything else runs each press's own ``work`` on its own, so one press's fault
    never becomes the crowd's.
    """

    group: Hashable
    arg: Any = None
    run: Callable[[list[Any]], Awaitable[list[Work]]] | None = None
    db: Database | None = None

    @classmethod
    def batch(cls, db: Database) -> Together:
        """The presses' own works in one ``db.batch()``."""
        return cls(("batch", id(db)), db=db)


MAX_TOGETHER = 100  # presses in one transaction at most: the last of them waits for all the others


@dataclass
class _Entry:
    work: Work
    together: Together | None
    result: asyncio.Future[_Outcome]
    arrived: float  # the loop's time when the press came


@dataclass
class _Lane:
    queue: deque[_Entry] = field(default_factory=deque)
    worker: asyncio.Task[None] | None = None
    running: int = 0


@dataclass(frozen=True)
class _Outcome:
    reply: Reply
    outcome: str  # for the interaction log: ok, user-error, not-found, try-again, error:<code>


class Presses:
    """The lanes of one bot. Get the bot's own with ``presses_of(client)`` (or call ``press``)."""

    def __init__(self, *, direct_budget: float = DIRECT_BUDGET) -> None:
        self.direct_budget = direct_budget
        self._lanes: dict[Hashable, _Lane] = {}
        self.deferred = 0  # presses acknowledged first and followed up (for benchmarks)
        self.direct = 0
        self.together = 0  # presses done together with others in one transaction
        # Acknowledgements go first: while any is on its way or presses keep coming, lanes wait (``_hold``).
        self._acking = 0
        self._last_arrival = 0.0
        # Lone presses waiting to answer directly: any other press, on any card, acknowledges them now (a
        # crowd is coming; their work waits for it, see ``_crowd_starting``).
        self._alone: set[asyncio.Event] = set()

    def waiting(self, key: Hashable) -> int:
        """Presses in this lane now (the ones running included)."""
        lane = self._lanes.get(key)
        return len(lane.queue) + lane.running if lane else 0

    async def press(
        self,
        interaction: discord.Interaction[Any],
        key: Hashable,
        work: Work,
        *,
        edit: bool = False,
        together: Together | None = None,
    ) -> str:
        """Run ``work`` in ``key``'s lane and answer the member. Returns the outcome for the log.

        ``edit``: the answer replaces the private panel the press was made on, instead of a new
        private message. ``together``: how this press may be done with others waiting in the lane.
        Must be called before the handler awaits anything (that keeps the order).
        """
        lane = self._lanes.setdefault(key, _Lane())
        loop = asyncio.get_running_loop()
        now = loop.time()
        # Someone is ahead in the lane, or a crowd is pressing (several cards at once): acknowledge now.
        busy = lane.worker is not None or now - self._last_arrival < CROWD_GAP
        for alone in self._alone:
            alone.set()
        self._alone.clear()
        self._last_arrival = now
        entry = _Entry(work, together, loop.create_future(), self._last_arrival)
        lane.queue.append(entry)
        if lane.worker is None:
            lane.worker = asyncio.ensure_future(self._drain(key, lane))
        # A press with someone ahead is acknowledged now; a press with the lane free is answered
        # directly when its work is quick and no other press comes meanwhile.
        deferred = False
        if busy:
            deferred = await self._acknowledge(interaction, edit)
        else:
            crowded = asyncio.Event()
            self._alone.add(crowded)
            crowd: asyncio.Future[Any] = asyncio.ensure_future(crowded.wait())
            either: set[asyncio.Future[Any]] = {entry.result, crowd}
            try:
                await asyncio.wait(either, timeout=self.direct_budget, return_when=asyncio.FIRST_COMPLETED)
            finally:
                crowd.cancel()
                self._alone.discard(crowded)
            if not entry.result.done():
                deferred = await self._acknowledge(interaction, edit)
        result = await entry.result
        if deferred:
            self.deferred += 1
        else:
            self.direct += 1
        await deliver(interaction, result.reply, edit=edit, deferred=deferred)
        interaction.extras["outcome"] = result.outcome  # for the interaction log (bot/interactions.py)
        return result.outcome

    async def _drain(self, key: Hashable, lane: _Lane) -> None:
        """The lane's one worker: its presses one after the other (or a few together), in press order."""
        try:
            first = True
            while lane.queue:
                if not first or await self._crowd_starting(lane):
                    with collector_paused():
                        await self._hold(lane)
                first = False
                batch = _take(lane.queue)
                lane.running = len(batch)
                if len(batch) == 1:
                    _settle(batch[0], await _attempt(batch[0].work))
                else:
                    self.together += len(batch)
                    await _together(batch)
                lane.running = 0
        finally:
            lane.worker = None
            if self._lanes.get(key) is lane and not lane.queue:
                del self._lanes[key]

    async def _crowd_starting(self, lane: _Lane) -> bool:
        """A lone press's work waits ``FIRST_LOOK`` first: if another press comes meanwhile, a crowd is
        starting, and its acknowledgements go first. Else the first press's work (a transaction, the card
        drawn and sent) would run while the crowd's next presses wait to be read: measured at N=500, the
        presses of the first 20 ms were then the slowest acknowledgements (3 to 7 ms against 1 to 2 ms)."""
        arrived = self._last_arrival
        await asyncio.sleep(FIRST_LOOK)
        return len(lane.queue) > 1 or self._last_arrival != arrived

    async def _hold(self, lane: _Lane) -> None:
        """While a crowd is still pressing, acknowledging them comes first (Discord's 3 seconds): the lane's
        next work waits until presses stop coming for a moment, at most until its oldest press has waited
        ``MAX_HOLD``. The presses waited for are then done together, which costs far less than one by one.

        A quiet moment counts only if the loop was awake for it: a busy machine stalls the loop, and the
        presses that came meanwhile are still unread when the lane wakes up late (``STALL``)."""
        loop = asyncio.get_running_loop()
        while lane.queue:
            collect_if_paused_long()
            now = loop.time()
            quiet_at = self._last_arrival + QUIET
            latest = lane.queue[0].arrived + MAX_HOLD
            if now >= latest or (now >= quiet_at and not self._acking):
                return
            wake = max(MIN_SLEEP, min(quiet_at, latest) - now)
            await asyncio.sleep(wake)
            while loop.time() - (now + wake) > STALL and loop.time() < latest:
                now, wake = loop.time(), MIN_SLEEP  # woke up late: let the loop read what came meanwhile
                await asyncio.sleep(wake)

    async def _acknowledge(self, interaction: discord.Interaction[Any], edit: bool) -> bool:
        self._acking += 1
        try:
            return await acknowledge(interaction, edit)
        finally:
            self._acking -= 1


async def _attempt(work: Work) -> _Outcome:
    started = time.perf_counter()
    try:
        return _Outcome(await work(), "ok")
    except NotFound as exc:
        return _Outcome(exc.message, "not-found")
    except UserError as exc:
        return _Outcome(exc.message, "user-error")
    except Exception as exc:
        if is_database_outage(exc):
            log.warning(
                "a press could not be saved: the database is unreachable (%s) after %.0f ms",
                type(exc).__name__,
                (time.perf_counter() - started) * 1000,
            )
            return _Outcome(texts.PRESS_TRY_AGAIN, "try-again")
        code = error_code()
        log.error("unexpected error code=%s in a press", code, exc_info=exc)
        return _Outcome(texts.SORRY_UNEXPECTED.format(code=code), f"error:{code}")


def _settle(entry: _Entry, outcome: _Outcome) -> None:
    if not entry.result.done():  # a press cancelled meanwhile (shutting down) has nobody to tell
        entry.result.set_result(outcome)


def _take(queue: deque[_Entry]) -> list[_Entry]:
    """The next press, with the presses right behind it that may be done together with it."""
    batch = [queue.popleft()]
    group = batch[0].together.group if batch[0].together is not None else None
    while group is not None and queue and len(batch) < MAX_TOGETHER:
        nxt = queue[0].together
        if nxt is None or nxt.group != group:
            break
        batch.append(queue.popleft())
    return batch


async def _together(batch: list[_Entry]) -> None:
    first = batch[0].together
    assert first is not None
    if first.run is None:
        assert first.db is not None
        await _batched(first.db, batch)
        return
    try:
        works = await first.run([entry.together.arg for entry in batch if entry.together is not None])
        if len(works) != len(batch):
            raise RuntimeError(f"{len(works)} answers for {len(batch)} presses")
    except Exception as exc:
        await _one_by_one(batch, exc)
        return
    for entry, work in zip(batch, works, strict=True):
        _settle(entry, await _attempt(work))


async def _batched(db: Database, batch: list[_Entry]) -> None:
    """Each press's own work, in press order, in ONE transaction (``Together.batch``)."""
    outcomes = []
    try:
        with cards.holding():  # the cards are drawn once the batch has committed
            async with db.batch():
                for entry in batch:
                    outcomes.append(await _attempt(entry.work))
    except Exception as exc:
        await _one_by_one(batch, exc)
        return
    for entry, outcome in zip(batch, outcomes, strict=True):
        _settle(entry, outcome)


async def _one_by_one(batch: list[_Entry], exc: Exception) -> None:
    """The presses done together failed, so nothing of them was saved (the transaction rolled back)."""
    if is_database_outage(exc):
        log.warning("%d presses could not be saved: the database is unreachable (%s)", len(batch), type(exc).__name__)
        for entry in batch:
            _settle(entry, _Outcome(texts.PRESS_TRY_AGAIN, "try-again"))
        return
    log.warning("presses done together failed (%s); each is done on its own", type(exc).__name__, exc_info=exc)
    for entry in batch:
        _settle(entry, await _attempt(entry.work))


_by_client: WeakKeyDictionary[discord.Client, Presses] = WeakKeyDictionary()


def presses_of(client: discord.Client) -> Presses:
    """The lanes of this bot (made on first use)."""
    found = _by_client.get(client)
    if found is None:
        found = _by_client[client] = Presses()
    return found


async def press(
    interaction: discord.Interaction[Any],
    key: Hashable,
    work: Work,
    *,
    edit: bool = False,
    together: Together | None = None,
) -> str:
    """``presses_of(interaction.client).press(...)``: the one call a feature makes."""
    return await presses_of(interaction.client).press(interaction, key, work, edit=edit, together=together)
