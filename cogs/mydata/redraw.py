"""After an erase: the cards that showed the member are drawn again from the newest rows, without them.

Run after the member has their answer (each edit is a Discord request; a dozen cards take a few seconds). A
card that cannot be drawn (deleted, no permission) is logged and the others still go; a thank-you the member
said was deleted with their data, so its card is deleted too.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.errors import UserError
from bot.scope import system_scope
from bot.services.mydata.cards import Cards

log = logging.getLogger("connect.mydata")


async def redraw_cards(client: Any, cards: Cards) -> None:
    """Never raises: the member already has "Done", and their data is already gone."""
    try:
        await _redraw(client, cards)
    except Exception:
        log.exception("redrawing %s cards after an erase failed", len(cards))


async def _redraw(client: Any, cards: Cards) -> None:
    from cogs.projects.common import refresh_card
    from cogs.tasks.common import refresh
    from cogs.thanks.items import redraw

    services = client.services
    for guild_id, project_id in cards.projects:
        try:
            view = await services.projects.card(system_scope(guild_id), project_id)
            await refresh_card(client, view, services.projects.clock.now())
        except (UserError, discord.HTTPException):
            log.info("project %s: card not redrawn after an erase", project_id, exc_info=True)
    if "tasks" in services.features:
        for guild_id, list_id in cards.task_lists:
            await refresh(client, guild_id, list_id)
    if "thanks" not in services.features:
        return
    for card in cards.thanks:
        scope = system_scope(card.guild_id)
        try:
            view = await services.features["thanks"].card(scope, card.thanks_id)
        except UserError:  # erased with the member's data: the message goes too
            message = client.get_partial_messageable(card.channel_id).get_partial_message(card.message_id)
            try:
                await message.delete()
            except discord.HTTPException:
                log.info("thank-you %s: card not deleted after an erase", card.thanks_id, exc_info=True)
            continue
        redraw(client, view, scope)
