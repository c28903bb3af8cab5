"""Tasks: results -> cards, panels, modals and the messages scheduled work sends. Pure functions.

Every control carries its meaning in its custom_id, ``connect:tasks:<action>[:<a>[:<b>[:<c>]]]``:

    list:project:<project id>      the project's list (the "📋 Tasks" button on the project's More panel)
    add:<list id>                  "➕ Add a task" (a modal: ``connect:tasks:form:new:<list id>``)
    pick:<list id>                 the menu of a list's tasks -> that task's own buttons
    do:<task id>:<what>            a press on a task (claim, partner, help, done, back, sos, yes, no, undo, ...)
    dm:<task id>:<guild id>:<what> a press in a private message (yes, no, done, back)
    ask:<task id>                  the member menu "Ask a member to do this"
    draft:<task id>:<what>         the new task's panel (due, nodue, save, cancel, who, repeat, rota)
    settings:show | settings:toggle, nudges:on | nudges:off

"🎉 Say thank you" (``connect:thanks:say:task:<task id>``) is answered by the thanks feature.
"""

from bot.render.tasks.cards import (
    FORM_TEMPLATE,
    IN_DETAILS,
    IN_WHAT,
    TEMPLATE,
    cid,
    confirm_remove,
    draft_card,
    list_card,
    mine_card,
    progress,
    task_modal,
    task_panel,
    tasks_button,
)
from bot.render.tasks.messages import (
    celebrate_message,
    notice_message,
    nudge_message,
    nudges_panel,
    reply_text,
    settings_panel,
    task_render,
)

__all__ = [
    "FORM_TEMPLATE",
    "IN_DETAILS",
    "IN_WHAT",
    "TEMPLATE",
    "celebrate_message",
    "cid",
    "confirm_remove",
    "draft_card",
    "list_card",
    "mine_card",
    "notice_message",
    "nudge_message",
    "nudges_panel",
    "progress",
    "reply_text",
    "settings_panel",
    "task_modal",
    "task_panel",
    "task_render",
    "tasks_button",
]
