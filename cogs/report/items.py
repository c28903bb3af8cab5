"""The /report buttons and the "pick dates" box. Making a report may take a moment: the press is deferred."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot import texts
from bot.errors import UserError
from bot.interactions import GuardedItem, actor_of, modal_listener, require_guild
from bot.render import report as render
from bot.render.components import custom_id
from bot.render.kept import keeping, refill
from bot.services.report import names as report_names
from bot.services.report import periods
from cogs.report.commands import reports

log = logging.getLogger("connect.report")


async def _send_report(interaction: discord.Interaction[Any], period: periods.Period) -> None:
    guild_id = require_guild(interaction)
    report = await reports(interaction).make(guild_id, actor_of(interaction), period)
    card = render.report_card(report)
    await interaction.followup.send(**card.send_kwargs(), ephemeral=True)


class ReportButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"connect:report:(?P<action>period|again|names|names-yes|names-no)(?::(?P<choice>[a-z0-9-]{1,20}))?",
):
    def __init__(self, item: discord.ui.Button[Any], action: str, choice: str | None) -> None:
        super().__init__(item)
        self.action = action
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReportButton:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match["action"], match["choice"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = require_guild(interaction)
        service = reports(interaction)
        zone = await service.timezone(guild_id, actor_of(interaction))  # leads only, on every press
        if self.action == "again":
            await interaction.response.send_message(**render.period_card().send_kwargs(), ephemeral=True)
            return
        if self.action.startswith(render.NAMES):
            await _names(interaction, self.action, periods.from_key(self.choice, zone))
            return
        if self.choice == render.PICK_DATES:
            await interaction.response.send_modal(refill(render.dates_modal(), interaction.message))
            return
        if self.choice not in periods.CHOICES:
            raise UserError(periods.texts.REPORT_OLD_BUTTON)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await _send_report(interaction, periods.period(self.choice, service.clock.now(), zone))


async def _names(interaction: discord.Interaction[Any], action: str, period: periods.Period) -> None:
    """ "Names too": asked first; "Yes" makes the file (leads only: checked before this, and in the service)."""
    key = periods.key(period)
    if action == render.NAMES:
        await interaction.response.send_message(**render.ask_names_card(key).send_kwargs(), ephemeral=True)
        return
    if action == render.NAMES_NO:
        await interaction.response.edit_message(content=texts.REPORT_NAMES_NOT_MADE, view=None)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    service = reports(interaction)
    guild_id = require_guild(interaction)
    rows = await report_names.names(service, guild_id, actor_of(interaction), period)
    shown = await display_names(interaction.guild, {r.user_id for r in rows if r.user_id is not None})
    zone = await service.timezone(guild_id, actor_of(interaction))
    await interaction.followup.send(texts.REPORT_NAMES_HERE, file=render.names_file(rows, shown, zone), ephemeral=True)


async def display_names(guild: discord.Guild | None, user_ids: set[int]) -> dict[int, str]:
    """Names as the server shows them now, asked for 100 at a time (the bot keeps no member list)."""
    if guild is None or not user_ids:
        return {}
    found: dict[int, str] = {}
    wanted = sorted(user_ids)
    for start in range(0, len(wanted), 100):
        try:
            members = await guild.query_members(user_ids=wanted[start : start + 100], limit=100, cache=False)
        except (discord.ClientException, TimeoutError):
            log.info("could not look up names for a report in guild %s", guild.id, exc_info=True)
            continue
        found.update({m.id: m.display_name for m in members})
    return found


async def _on_dates(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    guild_id = require_guild(interaction)
    zone = await reports(interaction).timezone(guild_id, actor_of(interaction))
    try:
        first = periods.parse_day(values.get(render.FIRST, ""))
        last = periods.parse_day(values.get(render.LAST, ""))
        period = periods.between(first, last, zone)
    except UserError as refused:  # "Try again" opens the box again with what was typed
        opener = custom_id(render.FEATURE, "period", render.PICK_DATES)
        raise keeping(refused, render.dates_modal(), values, opener) from None
    await interaction.response.defer(ephemeral=True, thinking=True)
    await _send_report(interaction, period)


# The "pick dates" box, answered from its custom_id so one open before a restart works.
on_report_modal = modal_listener(re.escape(render.MODAL_ID), _on_dates)
