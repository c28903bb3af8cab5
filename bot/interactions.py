"""The one error pipeline for slash commands, buttons, selects and modals, and the interaction log.

Order: a ``UserError`` becomes an ephemeral easy-read reply; a failed app-command check (for
example a command used in DMs) gets the matching easy-read reply; anything else is logged with its
traceback and a short code, and the person sees a plain apology with that code.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError, WayOn, error_code
from bot.ops.failures import is_database_outage
from bot.render.components import frozen_view, modal_values
from bot.render.kept import kept_embed
from bot.render.ways import member_ways
from bot.scope import AnyScope, PersonalScope, Scope
from bot.services.people import Actor

log = logging.getLogger("connect.interactions")


def unwrap(error: BaseException) -> BaseException:
    """discord.py wraps errors raised inside commands; we decide on the original."""
    while isinstance(error, (app_commands.CommandInvokeError, app_commands.TransformerError)):
        original = getattr(error, "original", None) or error.__cause__
        if original is None:
            break
        error = original
    return error


def ways_view(ways: tuple[WayOn, ...]) -> discord.ui.View | None:
    """The buttons that lead on from a refusal (5 at most, in one row)."""
    if not ways:
        return None
    buttons: list[discord.ui.Button[discord.ui.View]] = [
        discord.ui.Button(label=w.label, custom_id=w.custom_id, emoji=w.emoji) for w in ways[:5]
    ]
    return frozen_view(*buttons)


async def reply_private(
    interaction: discord.Interaction[Any],
    content: str,
    ways: tuple[WayOn, ...] = (),
    kept: tuple[tuple[str, str], ...] = (),
) -> None:
    """An ephemeral message, whether or not the interaction was answered already. ``kept``: what was typed in
    a refused box, shown with it (its "Try again" reads it back, bot/render/kept.py)."""
    extra: dict[str, Any] = {}
    view = ways_view(ways)
    if view is not None:
        extra["view"] = view
    embed = kept_embed(kept)
    if embed is not None:
        extra["embed"] = embed
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, **extra)
        else:
            await interaction.response.send_message(content, ephemeral=True, **extra)
    except discord.HTTPException:
        # The token may have run out; the error is already logged by the caller if it mattered.
        log.warning("could not send an error reply for interaction %s", interaction.id)


def interaction_name(interaction: discord.Interaction[Any]) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, Any] = dict(interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    # Keep the template part only: ids after the action name are not logged.
    return ":".join(custom_id.split(":")[:3]) or interaction.type.name


def log_interaction(interaction: discord.Interaction[Any], outcome: str, started: float | None = None) -> None:
    """One line per interaction: what, where, how long. Never content or personal data."""
    now = datetime.now(UTC)
    latency_ms = (now - interaction.created_at).total_seconds() * 1000
    handler_ms = (time.perf_counter() - started) * 1000 if started is not None else None
    log.info(
        "interaction %s guild=%s outcome=%s latency_ms=%.0f%s",
        interaction_name(interaction),
        interaction.guild_id or "dm",
        outcome,
        latency_ms,
        f" handler_ms={handler_ms:.1f}" if handler_ms is not None else "",
    )


async def handle_error(interaction: discord.Interaction[Any], error: BaseException) -> str:
    """Answer the person and log. Returns the outcome for the interaction log."""
    error = unwrap(error)
    if isinstance(error, NotFound):
        # Old cards and ids of rows that are gone (or of another server): answered quietly, never an ERROR.
        log.info("not found in %s: %s", interaction_name(interaction), type(error).__name__)
        await reply_private(interaction, error.message)
        return "not-found"
    if isinstance(error, UserError):
        ways = error.ways
        if not ways and isinstance(error, NotAllowed) and interaction.guild_id:
            ways = member_ways()  # never a dead end: what every member may do instead
        await reply_private(interaction, error.message, ways, error.kept)
        return "user-error"
    if isinstance(error, app_commands.NoPrivateMessage):
        await reply_private(interaction, texts.ONLY_IN_SERVER)
        return "refused"
    if isinstance(error, app_commands.CheckFailure):
        await reply_private(interaction, texts.ONLY_LEADS, member_ways() if interaction.guild_id else ())
        return "refused"
    if is_database_outage(error):
        # The database is away for now (restarting, busy): nothing was saved, trying later will work.
        log.warning("database unavailable in %s: %s", interaction_name(interaction), type(error).__name__)
        log.debug("database unavailable", exc_info=error)
        await reply_private(interaction, texts.OPS_DB_OUTAGE)
        return "database-unavailable"
    code = error_code()
    log.error(
        "unexpected error code=%s in %s guild=%s",
        code,
        interaction_name(interaction),
        interaction.guild_id or "dm",
        exc_info=error,
    )
    await reply_private(interaction, texts.SORRY_UNEXPECTED.format(code=code))
    return f"error:{code}"


class ConnectTree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        outcome = await handle_error(interaction, error)
        log_interaction(interaction, outcome)


async def run_guarded(interaction: discord.Interaction[Any], work: Callable[[], Awaitable[None]]) -> None:
    """Run one press or submit through the error pipeline and the interaction log."""
    started = time.perf_counter()
    outcome = "ok"
    try:
        await work()
        # A press answered through bot/presses.py caught its own error and says how it ended.
        outcome = str(interaction.extras.get("outcome", outcome))
    except Exception as exc:
        outcome = await handle_error(interaction, exc)
    log_interaction(interaction, outcome, started)


class GuardedItem:
    """Mix into every ``DynamicItem``: the callback goes through the error pipeline and the log.

    discord.py only logs errors from dynamic items, so without this a person would see
    "This interaction failed" and nothing else.
    """

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await run_guarded(interaction, lambda: self.handle(interaction))


class GuardedModal(discord.ui.Modal):
    """A modal whose submit goes through the error pipeline and the log."""

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await run_guarded(interaction, lambda: self.handle(interaction))


ModalHandler = Callable[[discord.Interaction[Any], "re.Match[str]", dict[str, str]], Awaitable[None]]


@dataclass(frozen=True)
class ModalRoute:
    """One modal template and the handler answering the modals whose custom_id matches it."""

    pattern: re.Pattern[str]
    handle: ModalHandler

    async def __call__(self, interaction: discord.Interaction[Any]) -> None:
        """Answer this one modal if it is one of the route's (else leave it alone)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: Any = interaction.data or {}
        custom_id = data.get("custom_id")
        match = self.pattern.fullmatch(custom_id) if isinstance(custom_id, str) else None
        if match is not None:
            await _answer_modal(interaction, self.handle, match, modal_values(data))


def modal_listener(template: str, handle: ModalHandler) -> ModalRoute:
    """The route answering the modals whose custom_id matches ``template`` (add it with ``listen``).

    Modals are answered by custom_id (not by a Modal object in memory), so one opened before a restart still
    works. The custom_id and the values are untrusted: ``handle`` gets them parsed, the services check them.
    """
    return ModalRoute(re.compile(template), handle)


class ModalDispatcher:
    """The bot's ONE ``on_interaction`` listener for modals: discord.py starts a task per listener for every
    interaction, so eight listeners that return at once for a button cost a crowd eight tasks a press.
    A button returns here at once; a modal goes to the first route whose template matches
    (``listen(bot, modal_listener(template, handle))``): every feature's boxes the same way."""

    def __init__(self) -> None:
        self._routes: dict[str, ModalRoute] = {}  # by template: adding one again replaces it

    def add(self, route: ModalRoute) -> None:
        self._routes[route.pattern.pattern] = route

    def templates(self) -> list[re.Pattern[str]]:
        """The modal templates answered by routes, in the order they were added."""
        return [route.pattern for route in self._routes.values()]

    async def dispatch(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: Any = interaction.data or {}
        custom_id = data.get("custom_id")
        if not isinstance(custom_id, str):
            return
        for route in self._routes.values():
            match = route.pattern.fullmatch(custom_id)
            if match is not None:
                await _answer_modal(interaction, route.handle, match, modal_values(data))
                return


async def _answer_modal(
    interaction: discord.Interaction[Any], handle: ModalHandler, match: re.Match[str], values: dict[str, str]
) -> None:
    await run_guarded(interaction, lambda: handle(interaction, match, values))


def modal_dispatcher(bot: commands.Bot) -> ModalDispatcher:
    """The bot's modal dispatcher (added as its one ``on_interaction`` listener on first use)."""
    found = getattr(bot, "connect_modals", None)
    if not isinstance(found, ModalDispatcher):
        found = ModalDispatcher()
        bot.connect_modals = found  # type: ignore[attr-defined]
        bot.add_listener(found.dispatch, "on_interaction")
    return found


def listen(bot: commands.Bot, route: ModalRoute) -> None:
    """Answer these modals through the bot's one dispatcher (once: a feature's setup may run again)."""
    modal_dispatcher(bot).add(route)


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """The plain facts services need about who is acting."""
    user = interaction.user
    role_ids: frozenset[int] = frozenset()
    if isinstance(user, discord.Member):
        role_ids = frozenset(role.id for role in user.roles)
    perms = interaction.permissions
    return Actor(
        user_id=user.id,
        role_ids=role_ids,
        can_manage_server=bool(perms.manage_guild or perms.administrator),
        display_name=user.display_name,
    )


def scope_of(interaction: discord.Interaction[Any]) -> Scope:
    """The server the press came from and who pressed (a command used in DMs is refused plainly)."""
    return Scope(require_guild(interaction), actor_of(interaction))


def any_scope_of(interaction: discord.Interaction[Any]) -> AnyScope:
    """For buttons that may sit in a DM: there the service looks the server up from the row, and the
    person has no rights beyond their own answers."""
    if interaction.guild_id is None:
        return PersonalScope(interaction.user.id)
    return scope_of(interaction)


def require_guild(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise UserError(texts.ONLY_IN_SERVER)
    return interaction.guild_id
