"""/unsent: scheduled messages that failed or were missed. Rules: see bot/texts/core.py."""

from __future__ import annotations

# ---------------------------------------------------------------- /unsent: work the bot could not send (leads)
UNSENT_TITLE = "Messages I could not send"

UNSENT_NONE = "✅ Every message was sent. There is nothing here."

UNSENT_FAILED = "❌ {what}, for {when}. I tried {attempts} times, but Discord did not take it."

UNSENT_MISSED = "{what}, for {when}. Connect was off at that time, so it was too late to send."

UNSENT_MORE = "I show the newest {count}."

UNSENT_KINDS = {
    "reminder": "A reminder",
    "event_reminder": "A reminder before a project",
    "project_notice": "A message about a project",
    "project_roll": "The next session of a project",
    "checkin_open": "A check-in",
    "checkin_summary": "A check-in summary",
    "checkin_reminder": "A check-in reminder",
    "checkin_help": "A help message to leads",
    "checkin_help_again": "A second help message to leads",
    "checkin_help_named": "A message naming the lead who will help",
    "checkin_help_taken": "A change to a help message",
    "checkin_share": "Stand-up answers a member shared",
    "checkin_retention": "The clean-up of old check-in answers",
    "task_nudge": "A reminder about a task",
    "weekly_digest": "The weekly news",
}

UNSENT_OTHER_KIND = "A message"

# Slash commands and their options (Discord shows these in its command menu).
UNSENT_CMD = "Leads: see messages I could not send on time."
