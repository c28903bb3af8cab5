"""Projects: every sentence of /project, the card, its panels and the messages it sends (rules: core.py)."""

from __future__ import annotations

# ---------------------------------------------------------------- projects and sign-ups (/project, the card)
# Field names, as in "The title is empty."
PROJECT_FIELD_TITLE = "title"

PROJECT_FIELD_ABOUT = "description"

PROJECT_FIELD_WHERE = "place"

PROJECT_FIELD_LINK = "online link"

PROJECT_FIELD_BRING = "list of things to bring"

PROJECT_FIELD_PLACES = "number of places"

# Bad input and permissions.
PROJECT_LINK_NOT_WEB = "The online link must start with https:// or http://. Please check the link."

PROJECT_PLACES_RANGE = "Places must be a number from {low} to {high}. Leave it empty for no limit."

PROJECT_NOT_FOUND = "I cannot find this project. It may have been deleted."

PROJECT_IS_CANCELLED = "This project is cancelled. So this button does not work any more."

PROJECT_IS_FINISHED = "This project has finished. So the lists cannot change now."

PROJECT_NOT_POSTED = "This project is not posted yet. Please finish starting it first."

PROJECT_ALREADY_POSTED = "This project is already posted. Please use the More button on its card."

PROJECT_ONLY_ORGANISERS = "Only the organisers of this project can do this. Leads can do it too."

PROJECT_ONLY_OWNER = "Only the person who started this project can do this. Leads can do it too."

PROJECT_ONLY_LEADS_START = "Only leads can start projects in this server. Please ask a lead."

PROJECT_NOT_FOR_BOTS = "Bots cannot be on a project. Please pick a person."

PROJECT_MEMBER_LEFT = "This person is not in the server any more. So I cannot add them."

PROJECT_SESSION_NOT_FOUND = "I cannot find that session. Please use the card to pick again."

PROJECT_SESSION_CANCELLED = "This session is cancelled. Please pick another session."

PROJECT_SESSION_STARTED = "This session has already started. So its list cannot change now."

PROJECT_PICK_START_FIRST = "Please pick the start time first."

PROJECT_END_BEFORE_START = "The end must be after the start. Please pick a later end time."

PROJECT_REPEAT_UNKNOWN = "I cannot use that repeat. Please pick one from the menu."

PROJECT_SIGNUPS_CLOSED = "Sign-ups for this project are closed. Please ask an organiser."

PROJECT_ALREADY_ON_LIST = "This person is already on the list."

PROJECT_NOT_ON_LIST = "This person is not on the list."

PROJECT_ALREADY_ORGANISER = "This person is already an organiser of this project."

PROJECT_NOT_ORGANISER = "This person is not an organiser of this project."

PROJECT_CANCEL_WHOLE = "This project happens once. Please use the button: Cancel the project."

PROJECT_ATTENDANCE_TOO_EARLY = "This session has not started yet. You can tick who came after it starts."

PROJECT_NOT_STARTED_YET = "This project has not started yet. You can cancel it instead."

PROJECT_NOT_FOR_YOU = "This button is for someone else."

PROJECT_CANNOT_POST = "I could not post the card. Please check that I can write in the channel."

# Calendar files (.ics).
PROJECT_ICS_BRING = "What to bring: {bring}"

PROJECT_ICS_ONLINE = "Join online: {link}"

# The card.
PROJECT_CARD_WHEN = "📅 When"

PROJECT_CARD_NEXT = "📅 Next session"

PROJECT_CARD_WHERE = "📍 Where"

PROJECT_CARD_ONLINE = "💻 Online"

PROJECT_CARD_ONLINE_TEXT = "You can join online. Use the button: Join online."

PROJECT_CARD_BRING = "What to bring"

PROJECT_CARD_ORGANISERS = "Organisers"

PROJECT_CARD_PLACES = "Places"

PROJECT_CARD_PLACES_LEFT = "{left} places left out of {places}."

PROJECT_CARD_ONE_PLACE_LEFT = "1 place left out of {places}."

PROJECT_CARD_FULL = "No places left. You can join the waiting list."

PROJECT_CARD_NO_LIMIT = "No limit. Everyone is welcome."

PROJECT_CARD_COMING = "✅ Coming ({count})"

PROJECT_CARD_MAYBE = "🤔 Maybe ({count})"

PROJECT_CARD_WAITING = "Waiting list"

PROJECT_CARD_WAITING_ONE = "1 person is waiting."

PROJECT_CARD_WAITING_MANY = "{count} people are waiting."

PROJECT_CARD_NOBODY = "Nobody yet."

PROJECT_CARD_AND_MORE = "and {count} more"

PROJECT_CARD_REPEATS = "This happens {repeat}."

PROJECT_CARD_ENDS_AT = "It ends at {time}."

PROJECT_CARD_ENDS_ON = "It ends on {when}."

PROJECT_CARD_CLOSED = "Sign-ups are closed."

PROJECT_CARD_CANCELLED = "❌ This project is cancelled."

PROJECT_CARD_FINISHED = "🎉 This project has finished. Thank you to everyone who took part."

PROJECT_CARD_STARTED = "This session has started."

PROJECT_CARD_FOOTER = "Use the buttons to answer. Press More for other choices."

PROJECT_BUTTON_COMING = "✅ I'm coming"

PROJECT_BUTTON_MAYBE = "🤔 Maybe"

PROJECT_BUTTON_CANT = "❌ I can't come"

PROJECT_BUTTON_CALENDAR = "📅 Add to my calendar"

PROJECT_BUTTON_MORE = "ℹ️ More"

PROJECT_BUTTON_ONLINE = "💻 Join online"

PROJECT_BUTTON_OPEN = "Open the project"

PROJECT_BUTTON_NEW = "Start a project"

# Answers on the card.
PROJECT_WHICH_SESSIONS = "This project repeats. Which sessions do you mean?"

PROJECT_BUTTON_NEXT_ONLY = "Only the next session"

PROJECT_BUTTON_EVERY = "Every session"

PROJECT_PICK_SESSION = "Or pick one session"

PROJECT_REPLY_GOING = "✅ Done. You are coming to: {title}."

PROJECT_REPLY_GOING_EVERY = "✅ Done. You are coming to every session of: {title}."

PROJECT_REPLY_WAITING = "The project is full. So you are on the waiting list for: {title}."

PROJECT_REPLY_POSITION = "Your place on the waiting list: {position}."

PROJECT_REPLY_WAITING_TELL = "I will tell you if a place opens."

PROJECT_REPLY_MAYBE = "✅ Done. You might come to: {title}."

PROJECT_REPLY_MAYBE_EVERY = "✅ Done. You might come to every session of: {title}."

PROJECT_REPLY_CANT = "✅ Done. You are not coming to: {title}. Thank you for telling us."

PROJECT_REPLY_CANT_EVERY = "✅ Done. You are not coming to more sessions of: {title}."

PROJECT_REPLY_SAME_GOING = "You are already on the list for: {title}."

PROJECT_REPLY_WHEN = "📅 {when}"

PROJECT_REPLY_REMINDERS = "⏰ I will remind you before it starts."

PROJECT_REPLY_UNDO = "To change your answer, use the buttons on the card."

PROJECT_CALENDAR_READY = "📅 Here is {title} for your calendar. Open the file to add it."

# The "More" panel.
PROJECT_MORE_TITLE = "ℹ️ More about: {title}"

PROJECT_MORE_YOUR_ANSWER = "Your answer: {answer}"

PROJECT_ANSWER_GOING = "You are coming."

PROJECT_ANSWER_MAYBE = "You might come."

PROJECT_ANSWER_CANT = "You are not coming."

PROJECT_ANSWER_WAITING = "You are on the waiting list. Your place: {position}."

PROJECT_ANSWER_NONE = "You have not answered yet."

PROJECT_ANSWER_EVERY = "You come to every session."

PROJECT_MORE_REMINDERS_ON = "⏰ Reminders for this project are on."

PROJECT_MORE_REMINDERS_OFF = "⏰ Reminders for this project are off."

PROJECT_MORE_ORGANISER = "You can organise this project. Press Organise to change it."

PROJECT_BUTTON_ORGANISE = "🛠️ Organise"

PROJECT_BUTTON_BACK_TO_MORE = "⬅️ Back"

PROJECT_BUTTON_MORE_CHOICES = "➕ More choices"

# Ways on from "Only organisers ..." and "Only leads can start projects ...": what this person can do instead.
PROJECT_BUTTON_WHAT_I_CAN_DO = "ℹ️ See what you can do"

PROJECT_BUTTON_SEE_PROJECTS = "📋 See the projects"

PROJECT_BUTTON_REMINDERS_OFF = "⏰ Turn my reminders off"

PROJECT_BUTTON_REMINDERS_ON = "⏰ Turn my reminders on"

PROJECT_BUTTON_COME_EVERY = "✅ Come to every session"

PROJECT_BUTTON_STOP_EVERY = "❌ Stop coming to every session"

PROJECT_BUTTON_EDIT = "Change the details"

PROJECT_BUTTON_TIME = "📅 Change the time"

PROJECT_BUTTON_TIME_ONE = "📅 Move this session only"

PROJECT_BUTTON_END = "📅 Change the end time"

PROJECT_BUTTON_NO_END = "Remove the end time"

PROJECT_BUTTON_PLACES = "Change the places"

PROJECT_BUTTON_CLOSE = "Close sign-ups"

PROJECT_BUTTON_OPEN_SIGNUPS = "Open sign-ups"

PROJECT_BUTTON_ADD_ORGANISER = "Add an organiser"

PROJECT_BUTTON_SIGN_UP = "Sign a member up"

PROJECT_BUTTON_REMOVE = "Take a member off"

PROJECT_BUTTON_TICK = "✅ Tick who came"

PROJECT_BUTTON_FINISH = "🎉 Mark as finished"

PROJECT_BUTTON_CANCEL_SESSION = "❌ Cancel this session"

PROJECT_BUTTON_CANCEL = "❌ Cancel the project"

PROJECT_CONFIRM_CANCEL = "Cancel {title}? Everyone on the list will get a message."

PROJECT_CONFIRM_CANCEL_SESSION = "Cancel the session on {when}? Everyone on its list will get a message."

PROJECT_CONFIRM_FINISH = "Mark {title} as finished? I will post a thank you to everyone who took part."

PROJECT_BUTTON_YES_CANCEL = "❌ Yes, cancel it"

PROJECT_BUTTON_YES_FINISH = "🎉 Yes, it has finished"

PROJECT_BUTTON_KEEP = "No, go back"

PROJECT_KEPT = "Nothing changed."

PROJECT_PICK_ORGANISER = "Pick the member who will help to organise: {title}."

PROJECT_PICK_SIGN_UP = "Pick the member to sign up for: {title}. I will tell them. They can say no."

PROJECT_PICK_SIGN_UP_EVERY = "For every session, use the second menu."

PROJECT_PICK_REMOVE = "Pick the member to take off the list for: {title}. I will tell them."

PROJECT_PICK_TICK = "Tick everyone who came to the session on {when}."

PROJECT_PICK_MEMBER = "Pick a member"

PROJECT_PICK_MEMBER_EVERY = "Pick a member for every session"

PROJECT_PICK_CAME = "Pick everyone who came"

PROJECT_DONE_ORGANISER = "✅ Done. {member} can now organise: {title}. I told them."

PROJECT_DONE_SIGNED_UP = "✅ Done. {member} is coming to: {title}. I told them."

PROJECT_DONE_SIGNED_UP_WAITING = "✅ Done. {member} is on the waiting list for: {title}. I told them."

PROJECT_DONE_REMOVED = "✅ Done. {member} is off the list for: {title}. I told them."

PROJECT_DONE_TICKED = "✅ Saved. {count} people came to the session on {when}."

PROJECT_DONE_CLOSED = "✅ Done. Sign-ups are closed."

PROJECT_DONE_OPENED = "✅ Done. Sign-ups are open."

PROJECT_DONE_CANCELLED = "✅ Done. The project is cancelled. I told everyone on the list."

PROJECT_DONE_SESSION_CANCELLED = "✅ Done. The session is cancelled. I told everyone on its list."

PROJECT_DONE_FINISHED = "✅ Done. The project has finished. I posted a thank you."

PROJECT_DONE_MOVED = "✅ Done. The new time is {when}. I told everyone on the list."

PROJECT_DONE_END = "✅ Saved. The end time is {when}."

PROJECT_DONE_NO_END = "✅ Saved. There is no end time now."

PROJECT_DONE_DETAILS = "✅ Saved. I told everyone on the list what changed."

PROJECT_DONE_PLACES = "✅ Saved. Places: {places}."

PROJECT_DONE_REMINDERS_OFF = "✅ Done. I will not send you reminders for: {title}."

PROJECT_DONE_REMINDERS_ON = "✅ Done. I will send you reminders for: {title}."

# Slash commands and their options (Discord shows these in its command menu).
PROJECT_CMD = "Projects: start one, find one, see yours."
PROJECT_CMD_NEW = "Start a project. People can then sign up."
PROJECT_CMD_LIST = "See the projects coming up in this server."
PROJECT_CMD_MINE = "See the projects you are coming to."
