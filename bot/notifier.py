"""The Discord side of sending scheduled messages: nonce, allowed mentions, DM fallback, pacing.

Handlers build an ``OutMessage`` (plain values) and call a ``Notifier``. ``DiscordNotifier`` talks to
Discord; ``RecordingNotifier`` remembers what would have been sent, for tests.

Nonce: discord.py's ``Messageable.send(nonce=...)`` puts ``nonce`` and ``enforce_nonce: true`` in the
payload (discord/http.py, handle_message_parameters). Discord then answers a second send with the same
nonce, for a few minutes, with the first message instead of a new one. The scheduler's nonce comes
from (row id, occurrence), so a retry after a crash between sending and committing does not send twice.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

import discord

from bot import texts
from bot.ratelimit import TokenBucket
from db.engine import Database
from db.repositories import dm_channels as dm_repo

if TYPE_CHECKING:
    from discord.ui import View

log = logging.getLogger("connect.notifier")

DM_CLOSED = 50007  # "Cannot send messages to this user": DMs closed, or no shared server


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
    embeds: Sequence[Mapping[str, Any] | discord.Embed] = ()
    view: View | None = None
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


def allowed_mentions(msg: OutMessage) -> discord.AllowedMentions:
    users: list[discord.Object] | bool = [discord.Object(i) for i in sorted(msg.mention_user_ids)] or False
    roles: list[discord.Object] | bool = [discord.Object(i) for i in sorted(msg.mention_role_ids)] or False
    return discord.AllowedMentions(everyone=False, users=users, roles=roles, replied_user=False)


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


class DiscordNotifier:
    """Sends through discord.py. Every request (sends and DM-channel creation) waits for the bucket."""

    def __init__(
        self, bot: discord.Client, bucket: TokenBucket | None = None, *, db: Database | None = None
    ) -> None:
        self._bot = bot
        self._bucket = bucket or TokenBucket()
        # user id -> DM channel id: DM channels never change, so POST /users/@me/channels once per member,
        # ever: the ids are kept in the database too, so a restart does not ask again (a burst after a
        # restart would otherwise spend half its requests opening DM channels).
        self._dm_channels: dict[int, int] = {}
        self._db = db

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        return await self._send(channel_id, msg, nonce, discord.ChannelType.text)

    async def send_dm(
        self, user_id: int, msg: OutMessage, nonce: str, fallback_channel_id: int | None = None
    ) -> Delivery:
        try:
            channel_id = await self._dm_channel(user_id)
            message_id = await self._send(channel_id, msg, nonce, discord.ChannelType.private)
        except discord.Forbidden as exc:
            if exc.code != DM_CLOSED:
                raise
            log.info("DMs closed for user %s; fallback channel %s", user_id, fallback_channel_id)
            if fallback_channel_id is None:
                return Delivery(via="none", message_id=None, channel_id=None, dm_failed=True)
            # The same nonce is safe: the failed DM created no message.
            message_id = await self.send_to_channel(fallback_channel_id, dm_fallback_message(user_id, msg), nonce)
            return Delivery(via="channel", message_id=message_id, channel_id=fallback_channel_id, dm_failed=True)
        except discord.NotFound:
            self._dm_channels.pop(user_id, None)  # a stale DM channel: make a new one on the retry
            if self._db is not None:
                async with self._db.transaction() as session:
                    await dm_repo.forget(session, user_id)
            raise
        return Delivery(via="dm", message_id=message_id, channel_id=channel_id)

    async def _dm_channel(self, user_id: int) -> int:
        cached = self._dm_channels.get(user_id)
        if cached is not None:
            return cached
        if self._db is not None:
            async with self._db.transaction() as session:
                stored = await dm_repo.get(session, user_id)
            if stored is not None:
                self._dm_channels[user_id] = stored
                return stored
        await self._bucket.acquire()
        data = await self._bot.http.start_private_message(user_id)
        channel_id = int(data["id"])
        self._dm_channels[user_id] = channel_id
        if self._db is not None:
            async with self._db.transaction() as session:
                await dm_repo.put(session, user_id, channel_id, datetime.now(UTC))
        return channel_id

    async def _send(self, channel_id: int, msg: OutMessage, nonce: str, kind: discord.ChannelType) -> int:
        channel = self._bot.get_partial_messageable(channel_id, type=kind)
        embeds = [e if isinstance(e, discord.Embed) else discord.Embed.from_dict(dict(e)) for e in msg.embeds]
        files = [discord.File(io.BytesIO(f.data), filename=f.filename, description=f.description) for f in msg.files]
        # Only what the message has: empty lists would still change the payload (multipart, "embeds": []).
        kwargs: dict[str, Any] = {}
        if embeds:
            kwargs["embeds"] = embeds
        if files:
            kwargs["files"] = files
        if msg.view is not None:
            kwargs["view"] = msg.view
        if msg.tts:
            kwargs["tts"] = True
        await self._bucket.acquire()
        sent = await channel.send(content=msg.content, nonce=nonce, allowed_mentions=allowed_mentions(msg), **kwargs)
        return sent.id


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
