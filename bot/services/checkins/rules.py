"""Check-in rules: the repeat rule, the day of an opening, which scale, limits. Pure functions."""

from __future__ import annotations

from datetime import date, datetime

from bot import texts
from bot.errors import UserError
from bot.textclean import clean_text
from bot.timefmt import get_zone

KINDS = ("mood3", "mood5", "standup")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_QUESTIONS = 3
QUESTION_LIMIT = 200
ANSWER_LIMIT = 500
MAX_MEMBERS = 25
MAX_PROJECT_MEMBERS = 100  # one opening of a project's check-in sends at most this many messages
LATEST_SUMMARY_MINUTE = 23 * 60 + 45  # a summary stays on the day of its check-in
REALERT_CHOICES = (4, 8, 24, 2)
SUMMARY_CHOICES = (180, 360, 60)  # minutes after the check-in (the lead's choice while making it)
RETENTION_HOUR = 3  # the daily clean-up, server time


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise UserError(texts.CHECKIN_NOT_FOUND)
    return kind


def check_weekdays(weekdays: str) -> str:
    codes = [c for c in weekdays.split(",") if c]
    if not codes or any(c not in DAY_CODES for c in codes) or len(set(codes)) != len(codes):
        raise UserError(texts.REPEAT_RULE_NOT_USABLE)
    return ",".join(sorted(codes, key=DAY_CODES.index))


def check_time(hour: int, minute: int) -> tuple[int, int]:
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise UserError(texts.QUIET_NOT_A_TIME)
    return hour, minute


def weekly_rule(weekdays: str, hour: int, minute: int) -> str:
    return f"FREQ=WEEKLY;BYDAY={weekdays};BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"


def summary_time(hour: int, minute: int, after_minutes: int) -> tuple[int, int]:
    total = min(hour * 60 + minute + after_minutes, LATEST_SUMMARY_MINUTE)
    return divmod(total, 60)


def clean_questions(values: list[str | None]) -> tuple[str, ...]:
    cleaned = [clean_text(v, texts.CHECKIN_QUESTION_FIELD, QUESTION_LIMIT) for v in values[:MAX_QUESTIONS]]
    found = tuple(q for q in cleaned if q)
    if not found:
        raise UserError(texts.CHECKIN_NEED_QUESTION)
    return found


def clean_answers(values: list[str | None]) -> tuple[str, ...]:
    return tuple(clean_text(v, texts.CHECKIN_ANSWER_FIELD, ANSWER_LIMIT, multiline=True) for v in values)


def scale(kind: str) -> tuple[str, ...]:
    return texts.CHECKIN_MOOD_SCALES.get(kind, ())


def local_day(when_utc: datetime, timezone: str) -> str:
    """The date of a moment on the wall clock of ``timezone``, as "2027-03-22"."""
    return when_utc.astimezone(get_zone(timezone)).date().isoformat()


def day_of(text: str) -> date:
    return date.fromisoformat(text)


# Scheduled kinds (ref_id: the check-in, the help request, or the server for the clean-up).
OPEN = "checkin_open"
SUMMARY = "checkin_summary"
REMINDER = "checkin_reminder"
HELP_ALERT = "checkin_help"
HELP_AGAIN = "checkin_help_again"
HELP_NAMED = "checkin_help_named"
HELP_TAKEN = "checkin_help_taken"  # edit every lead's copy of the alert to say who took it
SHARE = "checkin_share"  # a member's stand-up answers, shared in the channel by their choice
RETENTION = "checkin_retention"
SERIES_KINDS = (OPEN, SUMMARY, REMINDER)
REMINDER_AFTER_MINUTES = 120
