"""Thank-yous and celebrations (issue 11): /thanks, the user menu, the card's "Me too", the settings panel.

``FEATURE`` declares the feature once: its service, its scheduled kinds (the weekly good news and the
celebrations) and its personal data. ``setup`` adds the commands, the persistent item and the box listener.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.interactions import listen
from bot.render import thanks as render
from bot.services.thanks import CELEBRATION, WEEKLY_DIGEST, ThanksJobs, ThanksService
from bot.services.thanks.jobs import CELEBRATION_POLICY, DIGEST_POLICY
from bot.services.thanks.report import ThanksReport
from cogs._unknown import add_items
from cogs.thanks.commands import ThanksCog, remove_thank_you, say_thank_you
from cogs.thanks.items import ThanksItem, on_thanks_modal

log = logging.getLogger("connect.thanks.cog")


def build(shared: Shared, built: Any) -> ThanksService:
    return ThanksService(shared)


def names_from(bot: discord.Client) -> Any:
    """Display names for the good news (plain text, never pings): the cache, else one look-up per member."""

    async def names(guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        guild = bot.get_guild(guild_id)
        found: dict[int, str] = {}
        for user_id in user_ids:
            member = guild.get_member(user_id) if guild is not None else None
            if member is None and guild is not None:
                try:
                    member = await guild.fetch_member(user_id)
                except discord.HTTPException:
                    member = None  # left the server: not named
            if member is not None:
                found[user_id] = member.display_name
        return found

    return names


def kinds(service: ThanksService, bot: Any) -> list[Kind]:
    jobs = ThanksJobs(
        service,
        render.thanks_render(),
        names_from(bot),
    )
    return [
        Kind(WEEKLY_DIGEST, jobs.weekly_digest, DIGEST_POLICY),
        Kind(CELEBRATION, jobs.celebration, CELEBRATION_POLICY),
    ]


FEATURE = Feature(
    name="thanks",
    build=build,
    cog="cogs.thanks",
    kinds=kinds,
    personal_data=lambda service: service.data,
    report=lambda service: ThanksReport(service.db),
)


async def setup(bot: commands.Bot) -> None:
    add_items(bot, "thanks", ThanksItem, modals=(render.MODAL_TEMPLATE,))
    listen(bot, on_thanks_modal)
    bot.tree.add_command(say_thank_you)
    bot.tree.add_command(remove_thank_you)
    await bot.add_cog(ThanksCog())
