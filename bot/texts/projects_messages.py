"""Projects: starting one, finding them, and the messages sent to members (rules: core.py)."""

from __future__ import annotations

# Asking for a time (the time picker shows these on top).
PROJECT_ASK_START = "📅 When does {title} start?"

PROJECT_ASK_END = "📅 When does {title} end?"

PROJECT_ASK_MOVE = "📅 What is the new start time for: {title}?"

PROJECT_ASK_MOVE_ONE = "📅 What is the new start time for the session on {when}?"

# Starting a project: the modal and the check before posting.
PROJECT_MODAL_NEW = "Start a project"

PROJECT_MODAL_EDIT = "Change the details"

PROJECT_MODAL_PLACES = "How many places?"

PROJECT_INPUT_TITLE = "Title"

PROJECT_INPUT_TITLE_HINT = "Like: Film club"

PROJECT_INPUT_ABOUT = "What is it about?"

PROJECT_INPUT_ABOUT_HINT = "You can leave this empty."

PROJECT_INPUT_WHERE = "Where is it?"

PROJECT_INPUT_WHERE_HINT = "Like: Room 2, or at home"

PROJECT_INPUT_LINK = "Online joining link"

PROJECT_INPUT_LINK_HINT = "Like: https://meet.example/film-club"

PROJECT_INPUT_BRING = "What to bring"

PROJECT_INPUT_BRING_HINT = "Like: A water bottle"

PROJECT_INPUT_PLACES = "Places, from 1 to 500"

PROJECT_DRAFT_TITLE = "Check your project"

PROJECT_DRAFT_INTRO = "This is how your project will look. Change anything you like. Then press: Post the project."

PROJECT_REPEAT_PLACEHOLDER = "Does it repeat?"

PROJECT_REPEAT_ONCE = "It happens once"

PROJECT_REPEAT_WEEKLY = "Every week"

PROJECT_REPEAT_FORTNIGHTLY = "Every 2 weeks"

PROJECT_REPEAT_MONTHLY = "Every month"

PROJECT_PLACES_PLACEHOLDER = "How many places?"

PROJECT_PLACES_NO_LIMIT = "No limit"

PROJECT_PLACES_N = "{count} places"

PROJECT_PLACES_TYPE = "Type a number"

PROJECT_BUTTON_START = "📅 Change the start"

PROJECT_BUTTON_ADD_END = "📅 Add an end time"

PROJECT_BUTTON_POST = "✅ Post the project"

PROJECT_BUTTON_DISCARD = "❌ Do not post it"

PROJECT_POSTED = "✅ Done. Your project is posted: {title}."

PROJECT_DISCARDED = "✅ Done. I deleted the project. Nothing was posted."

# Finding projects.
PROJECT_LIST_TITLE = "📅 Projects coming up"

PROJECT_LIST_EMPTY = "There are no projects coming up. You can start one with: /project new."

PROJECT_LIST_PAGE = "Page {page} of {pages}"

PROJECT_LIST_ITEM = "{number}. {title}"

PROJECT_BUTTON_BACK = "Back"

PROJECT_BUTTON_NEXT = "Next"

PROJECT_BUTTON_OPEN_NUMBER = "Open {number}"

PROJECT_MINE_TITLE = "✅ What I am coming to"

PROJECT_MINE_EMPTY = "You are not on the list for any project yet. Use /project list to find one."

# Messages to members (private messages; scheduled work).
PROJECT_NOTICE_PROMOTED = "A place opened. You are coming to: {title} on {when}."

PROJECT_NOTICE_CHANGED = "What changed in: {title}"

# Two times in one sentence is too long to read (EASY_READ.md rule 1): one sentence each.
PROJECT_CHANGED_TIME = "📅 The time changed. It was {old}. Now it is {new}."

PROJECT_CHANGED_END = "📅 The end time changed. It was {old}. Now it is {new}."

PROJECT_CHANGED_TITLE = "The name changed from {old} to {new}."

PROJECT_CHANGED_WHERE = "📍 The place changed from {old} to {new}."

PROJECT_CHANGED_LINK = "💻 The online link changed. Use the button to join."

PROJECT_CHANGED_BRING = "What to bring is now: {new}."

PROJECT_CHANGED_ABOUT = "The description changed. Open the project to read it."

PROJECT_NOT_SET = "not set"

PROJECT_NO_END = "no end time"

PROJECT_NOTICE_CANCELLED = "❌ {title} on {when} is cancelled. I will not send reminders for it."

PROJECT_NOTICE_SESSION_CANCELLED = "❌ The session of {title} on {when} is cancelled. Other sessions still happen."

PROJECT_NOTICE_SIGNED_UP = "{organiser} signed you up for: {title} on {when}."

PROJECT_NOTICE_SIGNED_UP_EVERY = "{organiser} signed you up for every session of: {title}. The next one is on {when}."

PROJECT_NOTICE_SIGNED_UP_WAITING = "{organiser} put you on the waiting list for: {title} on {when}."

PROJECT_NOTICE_SAY_NO = "If you cannot come, press the button: I can't come."

PROJECT_NOTICE_REMOVED = "An organiser took you off the list for: {title}. Please ask them if you have a question."

PROJECT_NOTICE_ORGANISER = "{organiser} made you an organiser of: {title}. Use the More button on the card."

PROJECT_NOTICE_FINISHED = "🎉 {title} has finished. Thank you to everyone who took part."

PROJECT_NOTICE_FINISHED_PEOPLE = "🎉 Thank you: {people}"

PROJECT_REMINDER_IN_DAYS = "⏰ Reminder: {title} starts in {count} days."

PROJECT_REMINDER_IN_ONE_DAY = "⏰ Reminder: {title} starts in 1 day."

PROJECT_REMINDER_IN_HOURS = "⏰ Reminder: {title} starts in {count} hours."

PROJECT_REMINDER_IN_ONE_HOUR = "⏰ Reminder: {title} starts in 1 hour."

PROJECT_REMINDER_IN_MINUTES = "⏰ Reminder: {title} starts in {count} minutes."

PROJECT_REMINDER_WHEN = "📅 When: {when}"

PROJECT_REMINDER_WHERE = "📍 Where: {where}"

PROJECT_REMINDER_BRING = "What to bring: {bring}"

PROJECT_REMINDER_ONLINE = "💻 You can join online with the button below."

PROJECT_BUTTON_STOP_REMINDERS = "⏰ Stop reminders for this project"
