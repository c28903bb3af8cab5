"""/remind and /reminders."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import NotFound, UserError, WayOn
from bot.interactions import scope_of
from bot.render import reminders as render
from bot.render.kept import try_again
from bot.services.reminders import (
    CHANNEL,
    ME,
    PROJECT,
    REPEAT_CHOICES,
    ROLE,
    Target,
)
from cogs._common import services
from cogs.reminders.channel_check import can_post_or_ask, cannot_post_here
from cogs.reminders.common import context, reminders, show_picker, show_result

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
    @app_commands.command(name="remind", description=texts.REMIND_CMD)
    @app_commands.guild_only()
    @app_commands.describe(
        what=texts.REMIND_OPT_WHAT,
        when=texts.REMIND_OPT_WHEN,
        repeat=texts.REMIND_OPT_REPEAT,
        where=texts.REMIND_OPT_WHERE,
        role=texts.REMIND_OPT_ROLE,
        project=texts.REMIND_OPT_PROJECT,
        read_aloud=texts.REMIND_OPT_READ_ALOUD,
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
        try:
            await self._remind(interaction, what, when, repeat, where, role, project, read_aloud)
        except NotFound:
            raise
        except UserError as refused:  # a typed option we cannot use: "Try again" opens the box with the text,
            # then the buttons for when, where and repeat (bot/render/kept.py)
            again = render.remind_me_way(_project_id(project) or 0).custom_id
            kept = [(texts.REMIND_MODAL_LABEL, what or "")]
            raise UserError(refused.message, [try_again(again)], kept=kept) from None

    async def _remind(
        self,
        interaction: discord.Interaction[Any],
        what: str | None,
        when: str | None,
        repeat: str | None,
        where: app_commands.Choice[str] | None,
        role: discord.Role | None,
        project: str | None,
        read_aloud: bool,
    ) -> None:
        project_id = _project_id(project)
        kind = where.value if where is not None else (ROLE if role else ME)
        target_id = role.id if kind == ROLE and role else (project_id if kind == PROJECT else None)
        service, scope = reminders(interaction), scope_of(interaction)
        if cannot_post_here(interaction, Target(kind, target_id), interaction.channel_id):
            # Nothing starts here; what was typed waits in a draft while the member picks a channel.
            held = await service.create(
                scope,
                interaction.channel_id,
                text=what,
                target=Target(kind, target_id),
                when_text=when,
                repeat=repeat,
                tts=read_aloud,
                project_id=project_id,
                hold=True,
            )
            await can_post_or_ask(interaction, Target(kind, target_id), interaction.channel_id, draft_id=held.id)
            return
        # A typed time and a typed repeat that disagree: ask which (the draft keeps the repeat).
        two = await service.two_times(scope, when, repeat) if what and when and repeat else None
        info = await service.create(
            scope,
            interaction.channel_id,
            text=what,
            target=Target(kind, target_id),
            when_text=None if two else when,
            repeat=repeat,
            tts=read_aloud,
            project_id=project_id,
            hold=two is not None,
        )
        if two is not None:
            zone, now = await context(interaction)
            card = render.two_times_card(info, two, zone, now)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
        elif what is None:
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
        page = await projects.list_upcoming(scope_of(interaction), 0, 25)
        needle = current.strip().lower()
        return [
            app_commands.Choice(name=item.title[:100], value=str(item.id))
            for item in page.items
            if needle in item.title.lower()
        ][:25]

    @app_commands.command(name="reminders", description=texts.REMINDERS_CMD)
    @app_commands.guild_only()
    @app_commands.describe(cancel=texts.REMINDERS_OPT_CANCEL)
    async def reminders_command(
        self, interaction: discord.Interaction[Any], cancel: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        service = reminders(interaction)
        scope = scope_of(interaction)
        now = service.clock.now()
        if cancel is not None:
            try:
                chosen = await service.by_numbers(scope, cancel)
            except UserError as refused:  # a number not in the list: the list, to look again
                see = WayOn(texts.REMIND_BUTTON_SEE_LIST, render.list_page_id(0), "📋")
                raise UserError(refused.message, [see]) from None
            zone = await service.timezone_for(scope.guild_id, scope.user_id)
            card = render.cancel_many_card([c.reminder for c in chosen], zone, now)
            if card is None:
                raise UserError(texts.REMIND_TOO_MANY_AT_ONCE)
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
            return
        page = await service.list_page(scope)
        await interaction.response.send_message(**render.list_card(page, now).send_kwargs(), ephemeral=True)
