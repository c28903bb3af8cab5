"""Check-ins: "How are you today?", answers, and "I would like to talk to someone" (issue 12)."""

# ---------------------------------------------------------------- choices a member sees
CHECKIN_MOODS = {
    "great": ("😄", "Great"),
    "good": ("😊", "Good"),
    "ok": ("😐", "OK"),
    "notgood": ("😟", "Not good"),
    "verybad": ("😢", "Very bad"),
}
CHECKIN_MOOD_SCALES = {
    "mood3": ("good", "ok", "notgood"),
    "mood5": ("great", "good", "ok", "notgood", "verybad"),
}
CHECKIN_KIND_WORDS = {"mood3": "Mood, 3 pictures", "mood5": "Mood, 5 pictures", "standup": "Stand-up questions"}

CHECKIN_QUESTION = "💬 Check-in: How are you today?"
CHECKIN_STANDUP_TITLE = "💬 Check-in: Your stand-up questions."
CHECKIN_PRESS_ONE = "Press one picture. Skipping is fine."
CHECKIN_TALK = "I would like to talk to someone"
CHECKIN_SKIP = "Skip today"
CHECKIN_ANSWER_STANDUP = "Answer the questions"
CHECKIN_STANDUP_MODAL = "Stand-up check-in"
CHECKIN_REMINDER_NOTE = "⏰ A gentle reminder. The check-in is still open today."

CHECKIN_THANKS = "✅ Thank you. Your answer: {emoji} {word}."
CHECKIN_THANKS_STANDUP = "✅ Thank you. I saved your answers."
CHECKIN_CHANGE = "You can change your answer today."
CHECKIN_PRIVATE_NOTE = "Only leads see your answer."
CHECKIN_SHARE_NOTE = "You may share your answers in the channel, if you want."
CHECKIN_SHARE_ASK = "Would you like to share your answers in the channel? It is your choice."
CHECKIN_SHARE_YES = "Share in the channel"
CHECKIN_SHARE_NO = "Keep them for leads"
CHECKIN_SHARE_DONE = "✅ Done. Your answers will be in {channel}."
CHECKIN_SHARE_KEPT = "✅ That is fine. Only leads see your answers."
CHECKIN_SHARE_OFF = "Answers to this check-in stay with the leads."
CHECKIN_SHARE_NOTHING = "Please answer a question first. Then you can share."
CHECKIN_SHARED_ALREADY = "You shared these answers already."
CHECKIN_SHARED_POST = "💬 {member} shared their stand-up answers:"
CHECKIN_SKIPPED = "✅ That is fine. See you next time."
CHECKIN_CLOSED = "This check-in has closed. A new one comes next time."
CHECKIN_STOPPED = "This check-in has stopped. You do not need to answer."
CHECKIN_NOT_FOR_YOU = "This check-in is for other members. Ask a lead to add you."

# ---------------------------------------------------------------- talk to someone (a member)
CHECKIN_HELP_WHO = "🙋 Who would you like to talk to?"
CHECKIN_HELP_ANYONE = "Anyone"
CHECKIN_HELP_SOON = "🙋 How soon?"
CHECKIN_HELP_TODAY = "Today"
CHECKIN_HELP_WEEK = "This week"
CHECKIN_HELP_DONE = "✅ Done. A lead will talk to you. Their name will be with you soon."
CHECKIN_HELP_NAMED = "🙋 {lead} will talk to you."
CHECKIN_HELP_NAMED_SOON = {"today": "They will talk to you today.", "week": "They will talk to you this week."}

# ---------------------------------------------------------------- talk to someone (leads, private)
CHECKIN_ALERT = "🙋 {member} would like to talk to someone."
CHECKIN_ALERT_AGAIN = "🙋 Still waiting: {member} would like to talk to someone."
CHECKIN_ALERT_WHO = {"anyone": "They would like to talk to anyone.", "lead": "They would like to talk to {lead}."}
CHECKIN_ALERT_SOON = {"today": "They would like to talk today.", "week": "They would like to talk this week."}
CHECKIN_ALERT_ASKED = "They asked {when}."
CHECKIN_ALERT_PRIVATE = "This message is private. Only leads get it."
CHECKIN_ALERT_OWNER = "No lead could get this message. So I am telling you, the owner."
CHECKIN_ALERT_OWNER_SETUP = "Please choose leads for help alerts in /setup, then Check-ins settings."
CHECKIN_I_WILL_TALK = "I will talk to them"
CHECKIN_ALERT_TAKEN = "✅ {lead} will talk to them."
CHECKIN_CLAIMED = "✅ Done. I will tell {member} that you will talk to them."
CHECKIN_CLAIMED_ALREADY = "{lead} will talk to {member} already. Thank you."
CHECKIN_CLAIM_NOT_ALLOWED = "Only the leads who got this message can do this."
CHECKIN_NAMED_NOT_SENT = "I could not send {member} a private message. Please talk to them yourself."
CHECKIN_HELP_GONE = "This help request is not here any more."

CHECKIN_WAITING_TITLE = "🙋 Help requests waiting"
CHECKIN_WAITING_NONE = "✅ Nobody is waiting. Every help request has a lead."
CHECKIN_WAITING_ITEM = "{member} asked {when}."

# ---------------------------------------------------------------- summary (leads, private)
CHECKIN_SUMMARY_TITLE = "💬 Check-in summary for {day}"
CHECKIN_SUMMARY_COUNT = "{emoji} {word}: {count}"
CHECKIN_SUMMARY_ANSWERED = "{count} answers today."
CHECKIN_SUMMARY_NONE = "No answers today. That is fine."
CHECKIN_SUMMARY_HELP = "🙋 {member} asked to talk to someone. {status}"
CHECKIN_SUMMARY_HELP_CLAIMED = "{lead} will talk to them."
CHECKIN_SUMMARY_HELP_OPEN = "Nobody has said they will talk to them yet."
CHECKIN_SUMMARY_STANDUP = "{member} answered:"
CHECKIN_SUMMARY_PRIVATE = "Only leads get this summary."

# ---------------------------------------------------------------- leads: making and managing check-ins
CHECKIN_CMD = "Check-ins: how are you today?"
CHECKIN_NEW_DESC = "Leads: make a new check-in."
CHECKIN_LIST_DESC = "Leads: see the check-ins of this server."
CHECKIN_PAUSE_DESC = "Leads: pause a check-in until a day you pick."
CHECKIN_STOP_DESC = "Leads: stop a check-in."
CHECKIN_WAITING_DESC = "Leads: see help requests that are waiting."
CHECKIN_HELPME_DESC = "Ask to talk to a person. Only leads will know."
CHECKIN_OPT_WHICH = "Which check-in."
CHECKIN_ZONE_SERVER = "The server's time"
CHECKIN_ZONE_MEMBER = "Each member's own time"
CHECKIN_DAY_CHOICES = {
    "MO": "Mondays",
    "TU": "Tuesdays",
    "WE": "Wednesdays",
    "TH": "Thursdays",
    "FR": "Fridays",
    "SA": "Saturdays",
    "SU": "Sundays",
    "MO,TU,WE,TH,FR": "Every weekday",
    "MO,TU,WE,TH,FR,SA,SU": "Every day",
}

# Making a check-in, step by step (one private message).
CHECKIN_MAKE_KIND = "💬 What kind of check-in would you like to make?"
CHECKIN_MAKE_CANCEL = "Cancel"
CHECKIN_MAKE_CANCELLED = "Nothing changed. No check-in was made."
CHECKIN_QUESTIONS_TITLE = "Stand-up questions"
CHECKIN_QUESTION_LABEL = "Question {number}"
CHECKIN_QUESTION_EXAMPLES = ("What did you do?", "What will you do next?", "Do you need help?")
CHECKIN_MAKE_TITLE = "💬 New check-in"
CHECKIN_MAKE_LINE_KIND = "Kind: {kind}."
CHECKIN_MAKE_LINE_WHO = "Who: {who}."
CHECKIN_MAKE_LINE_WHEN = "When: {when}."
CHECKIN_NOT_CHOSEN = "not chosen yet"
CHECKIN_WHO_CHANNEL = "a post in {channel}"
CHECKIN_WHO_PROJECT = "the members of {project}"
CHECKIN_A_PROJECT = "a project"
CHECKIN_WHO_MEMBERS = "{count} members you picked"
CHECKIN_WHEN_WORDS = "{days} at {time}, {zone}"
CHECKIN_MAKE_SHARE_ON = "Members may share their answers in the channel."
CHECKIN_MAKE_SHARE_OFF = "Answers stay with the leads."
CHECKIN_MAKE_NEXT_WHO = "Next: who gets it?"
CHECKIN_MAKE_NEXT_TIME = "Next: pick the time of the first one."
CHECKIN_MAKE_NEXT_START = "Check the days. Then press Start."
CHECKIN_WHO_PICK_MEMBERS = "Members I pick"
CHECKIN_WHO_PICK_CHANNEL = "A post in a channel"
CHECKIN_WHO_PICK_PROJECT = "A project's members"
CHECKIN_WHO_CHANNEL_ASK = "Which channel? Answers stay private."
CHECKIN_WHO_PROJECT_ASK = "Which project? Its members get the check-in."
CHECKIN_PICK_POST_CHANNEL = "Pick a channel"
CHECKIN_PICK_PROJECT = "Pick a project"
CHECKIN_MAKE_BACK = "Back"
CHECKIN_MAKE_PICK_TIME = "Pick a time"
CHECKIN_MAKE_CHANGE_TIME = "Change the time"
CHECKIN_MAKE_CHANGE_WHO = "Change who"
CHECKIN_MAKE_WHEN = "When is the first check-in? It comes at this time each week."
CHECKIN_PICK_DAYS = "Which days? Pick one or more."
CHECKIN_USE_MEMBER_TIME = "Use each member's own time"
CHECKIN_USE_SERVER_TIME = "Use the server's time"
CHECKIN_SHARE_TURN_ON = "Let members share answers"
CHECKIN_SHARE_TURN_OFF = "Keep answers with leads"
CHECKIN_MAKE_START = "Start"
CHECKIN_CHANGE_SUMMARY = "Change when leads get the summary"

CHECKIN_PICK_MEMBERS = "Who gets this check-in? Pick up to 25 members."
CHECKIN_PICK_MEMBERS_HOLDER = "Pick members"
CHECKIN_CREATED = "✅ Done. The check-in comes {days} at {time}, {zone}."
CHECKIN_CREATED_FIRST = "The first one comes {when}."
CHECKIN_CREATED_SUMMARY = "Leads get a summary {hours} hours later."
CHECKIN_CREATED_SUMMARY_1 = "Leads get a summary 1 hour later."
CHECKIN_CREATED_MEMBERS = "It goes to {count} members by private message."
CHECKIN_CREATED_CHANNEL = "It goes in {channel}. Answers stay private."
CHECKIN_NO_MEMBERS = "Please pick at least one member."
CHECKIN_NEED_QUESTION = "A stand-up check-in needs at least one question. Please type one."
CHECKIN_QUESTION_FIELD = "question"
CHECKIN_ANSWER_FIELD = "answer"
CHECKIN_NOT_FOUND = "I cannot find that check-in in this server."
CHECKIN_PROJECT_GONE = "I cannot find that project. It may have ended. Please pick another."
CHECKIN_PICK_TIME_FIRST = "Please pick a time first."
CHECKIN_SHARE_NEEDS_CHANNEL = "To share answers, pick a check-ins channel in /setup first."
CHECKIN_ALREADY_ACTIVE = "This check-in has started already."

CHECKIN_LIST_TITLE = "💬 Check-ins"
CHECKIN_LIST_NONE = "There are no check-ins yet. Make one with /checkin new."
CHECKIN_LIST_ITEM = "Check-in {id}: {kind}, {days} at {time}."
CHECKIN_LIST_PAUSED = "Paused until {when}."
CHECKIN_LIST_WHO = "For {who}."
CHECKIN_CHOICE_LABEL = "Check-in {id}: {kind}, {days} at {time}"
CHECKIN_PAUSE_WHEN = "Pause the check-in until when?"
CHECKIN_PAUSED = "✅ Done. The check-in is paused until {when}."
CHECKIN_PAUSE_PAST = "That time has already gone. Please pick a time in the future."
CHECKIN_PAUSE_CANCELLED = "Nothing changed. The check-in goes on."
CHECKIN_STOP_ASK = "Stop check-in {id}? Members will not get it any more."
CHECKIN_STOP_YES = "Yes, stop it"
CHECKIN_STOP_NO = "No, keep it"
CHECKIN_STOPPED_DONE = "✅ Done. Check-in {id} has stopped."
CHECKIN_KEPT = "Nothing changed. The check-in goes on."

# ---------------------------------------------------------------- settings (from /setup)
CHECKIN_SETTINGS_BUTTON = "Check-ins settings"
CHECKIN_SETTINGS_TITLE = "💬 Check-ins settings"
CHECKIN_SETTINGS_INTRO = "Help requests and summaries only go to leads. They are never public."
CHECKIN_SETTINGS_CHANNEL = "Check-ins channel"
CHECKIN_SETTINGS_LEADS_CHANNEL = "Private leads channel"
CHECKIN_SETTINGS_LEADS = "Leads who get help alerts"
CHECKIN_SETTINGS_REALERT = "Ask all leads again after"
CHECKIN_SETTINGS_RETENTION = "Keep answers for"
CHECKIN_SETTINGS_HOURS = "{count} hours"
CHECKIN_SETTINGS_NOBODY = "Nobody yet. The owner gets help alerts."
CHECKIN_PICK_CHANNEL = "Pick the check-ins channel"
CHECKIN_PICK_LEADS_CHANNEL = "Pick a private channel for leads"
CHECKIN_PICK_LEADS = "Pick leads for help alerts"
CHECKIN_CHANGE_REALERT = "Change when to ask again"
CHECKIN_SETTINGS_SAVED = "✅ Saved."
CHECKIN_NOT_LEADS = "{names} are not leads here. I did not add them."

# ---------------------------------------------------------------- /me: away and the reminder choice
CHECKIN_AWAY_DESC = "Say you are away. No check-ins and no nudges until then."
CHECKIN_AWAY_WHEN = "You are away until when?"
CHECKIN_AWAY_SAVED = "✅ Saved. You are away until {when}. No check-ins until then."
CHECKIN_AWAY_BACK = "✅ Saved. You are back. Check-ins come again."
CHECKIN_AWAY_KEPT = "Nothing changed."
CHECKIN_AWAY_BACK_OPT = "Choose True when you are back now."
CHECKIN_REMIND_DESC = "Choose if I send one gentle reminder for a check-in."
CHECKIN_REMIND_ON = "✅ Saved. I will send one gentle reminder if you have not answered."
CHECKIN_REMIND_OFF = "✅ Saved. I will not send reminders for check-ins."
CHECKIN_REMIND_OPT = "On or off."

# ---------------------------------------------------------------- my data (next issue builds on it)
CHECKIN_DATA_ANSWERS = "You have {count} check-in answers."
CHECKIN_DATA_HELP = "You asked to talk to someone {count} times."
CHECKIN_DATA_MEMBER = "You get {count} check-ins."
