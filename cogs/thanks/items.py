"""Every thank-you button, menu and box. Thin: read the press, call one service method, render.

One persistent item (``ThanksItem``) handles every ``connect:thanks:...`` id, so buttons work after restarts
and weeks later; the box for the reason is answered from its custom_id by ``on_thanks_modal``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot import cards, texts
from bot.cards import Draw
from bot.errors import NotAllowed, StaleControl, UserError, checked_id
from bot.interactions import GuardedItem, actor_of, modal_listener, require_guild
from bot.presses import Together, press
from bot.render import thanks as render
from bot.render import thanks_settings as leads_panel
from bot.render.components import Card, custom_id
from bot.render.kept import keeping, refill
from bot.scope import Scope
from bot.services.thanks import Person, Said, ThanksService, ThanksView
from cogs._common import services
from cogs.thanks.owner import tell_owner

log = logging.getLogger("connect.thanks.cog")


def thanks(interaction: discord.Interaction[Any]) -> ThanksService:
    service: ThanksService = services(interaction).features["thanks"]
    return service


def scope_of(interaction: discord.Interaction[Any]) -> Scope:
    return Scope(require_guild(interaction), actor_of(interaction))


def person(user: discord.abc.User) -> Person:
    return Person(user.id, user.display_name, is_bot=user.bot, in_server=isinstance(user, discord.Member))


async def board_on(interaction: discord.Interaction[Any]) -> bool:
    return (await services(interaction).guild_settings.get(require_guild(interaction))).leaderboard_enabled


# ---------------------------------------------------------------- the card, redrawn through bot/cards.py


def _drawer(client: discord.Client, scope: Scope, thanks_id: int) -> Draw:
    """How the card is drawn just before each coalesced edit: from the newest state (None: removed)."""
    service: ThanksService = client.services.features["thanks"]  # type: ignore[attr-defined]

    async def draw() -> Card | None:
        try:
            return render.card(await service.card(scope, thanks_id))
        except UserError:
            return None

    return draw


def redraw(client: discord.Client, view: ThanksView, scope: Scope) -> None:
    """Redraw the card in place: edits are coalesced per card and paced under Discord's limits
    (bot/cards.py), so a crowd pressing "Me too" makes about one edit a second, not one each."""
    cards.changed(client, view.channel_id, view.message_id, _drawer(client, scope, view.id))


# ---------------------------------------------------------------- saying it


async def open_box(interaction: discord.Interaction[Any], people: list[Person], **kwargs: Any) -> None:
    draft = await thanks(interaction).draft(scope_of(interaction), people, said_in=interaction.channel_id, **kwargs)
    await interaction.response.send_modal(render.reason_modal(draft.id, draft.hint))


async def deliver(interaction: discord.Interaction[Any], said: Said) -> str:
    """Post the card (the thank-you channel, else where it was said) and the private copies. Returns the reply."""
    client = interaction.client
    view = said.view
    lines: list[str] = []
    if said.post_channel_id is not None:
        msg = render.post(view)
        pinged = [u for u in msg.mention_user_ids if u not in said.quiet_ids]  # "do not contact me": no ping
        mentions = discord.AllowedMentions(users=[discord.Object(u) for u in pinged], everyone=False, roles=False)
        channel_id = said.post_channel_id
        try:
            sent = await client.get_partial_messageable(channel_id).send(
                content=msg.content,
                view=msg.view,
                allowed_mentions=mentions,
            )
        except (discord.Forbidden, discord.NotFound):
            if not said.server_channel or said.fallback_channel_id is None:
                raise
            log.warning("cannot post in the thank-you channel %s of %s", channel_id, view.guild_id)
            channel_id = said.fallback_channel_id
            sent = await client.get_partial_messageable(channel_id).send(
                content=msg.content,
                view=msg.view,
                allowed_mentions=mentions,
            )
            lines.append(texts.THANKS_CHANNEL_FAILED)
            await tell_owner(interaction, said.post_channel_id)
        await thanks(interaction).posted(scope_of(interaction), view.id, channel_id, sent.id)
        lines.insert(0, texts.THANKS_DONE_POSTED.format(channel=f"<#{channel_id}>"))
    failed: list[int] = []
    if said.dm_ids:
        server = interaction.guild.name if interaction.guild else ""
        private = render.dm(view, server)
        for user_id in said.dm_ids:
            try:
                dm = await client.create_dm(discord.Object(user_id))
                await dm.send(content=private.content, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException:
                failed.append(user_id)
        if view.private:
            lines.insert(0, texts.THANKS_DONE_PRIVATE)
        else:
            lines.append(texts.THANKS_DONE_SOME_BY_DM)
    if failed:
        lines.append(texts.THANKS_DONE_NO_DM.format(people=render.mentions(failed)))
    not_sent = [u for u in said.view.by_dm if u in said.quiet_ids]
    if not_sent:
        lines.append(texts.THANKS_DONE_NOT_CONTACTED.format(people=render.mentions(not_sent)))
    return "\n".join(lines)


async def on_reason(interaction: discord.Interaction[Any], draft_id: int, values: dict[str, str]) -> None:
    # Posting and DMs may take a moment: answer at once, then follow up.
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        said = await thanks(interaction).finish(scope_of(interaction), draft_id, values.get(render.REASON_INPUT))
    except UserError as refused:  # "Try again" opens the box again with what was typed
        box, opener = render.reason_modal(draft_id), custom_id("thanks", "again", draft_id)
        raise keeping(refused, box, values, opener) from None
    reply = await deliver(interaction, said)
    await interaction.followup.send(reply, ephemeral=True)


# ---------------------------------------------------------------- the actions, by custom_id


async def on_again(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    """ "Try again" on a refused reason: the box again, with what was typed (the submit checks the draft)."""
    await interaction.response.send_modal(refill(render.reason_modal(checked_id(a or "")), interaction.message))


Handler = Callable[[discord.Interaction[Any], str | None, str | None, Any], Awaitable[None]]


async def on_say(interaction: discord.Interaction[Any], kind: str | None, ref: str | None, item: Any) -> None:
    """ "🎉 Say thank you" on a finished project or a done task: who and what come pre-filled."""
    service, scope = thanks(interaction), scope_of(interaction)
    if not ref or not ref.isdigit():
        raise StaleControl()
    if kind == "project":
        title, people = await service.project_prefill(scope, checked_id(ref))
        hint = texts.THANKS_REASON_FOR_PROJECT.format(title=title)
        await open_box(interaction, [Person(u) for u in people], project_id=checked_id(ref), hint=hint, group=True)
    elif kind == "task":
        facts = await service.task_prefill(scope, checked_id(ref))
        hint = texts.THANKS_REASON_FOR_TASK.format(title=facts.title)
        await open_box(interaction, [Person(u) for u in facts.done_by], task_id=checked_id(ref), hint=hint, group=True)
    else:
        raise StaleControl()


async def on_me_too(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    scope = scope_of(interaction)
    thanks_id = checked_id(a or 0)

    async def work() -> str:  # in the card's lane (bot/presses.py): acknowledged at once under a crowd
        result = await thanks(interaction).me_too(scope, thanks_id, interaction.user.display_name)
        redraw(interaction.client, result.view, scope)
        return texts.THANKS_ME_TOO_ADDED if result.added else texts.THANKS_ME_TOO_REMOVED

    # A crowd's presses are done in one transaction, in press order (bot/presses.py).
    await press(interaction, ("thanks", thanks_id), work, together=Together.batch(thanks(interaction).db))


async def on_pick(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    """The menu of people: a = 0, or the member a supporter types for; b = pub, dm or for."""
    picked = [person(u) for u in item.values]
    author = None
    if b == "for" and a and a.isdigit():
        author = Person(int(a), in_server=True)
    await open_box(interaction, picked, private=b == "dm", author=author)


async def on_mode(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    card = render.panel(private=a == "dm", board=await board_on(interaction))
    await interaction.response.edit_message(**card.edit_kwargs())


async def on_for(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    await interaction.response.edit_message(**render.author_picker().edit_kwargs())


async def on_from(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    author = person(item.values[0])
    if author.is_bot or not author.in_server:
        raise UserError(texts.THANKS_NOT_A_BOT if author.is_bot else texts.THANKS_NOT_IN_SERVER)
    card = render.people_picker_for(author.user_id)
    await interaction.response.edit_message(**card.edit_kwargs())


async def on_board(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    lines = await thanks(interaction).board(scope_of(interaction))
    await interaction.response.send_message(**render.board_card(lines).send_kwargs(), ephemeral=True)


async def on_remove(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    if b != "yes":
        await interaction.response.edit_message(content=texts.THANKS_KEPT, view=None)
        return
    view = await thanks(interaction).remove(scope_of(interaction), checked_id(a or 0))
    await interaction.response.edit_message(content=texts.THANKS_REMOVED, view=None)
    if view.channel_id and view.message_id:
        try:
            await (
                interaction.client.get_partial_messageable(view.channel_id)
                .get_partial_message(view.message_id)
                .delete()
            )
        except discord.HTTPException as exc:
            log.warning("could not delete thank-you card %s: %s", view.id, exc)


async def on_setting(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    """The settings panel (from /setup): open it, move between its pages, or change one thing on it."""
    service, scope = thanks(interaction), scope_of(interaction)
    if a in ("open", "page"):
        await services(interaction).guild_settings.require_lead(scope)
        card = leads_panel.settings_panel(await service.settings(scope), page=b or "main")
        if a == "open":
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
        else:
            await interaction.response.edit_message(**card.edit_kwargs())
        return
    if a == "chan":
        channel = item.values[0] if item.values else None
        view = await service.set_channel(scope, channel.id if channel else None)
        what, value = texts.THANKS_SETTINGS_CHANNEL, f"#{channel.name}" if channel else texts.SETUP_NOT_SET
    elif a in ("day", "time"):
        chosen = int(item.values[0])
        if a == "day":
            view = await service.set_digest_time(scope, weekday=chosen)
        else:
            view = await service.set_digest_time(scope, minute=chosen)
        what, value = texts.THANKS_SETTINGS_DIGEST, leads_panel.digest_words(view)
    else:
        view = await service.toggle(scope, a or "")
        what, value = {
            "projects": (texts.THANKS_SETTINGS_PROJECTS, leads_panel.on_off(view.celebrate_projects)),
            "tasks": (texts.THANKS_SETTINGS_TASKS, leads_panel.on_off(view.celebrate_tasks)),
            "firsts": (texts.THANKS_SETTINGS_MILESTONES, leads_panel.on_off(view.celebrate_milestones)),
            "sessions": (texts.THANKS_SETTINGS_SESSIONS, leads_panel.on_off(view.celebrate_sessions)),
            "digest": (texts.THANKS_SETTINGS_DIGEST, leads_panel.digest_words(view)),
            "board": (texts.THANKS_SETTINGS_BOARD, leads_panel.on_off(view.leaderboard)),
        }[a or ""]
    saved = texts.THANKS_SETTINGS_SAVED.format(what=what, value=value)
    card = leads_panel.settings_panel(view, saved=saved, page=leads_panel.PAGE_OF.get(a or "", "main"))
    await interaction.response.edit_message(**card.edit_kwargs())


async def on_my_choice(interaction: discord.Interaction[Any], a: str | None, b: str | None, item: Any) -> None:
    choices = await thanks(interaction).toggle_choice(interaction.user.id, a or "")
    await interaction.response.edit_message(**render.me_panel(choices, saved=texts.THANKS_ME_SAVED).edit_kwargs())


ACTIONS: dict[str, Handler] = {
    "say": on_say,
    "metoo": on_me_too,
    "pick": on_pick,
    "mode": on_mode,
    "for": on_for,
    "from": on_from,
    "board": on_board,
    "rm": on_remove,
    "set": on_setting,
    "me": on_my_choice,
    "again": on_again,
}


class ThanksItem(GuardedItem, discord.ui.DynamicItem[discord.ui.Item[Any]], template=render.TEMPLATE):
    def __init__(self, item: discord.ui.Item[Any], action: str, a: str | None, b: str | None) -> None:
        super().__init__(item)
        self.action, self.a, self.b = action, a, b

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ThanksItem:
        return cls(item, match["action"], match["a"], match["b"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        if self.action != "me":
            require_guild(interaction)
        await ACTIONS[self.action](interaction, self.a, self.b, self.item)


class _ReasonSubmit(GuardedItem):
    def __init__(self, draft_id: int, values: dict[str, str]) -> None:
        self.draft_id, self.values = draft_id, values

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.guild_id is None:
            raise NotAllowed(texts.ONLY_IN_SERVER)
        await on_reason(interaction, self.draft_id, self.values)


async def _on_reason(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    # The id is untrusted: checked inside the error pipeline, so a made-up one is answered "This button is old".
    await _ReasonSubmit(checked_id(match["id"]), values).handle(interaction)


# The reason box, answered from its custom_id (so one opened before a restart still works).
on_thanks_modal = modal_listener(render.MODAL_TEMPLATE, _on_reason)
