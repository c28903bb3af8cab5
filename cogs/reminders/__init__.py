"""/remind and /reminders, the "Remind me" button, and the buttons on every reminder.

Everything works with buttons alone: "Remind me" opens one typing box (the text), then a card with
buttons for where, a menu for how often, and "Pick a time" (the shared time picker). Typing is optional:
``/remind`` takes the same things as options. Every control is a persistent DynamicItem, and the typing
boxes are answered from their custom_ids by a listener, so all of it works after a restart.

Thin: read the interaction, call one ReminderService method, render with bot/render/reminders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discord.ext import commands

from bot.features import Feature, Kind, Shared
from bot.interactions import listen
from bot.render import reminders as render
from bot.render.reminders import ids as words
from bot.services.reminders import ReminderService
from bot.services.reminders.data import RemindersData
from cogs._timepicker import register_purpose, setup_picker
from cogs._unknown import add_items
from cogs.reminders.commands import RemindersCog
from cogs.reminders.common import PURPOSE, on_picker_cancel, on_time_picked
from cogs.reminders.items import REMINDER_ITEMS, on_reminder_modal

__all__ = ["FEATURE", "RemindersCog", "setup"]


def build(shared: Shared, built: Mapping[str, Any]) -> ReminderService:
    # Reminders for everyone coming to a project read the projects feature (built before this one).
    return ReminderService(
        shared.db, shared.clock, settings=shared.settings, projects=built.get("projects"), scheduler=shared.scheduler
    )


def kinds(service: ReminderService, bot: Any) -> list[Kind]:
    return service.kinds(render.reminder_message)


def personal_data(service: ReminderService) -> RemindersData:
    return RemindersData(service.db, service.clock)


FEATURE = Feature(name="reminders", build=build, cog="cogs.reminders", kinds=kinds, personal_data=personal_data)


async def setup(bot: commands.Bot) -> None:
    setup_picker(bot)
    register_purpose(PURPOSE, on_time_picked, on_cancel=on_picker_cancel)
    add_items(bot, "rem", *REMINDER_ITEMS, modals=(words.BOX_TEMPLATE,))
    listen(bot, on_reminder_modal)
    await bot.add_cog(RemindersCog())
