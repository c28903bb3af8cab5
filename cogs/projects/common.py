"""Helpers shared by the project commands, buttons, modals and pickers."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import discord

from bot import cards, texts
from bot.errors import NotAllowed
from bot.interactions import actor_of, require_guild
from bot.render.components import Card
from bot.render.projects import project_card
from bot.services.people import Actor
from bot.services.projects import Member, MemberState, ProjectsService, ProjectView
from cogs._common import services

log = logging.getLogger("connect.projects.cog")


def projects(interaction: discord.Interaction[Any]) -> ProjectsService:
    service: ProjectsService | None = getattr(services(interaction), "projects", None)
    if service is None:  # the app was built without the feature
        raise RuntimeError("no projects service in this app")
    return service


def now(interaction: discord.Interaction[Any]) -> datetime:
    return services(interaction).clock.now()


async def zone(interaction: discord.Interaction[Any]) -> str:
    """The zone to show times to the person who pressed (their own, else the server's)."""
    return await services(interaction).guild_settings.timezone_for(interaction.guild_id, interaction.user.id)


def actor(interaction: discord.Interaction[Any]) -> Actor:
    return actor_of(interaction)


def member_of(user: discord.abc.User) -> Member:
    """What an organiser picked in a member menu. Only a Member is still in the server."""
    return Member(user_id=user.id, in_server=isinstance(user, discord.Member), is_bot=user.bot)


async def require_organiser(interaction: discord.Interaction[Any], project_id: int) -> MemberState:
    state = await projects(interaction).member_state(project_id, actor(interaction))
    if not state.can_organise:
        raise NotAllowed(texts.PROJECT_ONLY_ORGANISERS)
    return state


def on_card(interaction: discord.Interaction[Any], view: ProjectView) -> bool:
    """Was this pressed on the project's own card (so the card can be edited by the answer itself)?"""
    return interaction.message is not None and view.message_id is not None and interaction.message.id == view.message_id


async def refresh_card(client: discord.Client, view: ProjectView, when: datetime) -> None:
    """Ask for the card to be drawn again (bot/cards.py): edits are coalesced per card, paced under
    Discord's limits, and each is drawn from the newest lists just before it is sent, so the last edit
    always shows the newest lists. A deleted card or a lost permission is logged, never shown to the member.
    """
    service: ProjectsService | None = getattr(getattr(client, "services", None), "projects", None)
    if service is None:
        return

    async def draw() -> Card:
        return project_card(await service.card(view.id), service.clock.now())

    cards.changed(client, view.channel_id, view.message_id, draw)


async def answer_and_refresh(
    interaction: discord.Interaction[Any], view: ProjectView, reply: str | Card, *, edit: bool = False
) -> None:
    """Answer the person first (privately, or by replacing the private panel they pressed when ``edit``),
    then show the change on the card, edited in place."""
    card = reply if isinstance(reply, Card) else Card(content=reply)
    if edit and interaction.message is not None and not on_card(interaction, view):
        await interaction.response.edit_message(content=card.content, embed=card.embed, view=card.view)
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    await refresh_card(interaction.client, view, now(interaction))


def guild_of(interaction: discord.Interaction[Any]) -> int:
    return require_guild(interaction)
