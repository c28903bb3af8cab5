"""Changing what the bot may do in a channel while it runs, as a server manager would in Discord:
the overwrite changes and every session of that guild gets CHANNEL_UPDATE (so discord.py's cache knows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import payloads
from .gateway import GUILDS
from .world import Channel, Overwrite

if TYPE_CHECKING:
    from .server import Sandbox

MEMBER = 1  # overwrite type: a member (0 is a role)


def deny_bot(sb: Sandbox, channel: Channel, flags: int) -> None:
    """The bot loses ``flags`` (permissions bits) in ``channel``, by a member overwrite."""
    bot_id = sb.world.bot.id
    own = next((ow for ow in channel.overwrites if ow.id == bot_id and ow.type == MEMBER), None)
    if own is None:
        own = Overwrite(id=bot_id, type=MEMBER)
        channel.overwrites.append(own)
    own.deny |= flags
    own.allow &= ~flags
    data = payloads.channel(sb.world, channel)
    sb.gateway.dispatch(channel.guild_id, "CHANNEL_UPDATE", lambda _session: data, intent=GUILDS)
