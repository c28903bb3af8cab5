"""Check-ins (issue 12): the feature's declaration, and ``setup`` wiring its items, box and time picks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import discord
from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.interactions import listen
from bot.notifier import OutMessage, allowed_mentions
from bot.render import checkins as render
from bot.render.checkins_making import QUESTIONS_MODAL
from bot.services.checkins import CheckinsService
from bot.services.checkins.jobs import CheckinJobs
from bot.services.checkins.report import CheckinsReport
from bot.services.checkins.results import HelpView, Opening, Summary
from cogs._timepicker import register_purpose, setup_picker
from cogs._unknown import add_items
from cogs.checkins.commands import PAUSE, CheckinCog
from cogs.checkins.items import (
    MODAL_TEMPLATE,
    CheckinItem,
    on_away_cancelled,
    on_away_picked,
    on_checkin_modal,
    on_pause_cancelled,
    on_pause_picked,
)
from cogs.checkins.making import MAKE, on_questions_modal, on_time_cancelled, on_time_picked
from cogs.checkins.me import AWAY  # the time picker's purpose for /me away


class Renderer:
    """The messages the scheduled kinds send (bot/render/checkins.py)."""

    def opening(self, opening: Opening, late: bool) -> OutMessage:
        return render.opening_message(opening, late)

    def reminder(self, opening: Opening) -> OutMessage:
        return render.reminder_message(opening)

    def summary(self, summary: Summary, late: bool) -> OutMessage:
        return render.summary_message(summary, late)

    def help_alert(self, request: HelpView, *, again: bool, owner: bool) -> OutMessage:
        return render.help_alert_message(request, again=again, owner=owner)

    def help_named(self, request: HelpView) -> OutMessage:
        return render.help_named_message(request)

    def named_not_sent(self, request: HelpView) -> OutMessage:
        return render.named_not_sent_message(request)

    def help_taken(self, request: HelpView, *, again: bool, owner: bool) -> OutMessage:
        return render.help_taken_message(request, again=again, owner=owner)

    def shared(self, user_id: int, answers: tuple[tuple[str, str], ...]) -> OutMessage:
        return render.shared_message(user_id, answers)


def build(shared: Shared, built: Mapping[str, Any]) -> CheckinsService:
    return CheckinsService(shared, built.get("projects"))


def kinds(service: CheckinsService, bot: Any) -> Iterable[Kind]:
    def owner_of(guild_id: int) -> int | None:
        # The bot has only the guilds intent, but Discord's guild payload names the owner.
        guild = bot.get_guild(guild_id) if bot is not None else None
        return guild.owner_id if guild is not None else None

    async def edit(channel_id: int, message_id: int, message: OutMessage) -> bool:
        partial = bot.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await partial.edit(content=message.content, view=message.view, allowed_mentions=allowed_mentions(message))
        except discord.NotFound:
            return False
        return True

    jobs = CheckinJobs(service, Renderer(), owner_of, edit)
    return [Kind(name, handler, policy) for name, handler, policy in jobs.handlers()]  # type: ignore[arg-type]


FEATURE = Feature(
    name="checkins",
    build=build,
    cog="cogs.checkins",
    kinds=kinds,
    personal_data=lambda service: service,
    report=lambda service: CheckinsReport(service.db),
)


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PAUSE, on_pause_picked, on_cancel=on_pause_cancelled)
    register_purpose(AWAY, on_away_picked, on_cancel=on_away_cancelled)
    register_purpose(MAKE, on_time_picked, on_cancel=on_time_cancelled)
    listen(bot, on_questions_modal)
    add_items(bot, "checkins", CheckinItem, modals=(MODAL_TEMPLATE, re.escape(QUESTIONS_MODAL)))
    listen(bot, on_checkin_modal)
    await bot.add_cog(CheckinCog())
