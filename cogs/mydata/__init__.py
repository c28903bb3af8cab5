"""My data (issue 13): /mydata shows what Connect knows about a member, sends a copy, and deletes it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.scheduling.registry import Job, KindPolicy
from bot.services.mydata import MyDataService
from bot.services.mydata.retention import KIND as RETENTION
from cogs._unknown import add_items
from cogs.mydata.commands import MyDataCog
from cogs.mydata.items import MyDataButton


def _build(shared: Shared, services: Mapping[str, Any]) -> MyDataService:
    return MyDataService(shared)


def _kinds(service: MyDataService, bot: Any) -> list[Kind]:
    async def thin(job: Job) -> None:
        await service.retention.run()

    # Late is fine (it tidies up); a missed day is caught up by the next one.
    return [Kind(RETENTION, thin, KindPolicy(max_lateness=timedelta(hours=20)))]


# Built last: it asks every other feature's personal-data hooks.
async def _start(service: MyDataService) -> None:
    await service.retention.ensure_daily()


FEATURE = Feature(name="mydata", build=_build, cog="cogs.mydata", kinds=_kinds, on_start=_start)


async def setup(bot: commands.Bot) -> None:
    add_items(bot, "mydata", MyDataButton)
    await bot.add_cog(MyDataCog())
