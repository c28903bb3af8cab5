"""/setup: the settings card. Rules: see bot/texts/core.py."""

from __future__ import annotations

# ---------------------------------------------------------------- server setup (/setup)
SETUP_TITLE = "⚙️ Settings for this server"

SETUP_INTRO = "These are the settings for Connect in this server. Press a button to change them."

SETUP_TIMEZONE = "Time zone"

SETUP_LEAD_ROLE = "Lead role"

SETUP_CELEBRATIONS = "Channel for thank yous"

SETUP_CHECKINS = "Channel for check-ins"

SETUP_PROJECT_STARTERS = "Who can start projects"

SETUP_LEADERBOARD = "Show who got the most thank yous"

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

# The lead's detail: the zone in words, then its exact name ("UK time (Europe/London)").
SETUP_TIMEZONE_DETAIL = "{words} ({zone})"

SETUP_ZONE_AND_PROJECTS = "Time zone and projects"

SETUP_BACK = "Back"

SETUP_PICK_STARTERS = "Pick who can start projects"

SETUP_PICK_PROJECT_REMINDERS = "Pick the reminders before a project"

SETUP_TOGGLE_LEADERBOARD = "Turn the thank you list on or off"

SETUP_PROJECT_REMINDERS = "Reminders before a project"

SETUP_PROJECT_REMINDER_WORDS = {
    (1440, 60): "1 day before and 1 hour before",
    (60,): "1 hour before",
    (1440,): "1 day before",
    (): "No reminders",
}

SETUP_SAVED = "✅ Saved. {what}: {value}."

# Slash commands and their options (Discord shows these in its command menu).
SETUP_CMD = "Leads: change how Connect works in this server."
