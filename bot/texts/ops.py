"""What Connect tells the person who runs it (the console and the log), and the outage apology members see.

Console lines are said once, in one line each, and say what to do next. They follow EASY_READ.md too.
"""

from __future__ import annotations

# ---------------------------------------------------------------- ready
OPS_READY = "Connect is ready in {count} servers."
OPS_READY_ONE = "Connect is ready in 1 server."
OPS_READY_NONE = "Connect is ready. It is in no server yet. Invite it with the link in README.md."

# ---------------------------------------------------------------- Discord at start
OPS_DISCORD_UNREACHABLE = (
    "Connect cannot reach Discord. Check the internet connection. I will try again in {seconds} seconds."
)
OPS_DISCORD_ERROR = "Discord answered with an error: {problem}. I will try again in {seconds} seconds."

# ---------------------------------------------------------------- the database at start
OPS_DB_FOLDER = "Connect cannot make the folder {folder} for its data. Please check the folder and who owns it."
OPS_DB_NOT_WRITABLE = "Connect cannot write to the database file {path}. Please check the file and who owns it."
OPS_DB_UNREACHABLE = "Connect cannot reach the database at {host}. Please check that PostgreSQL runs there."
OPS_DB_LOGIN_REFUSED = "The database at {host} did not accept the user or password. Please check DATABASE_URL."
OPS_DB_MISSING = "There is no database called {name} at {host}. Please make it, or check DATABASE_URL."
OPS_DB_OTHER = "Connect cannot use the database at {where}. It says: {problem}"
OPS_DB_AHEAD = (
    "The database was changed by a newer Connect, to step {revision}. "
    "This copy of Connect knows steps up to {head}. "
    "Please update Connect, or restore a backup made with this copy."
)

# ---------------------------------------------------------------- while running (members see this one)
OPS_DB_OUTAGE = "Sorry, I cannot save this now. Please try again in a minute."

# ---------------------------------------------------------------- python -m bot check
OPS_CHECK_SETTINGS_OK = "✅ The settings are right."
OPS_CHECK_DB_OK = "✅ The database at {where} is ready. It is at step {revision}."
OPS_CHECK_DB_EMPTY = "❌ The database at {where} is empty. Connect sets it up when it starts."
OPS_CHECK_DB_BEHIND = "❌ The database at {where} is at step {current}, not {head}. Connect updates it when it starts."
OPS_CHECK_TOKEN_OK = "✅ Discord accepts the token. The bot is called {name}."
OPS_CHECK_NO_TOKEN = "✅ There is no token yet. So Connect starts on the practice Discord."
OPS_CHECK_PROBLEM = "❌ {problem}"
OPS_CHECK_ALL_OK = "✅ Everything is ready."
OPS_CHECK_FOUND_PROBLEMS = "❌ Connect found {count} problems. Please fix them and check again."
OPS_CHECK_FOUND_ONE = "❌ Connect found 1 problem. Please fix it and check again."

# ---------------------------------------------------------------- python -m bot backup
OPS_BACKUP_DONE = "✅ Done. The backup is in {path}."
OPS_BACKUP_NOTHING = "There is no database file at {path} yet. So there is nothing to back up."
OPS_BACKUP_SAME_FILE = "The backup cannot go over the database itself. Please pick another place."
OPS_BACKUP_EXISTS = "The file {path} already exists. Please pick a new name or an empty folder."
OPS_BACKUP_CANNOT_WRITE = "Connect cannot write the backup to {path}. Please check the folder and who owns it."
OPS_BACKUP_POSTGRES = "Connect keeps its data in PostgreSQL. Make the backup with this command:\n{command}"
OPS_BACKUP_PASSWORD = "The command asks for the password of the database user."
OPS_BACKUP_MEMORY = "This database is only in memory. So there is nothing to back up."

# ---------------------------------------------------------------- python -m bot with unknown words
OPS_USAGE = (
    "Connect knows three commands. Start it: python -m bot. "
    "Check it: python -m bot check. "
    "Back it up: python -m bot backup, then a file or folder."
)
OPS_CHECK_DISCORD_UNREACHABLE = "Connect cannot reach Discord at {url}. Check the internet connection."
OPS_CHECK_DISCORD_ERROR = "Discord at {url} answered with an error: {problem}."

# ---------------------------------------------------------------- /status (leads): is every part of Connect on?
STATUS_CMD = "Leads: see if every part of Connect is running."
STATUS_TITLE = "Is Connect running?"
STATUS_ALL_ON = "✅ Connect is running. Every part of it is on."
STATUS_PART_OFF = "⚠️ Part {part} of {parts} is off. Its messages are waiting. They are not lost."
STATUS_TELL_ADMIN = "Please tell the person who runs Connect."
STATUS_FOR_ADMIN = "For the person who runs Connect: no process runs shard {shards}."

# ---------------------------------------------------------------- a channel the bot cannot post in (before "Done")
CHANNEL_CANNOT_POST = "I cannot post in {channel}. I need these permissions there: {missing}."
CHANNEL_NOTHING_CHANGED = "I have not changed anything."
CHANNEL_PICK_OTHER = "Pick a channel where I can post. Or ask a server manager for these permissions."
CHANNEL_NONE_POSSIBLE = "I cannot post in any channel here. Please ask someone who manages the server."
CHANNEL_MENU = "Pick a channel"
CHANNEL_BACK = "Back"
# Discord's own names, so a server manager finds them in the channel's settings.
CHANNEL_PERMISSION_NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}
