"""Small helpers of the check-ins cog."""

from __future__ import annotations

from typing import Any

import discord

from bot.interactions import actor_of, require_guild
from bot.scope import PersonalScope, Scope
from bot.services.checkins import CheckinsService
from bot.services.people import Actor
from cogs._common import services


def checkins(interaction: discord.Interaction[Any]) -> CheckinsService:
    service: CheckinsService = services(interaction).features["checkins"]
    return service


def scope_of(interaction: discord.Interaction[Any]) -> Scope:
    return Scope(require_guild(interaction), actor_of(interaction))


def personal(interaction: discord.Interaction[Any], guild_id: int | None = None) -> PersonalScope:
    """A member's press: in a server, that server (whatever the custom_id says); in a DM, the row decides."""
    return PersonalScope(interaction.user.id, interaction.guild_id or guild_id)


def actor_of_member(member: Any) -> Actor:
    """A member picked in a user select (Discord sends their roles with it)."""
    if isinstance(member, discord.Member):
        perms = member.guild_permissions
        return Actor(
            user_id=member.id,
            role_ids=frozenset(r.id for r in member.roles),
            can_manage_server=bool(perms.manage_guild or perms.administrator or member.guild.owner_id == member.id),
            display_name=member.display_name,
        )
    return Actor(user_id=member.id, display_name=getattr(member, "display_name", ""))
