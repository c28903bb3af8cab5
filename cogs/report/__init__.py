"""The impact report (issue 13): /report for leads, with a chart, CSV files and a page to print."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from discord.ext import commands

from bot.features import Feature, Shared
from bot.interactions import listen
from bot.render.report import MODAL_ID
from bot.services.report.service import ReportService
from cogs._unknown import add_items
from cogs.report.commands import ReportCog
from cogs.report.items import ReportButton, on_report_modal


def _build(shared: Shared, services: Mapping[str, Any]) -> ReportService:
    return ReportService(shared)


FEATURE = Feature(name="report", build=_build, cog="cogs.report")


async def setup(bot: commands.Bot) -> None:
    add_items(bot, "report", ReportButton, modals=(re.escape(MODAL_ID),))
    listen(bot, on_report_modal)
    await bot.add_cog(ReportCog())
