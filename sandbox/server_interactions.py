"""The Sandbox's interactions: INTERACTION_CREATE to the bot, the 3-second deadline, tokens and
the metadata that messages answering an interaction carry."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from . import payloads
from . import permissions as P
from .records import FailedInteraction
from .server_gateway import GatewayGlue
from .server_state import (
    MESSAGE_TYPE_CHAT_INPUT,
    MESSAGE_TYPE_CONTEXT_MENU,
    MESSAGE_TYPE_DEFAULT,
    NotConnected,
)
from .world import Channel, Guild, Interaction, Message, User


class Interactions(GatewayGlue):
    def _interaction_metadata(self, interaction: Interaction, *, followup: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(interaction.id),
            "type": interaction.type,
            "user": payloads.user(interaction.user),
            "authorizing_integration_owners": {"0": str(interaction.guild_id or 0)},
        }
        if interaction.type == 2:
            data["name"] = interaction.data.get("name")
            data["command_type"] = interaction.data.get("type", 1)
            if interaction.data.get("target_id") and interaction.data.get("type") == 2:
                target = self.world.users.get(int(interaction.data["target_id"]))
                if target is not None:
                    data["target_user"] = payloads.user(target)
        if followup and interaction.original_message_id is not None and interaction.response_type in (4, 5):
            data["original_response_message_id"] = str(interaction.original_message_id)
        if interaction.type == 3 and interaction.message_id is not None:
            data["interacted_message_id"] = str(interaction.message_id)
        if interaction.type == 5 and interaction.parent is not None:
            data["triggering_interaction_metadata"] = self._interaction_metadata(interaction.parent)
        return data

    def new_interaction(
        self,
        *,
        type: int,
        user: User,
        guild: Guild | None,
        channel: Channel,
        data: dict[str, Any],
        description: str,
        message: Message | None = None,
        parent: Interaction | None = None,
    ) -> Interaction:
        """Create an interaction and send INTERACTION_CREATE to the bot's session for that shard."""
        interaction = Interaction(
            id=self.world.new_id(),
            token="aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96),
            type=type,
            user=user,
            guild_id=guild.id if guild else None,
            channel_id=channel.id,
            data=data,
            created_at=self.clock.time(),
            created_mono=self.clock.monotonic(),
            description=description,
            message_id=message.id if message else None,
            parent=parent,
        )
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.world.application.id),
            "type": type,
            "data": data,
            "channel_id": str(channel.id),
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(payloads.app_permissions(self.world, channel)),
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "context": 0 if guild else 1,
            "attachment_size_limit": self.attachment_size_limit,
        }
        if guild is not None:
            member = guild.members[user.id]
            perms = guild.permissions_of(member, channel)
            payload["guild_id"] = str(guild.id)
            payload["guild_locale"] = guild.preferred_locale
            payload["guild"] = {"id": str(guild.id), "locale": guild.preferred_locale, "features": list(guild.features)}
            payload["member"] = payloads.interaction_member(self.world, guild, member, channel)
            payload["channel"] = payloads.interaction_channel(self.world, channel, perms)
        else:
            payload["user"] = payloads.user(user)
            payload["channel"] = payloads.interaction_channel(self.world, channel, P.DM_PERMISSIONS)
        if message is not None:
            payload["message"] = payloads.message(self.world, message)
        interaction.payload = payload
        if not self.gateway.sessions_for(interaction.guild_id):
            raise NotConnected("no bot session on the gateway for this guild's shard")
        self.world.interactions[interaction.id] = interaction
        self.gateway.dispatch_one(interaction.guild_id, "INTERACTION_CREATE", payload)
        loop = asyncio.get_running_loop()
        handle = loop.call_later(self.interaction_deadline + 0.05, self._deadline_passed, interaction)
        self._timers[interaction.id] = handle
        return interaction

    def _deadline_passed(self, interaction: Interaction) -> None:
        self._timers.pop(interaction.id, None)
        if not interaction.responded and not interaction.failed:
            self.fail_interaction(interaction, f"no response within {self.interaction_deadline:g} s")

    def fail_interaction(self, interaction: Interaction, reason: str) -> None:
        interaction.failed = True
        interaction.failure_reason = reason
        self.failed_interactions.append(
            FailedInteraction(interaction.id, interaction.user.display_name, interaction.description, reason)
        )
        interaction.changed()

    def interaction_expired(self, interaction: Interaction) -> bool:
        return self.clock.monotonic() - interaction.created_mono > self.interaction_deadline

    def token_expired(self, interaction: Interaction) -> bool:
        return self.clock.time() - interaction.created_at > self.followup_window

    def interaction_by_token(self, token: str) -> Interaction | None:
        for interaction in reversed(list(self.world.interactions.values())):
            if interaction.token == token:
                return interaction
        return None

    def message_type_for(self, interaction: Interaction) -> int:
        if interaction.type in (2, 4):
            return MESSAGE_TYPE_CHAT_INPUT if interaction.data.get("type", 1) == 1 else MESSAGE_TYPE_CONTEXT_MENU
        return MESSAGE_TYPE_DEFAULT
