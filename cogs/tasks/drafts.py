"""Adding and changing tasks: the modal, the new-task panel (due date, who, repeat, turns), the time picks."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, UserError, checked_id
from bot.interactions import GuardedItem, modal_listener
from bot.render import tasks as render
from bot.render.kept import keeping
from bot.textclean import public_text
from bot.timefmt import when_text
from cogs._timepicker import picker_card
from cogs.tasks.common import answer, member_of, now, refresh, scope, svc, thanks_on, zone

PICK_DRAFT_DUE = "taskdue"
PICK_TASK_DUE = "taskmove"


async def draft_action(interaction: discord.Interaction[Any], task_id: int, what: str, item: Any) -> None:
    service, who = svc(interaction), scope(interaction)
    if what == "due":
        task = await service.draft(who, task_id)
        prompt = texts.TASK_ASK_DUE.format(title=public_text(task.title))
        card = picker_card(
            PICK_DRAFT_DUE, task_id, await zone(interaction), now(interaction), prompt, user_id=interaction.user.id
        )
        await interaction.response.edit_message(**card.edit_kwargs())
        return
    if what == "cancel":
        await service.discard_draft(who, task_id)
        await interaction.response.edit_message(content=texts.TASK_DISCARDED, embed=None, view=None)
        return
    if what == "save":
        await publish(interaction, task_id)
        return
    values = list(getattr(item, "values", None) or [])
    if what == "nodue":
        task = await service.set_draft(who, task_id, due=None)
    elif what == "who":
        task = await service.set_draft(who, task_id, who=member_of(values[0]) if values else None)
    elif what == "repeat":
        task = await service.set_draft(who, task_id, repeat=str(values[0]) if values else "none")
    elif what == "rota":
        task = await service.set_draft(who, task_id, rota=[member_of(u) for u in values])
    else:
        raise ValueError(f"unknown draft action {what!r}")
    card = render.draft_card(task, await zone(interaction), now(interaction))
    await interaction.response.edit_message(**card.edit_kwargs())


async def publish(interaction: discord.Interaction[Any], task_id: int) -> None:
    task = await svc(interaction).publish(scope(interaction), task_id)
    title = public_text(task.title)
    if task.asked_id is not None:
        done = texts.TASK_ADDED_ASKED.format(title=title, member=f"<@{task.asked_id}>")
    else:
        done = texts.TASK_ADDED.format(title=title)
    await interaction.response.edit_message(content=done, embed=None, view=None)
    await refresh(interaction.client, task.guild_id, task.list_id, post=True)


async def on_draft_due(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    task = await svc(interaction).set_draft(scope(interaction), ref, due=when)
    card = render.draft_card(task, await zone(interaction), now(interaction))
    await interaction.response.edit_message(**card.edit_kwargs())


async def on_draft_due_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    task = await svc(interaction).draft(scope(interaction), ref)
    card = render.draft_card(task, await zone(interaction), now(interaction))
    await interaction.response.edit_message(**card.edit_kwargs())


async def ask_due(interaction: discord.Interaction[Any], task_id: int) -> None:
    panel = await svc(interaction).panel(scope(interaction), task_id)
    if not panel.can_manage:
        raise NotAllowed(texts.TASK_ONLY_MANAGERS)
    prompt = texts.TASK_ASK_DUE.format(title=public_text(panel.task.title))
    card = picker_card(PICK_TASK_DUE, task_id, panel.zone, now(interaction), prompt, user_id=interaction.user.id)
    await answer(interaction, card)


async def on_task_due(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    service, who = svc(interaction), scope(interaction)
    task = await service.set_due(who, ref, when)
    panel = await service.panel(who, ref)
    card = render.task_panel(panel, now(interaction), thanks=thanks_on(interaction))
    card.content = texts.TASK_DUE_CHANGED.format(when=when_text(when, panel.zone, now(interaction), relative=True))
    await interaction.response.edit_message(**card.edit_kwargs())
    await refresh(interaction.client, task.guild_id, task.list_id)


async def on_task_due_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    await interaction.response.edit_message(content=texts.TASK_KEPT, embed=None, view=None)


# ---------------------------------------------------------------- the modal (answered by its custom_id)


class _FormSubmit(GuardedItem):
    """Runs a modal submit through the same error pipeline and log as the buttons."""

    def __init__(self, kind: str, ref: int, values: dict[str, str]) -> None:
        self.kind = kind
        self.ref = ref
        self.values = values

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await self._save(interaction)
        except UserError as refused:  # "Try again" opens the box again with what was typed
            opener = render.cid("add", self.ref) if self.kind == "new" else render.cid("do", self.ref, "edit")
            raise keeping(refused, render.task_modal(self.kind, self.ref), self.values, opener) from None

    async def _save(self, interaction: discord.Interaction[Any]) -> None:
        service, who = svc(interaction), scope(interaction)
        what, details = self.values.get(render.IN_WHAT), self.values.get(render.IN_DETAILS)
        if self.kind == "new":
            task = await service.start_draft(who, self.ref, what, details)
            card = render.draft_card(task, await zone(interaction), now(interaction))
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        task = await service.edit(who, self.ref, what, details)
        await interaction.response.send_message(
            texts.TASK_CHANGED.format(title=public_text(task.title)), ephemeral=True
        )
        await refresh(interaction.client, task.guild_id, task.list_id)


async def _on_form(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    # The id is untrusted: checked inside the error pipeline, so a made-up one is answered "This button is old".
    await _FormSubmit(match["kind"], checked_id(match["id"]), values).handle(interaction)


# Answers the task modals from their custom_id, so one opened before a restart still works.
on_task_modal = modal_listener(render.FORM_TEMPLATE, _on_form)
