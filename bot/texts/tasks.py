"""Shared task lists: every sentence of the tasks feature (easy-read, see ../shared/EASY_READ.md).

Emoji, one meaning each here: 📋 list, ➕ add, 🙋 I'll do it, 🤝 a partner, ✅ done / yes, ↩️ back,
🆘 help, 📅 when, 🔁 repeats, ✏️ change, 🗑️ remove, 👤 a person, 🎉 thank you, ⏰ nudge.
"""

from __future__ import annotations

# ---------------------------------------------------------------- slash commands
TASK_CMD_GROUP = "Shared tasks: add one to a list."
TASK_CMD_ADD = "Add a task to this channel's list."
TASK_CMD_TASKS = "See the task list of this channel, or your own tasks."
TASK_CMD_SHOW = "Which tasks to show."
TASK_SHOW_CHANNEL = "This channel's list"
TASK_SHOW_MINE = "My tasks"
TASK_CMD_ME_NUDGES = "Choose if I send you a nudge before a task is due."

# ---------------------------------------------------------------- the list card
TASK_LIST_TITLE_PROJECT = "📋 Tasks for: {title}"
TASK_LIST_TITLE_CHANNEL = "📋 Tasks for this channel"
TASK_LIST_EMPTY = "There are no tasks yet."
TASK_LIST_PROGRESS = "{done} of {total} done"
TASK_LIST_MORE = "And {count} more tasks. Pick one from the menu."
TASK_LIST_PICK = "Pick a task to see its buttons"
TASK_LIST_MOVED = "📋 This list is now in a newer message below."
TASK_LIST_OPEN = "📋 Open the list"
TASK_LIST_HERE = "📋 Here is the list."
TASK_BUTTON_ADD = "Add a task"
TASK_BUTTON_TASKS = "Tasks"

# One task, as a line on a card.
TASK_LINE_FREE = "Nobody is doing this yet."
TASK_LINE_DOING = "🙋 {doer} is doing this."
TASK_LINE_DOING_WITH = "🙋 {doer} is doing this with {helper}."
TASK_LINE_WANTS_HELPER = "🤝 Wants a partner."
TASK_LINE_NEEDS_HELP = "🆘 Needs help."
TASK_LINE_ASKED = "👤 {member} was asked to do this."
TASK_LINE_DUE = "📅 Due {when}"
TASK_LINE_NOT_DONE_YET = "Not done yet."
TASK_LINE_DONE = "✅ Done by {people}."
TASK_LINE_REPEATS = "🔁 {repeat}"
TASK_LINE_ROTA = "Turns: {people}"
TASK_REPEAT_WORDS = {
    "none": "Does not repeat",
    "daily": "Every day",
    "weekly": "Every week",
    "fortnightly": "Every 2 weeks",
    "monthly": "Every month",
}

# ---------------------------------------------------------------- a task's buttons
TASK_BUTTON_CLAIM = "I'll do it"
TASK_BUTTON_PARTNER = "Do it with me"
TASK_BUTTON_CAN_HELP = "I can help"
TASK_BUTTON_DONE = "Done"
TASK_BUTTON_GIVE_BACK = "Give it back"
TASK_BUTTON_NEED_HELP = "I need help"
TASK_BUTTON_YES = "Yes, I will"
TASK_BUTTON_NO = "No, sorry"
TASK_BUTTON_UNDO = "Not done yet"
TASK_BUTTON_MANAGE = "Change this task"

TASK_BUTTON_BACK = "Back"

TASK_BUTTON_EDIT = "Change it"
TASK_BUTTON_DUE = "Change the due date"
TASK_BUTTON_REMOVE = "Remove it"
TASK_BUTTON_YES_REMOVE = "Yes, remove it"
TASK_BUTTON_KEEP = "No, keep it"
TASK_BUTTON_THANKS = "Say thank you"
TASK_PICK_ASK = "Ask a member to do this"

# ---------------------------------------------------------------- adding
TASK_MODAL_NEW = "Add a task"
TASK_MODAL_EDIT = "Change the task"
TASK_INPUT_WHAT = "What needs doing?"
TASK_INPUT_DETAILS = "More details (you can leave this empty)"
TASK_FIELD_WHAT = "task"
TASK_FIELD_DETAILS = "details"
TASK_DRAFT_TITLE = "📋 New task: {title}"
TASK_DRAFT_HOW = "You can pick a due date, a person and a repeat. Then press Add the task."
TASK_DRAFT_NO_DUE = "📅 No due date."
TASK_DRAFT_WHO_NOBODY = "👤 Anyone can do it."
TASK_DRAFT_WHO = "👤 I will ask {member}."
TASK_DRAFT_WHO_ME = "👤 You will do it."
TASK_BUTTON_PICK_DUE = "Pick a due date"
TASK_BUTTON_NO_DUE = "No due date"
TASK_BUTTON_SAVE = "Add the task"
TASK_BUTTON_CANCEL = "Cancel"
TASK_PICK_WHO = "Who should do it? You can leave this."
TASK_PICK_REPEAT = "Does it repeat?"
TASK_PICK_ROTA = "Take turns: pick people, in order"
TASK_ASK_DUE = "📅 When is this task due: {title}"
TASK_ADDED = "✅ Done. I added the task: {title}."
TASK_ADDED_ASKED = "✅ Done. I added the task: {title}. I asked {member} to do it."
TASK_DISCARDED = "❌ Cancelled. I did not add the task."

# ---------------------------------------------------------------- replies to presses
TASK_CLAIMED = "✅ Done. You are doing: {title}."
TASK_ALREADY_YOURS = "You are already doing: {title}."
TASK_TAKEN = "{doer} is already doing: {title}. Please pick another task."
TASK_ASKED_SOMEONE = "{member} was asked to do: {title}. Please pick another task."
TASK_PARTNER_ASKED = "🤝 Done. The list shows you would like a partner for: {title}."
TASK_PARTNER_JOINED = "✅ Done. You are helping {doer} with: {title}."
TASK_HAS_HELPER = "{helper} is already helping with: {title}."
TASK_NO_PARTNER_WANTED = "Nobody asked for a partner for: {title}."
TASK_OWN_HELPER = "You are doing this task yourself: {title}."
TASK_DONE_REPLY = "✅ Done. Thank you for doing: {title}."
TASK_DONE_UNDO_HINT = "Pressed it by mistake? Press Not done yet. It works for one day."
TASK_DONE_NEXT = "🔁 The next one is on the list. It is due {when}."
TASK_DONE_NEXT_NO_DUE = "🔁 The next one is on the list."
TASK_GIVEN_BACK = "↩️ Done. The task is back on the list: {title}. That is fine."
TASK_STOPPED_HELPING = "↩️ Done. You are not helping with this task now: {title}."
TASK_HELP_ASKED = "🆘 Done. I told the organisers privately. The list shows you need help."
TASK_UNDONE = "↩️ Done. The task is open again: {title}."
TASK_UNDO_TOO_LATE = "Sorry, you can only undo this for one day after it was done."
TASK_SAID_YES = "✅ Thank you. You are doing: {title}."
TASK_SAID_NO = "That is fine. I will tell the organiser. Thank you for saying."
TASK_ASK_SENT = "✅ Done. I asked {member} to do: {title}."
TASK_CHANGED = "✅ Done. I changed the task: {title}."
TASK_DUE_CHANGED = "✅ Done. The task is now due {when}."
TASK_DUE_CLEARED = "✅ Done. The task has no due date now."
TASK_CONFIRM_REMOVE = "Do you want to remove this task: {title}?"
TASK_REMOVED = "🗑️ Done. I removed the task: {title}."
TASK_KEPT = "Nothing was changed."
TASK_NOT_DONE_WHO = "Only the person doing a task, or an organiser, can mark it done."

# ---------------------------------------------------------------- refusals and bad input
TASK_NOT_FOUND = "I cannot find that task. It may have been removed."
TASK_LIST_NOT_FOUND = "I cannot find that task list."
TASK_IS_DONE = "This task is already done: {title}."
TASK_IS_DRAFT = "This task is not on the list yet. Please press Add the task first."
TASK_NOT_YOURS = "You are not doing this task: {title}."
TASK_ONLY_ORGANISERS_ADD = "Only the organisers of this project can add tasks. Leads can too."
TASK_ONLY_LEADS_ADD = "In this server only leads can add tasks to channel lists."
TASK_ONLY_MANAGERS = "Only the person who added this task, organisers and leads can do this."
TASK_NOT_ASKED = "Nobody asked you to do this task."
TASK_NOT_FOR_BOTS = "A bot cannot do tasks. Please pick a person."
TASK_MEMBER_LEFT = "That person is not in this server now. Please pick someone else."
TASK_DUE_PAST = "That time has already gone. Please pick a time in the future."
TASK_DUE_TOO_FAR = "That time is too far away. Please pick a time in the next 5 years."
TASK_PROJECT_GONE = "That project is not open now, so its task list cannot change."
TASK_ROTA_TOO_LONG = "Please pick 10 people or fewer for the turns."
TASK_TOO_MANY = "This list has 25 open tasks. Please finish or remove some first."
TASK_NOT_IN_CHANNEL = "Please use this in a channel of your server."

# ---------------------------------------------------------------- messages people get
TASK_DM_ASK = "👤 {asker} asks: can you do this task? {title}"
TASK_DM_ASK_HOW = "Either answer is fine. Press a button below."
TASK_DM_TURN = "🔁 It is your turn to do: {title}."
TASK_DM_NUDGE = "⏰ A nudge about your task: {title}. It is due {when}."
TASK_DM_NUDGE_HOW = "If you cannot do it, press Give it back. That is fine."
TASK_DM_DONE = "✅ {people} did the task you asked for: {title}."
TASK_DM_GIVEN_BACK = "↩️ {member} gave back a task: {title}. It is on the list again."
TASK_DM_NEEDS_HELP = "🆘 {member} needs help with a task: {title}."
TASK_DM_SAID_YES = "✅ {member} said yes. They will do: {title}."
TASK_DM_SAID_NO = "{member} said no, sorry, to: {title}. The task is on the list."
TASK_CELEBRATE = "🎉 All the tasks for {title} are done. Thank you: {people}."
TASK_CELEBRATE_NOBODY = "🎉 All the tasks for {title} are done. Thank you, everyone."

# ---------------------------------------------------------------- /tasks mine
TASK_MINE_TITLE = "📋 Your tasks"
TASK_MINE_EMPTY = "You are not doing any tasks. You did not ask for any either."
TASK_MINE_DOING = "You are doing"
TASK_MINE_ASKED = "You asked for"
TASK_MINE_NONE = "None"

# ---------------------------------------------------------------- settings (/setup) and /me
TASK_SETUP_BUTTON = "Task settings"
TASK_SETUP_TITLE = "📋 Task settings for this server"
TASK_SETUP_WHO_ADDS = "Who can add tasks to channel lists"
TASK_SETUP_EVERYONE = "Everyone"
TASK_SETUP_LEADS_ONLY = "Leads only"
TASK_SETUP_PROJECTS_NOTE = "Project lists: organisers and leads add tasks."
TASK_SETUP_TOGGLE = "Change who can add tasks"
TASK_SETUP_SAVED = "✅ Saved. Who can add tasks to channel lists: {value}."
TASK_NUDGES_ON = "⏰ Task nudges are on. I send one nudge before a task is due."
TASK_NUDGES_OFF = "⏰ Task nudges are off. I will not nudge you about tasks."
TASK_BUTTON_NUDGES_ON = "Turn task nudges on"
TASK_BUTTON_NUDGES_OFF = "Turn task nudges off"

# ---------------------------------------------------------------- my data
TASK_DATA_DOING = "You are doing {count} tasks."
TASK_DATA_ADDED = "You added {count} tasks."
TASK_DATA_NUDGES_OFF = "Your task nudges are off."
