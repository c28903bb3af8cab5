"""My data: what Connect knows about a member, a copy, and deleting it."""

from __future__ import annotations

MYDATA_COMMAND = "See, copy or delete what Connect knows about you."
MYDATA_OPTION_FOR = "Leads only: a member who asked you for their data."
MYDATA_TITLE = "📋 What Connect knows about you"
MYDATA_TITLE_FOR = "📋 What Connect knows about {name}"
MYDATA_NOTHING = "Connect knows nothing about you yet."
MYDATA_SUMMARY_SETTINGS = "You chose some settings, like your time zone."
# Each count as (one, more than one).
MYDATA_SUMMARY_SCHEDULED = ("I will send you 1 message later.", "I will send you {count} messages later.")
MYDATA_SUMMARY_COMING = ("You are coming to 1 project.", "You are coming to {count} projects.")
MYDATA_SUMMARY_CAME = ("You came to 1 project.", "You came to {count} projects.")
MYDATA_SUMMARY_STARTED = ("You started 1 project.", "You started {count} projects.")
MYDATA_SUMMARY_REMINDERS = ("You have 1 reminder.", "You have {count} reminders.")
MYDATA_DO_NOT_CONTACT_ON = "🔕 You asked me not to send you messages."
MYDATA_BUTTON_COPY = "Send me a copy"
MYDATA_BUTTON_DELETE = "Delete my data"
MYDATA_BUTTON_STOP = "Do not contact me"
MYDATA_BUTTON_START = "You may contact me again"
MYDATA_ASK_DELETE = (
    "Do you want to delete your data?\n"
    "Your name goes from all lists. Numbers stay, without your name.\n"
    "Your reminders stop. This cannot be undone."
)
MYDATA_ASK_DELETE_FOR = "Do you want to delete the data of {name}? Their name goes from all lists."
MYDATA_BUTTON_YES_DELETE = "Yes, delete it"
MYDATA_BUTTON_NO_KEEP = "No, keep it"
MYDATA_DELETED = "✅ Done. Your data is deleted. Your name is gone from all lists."
MYDATA_DELETED_FOR = "✅ Done. The data of {name} is deleted."
MYDATA_KEPT = "OK. Nothing is deleted."
MYDATA_COPY_SENT = "✅ Done. I sent you a copy in a private message."
MYDATA_COPY_HERE = "📄 Here is the copy. Only you can see this message."
MYDATA_COPY_DM = "📄 Here is a copy of what Connect knows about you."
MYDATA_COPY_TITLE = "What Connect knows about you"
MYDATA_ONLY_LEADS_FOR_OTHERS = "Only leads can see the data of another member. You can see your own."
MYDATA_A_MEMBER = "this member"
