"""Every sentence Connect says, in one place, written to ../shared/EASY_READ.md.

Rules (checked by tests/unit/test_texts.py): at most 15 words a sentence, one idea each,
no words in capitals only, no "!!". Texts are plain ``str`` constants; callers fill the
``{placeholders}`` with ``.format``. Emoji keep one meaning each: 📅 when, 📍 where, 💻 online,
✅ yes / done, ❌ no / cancel, ⏰ reminder, 🎉 thank you, 💬 check-in, 🙋 help, ⚙️ settings.

Add a feature's texts in its own section below; never reuse a text for a different meaning.
"""

from __future__ import annotations

# ---------------------------------------------------------------- general / errors
BUTTON_OLD = "This button is old. Please use the newest card."

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

TIMEZONE_UNKNOWN = "I do not know the time zone {zone}. Please pick one from the menu, or type one like Europe/London."

# ---------------------------------------------------------------- scheduled messages (bot/scheduling, bot/notifier)
SCHEDULED_LATE = "Sorry, this is late."

SCHEDULED_DM_FALLBACK = "{mention} I could not send you a private message. So I put it here."

# ---------------------------------------------------------------- time: typed times, repeats, showing times
# Used by bot/timeparse.py, bot/recurrence.py and bot/timefmt.py.
TIME_EMPTY = "Please write a time, like: tomorrow at 3pm."

TIME_TOO_LONG = "That time is too long. Please use {limit} characters or fewer."

TIME_NOT_UNDERSTOOD = "Sorry, I did not understand that time. Please write it like: tomorrow at 3pm."

# {words}: each word as typed, in quotes: "blah", or "next" and "week" (never a comma added to what was typed).
TIME_UNKNOWN_WORDS = "Sorry, I did not understand {words}. Please write a time like: tomorrow at 3pm."

QUOTED_WORD = '"{word}"'

TIME_IN_PAST = "That time has already gone. Please pick a time in the future."

TIME_TOO_FAR = "That time is too far away. Please pick a time in the next {years} years."

TIME_AM_OR_PM_AFTERNOON = (
    "Do you mean {hour} in the morning or {hour} in the afternoon? Please write {hour}am or {hour}pm."
)

TIME_AM_OR_PM_EVENING = "Do you mean {hour} in the morning or {hour} in the evening? Please write {hour}am or {hour}pm."

TIME_NOT_ON_CLOCK = "{time} is not a time on the clock. Please write a time like 3pm or 15:00."

TIME_NEEDS_TIME = "What time on that day? Please add a time, like: Friday at 3pm."

TIME_NO_SUCH_DATE = "That date does not exist. Please check the day and the month."

TIME_WRONG_WEEKDAY = "{date} is a {weekday}. Please check the day and the date."

TIME_TWO_DAYS = "I found more than one day. Please write just one day."

TIME_TWO_TIMES = "I found more than one time. Please write just one time."

TIME_MIDNIGHT_WHICH = "Midnight is between two days. Please write 00:01 or 11:59pm instead."

TIME_DOES_NOT_EXIST = "{time} on {date} does not exist in {zone}. The clocks go forward then. Please pick another time."

TIME_HAPPENS_TWICE = "{time} on {date} happens twice in {zone}. The clocks go back then. Please pick another time."

REPEAT_NOT_UNDERSTOOD = "Sorry, I did not understand how often. Please write it like: every Monday at 10am."

REPEAT_UNKNOWN_WORDS = "Sorry, I did not understand {words}. Please write it like: every Monday at 10am."

REPEAT_NEEDS_TIME = "What time? Please add a time, like: every Monday at 10am."

REPEAT_NEEDS_WEEKDAY = "Which day of the week? Please write it like: every 2 weeks on Thursday at 9am."

REPEAT_NEEDS_MONTH_DAY = "Which day of the month? Please write it like: every month on the 3rd at 10am."

REPEAT_NEEDS_DATE = "Which day of the year? Please write it like: every year on 3 June at 10am."

REPEAT_TOO_OFTEN = "I can repeat something once a day at most. Please write it like: every day at 9am."

REPEAT_MONTH_DAY_MISSING = (
    "Some months have no {day}. Please pick a day from 1st to 28th, or write: last day of the month."
)

REPEAT_GAP_TOO_LONG = "That gap is too long. Please pick a number from 1 to {limit}."

REPEAT_RULE_NOT_USABLE = "I cannot use that repeat. Please write it like: every Monday at 10am."

REPEAT_WEEKS_OR_NTH = (
    "Do you mean every {n} weeks on {weekday}, or the {nth} {weekday} of the month? Please write the one you mean."
)

# How a repeat is described, as in "I will remind you {repeat}."
RECUR_AT_TIME = "{repeat} at {time}"

RECUR_EVERY_DAY = "every day"

RECUR_EVERY_N_DAYS = "every {n} days"

RECUR_EVERY_WEEKDAY = "every weekday"

RECUR_EVERY_DAYS = "every {days}"

RECUR_EVERY_WEEK = "every week"

RECUR_EVERY_N_WEEKS = "every {n} weeks"

RECUR_EVERY_N_WEEKS_ON = "every {n} weeks on {days}"

RECUR_EVERY_MONTH = "every month"

RECUR_EVERY_N_MONTHS = "every {n} months"

RECUR_MONTH_DAY = "every month on the {day}"

RECUR_N_MONTHS_DAY = "every {n} months on the {day}"

RECUR_MONTH_LAST_DAY = "on the last day of every month"

RECUR_N_MONTHS_LAST_DAY = "on the last day of the month, every {n} months"

RECUR_MONTH_NTH_WEEKDAY = "on the {nth} {weekday} of every month"

RECUR_N_MONTHS_NTH_WEEKDAY = "on the {nth} {weekday} of the month, every {n} months"

RECUR_EVERY_YEAR = "every year"

RECUR_EVERY_N_YEARS = "every {n} years"

RECUR_EVERY_YEAR_ON = "every year on {date}"

RECUR_OTHER = "on a repeating plan"

RECUR_TIMES = "{repeat}, {count} times"

RECUR_UNTIL = "{repeat}, until {date}"

LIST_AND = "{items} and {last}"

NTH_FIRST = "first"

NTH_SECOND = "second"

NTH_THIRD = "third"

NTH_FOURTH = "fourth"

NTH_FIFTH = "fifth"

NTH_LAST = "last"

# Showing a time: "Tuesday 3 June at 2pm (<t:...:F>)".
CLOCK_AM = "{time}am"

CLOCK_PM = "{time}pm"

DATE_DAY_MONTH = "{day} {month}"

DATE_DAY_MONTH_YEAR = "{day} {month} {year}"

WHEN_DATE = "{weekday} {date}"

WHEN_AT = "{date} at {time}"

WHEN_TEXT = "{words} ({stamp})"

WHEN_TEXT_RELATIVE = "{words} ({stamp}, {relative})"

DAY_MONDAY = "Monday"

DAY_TUESDAY = "Tuesday"

DAY_WEDNESDAY = "Wednesday"

DAY_THURSDAY = "Thursday"

DAY_FRIDAY = "Friday"

DAY_SATURDAY = "Saturday"

DAY_SUNDAY = "Sunday"

MONTH_JANUARY = "January"

MONTH_FEBRUARY = "February"

MONTH_MARCH = "March"

MONTH_APRIL = "April"

MONTH_MAY = "May"

MONTH_JUNE = "June"

MONTH_JULY = "July"

MONTH_AUGUST = "August"

MONTH_SEPTEMBER = "September"

MONTH_OCTOBER = "October"

MONTH_NOVEMBER = "November"

MONTH_DECEMBER = "December"

# Time zones in the menus (at most 24, so a menu can add one more choice).
TZ_LONDON = "United Kingdom (London)"

TZ_DUBLIN = "Ireland (Dublin)"

TZ_LISBON = "Portugal (Lisbon)"

TZ_PARIS = "France (Paris)"

TZ_MADRID = "Spain (Madrid)"

TZ_BERLIN = "Germany (Berlin)"

TZ_AMSTERDAM = "Netherlands (Amsterdam)"

TZ_BRUSSELS = "Belgium (Brussels)"

TZ_ROME = "Italy (Rome)"

TZ_STOCKHOLM = "Sweden (Stockholm)"

TZ_WARSAW = "Poland (Warsaw)"

TZ_ATHENS = "Greece (Athens)"

TZ_ISTANBUL = "Turkey (Istanbul)"

TZ_NEW_YORK = "United States east (New York)"

TZ_CHICAGO = "United States central (Chicago)"

TZ_DENVER = "United States mountain (Denver)"

TZ_LOS_ANGELES = "United States west (Los Angeles)"

TZ_TORONTO = "Canada east (Toronto)"

TZ_DUBAI = "United Arab Emirates (Dubai)"

TZ_KOLKATA = "India (Kolkata)"

TZ_TOKYO = "Japan (Tokyo)"

TZ_SYDNEY = "Australia east (Sydney)"

TZ_AUCKLAND = "New Zealand (Auckland)"

TZ_UTC = "Universal time, no clock changes"

# ------------------------------------------------ time picker (cogs/_timepicker.py, bot/render/timepicker.py)
TIMEPICK_IN_ONE_HOUR = "In 1 hour"

TIMEPICK_THIS_EVENING = "This evening, {time}"

TIMEPICK_TOMORROW_EVENING = "Tomorrow evening, {time}"

TIMEPICK_TOMORROW_MORNING = "Tomorrow morning, {time}"

TIMEPICK_PICK_DAY = "Pick a day"

TIMEPICK_TYPE_TIME = "Type a time"

TIMEPICK_BACK = "Back"


TIMEPICK_PICK_TIME = "Pick a time"

TIMEPICK_CANCEL = "Cancel"

TIMEPICK_TODAY = "Today, {date}"

TIMEPICK_TOMORROW = "Tomorrow, {date}"

TIMEPICK_MENU_USUAL = "Pick a time from {start} to {end}"

TIMEPICK_MENU_EARLY = "Pick an early time, before {start}"

TIMEPICK_MENU_LATE = "Pick a late time, after {end}"

TIMEPICK_SLOT_BEFORE_CHANGE = "{time}, before the clocks go back"

TIMEPICK_SLOT_AFTER_CHANGE = "{time}, after the clocks go back"

TIMEPICK_NO_TIMES_TODAY = "There are no times left today. Please pick another day."

TIMEPICK_NOT_YOURS = "Only the person who opened this menu can use it."

TIMEPICK_MODAL_LABEL = "Day and time"

TIMEPICK_MODAL_PLACEHOLDER = "Like: tomorrow at 3pm, or Friday at 10:30am"

# ---------------------------------------------------------------- practice mode (console, not Discord)
PRACTICE_SCENE_START = (
    "This is a practice Discord server called Riverside Community. Here is what people can do with Connect."
)

PRACTICE_SCENE_END = "That is the end of the short show."

PRACTICE_HOW_TO_ACT = (
    "You can try it now. Type a name, then what they do. "
    "For example: Sam /setup, or Morgan /setup, then Morgan click Time zone and projects. "
    "Names you can use: Morgan, Alex, Sam, Priya, Jordan. "
    "Press Ctrl+C to stop."
)

PRACTICE_URLS = "The practice Discord is at {api} and {gateway}. Its token is {token}."

PRACTICE_REAL_DISCORD = (
    "To use your own Discord server, read the part of README.md called: Connect to your Discord server."
)

PRACTICE_CONSOLE_HELP = (
    "Please type a name, then what they do. "
    "For example: Sam /me timezone, or Sam click Join, or Sam select Europe/Paris."
)

PRACTICE_CONSOLE_FAILED = "That did not work: {problem}"

PRACTICE_STOPPED = "Connect and the practice Discord have stopped."

# ---------------------------------------------------------------- a refused typing box
FORM_TRY_AGAIN = "Try again"

FORM_KEPT_TITLE = "What you typed"
