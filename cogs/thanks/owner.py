"""Telling the server's owner plainly, in private, that the thank-you channel refuses the bot."""

from __future__ import annotations

import logging
import time
from typing import Any

import discord

from bot import texts
from cogs._common import services

log = logging.getLogger("connect.thanks.cog")

# (server, channel) -> when its owner was last told the thank-you channel refuses the bot (in this process:
# at most once a day each, so a busy day of thank-yous does not fill the owner's messages).
_owner_told: dict[tuple[int, int], float] = {}
TELL_OWNER_EVERY = 24 * 3600.0


async def tell_owner(interaction: discord.Interaction[Any], channel_id: int) -> None:
    """The thank-you channel refuses the bot: tell the server's owner plainly, in private."""
    guild = interaction.guild
    if guild is None or guild.owner_id is None:
        return
    # "Do not contact me" (/mydata) covers the owner too.
    if await services(interaction).features["thanks"].not_to_contact([guild.owner_id]):
        return
    key, now = (guild.id, channel_id), time.monotonic()
    if now - _owner_told.get(key, -TELL_OWNER_EVERY) < TELL_OWNER_EVERY:
        return
    _owner_told[key] = now
    content = texts.THANKS_CHANNEL_FAILED_OWNER.format(
        server=discord.utils.escape_markdown(guild.name), channel=f"<#{channel_id}>"
    )
    try:
        dm = await interaction.client.create_dm(discord.Object(guild.owner_id))
        await dm.send(content=content, allowed_mentions=discord.AllowedMentions.none())
    except discord.HTTPException as exc:
        log.warning("could not tell the owner of %s about the thank-you channel: %s", guild.id, exc)
