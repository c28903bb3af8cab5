"""Reminders: for yourself, a channel, a role or everyone coming to a project; one-off or repeating.

Discord-free. One transaction per action; the firings are ``scheduled_work`` rows of kind "reminder"
(ref: the reminder id) made and cancelled in the same transaction as the change. The scheduler advances
a repeating row itself (in the reminder's time zone, so 9am stays 9am across clock changes).

Rules (issue 6):
- Text: at most 1000 characters, not empty. Control characters are dropped. Mentions inside the text
  are kept as typed: they are shown, never pinged (the renderer neutralises them too).
- Where: "me" (a DM), "channel" (the channel it was set in), "role" (leads only; posted where it was set,
  pinging only that role), "project" (a DM to everyone coming; organisers and leads).
- Limits: 25 active reminders per member in a server. Channel and role reminders also count towards the
  server's 100; a lead's channel and role reminders count only there, so leads are not stopped at 25.
- A draft (no time yet) is the time picker's ref. Old drafts are cleared when new ones are made.
- Repeats: none, every day, every weekday, every week, every 2 weeks, every month (from the first time),
  or typed with ``parse_repeat`` ("every Monday at 10").
- A firing has ✅ Done, ⏰ Later (in 10 minutes, in 1 hour, tomorrow morning: one more firing) and, when it
  repeats, Stop these reminders. Later for a project reminder comes back only to the member who asked.
- A DM that fails goes to the channel the reminder was set in, mentioning only that member; it is recorded.
"""

from __future__ import annotations

from bot.services.reminders.answers import Answering
from bot.services.reminders.jobs import Firing
from bot.services.reminders.making import Making


class ReminderService(Making, Answering, Firing):
    """Every reminder action, one responsibility per base class (each file under bot/services/reminders/)."""
