"""/me: a member's own choices (time zone, quiet hours). Rules: see bot/texts/core.py."""

from __future__ import annotations

# ---------------------------------------------------------------- /me
ME_TIMEZONE_SAVED = "✅ Saved. I will show you times in {zone}."

ME_TIMEZONE_CLEARED = "✅ Saved. I will show you times in the time zone of the server."

ME_PICK_TIMEZONE = "Pick your time zone. I will show times to you in it."

ME_USE_SERVER_TIMEZONE = "Use the time zone of the server"

# Quiet hours (/me quiet-hours)
QUIET_NEED_BOTH = "Please pick a start and an end for your quiet hours."

QUIET_NOT_A_TIME = "That is not a time of day. Please pick one from the list."

QUIET_SAME_TIME = "The start and the end are the same. Please pick two different times."

QUIET_SAVED = "✅ Saved. Your quiet hours are {start} to {end}."

QUIET_SAVED_EXPLAIN = "Automatic messages, like reminders for projects, wait until your quiet hours end."

QUIET_CLEARED = "✅ Saved. You have no quiet hours now."

QUIET_NOW = "Your quiet hours are {start} to {end}."

QUIET_NONE = "You have no quiet hours."

QUIET_HOW = "To change them, use /me quiet-hours and pick a start and an end."

QUIET_OFF = "No quiet hours"

# Slash commands and their options (Discord shows these in its command menu).
ME_CMD = "Your own choices in Connect."
ME_CMD_TIMEZONE = "Choose the time zone I show times to you in."
ME_OPT_ZONE = "Your time zone, like Europe/London. Leave it out to pick from a menu."
ME_CMD_QUIET_HOURS = "Choose hours when automatic messages wait. Your own reminders still come."
ME_OPT_QUIET_START = "When your quiet hours start."
ME_OPT_QUIET_END = "When your quiet hours end."
