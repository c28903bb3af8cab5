"""Helpers shared by the project commands, buttons, modals and pickers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord

from bot import cards, texts
from bot.errors import NotAllowed
from bot.interactions import require_guild, scope_of
from bot.render.components import Card
from bot.render.projects import project_card
from bot.scope import Scope, system_scope
from bot.services.projects import Member, MemberState, ProjectsService, ProjectView
from cogs._common import services
from cogs._timepicker import picker_card

log = logging.getLogger("connect.projects.cog")


@dataclass(frozen=True)
class Press:
    """One press of a project control, read from its custom_id. Untrusted: the service checks server and person.

    ``arg`` says what the action is about ("attendance", "on", "going"); ``extra`` is a second detail
    (a session id, "every"); ``item`` is the pressed component (its ``values`` for menus).
    """

    interaction: discord.Interaction[Any]
    project_id: int  # the page number for "list"
    arg: str | None
    extra: str | None
    item: Any


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


def scope(interaction: discord.Interaction[Any]) -> Scope:
    return scope_of(interaction)


def member_of(user: discord.abc.User) -> Member:
    """What an organiser picked in a member menu. Only a Member is still in the server."""
    return Member(user_id=user.id, in_server=isinstance(user, discord.Member), is_bot=user.bot)


async def require_organiser(interaction: discord.Interaction[Any], project_id: int) -> MemberState:
    """The More panel's state, for an organiser only (the service checks again on every write)."""
    state = await projects(interaction).member_state(scope(interaction), project_id)
    if not state.can_organise:
        raise NotAllowed(texts.PROJECT_ONLY_ORGANISERS)
    return state


def on_card(interaction: discord.Interaction[Any], view: ProjectView) -> bool:
    """Was this pressed on the project's own card (so the card can be edited by the answer itself)?"""
    return interaction.message is not None and view.message_id is not None and interaction.message.id == view.message_id


async def refresh_card(client: discord.Client, view: ProjectView, when: datetime) -> None:
    """Ask for the card to be drawn again (bot/cards.py). Edits are coalesced per card and paced under
    Discord's limits; each is drawn from the newest lists just before it is sent, so the last edit always
    shows the newest lists. A deleted card or a lost permission is logged, never shown to the member.
    ``when`` is kept for the callers; the card is drawn at the time of its edit."""
    service: ProjectsService | None = getattr(getattr(client, "services", None), "projects", None)
    if service is None:
        return
    ready = service

    async def draw() -> Card:
        latest = await ready.card(system_scope(view.guild_id), view.id)
        return project_card(latest, ready.clock.now())

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


# Time picker purposes (letters only) and what they change.
PICK_START = "projstart"
PICK_END = "projend"
PICK_MOVE = "projmove"
PICK_MOVE_ONE = "projmoveone"


async def ask_time(interaction: discord.Interaction[Any], purpose: str, ref: int, prompt: str) -> None:
    """The shared time picker, bound to the member who pressed."""
    card = picker_card(purpose, ref, await zone(interaction), now(interaction), prompt, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
