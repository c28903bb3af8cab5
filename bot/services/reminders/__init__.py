"""Reminders (issue 6): the service, its results and its rules. Discord-free."""

from bot.services.reminders.results import *  # noqa: F403
from bot.services.reminders.results import __all__ as _results
from bot.services.reminders.rules import (
    button_rule,
    clean_text,
    first_on_rule,
    parse_numbers,
    project_url,
    repeat_words,
)
from bot.services.reminders.service import ReminderService

__all__ = [
    *_results,
    "ReminderService",
    "button_rule",
    "clean_text",
    "first_on_rule",
    "parse_numbers",
    "project_url",
    "repeat_words",
]
