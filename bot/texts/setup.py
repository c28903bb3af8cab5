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

# ---------------------------------------------------------------- how long we keep things (issue 13)
SETUP_KEEP_BUTTON = "How long we keep things"

SETUP_KEEP_PROJECTS = "Keep project lists for"

SETUP_KEEP_REMINDERS = "Keep done reminders for"

SETUP_KEEP_CHECKINS = "Keep check-in answers for"

SETUP_PICK_KEEP_PROJECTS = "Keep project lists for how long?"

SETUP_PICK_KEEP_REMINDERS = "Keep done reminders for how long?"

SETUP_PICK_KEEP_CHECKINS = "Keep check-in answers for how long?"

SETUP_KEEP_INTRO = "Old things are cleared away each night. Pick how long we keep them."

# Days to words for the periods above.
SETUP_KEEP_WORDS = {
    30: "30 days",
    90: "90 days",
    180: "6 months",
    365: "1 year",
    730: "2 years",
    1825: "5 years",
}
