"""Presses under load: every press answered inside Discord's 3 seconds, first come, first served.

A crowd presses one card at once (a sign-up, "Me too", a check-in picture, "I'll do it"). Each press is
put in its card's lane (a key the feature chooses, e.g. ``("project", 42)``) the moment discord.py hands
it over, before anything is awaited, so a lane runs its presses one after the other in the order Discord
delivered them: the lists show that order. Presses of different cards run side by side.

Answering:
- someone is ahead in the lane: acknowledge at once (an ephemeral "thinking" reply, or a deferred update
  when the press answers by editing the private panel it was made on), do the work in turn, then follow up;
- the lane is free: do the work; if it is done within ``direct_budget`` seconds answer directly (one
  request), else acknowledge then and follow up when it is done.

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
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

import discord

from bot import texts
from bot.errors import NotFound, UserError, error_code
from bot.ops.failures import is_database_outage
from bot.render.components import Card

log = logging.getLogger("connect.presses")

Reply = str | Card
Work = Callable[[], Awaitable[Reply]]

ACK_FIRST = 0.02  # seconds a lane's next work gives to acknowledgements being sent, at most
DIRECT_BUDGET = 0.5  # seconds a lone press may take before it is acknowledged and followed up


@dataclass
class _Lane:
    tail: asyncio.Future[None] | None = None
    waiting: int = 0


@dataclass(frozen=True)
class _Outcome:
    reply: Reply
    outcome: str  # for the interaction log: ok, user-error, try-again, error:<code>


class Presses:
    """The lanes of one bot. Get the bot's own with ``presses_of(client)`` (or call ``press``)."""

    def __init__(self, *, direct_budget: float = DIRECT_BUDGET) -> None:
        self.direct_budget = direct_budget
        self._lanes: dict[Hashable, _Lane] = {}
        self.deferred = 0  # presses acknowledged first and followed up (for benchmarks)
        self.direct = 0
        # Acknowledgements go first: while any is on its way, a lane waits a moment before its next work,
        # so a burst of presses is acknowledged inside the 3 seconds before the loop does the work.
        self._acking = 0
        self._acks_done: asyncio.Event | None = None

    def waiting(self, key: Hashable) -> int:
        """Presses in this lane now (the one running included)."""
        lane = self._lanes.get(key)
        return lane.waiting if lane else 0

    async def press(
        self, interaction: discord.Interaction[Any], key: Hashable, work: Work, *, edit: bool = False
    ) -> str:
        """Run ``work`` in ``key``'s lane and answer the member. Returns the outcome for the log.

        ``edit``: the answer replaces the private panel the press was made on, instead of a new
        private message. Must be called before the handler awaits anything (that keeps the order).
        """
        lane = self._lanes.setdefault(key, _Lane())
        ahead = lane.tail
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        lane.tail = mine
        lane.waiting += 1
        # A press with someone ahead is acknowledged now and waits for the acknowledgements on their way;
        # a press with the lane free is answered directly, so its work starts at once.
        task = asyncio.ensure_future(self._run(key, lane, ahead, mine, work))

        deferred = False
        if ahead is not None and not ahead.done():
            deferred = await self._acknowledge(interaction, edit)
        else:
            done, _ = await asyncio.wait({task}, timeout=self.direct_budget)
            if not done:
                deferred = await self._acknowledge(interaction, edit)
        result = await task
        if deferred:
            self.deferred += 1
        else:
            self.direct += 1
        await _deliver(interaction, result.reply, edit=edit, deferred=deferred)
        interaction.extras["outcome"] = result.outcome  # for the interaction log (bot/interactions.py)
        return result.outcome

    async def _run(
        self, key: Hashable, lane: _Lane, ahead: asyncio.Future[None] | None, mine: asyncio.Future[None], work: Work
    ) -> _Outcome:
        try:
            if ahead is not None:
                await ahead  # never raises: every lane future is given a result in ``finally``
                if self._acking and self._acks_done is not None:
                    # Let the acknowledgements on their way have the loop first; waiting for their round
                    # trips to end would starve the lane when Discord is slow, so only a short while.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._acks_done.wait(), ACK_FIRST)
            return await _attempt(work)
        finally:
            mine.set_result(None)
            lane.waiting -= 1
            if lane.tail is mine:
                self._lanes.pop(key, None)

    async def _acknowledge(self, interaction: discord.Interaction[Any], edit: bool) -> bool:
        if self._acks_done is None:
            self._acks_done = asyncio.Event()
        self._acking += 1
        self._acks_done.clear()
        try:
            return await _acknowledge(interaction, edit)
        finally:
            self._acking -= 1
            if not self._acking:
                self._acks_done.set()


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


async def _acknowledge(interaction: discord.Interaction[Any], edit: bool) -> bool:
    """Acknowledge now; the answer follows. False if Discord no longer takes it (the press timed out)."""
    try:
        if edit:
            await interaction.response.defer()  # a deferred update of the panel pressed
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
        return True
    except discord.HTTPException as exc:
        log.warning("could not acknowledge interaction %s: %s", interaction.id, exc)
        return interaction.response.is_done()


async def _deliver(interaction: discord.Interaction[Any], reply: Reply, *, edit: bool, deferred: bool) -> None:
    card = reply if isinstance(reply, Card) else Card(content=reply)
    try:
        if deferred:
            await interaction.edit_original_response(content=card.content, embed=card.embed, view=card.view)
        elif edit:
            await interaction.response.edit_message(content=card.content, embed=card.embed, view=card.view)
        else:
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    except discord.HTTPException as exc:
        # The press is saved either way; the card shows it. Only the private answer is lost.
        log.warning("could not answer interaction %s: %s", interaction.id, exc)


_by_client: WeakKeyDictionary[discord.Client, Presses] = WeakKeyDictionary()


def presses_of(client: discord.Client) -> Presses:
    """The lanes of this bot (made on first use)."""
    found = _by_client.get(client)
    if found is None:
        found = _by_client[client] = Presses()
    return found


async def press(interaction: discord.Interaction[Any], key: Hashable, work: Work, *, edit: bool = False) -> str:
    """``presses_of(interaction.client).press(...)``: the one call a feature makes."""
    return await presses_of(interaction.client).press(interaction, key, work, edit=edit)
