"""The Sandbox's gateway glue: waiting for and cutting the bot's sessions, READY and GUILD_CREATE
payloads, and message events as each session may see them."""

from __future__ import annotations

import asyncio
from typing import Any

from . import payloads
from .gateway import DIRECT_MESSAGES, GUILD_MEMBERS, GUILD_MESSAGES, MESSAGE_CONTENT, Session
from .server_lookups import Lookups
from .world import Message


class GatewayGlue(Lookups):
    async def wait_until_connected(self, shard_count: int | None = None, timeout: float = 10.0) -> None:  # noqa: ASYNC109 (timeout= is part of the public API)
        """Wait until a bot session is connected (for every shard when `shard_count` is given)."""

        def ready() -> bool:
            sessions = self.gateway.connected_sessions()
            if shard_count is None:
                return bool(sessions)
            return {s.shard_id for s in sessions if s.shard_count == shard_count} == set(range(shard_count))

        await self.gateway.wait_until(ready, timeout, "a connected bot session")

    async def drop_gateway(self, shard_id: int | None = None) -> None:
        """Cut the bot's gateway socket(s) abnormally; discord.py should RESUME."""
        self.gateway.drop(shard_id)
        await asyncio.sleep(0)

    async def invalidate_session(self, resumable: bool = False, shard_id: int | None = None) -> None:
        """Send op 9; with resumable=False discord.py must IDENTIFY again."""
        self.gateway.invalidate(resumable=resumable, shard_id=shard_id)
        await asyncio.sleep(0)

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT; discord.py reconnects to resume_gateway_url and RESUMEs."""
        self.gateway.request_reconnect(shard_id)
        await asyncio.sleep(0)

    def _ready_payload(self, session: Session, *, sharded: bool) -> dict[str, Any]:
        guilds = [
            {"id": str(g.id), "unavailable": True}
            for g in self.world.guilds.values()
            if self.world.shard_of(g.id, session.shard_count) == session.shard_id
        ]
        bot = payloads.private_user(self.world.bot)
        data: dict[str, Any] = {
            "v": 10,
            "user": bot,
            "user_settings": {},
            "guilds": guilds,
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.world.application.id), "flags": self.world.application.flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["sandbox"],
            "auth": {},
            "_trace": ["sandbox"],
        }
        if sharded:
            data["shard"] = [session.shard_id, session.shard_count]
        return data

    def _guild_creates(self, session: Session) -> list[dict[str, Any]]:
        return [
            payloads.guild_create(self.world, g, include_members=bool(session.intents & GUILD_MEMBERS))
            for g in self.world.guilds.values()
            if self.world.shard_of(g.id, session.shard_count) == session.shard_id
        ]

    def _message_for_session(self, message: Message, session: Session) -> dict[str, Any]:
        data = payloads.message(self.world, message, gateway=True)
        # Without the MESSAGE_CONTENT intent Discord blanks content of others' guild messages
        # unless the bot is mentioned.
        if (
            not session.intents & MESSAGE_CONTENT
            and message.guild_id is not None
            and message.author.id != self.world.bot.id
            and self.world.bot.id not in message.mention_user_ids
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

    def _dispatch_message(self, event: str, message: Message) -> None:
        if message.visible_to is not None:
            return  # ephemeral messages never reach the gateway
        intent = GUILD_MESSAGES if message.guild_id is not None else DIRECT_MESSAGES
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            self.gateway.dispatch(message.guild_id, event, lambda s: data, intent=intent)
            return
        self.gateway.dispatch(message.guild_id, event, lambda s: self._message_for_session(message, s), intent=intent)
