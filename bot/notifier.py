"""The Discord side of sending scheduled messages: nonce, allowed mentions, DM fallback, pacing, faults.

The plain types (``OutMessage``, ``Delivery``, ``Notifier``, ``Attachment``, ``RecordingNotifier``) live in
``bot.outbox`` and are re-exported here for now. Only this module (and the cogs) import discord.

Nonce: discord.py's ``Messageable.send(nonce=...)`` puts ``nonce`` and ``enforce_nonce: true`` in the
payload (discord/http.py, handle_message_parameters). Discord then answers a second send with the same
nonce, for a few minutes, with the first message instead of a new one. The scheduler's nonce comes
from (row id, occurrence), so a retry after a crash between sending and committing does not send twice.
After longer than that memory, ``find_sent`` looks for the bot's message in the channel first.

Faults (``DiscordTrace``, an aiohttp trace given to discord.py): a scheduled send answered 5xx raises
``ServerTrouble`` at once instead of waiting in discord.py's retry back-off (up to 25 s holding a scheduler
slot); a global 429 pauses the shared budget, so every process waits the Retry-After.
"""

from __future__ import annotations

import contextvars
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
from discord.utils import time_snowflake

from bot import texts
from bot.outbox import (
    Attachment,
    Delivery,
    Notifier,
    OutMessage,
    RecordingNotifier,
    SendRefused,
    SentMessage,
    ServerTrouble,
    dm_fallback_message,
)
from bot.ratelimit import Budget, TokenBucket
from db.engine import Database
from db.repositories import dm_channels as dm_repo

__all__ = [
    "Attachment",
    "Delivery",
    "DiscordNotifier",
    "DiscordTrace",
    "Notifier",
    "OutMessage",
    "RecordingNotifier",
    "SentMessage",
    "allowed_mentions",
    "dm_fallback_message",
]

log = logging.getLogger("connect.notifier")

DM_CLOSED = 50007  # "Cannot send messages to this user": DMs closed, or no shared server
LOOKBACK = 50  # recent messages read when looking for one already sent
PRELOAD_DM_CHANNELS = 200_000  # two ints each: a few MB even for a very big bot
# Set while a scheduled request is made: a 5xx answer then fails fast instead of being retried in place.
_fail_fast = contextvars.ContextVar("connect_fail_fast_5xx", default=False)


@contextmanager
def _scheduled_request() -> Iterator[None]:
    token = _fail_fast.set(True)
    try:
        yield
    finally:
        _fail_fast.reset(token)


class DiscordTrace:
    """Watches discord.py's HTTP answers (``discord.Client(http_trace=DiscordTrace().config)``)."""

    def __init__(self) -> None:
        self.budget: Budget | None = None  # set when the scheduler starts
        self.config = aiohttp.TraceConfig()
        self.config.on_request_end.append(self._on_end)

    async def _on_end(self, _session: Any, _ctx: Any, params: aiohttp.TraceRequestEndParams) -> None:
        response = params.response
        if response.status == 429 and self.budget is not None:
            headers = response.headers
            if headers.get("X-RateLimit-Global", "").lower() == "true" or headers.get("X-RateLimit-Scope") == "global":
                try:
                    retry = float(headers.get("Retry-After", "1"))
                except ValueError:
                    retry = 1.0
                await self.budget.pause(retry)
        elif response.status >= 500 and _fail_fast.get():
            # Raised inside discord.py's request: it gives up now; aiohttp closes the response.
            raise ServerTrouble(f"Discord answered {response.status} {response.reason or ''}".strip())


def allowed_mentions(msg: OutMessage) -> discord.AllowedMentions:
    users: list[discord.Object] | bool = [discord.Object(i) for i in sorted(msg.mention_user_ids)] or False
    roles: list[discord.Object] | bool = [discord.Object(i) for i in sorted(msg.mention_role_ids)] or False
    return discord.AllowedMentions(everyone=False, users=users, roles=roles, replied_user=False)


def _refused(exc: discord.Forbidden) -> SendRefused:
    return SendRefused(f"{texts.SCHEDULED_REFUSED_REASON} (Discord: {exc.code} {exc.text})"[:400])


class DiscordNotifier:
    """Sends through discord.py. Every request (sends, DM-channel creation, look-ups) waits for the budget."""

    def __init__(self, bot: discord.Client, bucket: Budget | None = None, *, db: Database | None = None) -> None:
        self._bot = bot
        self._bucket: Budget = bucket or TokenBucket()
        # user id -> DM channel id: DM channels never change, so POST /users/@me/channels once per member,
        # ever: the ids are kept in the database too, so a restart does not ask again (a burst after a
        # restart would otherwise spend half its requests opening DM channels).
        self._dm_channels: dict[int, int] = {}
        self._db = db

    async def send_to_channel(self, channel_id: int, msg: OutMessage, nonce: str) -> int:
        try:
            return await self._send(channel_id, msg, nonce, discord.ChannelType.text)
        except discord.Forbidden as exc:
            raise _refused(exc) from exc

    async def send_dm(
        self, user_id: int, msg: OutMessage, nonce: str, fallback_channel_id: int | None = None
    ) -> Delivery:
        try:
            channel_id = await self._dm_channel(user_id)
            message_id = await self._send(channel_id, msg, nonce, discord.ChannelType.private)
        except discord.Forbidden as exc:
            if exc.code != DM_CLOSED:
                raise _refused(exc) from exc
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

    async def find_sent(
        self, msg: OutMessage, nonce: str, since: datetime, *, channel_id: int | None = None, user_id: int | None = None
    ) -> int | None:
        """The bot's message already in that channel (or the member's DM channel) since ``since``, if any:
        the same nonce when Discord shows it, else the same text. One request, paced like the others."""
        if channel_id is None and user_id is not None:
            channel_id = await self._known_dm_channel(user_id)
        if channel_id is None:
            return None  # no DM channel was ever opened: nothing was sent
        after = time_snowflake(since - timedelta(seconds=5))
        await self._bucket.acquire()
        try:
            with _scheduled_request():
                recent = await self._bot.http.logs_from(channel_id, LOOKBACK, after=after)
        except discord.HTTPException:
            return None  # cannot read the channel: nothing better than sending with the nonce
        me = self._bot.user.id if self._bot.user else None
        for data in recent:
            if me is not None and int(data.get("author", {}).get("id", 0)) != me:
                continue
            if data.get("nonce") == nonce or (msg.content and data.get("content") == msg.content):
                return int(data["id"])
        return None

    async def preload_dm_channels(self, limit: int = PRELOAD_DM_CHANNELS) -> int:
        """Read the known DM channels once, before sending starts: a burst of DMs then needs no database
        read per member (one of the few round trips each DM costs). A miss still reads the database."""
        if self._db is None:
            return 0
        async with self._db.transaction() as session:
            known = await dm_repo.all_known(session, limit)
        for user_id, channel_id in known.items():
            self._dm_channels.setdefault(user_id, channel_id)
        return len(known)

    async def _known_dm_channel(self, user_id: int) -> int | None:
        cached = self._dm_channels.get(user_id)
        if cached is None and self._db is not None:
            async with self._db.transaction() as session:
                cached = await dm_repo.get(session, user_id)
        return cached

    async def _dm_channel(self, user_id: int) -> int:
        known = await self._known_dm_channel(user_id)
        if known is not None:
            self._dm_channels[user_id] = known
            return known
        await self._bucket.acquire()
        with _scheduled_request():
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
        with _scheduled_request():
            sent = await channel.send(
                content=msg.content, nonce=nonce, allowed_mentions=allowed_mentions(msg), **kwargs
            )
        return sent.id
