"""/setup: the settings card. Rules: see bot/texts/core.py."""

from __future__ import annotations

# ---------------------------------------------------------------- server setup (/setup)
SETUP_TITLE = "⚙️ Settings for this server"

SETUP_INTRO = "These are the settings for Connect in this server. Use the menus and buttons to change them."

SETUP_TIMEZONE = "Time zone"

SETUP_LEAD_ROLE = "Lead role"

SETUP_CELEBRATIONS = "Channel for thank yous"

SETUP_CHECKINS = "Channel for check-ins"

SETUP_PROJECT_STARTERS = "Who can start projects"

SETUP_LEADERBOARD = "Thank you leaderboard"

SETUP_NOT_SET = "Not set yet"

SETUP_EVERYONE = "Everyone"

SETUP_LEADS_ONLY = "Leads only"

SETUP_ON = "On"

SETUP_OFF = "Off"

SETUP_PICK_TIMEZONE = "Pick a time zone"

SETUP_PICK_LEAD_ROLE = "Pick the lead role"

SETUP_PICK_CELEBRATIONS = "Pick the channel for thank yous"

SETUP_PICK_CHECKINS = "Pick the channel for check-ins"

SETUP_TYPE_TIMEZONE = "Type a time zone"

SETUP_TIMEZONE_FIELD = "Time zone, like Europe/London"

SETUP_TOGGLE_STARTERS = "Change who can start projects"

SETUP_TOGGLE_LEADERBOARD = "Turn the leaderboard on or off"

SETUP_PROJECT_REMINDERS = "Reminders before a project"

SETUP_CHANGE_PROJECT_REMINDERS = "Change reminders before projects"

SETUP_PROJECT_REMINDER_WORDS = {
    (1440, 60): "1 day before and 1 hour before",
    (60,): "1 hour before",
    (1440,): "1 day before",
    (): "No reminders",
}

SETUP_SAVED = "✅ Saved. {what} is now: {value}."

# Slash commands and their options (Discord shows these in its command menu).
SETUP_CMD = "Leads: change how Connect works in this server."
