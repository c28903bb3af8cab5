"""What scheduled work sends, as plain values: no Discord here (the scheduler and services import this).

Handlers build an ``OutMessage`` and call a ``Notifier``. ``bot.notifier.DiscordNotifier`` talks to Discord;
``RecordingNotifier`` (below) remembers what would have been sent, for tests.

Embeds are plain mappings (Discord's JSON shape). Components are an opaque object that only the Discord
notifier knows how to send (today a ``discord.ui.View``); nothing on this side looks inside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot import texts


@dataclass(frozen=True)
class Attachment:
    """A file to send. Bytes, not an open file, so it can be sent again (retry, DM fallback)."""

    filename: str
    data: bytes
    description: str | None = None


@dataclass(frozen=True)
class OutMessage:
    """One message. Pings only the users and roles listed; never @everyone or @here."""

    content: str | None = None
    embeds: Sequence[Mapping[str, Any]] = ()
    # Components (buttons, menus): opaque here, sent as they are by the Discord notifier.
    view: Any = None
    files: Sequence[Attachment] = ()
    mention_user_ids: frozenset[int] = frozenset()
    mention_role_ids: frozenset[int] = frozenset()
    # Discord's text-to-speech: read aloud to people who have the channel open (a lead's choice).
    tts: bool = False


@dataclass(frozen=True)
class Delivery:
    """Where a DM ended up. ``dm_failed``: the member's DMs are closed; the caller records it."""

    via: Literal["dm", "channel", "none"]
    message_id: int | None
    channel_id: int | None
    dm_failed: bool = False


class Notifier(Protocol):
    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        """Send to a channel; returns the message id."""
        ...

    async def send_dm(
        self, user_id: int, msg: OutMessage, nonce: str, fallback_channel_id: int | None = None
    ) -> Delivery:
        """Send a DM; if the member's DMs are closed, send in the fallback channel, pinging only them."""
        ...


class SendRefused(Exception):
    """Discord refused the send for good (403: the bot may not see or post in that channel).

    ``str(exc)`` is a plain reason a lead can act on. The scheduler fails the row at once (no retries)."""


class ServerTrouble(Exception):
    """Discord answered 5xx. The send gave up at once (no waiting inside the request), so the scheduler
    puts the row back to pending with its back-off and the slot serves other rows meanwhile."""


def dm_fallback_message(user_id: int, msg: OutMessage) -> OutMessage:
    """The DM, posted in a channel instead: it names the member and pings only that member."""
    note = texts.SCHEDULED_DM_FALLBACK.format(mention=f"<@{user_id}>")
    content = f"{note}\n{msg.content}" if msg.content else note
    return OutMessage(
        content=content,
        embeds=msg.embeds,
        view=msg.view,
        files=msg.files,
        mention_user_ids=frozenset({user_id}),
        mention_role_ids=frozenset(),
    )


@dataclass(frozen=True)
class SentMessage:
    """One message as a RecordingNotifier saw it."""

    channel_id: int  # for a DM: the member's user id (a stand-in for the DM channel)
    via: Literal["channel", "dm"]
    msg: OutMessage
    nonce: str
    message_id: int
    user_id: int | None = None  # for DMs and DM fallbacks: the member


@dataclass
class RecordingNotifier:
    """Records what would be sent. Like Discord, a repeated nonce in the same channel sends nothing new
    and returns the first message id; ``attempts`` counts every call, ``sent`` only real messages."""

    closed_dms: set[int] = field(default_factory=set)
    sent: list[SentMessage] = field(default_factory=list)
    attempts: int = 0
    duplicates_refused: int = 0
    _by_nonce: dict[tuple[str, int, str], int] = field(default_factory=dict)
    _next_id: int = 1_000_000

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        return self._record(channel_id, "channel", msg, nonce, None)

    async def send_dm(
        self, user_id: int, msg: OutMessage, nonce: str, fallback_channel_id: int | None = None
    ) -> Delivery:
        if user_id in self.closed_dms:
            if fallback_channel_id is None:
                return Delivery(via="none", message_id=None, channel_id=None, dm_failed=True)
            message_id = self._record(fallback_channel_id, "channel", dm_fallback_message(user_id, msg), nonce, user_id)
            return Delivery(via="channel", message_id=message_id, channel_id=fallback_channel_id, dm_failed=True)
        message_id = self._record(user_id, "dm", msg, nonce, user_id)
        return Delivery(via="dm", message_id=message_id, channel_id=user_id)

    def _record(
        self, channel_id: int, via: Literal["channel", "dm"], msg: OutMessage, nonce: str, user_id: int | None
    ) -> int:
        self.attempts += 1
        key = (via, channel_id, nonce)
        if key in self._by_nonce:
            self.duplicates_refused += 1
            return self._by_nonce[key]
        self._next_id += 1
        self._by_nonce[key] = self._next_id
        self.sent.append(SentMessage(channel_id, via, msg, nonce, self._next_id, user_id))
        return self._next_id

    def nonces(self) -> list[str]:
        return [m.nonce for m in self.sent]
