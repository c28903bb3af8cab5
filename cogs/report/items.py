"""The /report buttons and the "pick dates" box. Making a report may take a moment: the press is deferred."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.errors import UserError
from bot.interactions import GuardedItem, actor_of, handle_error, log_interaction, require_guild
from bot.render import report as render
from bot.render.components import modal_values
from bot.services.report import periods
from cogs.report.commands import reports


async def _send_report(interaction: discord.Interaction[Any], period: periods.Period) -> None:
    guild_id = require_guild(interaction)
    report = await reports(interaction).make(guild_id, actor_of(interaction), period)
    card = render.report_card(report)
    await interaction.followup.send(**card.send_kwargs(), ephemeral=True)


class ReportButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"connect:report:(?P<action>period|again)(?::(?P<choice>[a-z0-9-]{1,20}))?",
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
        if self.choice == render.PICK_DATES:
            await interaction.response.send_modal(render.dates_modal())
            return
        if self.choice not in periods.CHOICES:
            raise UserError(periods.texts.REPORT_OLD_BUTTON)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await _send_report(interaction, periods.period(self.choice, service.clock.now(), zone))


async def on_report_modal(interaction: discord.Interaction[Any]) -> None:
    """Listener: the "pick dates" box, answered from its custom_id so one open before a restart works."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return
    data: Any = interaction.data or {}
    if data.get("custom_id") != render.MODAL_ID:
        return
    outcome = "ok"
    try:
        guild_id = require_guild(interaction)
        zone = await reports(interaction).timezone(guild_id, actor_of(interaction))
        values = modal_values(data)
        first = periods.parse_day(values.get(render.FIRST, ""))
        last = periods.parse_day(values.get(render.LAST, ""))
        period = periods.between(first, last, zone)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await _send_report(interaction, period)
    except Exception as exc:
        outcome = await handle_error(interaction, exc)
    log_interaction(interaction, outcome)
