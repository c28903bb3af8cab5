"""Reminders' custom ids, in words, and the short codes of the first ids (still on messages posted before).

    connect:rem:new:<project id or 0>            "Remind me" (the typing box for the text comes next)
    connect:rem:new-everyone:<project id>        "Remind everyone coming" to a project
    connect:rem:<action>:<reminder id>[:<arg>]   one reminder: where (arg: me, channel, role, project), role,
                                                 repeat (menu), type-repeat, type-text, when, change-time, cancel,
                                                 read-aloud (arg: on, off), done, later, later-choice (arg:
                                                 10m, 1h, tm), stop, once / every (arg: unix seconds; the
                                                 answer when a typed time and a typed repeat disagree)
    connect:rem:page:<n>  connect:rem:pick:0  connect:rem:pick-many:0  connect:rem:keep:0   the list
    connect:rem:cxl:<ids>                        "Yes, cancel them" (ids in base 36, joined by "."; the
                                                 short word leaves room for 25 ids in 100 characters)
    connect:rem:text:<reminder id>  connect:rem:repeat-text:<reminder id>   the typing boxes (modals)

``read`` turns an old code (``chg``, ``snz``, ``tts:42:1`` ...) into its word, so an old button reaches the
same handler with the same details. No word is an old code, so reading a new id changes nothing.
"""

from __future__ import annotations

OLD_ACTIONS = {
    "newall": "new-everyone",
    "to": "where",
    "rep": "repeat",
    "rept": "type-repeat",
    "chg": "change-time",
    "tts": "read-aloud",
    "snz": "later-choice",
    "multi": "pick-many",
    "reptext": "repeat-text",
}
_OLD_READ_ALOUD = {"1": "on", "0": "off"}

# The actions on one reminder (words, then the old codes), for the item templates in cogs/reminders.
CONTROL_ACTIONS = (
    "where",
    "role",
    "repeat",
    "type-repeat",
    "type-text",
    "when",
    "change-time",
    "cancel",
    "read-aloud",
    "done",
    "later",
    "later-choice",
    "stop",
    "once",
    "every",
)
NEW_KINDS = ("new", "new-everyone")
LIST_ACTIONS = ("page", "pick", "pick-many", "keep")
BOX_KINDS = ("text", "repeat-text")
# Done, Later and Stop are pressed on the reminder itself, often in a DM.
ANSWERS = ("done", "later", "later-choice", "stop")


def _either(words: tuple[str, ...]) -> str:
    """A regex alternative of the words and their old codes, longest first."""
    old = [code for code, word in OLD_ACTIONS.items() if word in words]
    return "|".join(sorted({*words, *old}, key=len, reverse=True))


NEW_TEMPLATE = rf"connect:rem:(?P<kind>{_either(NEW_KINDS)}):(?P<project>\d{{1,19}})"
CONTROL_TEMPLATE = (
    rf"connect:rem:(?P<action>{_either(CONTROL_ACTIONS)}):(?P<id>\d{{1,19}})(?::(?P<arg>[a-z0-9-]{{1,10}}))?"
)
LIST_TEMPLATE = rf"connect:rem:(?P<action>{_either(LIST_ACTIONS)}):(?P<arg>\d{{1,6}})"
CANCEL_MANY_TEMPLATE = r"connect:rem:cxl:(?P<ids>[0-9a-z]{1,13}(?:\.[0-9a-z]{1,13}){0,24})"
BOX_TEMPLATE = rf"connect:rem:(?P<kind>{_either(BOX_KINDS)}):(?P<id>\d{{1,19}})"


def read(action: str, arg: str | None = None) -> tuple[str, str | None]:
    """An action (and its detail) as words: old codes become the words the messages carry now."""
    word = OLD_ACTIONS.get(action, action)
    if action == "tts" and arg is not None:
        arg = _OLD_READ_ALOUD.get(arg, arg)
    return word, arg
