"""Before saying "Done" for a post in a channel: may the bot post there? If not, change nothing, say which
permission is missing and offer the channels where it can post (a menu), plus Back.

The interaction's own channel is checked with ``interaction.app_permissions`` (Discord computes it for
this very press); another channel with the cached ``channel.permissions_for(guild.me)``.
"""

from __future__ import annotations

from typing import Any

import discord

from bot import texts
from bot.errors import UserError
from bot.render.components import Card, frozen_view

# A card with a button, an embed and text: all three are needed.
NEEDED = ("view_channel", "send_messages", "embed_links")
MENU_LIMIT = 25  # Discord's most options in one menu


def bot_permissions(interaction: discord.Interaction[Any], channel_id: int) -> discord.Permissions:
    if channel_id == interaction.channel_id:
        return interaction.app_permissions
    guild = interaction.guild
    channel = guild.get_channel(channel_id) if guild is not None else None
    if guild is None or channel is None or guild.me is None:
        return discord.Permissions.none()  # not a channel of this server (or gone): nothing is possible
    return channel.permissions_for(guild.me)


def missing_permissions(interaction: discord.Interaction[Any], channel_id: int) -> list[str]:
    """The plain names of what the bot lacks in that channel; empty when it can post there."""
    perms = bot_permissions(interaction, channel_id)
    return [texts.CHANNEL_PERMISSION_NAMES[name] for name in NEEDED if not getattr(perms, name)]


def postable_channels(interaction: discord.Interaction[Any]) -> list[discord.TextChannel]:
    guild = interaction.guild
    if guild is None or guild.me is None:
        return []
    found = [c for c in guild.text_channels if all(getattr(c.permissions_for(guild.me), n) for n in NEEDED)]
    return found[:MENU_LIMIT]


def picked_channel(interaction: discord.Interaction[Any], values: list[Any]) -> int:
    """The channel chosen in the menu. The value is untrusted: it must be a channel of this server
    where the bot can post now, else the member is asked again."""
    raw = str(values[0]) if values else ""
    allowed = {c.id for c in postable_channels(interaction)}
    if not raw.isdecimal() or len(raw) > 19 or int(raw) not in allowed:
        raise UserError(texts.CHANNEL_PICK_OTHER)
    return int(raw)


def cannot_post_card(
    interaction: discord.Interaction[Any], channel_id: int, missing: list[str], *, menu_id: str, back_id: str | None
) -> Card:
    lines = [
        texts.CHANNEL_CANNOT_POST.format(channel=f"<#{channel_id}>", missing=", ".join(missing)),
        texts.CHANNEL_NOTHING_CHANGED,
    ]
    items: list[discord.ui.Item[Any]] = []
    channels = [c for c in postable_channels(interaction) if c.id != channel_id]
    if channels:
        lines.append(texts.CHANNEL_PICK_OTHER)
        options = [discord.SelectOption(label=f"#{c.name}"[:100], value=str(c.id)) for c in channels]
        items.append(discord.ui.Select(custom_id=menu_id, placeholder=texts.CHANNEL_MENU, options=options, row=0))
    else:
        lines.append(texts.CHANNEL_NONE_POSSIBLE)
    if back_id is not None:
        items.append(discord.ui.Button(label=texts.CHANNEL_BACK, custom_id=back_id, row=1))
    return Card(content="\n".join(lines), view=frozen_view(*items) if items else None)
