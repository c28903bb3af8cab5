"""Helpers shared by the task commands, buttons and modals: the service, the scope, redrawing the card."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import discord

from bot import cards
from bot.interactions import actor_of, require_guild
from bot.render.components import Card
from bot.render.tasks import list_card
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.tasks import ListView, Member, TasksService
from cogs._common import services

log = logging.getLogger("connect.tasks.cog")


def tasks_of(client: Any) -> TasksService:
    service: TasksService | None = getattr(getattr(client, "services", None), "features", {}).get("tasks")
    if service is None:  # the app was built without the feature
        raise RuntimeError("no tasks service in this app")
    return service


def svc(interaction: discord.Interaction[Any]) -> TasksService:
    return tasks_of(interaction.client)


def scope(interaction: discord.Interaction[Any]) -> Scope:
    return Scope(require_guild(interaction), actor_of(interaction))


def personal_scope(interaction: discord.Interaction[Any], guild_id: int) -> Scope:
    """A press in a private message: the person only (never a lead there), in the row's own server. A copy
    pressed in a server is of that server: another server's task is not found there, like a missing one."""
    return Scope(interaction.guild_id or guild_id, Actor(user_id=interaction.user.id))


def now(interaction: discord.Interaction[Any]) -> datetime:
    return services(interaction).clock.now()


async def zone(interaction: discord.Interaction[Any]) -> str:
    return await services(interaction).guild_settings.timezone_for(interaction.guild_id, interaction.user.id)


def member_of(user: discord.abc.User) -> Member:
    """What someone picked in a member menu. Only a Member is still in the server."""
    return Member(user_id=user.id, in_server=isinstance(user, discord.Member), is_bot=user.bot)


def thanks_on(interaction: discord.Interaction[Any]) -> bool:
    return "thanks" in getattr(services(interaction), "features", {})


def jump(view: ListView) -> str | None:
    if view.channel_id and view.message_id:
        return f"https://discord.com/channels/{view.guild_id}/{view.channel_id}/{view.message_id}"
    return None


def is_private_panel(interaction: discord.Interaction[Any]) -> bool:
    message = interaction.message
    return message is not None and (message.flags.ephemeral or interaction.guild_id is None)


async def answer(interaction: discord.Interaction[Any], card: Card) -> None:
    """Replace the private panel that was pressed, or answer privately when pressed on a shared card."""
    if is_private_panel(interaction):
        await interaction.response.edit_message(**card.edit_kwargs())
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def refresh(client: Any, guild_id: int, list_id: int, *, post: bool = False) -> None:
    """Redraw the list's card in place (``post``: post it in its channel when it has none yet).

    A posted card is redrawn through bot/cards.py: edits are coalesced per card and paced under Discord's
    limits, each drawn from the newest list just before it is sent. A lost card is logged, never shown.
    """
    service = tasks_of(client)
    view = await service.card(guild_id, list_id)
    if view is None or view.channel_id is None:
        return
    if view.message_id is None:
        if post:
            await _post(client, service, guild_id, list_id, view)
        return

    async def draw() -> Card | None:
        latest = await service.card(guild_id, list_id)
        return list_card(latest, service.clock.now()) if latest is not None else None

    cards.changed(client, view.channel_id, view.message_id, draw)


async def _post(client: Any, service: TasksService, guild_id: int, list_id: int, view: ListView) -> None:
    assert view.channel_id is not None
    try:
        sent = await client.get_partial_messageable(view.channel_id).send(
            **list_card(view, service.clock.now()).send_kwargs()
        )
    except discord.HTTPException as exc:
        log.warning("could not post the card of task list %s: %s", list_id, exc)
        return
    await service.set_card(Scope(guild_id, Actor(user_id=0)), list_id, view.channel_id, sent.id)
