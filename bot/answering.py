"""How a press is answered on Discord (bot/presses.py): acknowledged first, or answered at once, and the
HTTP connections the answers go over."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord

from bot.render.components import Card

log = logging.getLogger("connect.presses")

Reply = str | Card


async def acknowledge(interaction: discord.Interaction[Any], edit: bool) -> bool:
    """Acknowledge now; the answer follows. False if Discord no longer takes it (the press timed out)."""
    try:
        if edit:
            await interaction.response.defer()  # a deferred update of the panel pressed
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
        return True
    except discord.HTTPException as exc:
        log.warning("could not acknowledge interaction %s: %s", interaction.id, exc)
        return interaction.response.is_done()


async def deliver(interaction: discord.Interaction[Any], reply: Reply, *, edit: bool, deferred: bool) -> None:
    card = reply if isinstance(reply, Card) else Card(content=reply)
    try:
        if deferred:
            await interaction.edit_original_response(content=card.content, embed=card.embed, view=card.view)
        elif edit:
            await interaction.response.edit_message(content=card.content, embed=card.embed, view=card.view)
        else:
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    except discord.HTTPException as exc:
        # The press is saved either way; the card shows it. Only the private answer is lost.
        log.warning("could not answer interaction %s: %s", interaction.id, exc)


HTTP_CONNECTIONS = 0  # no limit (discord.py's own): acknowledgements never wait for a free connection


def http_connector() -> aiohttp.TCPConnector:
    """The bot's HTTP connections (bot/app.py), kept alive, with no limit on how many are open at once.
    A limit of 32 saved a little CPU, but a crowd's acknowledgements then queued for the 32 connections:
    measured at N=500, only 41 of 351 acknowledgements sent had come back when the last press was read
    (ack p99 1.0 s); without a limit 498 of 499 (ack p99 7 ms, the bare bot 4 ms)."""
    return aiohttp.TCPConnector(limit=HTTP_CONNECTIONS)
