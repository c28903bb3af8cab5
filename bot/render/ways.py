"""What a member can do instead, shown with a refusal that came with no way on of its own ("Only leads can do
this."): the list of projects and a reminder for yourself, which every member of a server may use."""

from __future__ import annotations

from bot.errors import WayOn
from bot.render.projects.organise import refused_ways
from bot.render.reminders.common import remind_me_way


def member_ways() -> tuple[WayOn, ...]:
    return (*refused_ways("list", 0), remind_me_way(0))
