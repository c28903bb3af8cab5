"""/me: a member's own choices (time zone now; quiet hours later)."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import texts
from bot.errors import NotFound, UserError
from bot.interactions import GuardedItem, any_scope_of
from bot.render.components import custom_id, frozen_view
from bot.services.guild_settings import MAX_TIMEZONE_TEXT
from bot.timefmt import COMMON_TIMEZONES, clock_words, zone_words
from cogs._common import services
from cogs._unknown import add_items

SERVER_ZONE = "server"


def timezone_picker() -> discord.ui.View:
    options = [discord.SelectOption(label=texts.ME_USE_SERVER_TIMEZONE, value=SERVER_ZONE)]
    options += [discord.SelectOption(label=label, value=zone) for zone, label in COMMON_TIMEZONES[:24]]
    select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id("me", "tz"), placeholder=texts.SETUP_PICK_TIMEZONE, options=options
    )
    return frozen_view(select)


async def save_zone(interaction: discord.Interaction[Any], zone: str | None, *, edit: bool) -> None:
    saved = await services(interaction).guild_settings.set_member_timezone(any_scope_of(interaction), zone)
    content = texts.ME_TIMEZONE_SAVED.format(zone=zone_words(saved)) if saved else texts.ME_TIMEZONE_CLEARED
    if edit:
        await interaction.response.edit_message(content=content, view=None)
    else:
        await interaction.response.send_message(content, ephemeral=True)


class MeCog(commands.Cog):
    me = app_commands.Group(name="me", description=texts.ME_CMD)

    @me.command(name="timezone", description=texts.ME_CMD_TIMEZONE)
    @app_commands.describe(zone=texts.ME_OPT_ZONE)
    async def timezone(self, interaction: discord.Interaction[Any], zone: str | None = None) -> None:
        if zone is None:
            await interaction.response.send_message(texts.ME_PICK_TIMEZONE, view=timezone_picker(), ephemeral=True)
            return
        try:
            await save_zone(interaction, None if zone.strip().lower() == SERVER_ZONE else zone, edit=False)
        except NotFound:
            raise
        except UserError as refused:  # a zone we do not know: the menu it points to, so there is a way on
            await interaction.response.send_message(refused.message, view=timezone_picker(), ephemeral=True)

    @timezone.autocomplete("zone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()[:MAX_TIMEZONE_TEXT]
        found = [
            app_commands.Choice(name=f"{label} ({zone})"[:100], value=zone)
            for zone, label in COMMON_TIMEZONES
            if needle in zone.lower() or needle in label.lower()
        ]
        return found[:25]

    # ---- quiet hours (bot/services/quiet_hours.py): automatic messages wait; a member's own reminders do not.
    _QUIET_OFF = -1
    _QUIET_HOURS = [app_commands.Choice(name=clock_words(hour, 0), value=hour * 60) for hour in range(24)]

    @me.command(name="quiet-hours", description=texts.ME_CMD_QUIET_HOURS)
    @app_commands.describe(start=texts.ME_OPT_QUIET_START, end=texts.ME_OPT_QUIET_END)
    @app_commands.choices(
        start=[app_commands.Choice(name=texts.QUIET_OFF, value=_QUIET_OFF), *_QUIET_HOURS], end=_QUIET_HOURS
    )
    async def quiet_hours(
        self,
        interaction: discord.Interaction[Any],
        start: app_commands.Choice[int] | None = None,
        end: app_commands.Choice[int] | None = None,
    ) -> None:
        service = services(interaction).quiet_hours
        if start is None and end is None:
            current = await service.get(interaction.user.id)
            now = (
                texts.QUIET_NOW.format(
                    start=clock_words(current.start // 60, current.start % 60),
                    end=clock_words(current.end // 60, current.end % 60),
                )
                if current
                else texts.QUIET_NONE
            )
            await interaction.response.send_message(f"{now}\n{texts.QUIET_HOW}", ephemeral=True)
            return
        if start is not None and start.value == self._QUIET_OFF:
            await service.set(any_scope_of(interaction), None, None)
            await interaction.response.send_message(texts.QUIET_CLEARED, ephemeral=True)
            return
        saved = await service.set(any_scope_of(interaction), start.value if start else None, end.value if end else None)
        assert saved is not None
        words = texts.QUIET_SAVED.format(
            start=clock_words(saved.start // 60, saved.start % 60), end=clock_words(saved.end // 60, saved.end % 60)
        )
        await interaction.response.send_message(f"{words}\n{texts.QUIET_SAVED_EXPLAIN}", ephemeral=True)

    # ---- check-ins (cogs/checkins/me.py): away until a day (no check-ins, no nudges), one gentle reminder or none.
    @me.command(name="away", description=texts.CHECKIN_AWAY_DESC)
    @app_commands.describe(back=texts.CHECKIN_AWAY_BACK_OPT)
    async def away(self, interaction: discord.Interaction[Any], back: bool = False) -> None:
        from cogs.checkins import me as checkin_me

        await checkin_me.away(interaction, back)

    @me.command(name="checkin-reminders", description=texts.CHECKIN_REMIND_DESC)
    @app_commands.describe(on=texts.CHECKIN_REMIND_OPT)
    async def checkin_reminders(self, interaction: discord.Interaction[Any], on: bool) -> None:
        from cogs.checkins import me as checkin_me

        await checkin_me.reminders(interaction, on)

    @me.command(name="thanks", description=texts.THANKS_ME_COMMAND)
    async def thanks_choices(self, interaction: discord.Interaction[Any]) -> None:
        """Consent for thank-yous (cogs/thanks): do not post about me, first steps, the leaderboard."""
        from bot.render.thanks import me_panel

        choices = await services(interaction).features["thanks"].choices(interaction.user.id)
        await interaction.response.send_message(**me_panel(choices).send_kwargs(), ephemeral=True)

    @me.command(name="data", description=texts.MYDATA_COMMAND)
    async def my_data(self, interaction: discord.Interaction[Any]) -> None:
        from cogs.mydata.commands import show_card  # the mydata feature owns the card and its buttons

        await show_card(interaction, interaction.user)

    @me.command(name="task-nudges", description=texts.TASK_CMD_ME_NUDGES)
    async def task_nudges(self, interaction: discord.Interaction[Any]) -> None:
        from cogs.tasks.items import show_nudges  # the tasks feature owns the choice and its button

        await show_nudges(interaction)


class MeTimezoneSelect(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"connect:me:tz",
):
    def __init__(self, item: discord.ui.Select[Any]) -> None:
        super().__init__(item)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> MeTimezoneSelect:
        assert isinstance(item, discord.ui.Select)
        return cls(item)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        choice = self.item.values[0]
        await save_zone(interaction, None if choice == SERVER_ZONE else choice, edit=True)


async def setup(bot: commands.Bot) -> None:
    add_items(bot, "me", MeTimezoneSelect)
    await bot.add_cog(MeCog())
