"""Reminders: every sentence of /remind, /reminders and the reminder messages. Rules: see bot/texts/core.py."""

from __future__ import annotations

# ---------------------------------------------------------------- reminders (/remind, /reminders, /me quiet-hours)
REMIND_FIELD_NAME = "reminder"

# Errors
REMIND_NOT_FOUND = "I cannot find that reminder. Please look at /reminders for your reminders."

REMIND_GONE = "This reminder is finished or cancelled. You can make a new one with /remind."

REMIND_NOT_YOURS = "Only the person who set this reminder can change it. A lead can help too."

REMIND_ALREADY_SET = "This reminder is already set. You can cancel it and make a new one."

REMIND_WHERE_UNKNOWN = "I do not know where to send that. Please use the buttons."

REMIND_ROLE_ONLY_LEADS = "Only leads can remind a role. You can remind yourself or this channel."

REMIND_PICK_ROLE = "Please pick the role to remind."

REMIND_NOT_EVERYONE_ROLE = "I do not remind everyone in the server at once. Please pick a smaller role."

REMIND_PICK_PROJECT = "Please pick the project."

REMIND_PROJECT_NOT_FOUND = "I cannot find that project. Please pick it again."

REMIND_PROJECT_NOT_OPEN = "This project is not open now. So I cannot remind the people coming."

REMIND_PROJECT_ONLY_ORGANISERS = "Only organisers of this project and leads can remind everyone coming."

REMIND_NO_PROJECTS = "Projects are not ready yet. Please remind yourself or this channel."

REMIND_LIMIT_MEMBER = "You have {limit} reminders already. That is the most. Please cancel one in /reminders first."

REMIND_LIMIT_SERVER = (
    "This server has {limit} channel and role reminders already. That is the most. "
    "Please cancel one in /reminders first."
)

REMIND_REPEAT_UNKNOWN = "I cannot use that repeat. Please pick one from the menu."

REMIND_MONTH_DAY_MISSING = "Some months have no {day}. Please pick a day from the 1st to the 28th. Or type a repeat."

REMIND_TTS_ONLY_CHANNEL = "I can read aloud only reminders for a channel."

REMIND_LATER_UNKNOWN = "Please pick a time from the buttons."

REMIND_NONE_CHOSEN = "Please pick at least one reminder."

REMIND_NUMBERS_HOW = "Please write the numbers from your list, like: 1 3 5."

REMIND_NUMBERS_NOT_FOUND = "I cannot find number {numbers} in your list. Please look at /reminders again."

REMIND_TOO_MANY_AT_ONCE = "That is too many at once. Please pick fewer reminders."

# Making a reminder
REMIND_MODAL_TITLE = "Remind me"

REMIND_MODAL_LABEL = "What should I remind you about?"

REMIND_MODAL_PLACEHOLDER = "Like: take the camera"

REMIND_REPEAT_MODAL_TITLE = "Type how often"

REMIND_REPEAT_MODAL_LABEL = "How often?"

REMIND_REPEAT_MODAL_PLACEHOLDER = "Like: every Monday at 10am"

REMIND_BUTTON = "Remind me"

REMIND_BUTTON_EVERYONE = "Remind everyone coming"

REMIND_DRAFT_TITLE = "⏰ New reminder about: {text}"

REMIND_DRAFT_WHERE = "📍 Where: {where}"

REMIND_DRAFT_REPEAT = "Repeat: {repeat}"

REMIND_DRAFT_NEXT = "Choose where and how often. Then pick a time."

# /remind with a time and a repeat that say different times: a question, never a guess.
REMIND_TWO_TIMES = "⏰ Reminder about: {text}\nYou wrote two times that do not match. Which one do you mean?"

REMIND_CHOOSE_ONCE = "Only once, {when}"

REMIND_PICK_TIME_PROMPT = "📅 When should I remind you about: {text}"

REMIND_WHERE_MENU = "Who gets it?"

REMIND_WHERE_DM = "a private message to you"

REMIND_WHERE_ME = "To me"

REMIND_WHERE_CHANNEL = "To this channel"

REMIND_WHERE_ROLE = "To a role"

REMIND_WHERE_PROJECT = "To everyone coming"

REMIND_PICK_ROLE_MENU = "Pick the role to remind"

REMIND_PICK_TIME = "Pick a time"


REMIND_CANCEL = "Cancel"

REMIND_REPEAT_MENU = "How often?"

# Repeat choices, in the order of bot.services.reminders.REPEAT_CHOICES.
REMIND_REPEAT_LABELS = {
    "none": "Only once",
    "daily": "Every day",
    "weekdays": "Every weekday, Monday to Friday",
    "weekly": "Every week",
    "fortnightly": "Every 2 weeks",
    "monthly": "Every month",
    "typed": "Type how often",
}

REMIND_NO_REPEAT = "only once"

# Where it goes, in sentences.
REMIND_TO_YOU = "you"

REMIND_TO_EVERYONE_COMING = "everyone coming to {project}"

REMIND_A_PROJECT = "a project"

# Confirmation
REMIND_CONFIRM = "✅ Done. I will remind {who} on {when} about: {text}"

# A project's name makes one sentence too long: who in one sentence, when and what in the next.
REMIND_CONFIRM_PROJECT = "✅ Done. Everyone coming to {project} gets a reminder. I send it on {when} about: {text}"

REMIND_REPEATS = "It repeats {repeat}."

REMIND_READ_ALOUD_ON = "I will read it aloud in the channel."

REMIND_CHANGE_TIME = "Change time"

REMIND_READ_ALOUD = "Read aloud"

REMIND_READ_ALOUD_STOP = "Do not read aloud"

REMIND_CANCELLED = "❌ Cancelled. I will not remind {who} about: {text}"

REMIND_CANCELLED_MANY = "❌ Cancelled {count} reminders."

REMIND_KEPT = "Nothing was cancelled. Your reminders are still on."

# The reminder itself
REMIND_FIRE = "⏰ Reminder: {text}"

REMIND_FIRE_AGAIN = "⏰ Reminder, again: {text}"

REMIND_FIRE_SET_BY = "{author} set this reminder on {when}."

REMIND_FIRE_PROJECT = "📍 Project: {title}"

REMIND_FIRE_REPEATS = "This reminder repeats {repeat}."

REMIND_DONE = "Done"

REMIND_LATER = "Later"

REMIND_STOP = "Stop these reminders"

REMIND_OPEN_PROJECT = "Open the project"

REMIND_LATER_QUESTION = "⏰ When should I remind you again?"

REMIND_LATER_10_MINUTES = "In 10 minutes"

REMIND_LATER_1_HOUR = "In 1 hour"

REMIND_LATER_TOMORROW = "Tomorrow morning, {time}"

REMIND_LATER_SAVED = "⏰ Done. I will remind you again on {when}."

REMIND_DONE_SAVED = "✅ Done."

REMIND_DONE_NEXT = "✅ Done. The next reminder is on {when}."

REMIND_STOPPED = "Done. These reminders are stopped."

# The list (/reminders)
REMIND_LIST_TITLE = "⏰ Your reminders"

REMIND_BUTTON_SEE_LIST = "See your reminders"

REMIND_LIST_TITLE_LEAD = "⏰ Your reminders, and the reminders for channels and roles"

REMIND_LIST_EMPTY = "You have no reminders. Use /remind to make one."

REMIND_LIST_PAGE = "Page {page} of {pages}."

REMIND_LIST_LINE = "{number}. {when}: {text} (to {who})"

REMIND_LIST_LINE_REPEATS = "{number}. {when}: {text} (to {who}, {repeat})"

REMIND_LIST_PICK = "Pick a reminder to change or cancel"

REMIND_LIST_PICK_MANY = "Pick reminders to cancel"

REMIND_LIST_BACK = "Back"

REMIND_LIST_NEXT = "Next"

REMIND_SHOW = "⏰ Number {number}: {when}. About: {text}"

REMIND_SHOW_NO_NUMBER = "⏰ {when}. About: {text}"

REMIND_SHOW_WHO = "📍 To {who}."

REMIND_ASK_CANCEL_MANY = "Do you want to cancel these {count} reminders?"

REMIND_YES_CANCEL = "Yes, cancel them"

REMIND_NO_KEEP = "No, keep them"

REMIND_NOT_SENT_YET = "not sent yet"

# Slash commands and their options (Discord shows these in its command menu).
REMIND_CMD = "Set a reminder for you, this channel, a role or a project."
REMIND_OPT_WHAT = "What should I remind about? Leave it out to type it in a box."
REMIND_OPT_WHEN = "When, like: tomorrow at 3pm. Leave it out to pick with buttons."
REMIND_OPT_REPEAT = "How often. Pick one, or type: every Monday at 10am."
REMIND_OPT_WHERE = "Who gets it. You, if you leave it out."
REMIND_OPT_ROLE = "Leads: the role to remind."
REMIND_OPT_PROJECT = "The project, for everyone coming to it."
REMIND_OPT_READ_ALOUD = "Read a channel reminder aloud."
REMINDERS_CMD = "See your reminders. Change them or cancel them."
REMINDERS_OPT_CANCEL = "Numbers from your list to cancel, like: 1 3. I will ask first."
