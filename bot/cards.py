"""Card edits, coalesced per card: the card tells the truth without flooding Discord.

A group card (a project's lists, a thank-you's "me too" count, a task's helpers) changes with every press.
Editing it once per press would queue hundreds of edits behind Discord's limit of about 5 message edits
per 5 seconds in one channel, and show old lists for minutes. Instead a change only marks the card
"changed"; one worker per card then edits it:
- at most one edit of a card in flight;
- the state is drawn (read from the database) just before each edit, so every edit shows the newest
  state, and changes that came in meanwhile are all in the next edit;
- the last change is always drawn: a change during an edit makes one more edit after it;
- paced per channel (at most ``per_channel`` edits in any ``window`` seconds, spaced ``window /
  per_channel`` apart) and for the whole bot (``global_rate`` a second), so Discord never answers 429.

Use (after the change is committed)::

    from bot import cards

    async def draw() -> Card | None:        # None: nothing to draw (the card is gone)
        return render.card(await service.card(scope, item_id))   # a read, never a write

    cards.changed(interaction.client, channel_id, message_id, draw)

``await cards_of(client).settled()`` waits until every changed card is drawn (tests, shutdown).
``with cards.holding():`` keeps this task's changes until the block ends: a batch of presses marks its cards
changed once it has committed (drawn earlier, a card would show the lists from before the batch).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import discord

from bot.ratelimit import TokenBucket
from bot.render.components import Card

log = logging.getLogger("connect.cards")

Draw = Callable[[], Awaitable[Card | None]]

PER_CHANNEL = 5  # Discord: about 5 message edits per 5 seconds in one channel
WINDOW = 5.0
MARGIN = 0.1  # seconds added to every wait: our clock and Discord's are not the same clock
DRAW_TRIES = 3
GLOBAL_RATE = 10.0  # card edits a second for the whole bot (Discord's global limit is 50, shared)


# The changes held by ``holding()``, with the task holding them (tasks it starts inherit the variable).
_held: ContextVar[tuple[asyncio.Task[object] | None, list[tuple[CardEditor, int, int, Draw]]] | None] = ContextVar(
    "connect_cards_held", default=None
)


@contextmanager
def holding() -> Iterator[None]:
    """Card changes made in this task inside the block are made when it ends (whatever the ending)."""
    held: list[tuple[CardEditor, int, int, Draw]] = []
    token = _held.set((asyncio.current_task(), held))
    try:
        yield
    finally:
        _held.reset(token)
        for editor, channel_id, message_id, draw in held:
            editor.changed(channel_id, message_id, draw)


@dataclass
class _Card:
    channel_id: int
    message_id: int
    draw: Draw
    dirty: bool = True
    worker: asyncio.Task[None] | None = None


@dataclass
class _Channel:
    sent: deque[float] = field(default_factory=deque)  # monotonic times of the recent edits


class CardEditor:
    """The coalescer of one bot. Get the bot's own with ``cards_of(client)``."""

    def __init__(
        self,
        client: discord.Client,
        *,
        per_channel: int = PER_CHANNEL,
        window: float = WINDOW,
        global_rate: float = GLOBAL_RATE,
        time_source: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.per_channel = per_channel
        self.window = window
        self._time = time_source
        self._bucket = TokenBucket(global_rate, burst=max(1, int(global_rate)), time_source=time_source)
        self._cards: dict[int, _Card] = {}
        self._channels: dict[int, _Channel] = {}
        self.edits_sent = 0
        self.edits_failed = 0

    def changed(self, channel_id: int | None, message_id: int | None, draw: Draw) -> None:
        """Mark the card changed; it is drawn again soon. Never waits, never raises."""
        if channel_id is None or message_id is None:
            return
        held = _held.get()
        if held is not None and held[0] is asyncio.current_task():
            held[1].append((self, channel_id, message_id, draw))
            return
        card = self._cards.get(message_id)
        if card is None:
            card = self._cards[message_id] = _Card(channel_id, message_id, draw)
        card.draw = draw  # the newest way to draw it
        card.dirty = True
        if card.worker is None or card.worker.done():
            card.worker = asyncio.ensure_future(self._work(card))

    def pending(self) -> int:
        """Cards changed and not yet drawn (or being drawn)."""
        return sum(1 for c in self._cards.values() if c.worker is not None and not c.worker.done())

    async def settled(self) -> None:
        """Wait until every changed card has been drawn."""
        while True:
            workers = [c.worker for c in self._cards.values() if c.worker is not None and not c.worker.done()]
            if not workers:
                return
            await asyncio.gather(*workers, return_exceptions=True)

    async def close(self) -> None:
        for card in list(self._cards.values()):
            if card.worker is not None:
                card.worker.cancel()
        await asyncio.gather(*(c.worker for c in self._cards.values() if c.worker), return_exceptions=True)
        self._cards.clear()

    async def _work(self, card: _Card) -> None:
        failures = 0
        try:
            while card.dirty:
                await self._wait_turn(card.channel_id)
                card.dirty = False  # changes from now on make one more round
                try:
                    drawn = await card.draw()
                except Exception as exc:
                    # The database may be away for a moment: try a few times, then wait for the next change.
                    failures += 1
                    log.warning("could not draw card %s (%s), try %d", card.message_id, type(exc).__name__, failures)
                    if failures < DRAW_TRIES:
                        card.dirty = True
                        await asyncio.sleep(failures)
                    continue
                if drawn is None:
                    continue
                await self._edit(card, drawn)
        finally:
            if not card.dirty and self._cards.get(card.message_id) is card:
                del self._cards[card.message_id]

    async def _wait_turn(self, channel_id: int) -> None:
        """Until this channel may take another edit (under the window's limit, spaced evenly); then the
        turn is taken at once, before anything is awaited, so two cards of one channel never share it."""
        await self._bucket.acquire()
        channel = self._channels.setdefault(channel_id, _Channel())
        spacing = self.window / self.per_channel
        while True:
            now = self._time()
            while channel.sent and now - channel.sent[0] >= self.window + MARGIN:
                channel.sent.popleft()
            waits = []
            if channel.sent:
                waits.append(channel.sent[-1] + spacing + MARGIN - now)
            if len(channel.sent) >= self.per_channel:
                waits.append(channel.sent[0] + self.window + MARGIN - now)
            wait = max(waits, default=0.0)
            if wait <= 0:
                channel.sent.append(now)
                return
            await asyncio.sleep(wait)

    async def _edit(self, card: _Card, drawn: Card) -> None:
        message = self.client.get_partial_messageable(card.channel_id).get_partial_message(card.message_id)
        try:
            await message.edit(**drawn.edit_kwargs())
            self.edits_sent += 1
        except discord.NotFound:
            card.dirty = False  # the card was deleted: nothing left to draw
            self.edits_failed += 1
            log.warning("card %s is gone; not drawn again", card.message_id)
        except discord.HTTPException as exc:
            self.edits_failed += 1
            log.warning("could not edit card %s: %s", card.message_id, exc)


_by_client: WeakKeyDictionary[discord.Client, CardEditor] = WeakKeyDictionary()


def cards_of(client: discord.Client) -> CardEditor:
    """The coalescer of this bot (made on first use)."""
    found = _by_client.get(client)
    if found is None:
        found = _by_client[client] = CardEditor(client)
    return found


def changed(client: discord.Client, channel_id: int | None, message_id: int | None, draw: Draw) -> None:
    """``cards_of(client).changed(...)``: the one call a feature makes after its change is committed."""
    cards_of(client).changed(channel_id, message_id, draw)
