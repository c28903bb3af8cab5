"""The "Remind me" button, the buttons and menus on every reminder, the list, and the typing boxes.

Every control is a persistent DynamicItem, and the typing boxes are answered from their custom_ids by a
listener, so all of it works after a restart.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError, checked_id
from bot.interactions import GuardedItem, any_scope_of, modal_listener, scope_of
from bot.render import reminders as render
from bot.render.kept import keeping, refill
from bot.render.reminders import ids as words
from bot.scope import AnyScope
from bot.services.reminders import (
    ME,
    PROJECT,
    ROLE,
    ReminderService,
    Target,
)
from cogs._unknown import unknown_item
from cogs.reminders.channel_check import ReminderChannelPick, can_post_or_ask
from cogs.reminders.common import URL, context, reminders, show_draft, show_picker, show_result

# ---------------------------------------------------------------- "Remind me" on any card


class ReminderNew(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=words.NEW_TEMPLATE,
):
    """ "Remind me" (about a project, when it has one) and "Remind everyone coming": a draft, then the box."""

    def __init__(self, item: discord.ui.Button[Any], kind: str, project_id: int) -> None:
        super().__init__(item)
        self.kind = kind
        self.project_id = project_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderNew:
        assert isinstance(item, discord.ui.Button)
        return cls(item, words.read(match["kind"])[0], checked_id(match["project"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        project_id = self.project_id or None
        target = Target(PROJECT, project_id) if self.kind == "new-everyone" else Target(ME)
        try:
            info = await reminders(interaction).create(
                scope_of(interaction), interaction.channel_id, text=None, target=target, project_id=project_id
            )
        except NotAllowed as refused:  # only organisers remind everyone coming: anyone may remind themselves
            if self.kind != "new-everyone" or not project_id:
                raise
            raise NotAllowed(refused.message, [render.remind_me_way(project_id)]) from None
        await interaction.response.send_modal(refill(render.text_modal(info.id), interaction.message))


# ---------------------------------------------------------------- one reminder's buttons and menus


class ReminderControl(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=words.CONTROL_TEMPLATE,
):
    def __init__(self, item: discord.ui.Item[Any], action: str, reminder_id: int, arg: str | None) -> None:
        super().__init__(item)
        self.action = action
        self.reminder_id = reminder_id
        self.arg = arg

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderControl:
        action, arg = words.read(match["action"], match["arg"])  # an old code reaches the same handler
        return cls(item, action, checked_id(match["id"]), arg)

    def _values(self) -> list[Any]:
        return list(getattr(self.item, "values", None) or [])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = reminders(interaction)
        rid = self.reminder_id
        action = self.action
        if action in words.ANSWERS:  # on the reminder message itself, often in a DM
            await self._answer(interaction, service, any_scope_of(interaction))
            return
        actor = scope_of(interaction)
        if action == "where":
            values = [str(v) for v in self._values()]
            kind = values[0] if values else (self.arg or ME)  # the menu, or an old card's button
            if kind == ROLE:
                await service.check_can_remind_role(actor)
                await show_draft(interaction, await service.get(actor, rid), edit=True, roles=True)
                return
            target = Target(kind, None)
            if not await self._can_post(interaction, service, target):
                return
            await show_result(interaction, await service.set_target(actor, rid, target), edit=True)
        elif action == "role":
            values = self._values()
            if not values:
                raise UserError(texts.REMIND_PICK_ROLE)
            role = values[0]
            target = Target(ROLE, int(getattr(role, "id", role)))
            if not await self._can_post(interaction, service, target):
                return
            info = await service.set_target(actor, rid, target)
            await show_result(interaction, info, edit=True)
        elif action == "repeat":
            values = [str(v) for v in self._values()]
            await show_result(interaction, await service.set_repeat(actor, rid, values[0] if values else ""), edit=True)
        elif action == "type-repeat":
            await service.get(actor, rid)  # another server's reminder: "not found" before any typing
            await interaction.response.send_modal(refill(render.repeat_modal(rid), interaction.message))
        elif action == "type-text":  # "Try again" on a refused text: the box again, with what was typed
            await service.get(actor, rid)
            await interaction.response.send_modal(refill(render.text_modal(rid), interaction.message))
        elif action in ("when", "change-time"):
            await show_picker(interaction, await service.get(actor, rid), edit=True)
        elif action == "cancel":
            info = await service.cancel(actor, rid)
            await interaction.response.edit_message(content=render.cancelled_text(info), view=None)
        elif action in ("once", "every"):  # a typed time and a typed repeat disagreed: the member chose
            when = datetime.fromtimestamp(checked_id(self.arg or ""), UTC)
            chosen = service.set_once if action == "once" else service.set_time
            await show_result(interaction, await chosen(actor, rid, when), edit=True)
        elif action == "read-aloud":
            await show_result(interaction, await service.set_tts(actor, rid, self.arg == "on"), edit=True)

    async def _can_post(self, interaction: discord.Interaction[Any], service: ReminderService, target: Target) -> bool:
        """Before a channel post is set: may the bot post there? If not, nothing changes (the menu instead)."""
        info = await service.get(scope_of(interaction), self.reminder_id)
        draft_id = self.reminder_id if info.is_draft else 0
        back_to = 0 if info.is_draft else self.reminder_id  # Back to this reminder's card
        return await can_post_or_ask(
            interaction, target, info.channel_id, draft_id=draft_id, back_to=back_to, edit=True
        )

    async def _answer(self, interaction: discord.Interaction[Any], service: ReminderService, scope: AnyScope) -> None:
        """Done, Later and Stop: the service checks it was sent to this person (and in this server)."""
        rid = self.reminder_id
        if self.action == "done":
            result = await service.done(scope, rid)
            zone, now = await context(interaction)
            note = render.done_text(result.reminder, zone, now)
            await self._answer_firing(interaction, note, repeating=result.reminder.repeating and not result.stopped)
        elif self.action == "later":
            await service.check_can_answer(scope, rid)
            await interaction.response.send_message(**render.later_card(rid).send_kwargs(), ephemeral=True)
        elif self.action == "later-choice":
            later = await service.later(scope, rid, self.arg or "")
            text = render.later_saved_text(later.when, later.timezone, service.clock.now())
            await interaction.response.edit_message(content=text, view=None)
        else:
            await service.stop(scope, rid)
            await self._answer_firing(interaction, texts.REMIND_STOPPED, repeating=False)

    async def _answer_firing(self, interaction: discord.Interaction[Any], note: str, *, repeating: bool) -> None:
        """Done or Stop on the reminder message itself: say so under it, keep only what still helps."""
        message = interaction.message
        if message is None:
            await interaction.response.send_message(note, ephemeral=True)
            return
        content = f"{message.content}\n{note}" if message.content else note
        url = next((m.group(0) for m in map(URL.match, _link_urls(message)) if m), None)
        view = render.reminder_view(self.reminder_id, repeating=repeating, project_url=url, answered=True)
        await interaction.response.edit_message(content=content[:2000], view=view)


def _link_urls(message: discord.Message) -> list[str]:
    urls: list[str] = []
    for row in message.components:
        for child in getattr(row, "children", []):
            url = getattr(child, "url", None)
            if url:
                urls.append(str(url))
    return urls


# ---------------------------------------------------------------- the list


class ReminderListControl(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=words.LIST_TEMPLATE,
):
    def __init__(self, item: discord.ui.Item[Any], action: str, arg: int) -> None:
        super().__init__(item)
        self.action = action
        self.arg = arg

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderListControl:
        return cls(item, words.read(match["action"])[0], int(match["arg"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = reminders(interaction)
        scope = scope_of(interaction)
        if self.action == "keep":
            await interaction.response.edit_message(content=texts.REMIND_KEPT, view=None)
            return
        if self.action == "page":
            page = await service.list_page(scope, self.arg)
            await interaction.response.edit_message(**render.list_card(page, service.clock.now()).edit_kwargs())
            return
        values = [str(v) for v in getattr(self.item, "values", None) or []]
        chosen = [render.parse_option(v) for v in values]
        if not chosen:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        zone, now = await context(interaction)
        if self.action == "pick":
            reminder_id, number = chosen[0]
            info = await service.get(scope, reminder_id)
            card = render.reminder_card(info, zone, now, number)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        infos = await service.chosen(scope, [rid for rid, _ in chosen])
        ask = render.cancel_many_card(infos, zone, now)
        if ask is None:
            raise UserError(texts.REMIND_TOO_MANY_AT_ONCE)
        await interaction.response.send_message(**ask.send_kwargs(), ephemeral=True)


class ReminderCancelMany(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=words.CANCEL_MANY_TEMPLATE,
):
    """ "Yes, cancel them": the ids are in the custom_id, so the answer is exactly what was asked."""

    def __init__(self, item: discord.ui.Button[Any], ids: list[int]) -> None:
        super().__init__(item)
        self.ids = ids

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderCancelMany:
        assert isinstance(item, discord.ui.Button)
        return cls(item, render.parse_ids(match["ids"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        done = await reminders(interaction).cancel_many(scope_of(interaction), self.ids)
        await interaction.response.edit_message(content=texts.REMIND_CANCELLED_MANY.format(count=len(done)), view=None)


# Every reminder control; any other ``connect:rem:...`` id (a made-up action, or one from a newer version
# after going back) is answered quietly as an old button by the catch-all.
REMINDER_ITEMS = (ReminderNew, ReminderControl, ReminderListControl, ReminderCancelMany, ReminderChannelPick)
ReminderUnknown = unknown_item("rem", *REMINDER_ITEMS)


# ---------------------------------------------------------------- the typing boxes


async def _on_box(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    """The text box or the typed repeat: the service checks the reminder is theirs and of this server."""
    service = reminders(interaction)
    scope = scope_of(interaction)
    reminder_id = checked_id(match["id"])
    if words.read(match["kind"])[0] == "text":
        try:
            info = await service.set_text(scope, reminder_id, values.get("text", ""))
        except UserError as refused:  # "Try again" opens the box again with what was typed
            opener = render.box_opener("text", reminder_id)
            raise keeping(refused, render.text_modal(reminder_id), values, opener) from None
        await show_result(interaction, info, edit=False)
    else:
        try:
            info = await service.set_repeat_text(scope, reminder_id, values.get("repeat", ""))
        except NotFound:
            raise  # another server's (or a gone) reminder: answered plainly, with nothing to press
        except UserError as refused:  # never a dead end: type it again (what was typed kept), or pick
            opener = render.box_opener("repeat", reminder_id)
            refused = UserError(refused.message, render.repeat_ways_on(reminder_id)[1:])
            raise keeping(refused, render.repeat_modal(reminder_id), values, opener) from None
        await show_result(interaction, info, edit=True)


# Listener: answers the typing boxes from their custom_id, so a box opened before a restart works.
on_reminder_modal = modal_listener(words.BOX_TEMPLATE, _on_box)
