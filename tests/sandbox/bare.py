"""A BARE discord.py bot for testing the sandbox (deliberately not the Connect bot)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from sandbox import Sandbox

MakeSandbox = Callable[..., Awaitable[Sandbox]]


class JoinView(discord.ui.View):
    """A persistent card: works for any message carrying these custom ids, even after a restart."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="✅ I'm coming", custom_id="bare:join", style=discord.ButtonStyle.success)
    async def join(self, interaction: discord.Interaction, button: discord.ui.Button[JoinView]) -> None:
        await interaction.response.send_message("Done. You are on the list.", ephemeral=True)

    @discord.ui.button(label="❌ Not this time", custom_id="bare:leave", style=discord.ButtonStyle.secondary)
    async def leave(self, interaction: discord.Interaction, button: discord.ui.Button[JoinView]) -> None:
        await interaction.response.edit_message(content="Film club (1 place left)", view=self)


class DayView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.select(
        custom_id="bare:day",
        placeholder="Pick a day",
        options=[discord.SelectOption(label="Tuesday", value="tue"), discord.SelectOption(label="Friday", value="fri")],
    )
    async def day(self, interaction: discord.Interaction, select: discord.ui.Select[DayView]) -> None:
        await interaction.response.edit_message(content=f"Day: {select.values[0]}", view=self)

    @discord.ui.button(label="Later", custom_id="bare:later")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button[DayView]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="Edited after a deferred update")


class PeopleView(discord.ui.View):
    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="bare:people", placeholder="Who helps?", max_values=2)
    async def people(self, interaction: discord.Interaction, select: discord.ui.UserSelect[PeopleView]) -> None:
        names = sorted(u.display_name for u in select.values)
        await interaction.response.send_message("Helpers: " + ", ".join(names), ephemeral=True)

    @discord.ui.select(cls=discord.ui.RoleSelect, custom_id="bare:roles", placeholder="Which role?")
    async def roles(self, interaction: discord.Interaction, select: discord.ui.RoleSelect[PeopleView]) -> None:
        await interaction.response.send_message(f"Role: {select.values[0].name}", ephemeral=True)


class ProjectModal(discord.ui.Modal, title="New project"):
    name: discord.ui.TextInput[ProjectModal] = discord.ui.TextInput(label="Title", max_length=80)
    notes: discord.ui.TextInput[ProjectModal] = discord.ui.TextInput(
        label="Notes", style=discord.TextStyle.paragraph, required=False
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Made {self.name.value}. Notes: {self.notes.value}", ephemeral=True)


class _Bare:
    """What both bare bots share. Remembers what happened so tests can look inside."""

    def _init_bare(self) -> None:
        self.seen_messages: list[discord.Message] = []
        self.kept_interactions: list[discord.Interaction] = []
        self.errors: list[discord.HTTPException] = []
        self.ready_count = 0

    async def setup_hook(self) -> None:
        bot = self
        assert isinstance(bot, (commands.Bot, commands.AutoShardedBot))
        bot.add_view(JoinView())
        bot.add_view(DayView())
        add_bare_commands(bot)
        await bot.tree.sync()

    async def on_ready(self) -> None:
        self.ready_count += 1

    async def on_message(self, message: discord.Message) -> None:
        self.seen_messages.append(message)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py waits 5 s before a repeated IDENTIFY (Discord's limit); not needed here


def _bare_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs.setdefault("intents", discord.Intents(guilds=True, guild_messages=True, dm_messages=True))
    kwargs.setdefault("guild_ready_timeout", 0.05)
    kwargs.setdefault("command_prefix", commands.when_mentioned)
    return kwargs


class BareBot(_Bare, commands.Bot):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_bare_kwargs(kwargs))
        self._init_bare()


class ShardedBareBot(_Bare, commands.AutoShardedBot):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_bare_kwargs(kwargs))
        self._init_bare()


def add_bare_commands(bot: Any) -> None:
    tree = bot.tree

    @tree.command(name="hello", description="Say hello")
    async def hello(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Hello {name}.")

    @tree.command(name="card", description="Post a sign-up card")
    async def card(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Film club (2 places left)", view=JoinView())

    @tree.command(name="whoami", description="Show my permissions")
    async def whoami(interaction: discord.Interaction) -> None:
        perms = interaction.permissions
        await interaction.response.send_message(
            f"manage_guild={perms.manage_guild} administrator={perms.administrator}", ephemeral=True
        )

    @tree.command(name="ignore", description="Never answers")
    async def ignore(interaction: discord.Interaction) -> None:
        bot.kept_interactions.append(interaction)

    @tree.command(name="late", description="Answers too late")
    async def late(interaction: discord.Interaction, wait: float) -> None:
        await asyncio.sleep(wait)
        try:
            await interaction.response.send_message("Sorry, this is late.")
        except discord.HTTPException as exc:
            bot.errors.append(exc)

    @tree.command(name="twice", description="Answers twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Once.")
        # Simulates a second code path answering the same interaction (discord.py would refuse locally).
        interaction.response._response_type = None
        try:
            await interaction.response.send_message("Twice.")
        except discord.HTTPException as exc:
            bot.errors.append(exc)

    @tree.command(name="keep", description="Defers and keeps the interaction for the test")
    async def keep(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        bot.kept_interactions.append(interaction)

    @tree.command(name="invite", description="Send a calendar invite")
    async def invite(interaction: discord.Interaction, who: discord.Member) -> None:
        await interaction.response.defer(thinking=True)
        ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
        await interaction.followup.send(
            f"{who.mention}, here is the invite.",
            file=discord.File(io.BytesIO(ics), filename="film-club.ics"),
            allowed_mentions=discord.AllowedMentions(users=[who]),
        )

    @tree.command(name="assign", description="Assign a task")
    async def assign(
        interaction: discord.Interaction, who: discord.Member, role: discord.Role, where: discord.TextChannel
    ) -> None:
        await interaction.response.send_message(
            f"{who.display_name} / {role.name} / #{where.name}", view=PeopleView(), ephemeral=True
        )

    @tree.command(name="setup", description="Set up the server")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def setup(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Setup.", ephemeral=True)

    project = app_commands.Group(name="project", description="Projects")

    @project.command(name="new", description="Start a project")
    async def project_new(interaction: discord.Interaction, title: str, places: int = 3) -> None:
        modal = ProjectModal()
        modal.name.default = title
        await interaction.response.send_modal(modal)

    @project.command(name="pick", description="Pick a day")
    async def project_pick(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Which day?", view=DayView())

    @project.command(name="remind", description="Remind me")
    async def project_remind(interaction: discord.Interaction, when: str) -> None:
        await interaction.response.send_message(f"I will remind you {when}.", ephemeral=True)

    @project_remind.autocomplete("when")
    async def when_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        options = ["tomorrow morning", "tomorrow evening", "today"]
        return [app_commands.Choice(name=o, value=o) for o in options if o.startswith(current)]

    tree.add_command(project)


async def eventually(predicate: Callable[[], Any], within: float = 2.0) -> None:
    """Wait until `predicate()` is true (for things the bot does after answering)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(0.01)
