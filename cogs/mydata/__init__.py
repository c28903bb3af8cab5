"""My data (issue 13): /mydata shows what Connect knows about a member, sends a copy, and deletes it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discord.ext import commands

from bot.features import Feature, Shared
from bot.services.mydata import MyDataService
from cogs.mydata.commands import MyDataCog
from cogs.mydata.items import MyDataButton


def _build(shared: Shared, services: Mapping[str, Any]) -> MyDataService:
    return MyDataService(shared)


# Built last: it asks every other feature's personal-data hooks.
FEATURE = Feature(name="mydata", build=_build, cog="cogs.mydata")


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(MyDataButton)
    await bot.add_cog(MyDataCog())
