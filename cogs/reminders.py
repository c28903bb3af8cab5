"""/remind and /reminders, the "Remind me" button, and the buttons on every reminder.

Everything works with buttons alone: "Remind me" opens one typing box (the text), then a card with
buttons for where, a menu for how often, and "Pick a time" (the shared time picker). Typing is optional:
``/remind`` takes the same things as options. Every control is a persistent DynamicItem, and the typing
boxes are answered from their custom_ids by a listener, so all of it works after a restart.

Thin: read the interaction, call one ReminderService method, render with bot/render/reminders.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import UserError
from bot.interactions import GuardedItem, actor_of, require_guild
from bot.render import reminders as render
from bot.render.components import Card, modal_values
from bot.services.reminders import (
    CHANNEL,
    KIND,
    ME,
    PROJECT,
    REPEAT_CHOICES,
    ROLE,
    ReminderInfo,
    ReminderService,
    Target,
)
from cogs._common import services
from cogs._timepicker import picker_card, register_purpose, setup_picker

log = logging.getLogger("connect.reminders")

PURPOSE = "remind"
MODAL_TEMPLATE = r"connect:rem:(?P<kind>text|reptext):(?P<id>\d{1,19})"
_URL = re.compile(r"https://\S+")


def reminders(interaction: discord.Interaction[Any]) -> ReminderService:
    return services(interaction).reminders


async def _context(interaction: discord.Interaction[Any]) -> tuple[str, datetime]:
    """The member's zone and now, to show times in words."""
    service = reminders(interaction)
    zone = await service.timezone_for(interaction.guild_id, interaction.user.id)
    return zone, service.clock.now()


async def _reply(interaction: discord.Interaction[Any], card: Card, *, edit: bool) -> None:
    """Edit the card the press came from, or answer with a new private card."""
    if edit and interaction.message is not None:
        await interaction.response.edit_message(**card.edit_kwargs())
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def show_result(interaction: discord.Interaction[Any], info: ReminderInfo, *, edit: bool) -> None:
    """After a change: the confirmation when it is set, else the draft card or the time picker."""
    zone, now = await _context(interaction)
    if info.state == "active":
        await _reply(interaction, render.confirmation_card(info, zone, now), edit=edit)
    elif info.is_draft and info.text:
        await _reply(interaction, render.draft_card(info), edit=edit)
    else:
        await interaction.response.send_message(texts.REMIND_GONE, ephemeral=True)


async def show_picker(interaction: discord.Interaction[Any], info: ReminderInfo, *, edit: bool) -> None:
    zone, now = await _context(interaction)
    card = picker_card(PURPOSE, info.id, zone, now, render.pick_time_prompt(info), user_id=interaction.user.id)
    await _reply(interaction, card, edit=edit)


# ---------------------------------------------------------------- the time picker's answers


async def on_time_picked(interaction: discord.Interaction[Any], ref: int, when_utc: datetime) -> None:
    info = await reminders(interaction).set_time(actor_of(interaction), ref, when_utc)
    await show_result(interaction, info, edit=True)


async def on_picker_cancel(interaction: discord.Interaction[Any], ref: int) -> None:
    """Cancel in the picker: a draft is dropped; a reminder being moved stays as it was."""
    service = reminders(interaction)
    actor = actor_of(interaction)
    info = await service.get(actor, ref)
    if info.is_draft:
        await service.cancel(actor, ref)
        await interaction.response.edit_message(content=render.cancelled_text(info), view=None)
        return
    await show_result(interaction, info, edit=True)


# ---------------------------------------------------------------- slash commands

WHERE_CHOICES = [
    app_commands.Choice(name=texts.REMIND_WHERE_ME, value=ME),
    app_commands.Choice(name=texts.REMIND_WHERE_CHANNEL, value=CHANNEL),
    app_commands.Choice(name=texts.REMIND_WHERE_ROLE, value=ROLE),
    app_commands.Choice(name=texts.REMIND_WHERE_PROJECT, value=PROJECT),
]


def _project_id(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    if not value.strip().isdecimal() or len(value.strip()) > 19:
        raise UserError(texts.REMIND_PICK_PROJECT)
    return int(value.strip())


class RemindersCog(commands.Cog):
    @app_commands.command(name="remind", description="Set a reminder for you, this channel, a role or a project.")
    @app_commands.guild_only()
    @app_commands.describe(
        what="What should I remind about? Leave it out to type it in a box.",
        when="When, like: tomorrow at 3pm. Leave it out to pick with buttons.",
        repeat="How often. Pick one, or type: every Monday at 10am.",
        where="Who gets it. You, if you leave it out.",
        role="Leads: the role to remind.",
        project="The project, for everyone coming to it.",
        read_aloud="Read a channel reminder aloud.",
    )
    @app_commands.choices(where=WHERE_CHOICES)
    async def remind(
        self,
        interaction: discord.Interaction[Any],
        what: app_commands.Range[str, 1, 1000] | None = None,
        when: app_commands.Range[str, 1, 100] | None = None,
        repeat: app_commands.Range[str, 1, 100] | None = None,
        where: app_commands.Choice[str] | None = None,
        role: discord.Role | None = None,
        project: str | None = None,
        read_aloud: bool = False,
    ) -> None:
        guild_id = require_guild(interaction)
        project_id = _project_id(project)
        kind = where.value if where is not None else (ROLE if role else ME)
        target_id = role.id if kind == ROLE and role else (project_id if kind == PROJECT else None)
        info = await reminders(interaction).create(
            guild_id,
            actor_of(interaction),
            interaction.channel_id,
            text=what,
            target=Target(kind, target_id),
            when_text=when,
            repeat=repeat,
            tts=read_aloud,
            project_id=project_id,
        )
        if what is None:
            await interaction.response.send_modal(render.text_modal(info.id))
        elif info.state == "active":
            await show_result(interaction, info, edit=False)
        else:
            await show_picker(interaction, info, edit=False)

    @remind.autocomplete("repeat")
    async def _repeat_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip()[:100]
        found = [
            app_commands.Choice(name=texts.REMIND_REPEAT_LABELS[key], value=key)
            for key in REPEAT_CHOICES
            if typed.lower() in texts.REMIND_REPEAT_LABELS[key].lower()
        ]
        if typed and not found:
            found.append(app_commands.Choice(name=typed, value=typed))  # a typed repeat, read on send
        return found[:25]

    @remind.autocomplete("project")
    async def _project_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        projects = getattr(services(interaction), "projects", None)
        if projects is None or interaction.guild_id is None:
            return []
        page = await projects.list_upcoming(interaction.guild_id, 0, 25)
        needle = current.strip().lower()
        return [
            app_commands.Choice(name=item.title[:100], value=str(item.id))
            for item in page.items
            if needle in item.title.lower()
        ][:25]

    @app_commands.command(name="reminders", description="See your reminders. Change them or cancel them.")
    @app_commands.guild_only()
    @app_commands.describe(cancel="Numbers from your list to cancel, like: 1 3. I will ask first.")
    async def reminders_command(
        self, interaction: discord.Interaction[Any], cancel: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        guild_id = require_guild(interaction)
        service = reminders(interaction)
        actor = actor_of(interaction)
        now = service.clock.now()
        if cancel is not None:
            chosen = await service.by_numbers(guild_id, actor, cancel)
            zone = await service.timezone_for(guild_id, actor.user_id)
            card = render.cancel_many_card([c.reminder for c in chosen], zone, now)
            if card is None:
                raise UserError(texts.REMIND_TOO_MANY_AT_ONCE)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        page = await service.list_page(guild_id, actor)
        await interaction.response.send_message(**render.list_card(page, now).send_kwargs(), ephemeral=True)


# ---------------------------------------------------------------- "Remind me" on any card


class ReminderNew(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"connect:rem:(?P<kind>new|newall):(?P<project>\d{1,19})",
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
        return cls(item, match["kind"], int(match["project"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        project_id = self.project_id or None
        target = Target(PROJECT, project_id) if self.kind == "newall" else Target(ME)
        info = await reminders(interaction).create(
            guild_id, actor_of(interaction), interaction.channel_id, text=None, target=target, project_id=project_id
        )
        await interaction.response.send_modal(render.text_modal(info.id))


# ---------------------------------------------------------------- one reminder's buttons and menus


class ReminderControl(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=(
        r"connect:rem:(?P<action>to|role|rep|rept|when|chg|cancel|tts|done|later|snz|stop):(?P<id>\d{1,19})"
        r"(?::(?P<arg>[a-z0-9]{1,10}))?"
    ),
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
        return cls(item, match["action"], int(match["id"]), match["arg"])

    def _values(self) -> list[Any]:
        return list(getattr(self.item, "values", None) or [])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = reminders(interaction)
        actor = actor_of(interaction)
        rid = self.reminder_id
        action = self.action
        if action == "to":
            if self.arg == ROLE:
                await service.check_can_remind_role(require_guild(interaction), actor)
                info = await service.get(actor, rid)
                await _reply(interaction, render.draft_card(info, show_roles=True), edit=True)
                return
            target = Target(self.arg or ME, None)
            await show_result(interaction, await service.set_target(actor, rid, target), edit=True)
        elif action == "role":
            values = self._values()
            if not values:
                raise UserError(texts.REMIND_PICK_ROLE)
            role = values[0]
            info = await service.set_target(actor, rid, Target(ROLE, int(getattr(role, "id", role))))
            await show_result(interaction, info, edit=True)
        elif action == "rep":
            values = [str(v) for v in self._values()]
            await show_result(interaction, await service.set_repeat(actor, rid, values[0] if values else ""), edit=True)
        elif action == "rept":
            await interaction.response.send_modal(render.repeat_modal(rid))
        elif action in ("when", "chg"):
            await show_picker(interaction, await service.get(actor, rid), edit=True)
        elif action == "cancel":
            info = await service.cancel(actor, rid)
            await interaction.response.edit_message(content=render.cancelled_text(info), view=None)
        elif action == "tts":
            await show_result(interaction, await service.set_tts(actor, rid, self.arg == "1"), edit=True)
        elif action == "done":
            result = await service.done(actor, rid)
            zone, now = await _context(interaction)
            note = render.done_text(result.reminder, zone, now)
            await self._answer_firing(interaction, note, repeating=result.reminder.repeating and not result.stopped)
        elif action == "later":
            await service.check_can_answer(actor, rid)
            await interaction.response.send_message(**render.later_card(rid).send_kwargs(), ephemeral=True)
        elif action == "snz":
            later = await service.later(actor, rid, self.arg or "")
            text = render.later_saved_text(later.when, later.timezone, service.clock.now())
            await interaction.response.edit_message(content=text, view=None)
        elif action == "stop":
            await service.stop(actor, rid)
            await self._answer_firing(interaction, texts.REMIND_STOPPED, repeating=False)

    async def _answer_firing(self, interaction: discord.Interaction[Any], note: str, *, repeating: bool) -> None:
        """Done or Stop on the reminder message itself: say so under it, keep only what still helps."""
        message = interaction.message
        if message is None:
            await interaction.response.send_message(note, ephemeral=True)
            return
        content = f"{message.content}\n{note}" if message.content else note
        url = next((m.group(0) for m in map(_URL.match, _link_urls(message)) if m), None)
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
    template=r"connect:rem:(?P<action>page|pick|multi|keep):(?P<arg>\d{1,6})",
):
    def __init__(self, item: discord.ui.Item[Any], action: str, arg: int) -> None:
        super().__init__(item)
        self.action = action
        self.arg = arg

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderListControl:
        return cls(item, match["action"], int(match["arg"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        service = reminders(interaction)
        actor = actor_of(interaction)
        if self.action == "keep":
            await interaction.response.edit_message(content=texts.REMIND_KEPT, view=None)
            return
        if self.action == "page":
            page = await service.list_page(guild_id, actor, self.arg)
            await interaction.response.edit_message(**render.list_card(page, service.clock.now()).edit_kwargs())
            return
        values = [str(v) for v in getattr(self.item, "values", None) or []]
        chosen = [render.parse_option(v) for v in values]
        if not chosen:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        zone, now = await _context(interaction)
        if self.action == "pick":
            reminder_id, number = chosen[0]
            info = await service.get(actor, reminder_id, guild_id)
            card = render.reminder_card(info, zone, now, number)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        infos = await service.chosen(guild_id, actor, [rid for rid, _ in chosen])
        ask = render.cancel_many_card(infos, zone, now)
        if ask is None:
            raise UserError(texts.REMIND_TOO_MANY_AT_ONCE)
        await interaction.response.send_message(**ask.send_kwargs(), ephemeral=True)


class ReminderCancelMany(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"connect:rem:cxl:(?P<ids>[0-9a-z]{1,13}(?:\.[0-9a-z]{1,13}){0,24})",
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
        guild_id = require_guild(interaction)
        done = await reminders(interaction).cancel_many(actor_of(interaction), self.ids, guild_id)
        await interaction.response.edit_message(content=texts.REMIND_CANCELLED_MANY.format(count=len(done)), view=None)


# ---------------------------------------------------------------- the typing boxes


def _field(data: Mapping[str, Any] | None, custom_id: str) -> str:
    """The value typed into one field of a modal, from the submit's raw data ("" when missing)."""
    return modal_values(data).get(custom_id, "")


class _ModalSubmit(GuardedItem):
    """Runs a typing-box submit through the same error pipeline and log as the buttons."""

    def __init__(self, kind: str, reminder_id: int, value: str) -> None:
        self.kind = kind
        self.reminder_id = reminder_id
        self.value = value

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = reminders(interaction)
        actor = actor_of(interaction)
        if self.kind == "text":
            info = await service.set_text(actor, self.reminder_id, self.value)
            await show_result(interaction, info, edit=False)
        else:
            info = await service.set_repeat_text(actor, self.reminder_id, self.value)
            await show_result(interaction, info, edit=True)


async def on_reminder_modal(interaction: discord.Interaction[Any]) -> None:
    """Listener: answers the typing boxes from their custom_id, so a box opened before a restart works."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return
    data: Any = interaction.data or {}
    cid = data.get("custom_id")
    match = re.fullmatch(MODAL_TEMPLATE, cid) if isinstance(cid, str) else None
    if match is None:
        return
    kind = match["kind"]
    value = _field(data, "text" if kind == "text" else "repeat")
    await _ModalSubmit(kind, int(match["id"]), value).callback(interaction)


# ---------------------------------------------------------------- wiring


def wire(bot: commands.Bot) -> None:
    """Connect the service to projects and to the scheduler, when the app has them.

    The app may instead call ``services.reminders.register(registry, render.reminder_message)`` where it
    builds the scheduler, and set ``services.reminders.scheduler``; doing both is harmless.
    """
    svc = getattr(bot, "services", None)
    service: ReminderService | None = getattr(svc, "reminders", None)
    if service is None:
        log.warning("no reminders service: reminders are off")
        return
    if service.projects is None:
        service.projects = getattr(svc, "projects", None)
    registry = getattr(bot, "registry", None) or getattr(svc, "registry", None)
    if registry is not None and KIND not in registry.kinds():
        service.register(registry, render.reminder_message)
    scheduler = getattr(bot, "scheduler", None) or getattr(svc, "scheduler", None)
    if scheduler is not None and service.scheduler is None:
        service.scheduler = scheduler


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PURPOSE, on_time_picked, on_cancel=on_picker_cancel)
    bot.add_dynamic_items(ReminderNew, ReminderControl, ReminderListControl, ReminderCancelMany)
    bot.remove_listener(on_reminder_modal, "on_interaction")
    bot.add_listener(on_reminder_modal, "on_interaction")
    wire(bot)
    await bot.add_cog(RemindersCog())
