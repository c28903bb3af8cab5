"""Every sentence Connect says, in one place, written to ../shared/EASY_READ.md.

Rules (checked by tests/unit/test_texts.py): at most 15 words a sentence, one idea each,
no words in capitals only, no "!!". Texts are plain ``str`` constants; callers fill the
``{placeholders}`` with ``.format``. Emoji keep one meaning each: 📅 when, 📍 where, 💻 online,
✅ yes / done, ❌ no / cancel, ⏰ reminder, 🎉 thank you, 💬 check-in, 🙋 help, ⚙️ settings.

Add a feature's texts in its own section below; never reuse a text for a different meaning.
"""

from __future__ import annotations

# ---------------------------------------------------------------- general / errors
SORRY_UNEXPECTED = (
    "Sorry, something went wrong on my side. Nothing was changed. "
    "Please try again. If it happens again, tell a lead this code: {code}."
)
ONLY_LEADS = "Only leads can do this."
ONLY_LEADS_OR_MANAGERS = "Only leads can do this. People who manage the server can do it too."
ONLY_IN_SERVER = "This only works in a server. Please use it in a channel of your server."
TOO_SLOW = "Sorry, that took too long. Please try again."
BOT_SAYS_IT_IS_A_BOT = "I am Connect, a bot. A person from your group can help too."
FIELD_EMPTY = "The {field} is empty. Please write something."
FIELD_TOO_LONG = "The {field} is too long. Please use {limit} characters or fewer."

# ---------------------------------------------------------------- start-up (console, not Discord)
STARTUP_BAD_SETTING = "Connect cannot start. The setting {name} is not right: {problem}"
STARTUP_NO_TOKEN = (
    "Connect has no Discord token yet. "
    "So it starts on a practice Discord on this computer. "
    "To use your own Discord server, read the part of README.md called: Connect to your Discord server. "
    "Then put your token in the file .env as DISCORD_TOKEN."
)
STARTUP_NO_TOKEN_NO_SANDBOX = (
    "Connect has no Discord token yet, so it cannot join Discord. "
    "Read the part of README.md called: Connect to your Discord server. "
    "Then put your token in the file .env as DISCORD_TOKEN and run make run again."
)
STARTUP_BAD_TOKEN = "Discord did not accept the token. Please check DISCORD_TOKEN in the file .env."
STARTUP_READY = "Connect is ready. It is in {count} servers."

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
SETUP_SAVED = "✅ Saved. {what} is now: {value}."
TIMEZONE_UNKNOWN = (
    "I do not know the time zone {zone}. "
    "Please pick one from the menu, or type one like Europe/London."
)

# ---------------------------------------------------------------- /me
ME_TIMEZONE_SAVED = "✅ Saved. I will show times for you in {zone}."
ME_TIMEZONE_CLEARED = "✅ Saved. I will show times for you in the time zone of the server."
ME_PICK_TIMEZONE = "Pick your time zone. I will show times to you in it."
ME_USE_SERVER_TIMEZONE = "Use the time zone of the server"
