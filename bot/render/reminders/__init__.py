"""Reminders: results -> messages and components (pure). Shared by cogs/reminders and the scheduler.

Custom ids are words (bot/render/reminders/ids.py lists them, and reads the short codes of old messages).

Text members typed is shown as typed. Nothing in it pings: allowed mentions name only the role of a
lead's role reminder, and @everyone / @here also get a zero-width space (see ``safe``).

One module per part: ``common`` (limits, text helpers, buttons other features use), ``forms``
(making a reminder), ``message`` (the reminder itself), ``lists`` (the list). Everything is re-exported here.
"""

from __future__ import annotations

from bot.render.reminders.common import (
    MAX_CONTENT,
    MAX_LINE_TEXT,
    MAX_OPTION_LABEL,
    REM,
    Button,
    Select,
    ids_text,
    parse_ids,
    remind_everyone_button,
    remind_me_button,
    remind_me_way,
    safe,
    short,
    who,
)
from bot.render.reminders.forms import (
    box_opener,
    cancelled_text,
    confirmation_card,
    draft_card,
    pick_time_prompt,
    reminder_card,
    repeat_modal,
    repeat_ways_on,
    text_modal,
    two_times_card,
)
from bot.render.reminders.lists import (
    cancel_many_card,
    cancel_many_id,
    list_card,
    list_page_id,
    option_value,
    parse_option,
)
from bot.render.reminders.message import done_text, later_card, later_saved_text, reminder_message, reminder_view

__all__ = [
    "MAX_CONTENT",
    "MAX_LINE_TEXT",
    "MAX_OPTION_LABEL",
    "REM",
    "Button",
    "Select",
    "box_opener",
    "cancel_many_card",
    "cancel_many_id",
    "cancelled_text",
    "confirmation_card",
    "done_text",
    "draft_card",
    "ids_text",
    "later_card",
    "later_saved_text",
    "list_card",
    "list_page_id",
    "option_value",
    "parse_ids",
    "parse_option",
    "pick_time_prompt",
    "remind_everyone_button",
    "remind_me_button",
    "remind_me_way",
    "reminder_card",
    "reminder_message",
    "reminder_view",
    "repeat_modal",
    "repeat_ways_on",
    "safe",
    "short",
    "text_modal",
    "two_times_card",
    "who",
]
