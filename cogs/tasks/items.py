"""Every task button and menu, on list cards, task panels and private messages. Thin: read the press,
call one service method, render. One persistent item (``TaskItem``) reads the custom_id
(bot/render/tasks/__init__.py lists them), so they work after restarts and weeks later."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, StaleControl, checked_id
from bot.interactions import GuardedItem, require_guild
from bot.presses import Together, press
from bot.render import tasks as render
from bot.render.components import Card
from bot.render.kept import refill
from bot.scope import Scope
from bot.services.tasks import Pressed
from bot.textclean import public_text
from cogs._common import services
from cogs.tasks.common import (
    answer,
    is_private_panel,
    jump,
    member_of,
    now,
    personal_scope,
    refresh,
    scope,
    svc,
    thanks_on,
    zone,
)
from cogs.tasks.drafts import ask_due, draft_action

PRESSES = {"claim", "partner", "help", "back", "sos", "yes", "no", "done", "undo"}
DM_PRESSES = {"yes", "no", "done", "back"}


async def _press(service: Any, who: Scope, task_id: int, what: str, *, personal: bool = False) -> Pressed:
    if what == "claim":
        return await service.claim(who, task_id)
    if what == "partner":
        return await service.partner(who, task_id)
    if what == "help":
        return await service.can_help(who, task_id)
    if what == "back":
        return await service.give_back(who, task_id)
    if what == "sos":
        return await service.need_help(who, task_id)
    if what in ("yes", "no"):
        return await service.answer(who, task_id, what == "yes")
    if what == "done":
        return await service.done(who, task_id, personal=personal)
    if what == "undo":
        return await service.undo(who, task_id)
    raise ValueError(f"unknown task press {what!r}")


async def on_list(interaction: discord.Interaction[Any], a: str | None, b: str | None) -> None:
    """ "📋 Tasks" on a project's More panel: the project's list, privately, with what this person may do."""
    if a != "project" or not (b or "").isdigit():
        raise StaleControl()
    view, may_add = await svc(interaction).open_list(scope(interaction), project_id=checked_id(b or 0))
    card = render.list_card(view, now(interaction), may_add=may_add, link=jump(view))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_add(interaction: discord.Interaction[Any], list_id: int) -> None:
    await svc(interaction).list_view(scope(interaction), list_id)  # another server's list: not found
    await interaction.response.send_modal(refill(render.task_modal("new", list_id), interaction.message))


async def on_pick(interaction: discord.Interaction[Any], item: Any) -> None:
    task_id = int(item.values[0])
    panel = await svc(interaction).panel(scope(interaction), task_id)
    card = render.task_panel(panel, now(interaction), thanks=thanks_on(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_do(interaction: discord.Interaction[Any], task_id: int, what: str) -> None:
    service, who = svc(interaction), scope(interaction)
    if what in PRESSES:

        async def work() -> Card:  # in the task's lane (bot/presses.py): first come, first served
            pressed = await _press(service, who, task_id, what)
            await refresh(interaction.client, who.guild_id, pressed.list_id)
            panel = await service.panel(who, task_id)
            card = render.task_panel(panel, now(interaction), thanks=thanks_on(interaction))
            card.content = render.reply_text(pressed, panel.zone, now(interaction))
            return card

        edit = is_private_panel(interaction)  # a crowd's presses: one transaction (bot/presses.py)
        await press(interaction, ("task", task_id), work, edit=edit, together=Together.batch(service.db))
        return
    panel = await service.panel(who, task_id)
    if what == "keep":
        await interaction.response.edit_message(content=texts.TASK_KEPT, embed=None, view=None)
        return
    if not panel.can_manage:
        raise NotAllowed(texts.TASK_ONLY_MANAGERS)
    if what in ("manage", "view"):  # "Change this task" and Back swap the panel's buttons
        card = render.task_panel(panel, now(interaction), thanks=thanks_on(interaction), manage=what == "manage")
        await interaction.response.edit_message(**card.edit_kwargs())
    elif what == "edit":
        await interaction.response.send_modal(
            refill(render.task_modal("edit", task_id, panel.task), interaction.message)
        )
    elif what == "due":
        await ask_due(interaction, task_id)
    elif what == "remove":
        await answer(interaction, render.confirm_remove(panel.task))
    elif what == "removeyes":
        task = await service.remove(who, task_id)
        done = texts.TASK_REMOVED.format(title=public_text(task.title))
        await interaction.response.edit_message(content=done, embed=None, view=None)
        await refresh(interaction.client, who.guild_id, task.list_id)
    else:
        raise ValueError(f"unknown task action {what!r}")


async def on_ask(interaction: discord.Interaction[Any], task_id: int, item: Any) -> None:
    service, who = svc(interaction), scope(interaction)
    picked = list(item.values)
    if not picked:
        await interaction.response.edit_message(content=texts.TASK_KEPT)
        return
    task = await service.ask(who, task_id, member_of(picked[0]))
    panel = await service.panel(who, task_id)
    card = render.task_panel(panel, now(interaction), thanks=thanks_on(interaction))
    card.content = texts.TASK_ASK_SENT.format(member=f"<@{picked[0].id}>", title=public_text(task.title))
    await answer(interaction, card)
    await refresh(interaction.client, who.guild_id, task.list_id)


async def on_dm(interaction: discord.Interaction[Any], task_id: int, guild_id: int, what: str) -> None:
    """A press in a private message (asked, your turn, a nudge): only the person it was sent to may."""
    if what not in DM_PRESSES:
        raise ValueError(f"unknown private press {what!r}")
    who = personal_scope(interaction, guild_id)

    async def work() -> Card:
        pressed = await _press(svc(interaction), who, task_id, what, personal=True)
        await refresh(interaction.client, guild_id, pressed.list_id)
        return Card(content=render.reply_text(pressed, await zone(interaction), now(interaction)), view=None)

    await press(interaction, ("task", task_id), work, edit=True)


async def on_settings(interaction: discord.Interaction[Any], what: str | None) -> None:
    guild_id = require_guild(interaction)
    service, who = svc(interaction), scope(interaction)
    if what == "show":
        await services(interaction).guild_settings.require_lead(who)
        card = render.settings_panel(await service.settings(guild_id))
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
        return
    saved = await service.toggle_leads_only(who)
    value = texts.TASK_SETUP_LEADS_ONLY if saved.leads_only_channel_lists else texts.TASK_SETUP_EVERYONE
    card = render.settings_panel(saved, saved=texts.TASK_SETUP_SAVED.format(value=value))
    await answer(interaction, card)


async def show_nudges(interaction: discord.Interaction[Any]) -> None:
    """/me task-nudges: say whether task nudges are on, with one button to change it."""
    card = render.nudges_panel(await svc(interaction).nudges_on(interaction.user.id))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_nudges(interaction: discord.Interaction[Any], what: str | None) -> None:
    on = await svc(interaction).set_nudges(interaction.user.id, what == "on")
    await answer(interaction, render.nudges_panel(on))


def _int(value: str | None) -> int:
    """An id from the custom_id: untrusted, so anything but a whole number a row could have is an old button."""
    return checked_id(value if value is not None else "")


class TaskItem(GuardedItem, discord.ui.DynamicItem[discord.ui.Item[Any]], template=render.TEMPLATE):
    """Every task button and menu."""

    def __init__(self, item: discord.ui.Item[Any], action: str, a: str | None, b: str | None, c: str | None) -> None:
        super().__init__(item)
        self.action, self.a, self.b, self.c = action, a, b, c

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TaskItem:
        return cls(item, match["action"], match["a"], match["b"], match["c"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        action, a, b, c = self.action, self.a, self.b, self.c
        if action == "list":
            await on_list(interaction, a, b)
        elif action == "add":
            await on_add(interaction, _int(a))
        elif action == "pick":
            await on_pick(interaction, self.item)
        elif action == "do":
            await on_do(interaction, _int(a), b or "")
        elif action == "ask":
            await on_ask(interaction, _int(a), self.item)
        elif action == "dm":
            await on_dm(interaction, _int(a), _int(b), c or "")
        elif action == "draft":
            await draft_action(interaction, _int(a), b or "", self.item)
        elif action == "settings":
            await on_settings(interaction, a)
        elif action == "nudges":
            await on_nudges(interaction, a)
        else:
            raise ValueError(f"unknown task action {action!r}")
