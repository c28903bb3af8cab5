"""Reminders: plain rules (the text, repeat rules, numbers typed), no database."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot import textclean, texts
from bot.errors import UserError
from bot.recurrence import Recurrence, day_ordinal, next_occurrence

if TYPE_CHECKING:
    from bot.services.projects.views import ProjectView


from bot.services.reminders.results import (
    DAILY,
    DAY_CODES,
    FORTNIGHTLY,
    MAX_TEXT,
    MONTHLY,
    NO_REPEAT,
    WEEKDAYS,
    WEEKLY,
    ReminderInfo,
)
from db.models import Reminder

log = logging.getLogger("connect.reminders")

# ---------------------------------------------------------------- checks and helpers


def clean_text(text: str | None) -> str:
    """The reminder text: one to 1000 visible characters, lines kept (see bot/textclean.py)."""
    return textclean.clean_text(text, texts.REMIND_FIELD_NAME, MAX_TEXT, required=True, multiline=True)


def button_rule(choice: str, first_local: datetime) -> str | None:
    """The RRULE for a repeat button, from the first time (local wall clock). Always with the time of day,
    so it is described in words ("every Tuesday at 2pm") and stays at that time across clock changes."""
    if choice == NO_REPEAT:
        return None
    at = f";BYHOUR={first_local.hour};BYMINUTE={first_local.minute}"
    day = DAY_CODES[first_local.weekday()]
    if choice == DAILY:
        return "FREQ=DAILY" + at
    if choice == WEEKDAYS:
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" + at
    if choice == WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={day}" + at
    if choice == FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}" + at
    if choice == MONTHLY:
        if first_local.day > 28:
            raise UserError(texts.REMIND_MONTH_DAY_MISSING.format(day=day_ordinal(first_local.day)))
        return f"FREQ=MONTHLY;BYMONTHDAY={first_local.day}" + at
    raise UserError(texts.REMIND_REPEAT_UNKNOWN)


def first_on_rule(rule: str, timezone: str, at_or_after: datetime) -> datetime:
    """The first occurrence of ``rule`` at or after a moment (a weekday series picked for a Saturday starts
    on Monday). Anchored a day earlier with the same seconds, so the series keeps the picked time."""
    probe = at_or_after - timedelta(microseconds=1)
    first = next_occurrence(rule, timezone, at_or_after - timedelta(days=1), probe)
    if first is None:
        raise UserError(texts.REPEAT_RULE_NOT_USABLE)
    return first


def repeat_words(rule: str | None, timezone: str) -> str | None:
    return Recurrence(rule, timezone).describe() if rule else None


def project_url(view: ProjectView) -> str | None:
    if view.channel_id and view.message_id:
        return f"https://discord.com/channels/{view.guild_id}/{view.channel_id}/{view.message_id}"
    return None


def parse_numbers(text: str, limit: int = 100) -> list[int]:
    """ "1 3, 5-7" -> [1, 3, 5, 6, 7]. Anything else is an easy-read UserError."""
    numbers: list[int] = []
    cleaned = (text or "").replace(",", " ").replace(" - ", "-").replace(" to ", "-")
    if not cleaned.strip() or len(cleaned) > 200:
        raise UserError(texts.REMIND_NUMBERS_HOW)
    for part in cleaned.split():
        low, sep, high = part.partition("-")
        if not low.isdecimal() or (sep and not high.isdecimal()) or len(low) > 4 or len(high) > 4:
            raise UserError(texts.REMIND_NUMBERS_HOW)
        start, end = int(low), int(high) if sep else int(low)
        if start < 1 or end < start or end - start > limit:
            raise UserError(texts.REMIND_NUMBERS_HOW)
        numbers.extend(range(start, end + 1))
    unique = list(dict.fromkeys(numbers))
    if len(unique) > limit:
        raise UserError(texts.REMIND_NUMBERS_HOW)
    return unique


def info_of(row: Reminder, next_at: datetime | None, project_title: str | None) -> ReminderInfo:
    return ReminderInfo(
        id=row.id,
        guild_id=row.guild_id,
        author_id=row.author_id,
        channel_id=row.channel_id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        project_id=row.project_id,
        project_title=project_title,
        text=row.text,
        repeat=row.repeat,
        rule=row.rule,
        timezone=row.timezone,
        tts=row.tts,
        state=row.state,
        next_at=next_at,
        created_at=row.created_at,
        repeat_words=repeat_words(row.rule, row.timezone),
    )
