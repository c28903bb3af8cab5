"""Projects' custom ids, in words: ``connect:proj:<action>:<id>[:<arg>[:<extra>]]``.

    join, maybe, cant, calendar, more            the card (id: the project)
    more:<id>:<organise|back>                    the More panel's organiser buttons, and back
    which:<id>:<going|maybe|cant>:<next|every>   "Only the next session" / "Every session"
    session:<id>:<going|maybe>                   one later session, picked from a menu
    reminders:<id>:<on|off>                      the project's reminders for me
    cant-come:<id>:<session id>:<every|once>     "I can't come" after a supporter signed me up
    organise:<id>:<what>                         the organiser panel (edit, time, add-organiser ...)
    member:<id>:<what>[:<session id>]            a member menu (add-organiser, sign-up, attendance ...)
    places:<id>  repeat:<id>  draft:<id>:<what>  new:0  list:<page>  show:<id>
    form:<new|edit|places>:<id>                  the typing boxes (modals)

Cards and messages posted before the ids were words carry short codes (``ans:42:g1``, ``org:42:coorg``,
``no:42:7:1``). ``read`` turns either form into the words above, so an old button reaches the same
handler with the same details. No new word is an old code, so reading a new id changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import checked_id
from bot.render.components import custom_id

PROJ = "proj"
# The actions of project controls (cogs/projects/handlers.py has one handler for each word).
ACTIONS = (
    "join",
    "maybe",
    "cant",
    "calendar",
    "more",
    "which",
    "session",
    "reminders",
    "cant-come",
    "organise",
    "member",
    "places",
    "new",
    "repeat",
    "draft",
    "list",
    "show",
)

# The short codes of the first ids: action, and per action its first detail.
OLD_ACTIONS = {
    "ics": "calendar",
    "ans": "which",
    "slot": "session",
    "rem": "reminders",
    "no": "cant-come",
    "org": "organise",
    "usr": "member",
    "plc": "places",
    "drep": "repeat",
}
_WORD = r"[a-z0-9][a-z0-9-]{0,19}"
# The words and the old codes, longest first; any other action is answered by the catch-all (cogs/_unknown.py).
_ACTION = "|".join(sorted({*ACTIONS, *OLD_ACTIONS}, key=lambda word: (-len(word), word)))
TEMPLATE = rf"connect:proj:(?P<action>{_ACTION}):(?P<id>\d{{1,19}})(?::(?P<a>{_WORD}))?(?::(?P<b>{_WORD}))?"
FORM_TEMPLATE = r"connect:proj:form:(?P<kind>new|edit|places):(?P<id>\d{1,19})"

_PEOPLE = {"coorg": "add-organiser", "sign": "sign-up", "signall": "sign-up-every", "tick": "attendance"}
OLD_ARGS = {
    "organise": {
        **_PEOPLE,
        "timeone": "time-one",
        "noend": "no-end",
        "cansess": "cancel-session",
        "cancelyes": "cancel-yes",
        "cansessyes": "cancel-session-yes",
        "finishyes": "finish-yes",
    },
    "member": _PEOPLE,
    "draft": {"noend": "no-end"},
    "session": {"g": "going", "m": "maybe", "c": "cant"},
}
_STATUS = {"g": "going", "m": "maybe", "c": "cant"}
_HOW_MANY = {"1": "next", "a": "every"}


def cid(action: str, ref: int, *more: object) -> str:
    return custom_id(PROJ, action, ref, *more)


@dataclass(frozen=True)
class Control:
    """One pressed project control, in words. Untrusted: the service checks server and person."""

    action: str
    ref: int  # the project (the page number for "list")
    arg: str | None = None
    extra: str | None = None


def read(action: str, ref: str, arg: str | None, extra: str | None) -> Control:
    """The parts of a matched custom_id, old short codes turned into words."""
    old = action
    action = OLD_ACTIONS.get(action, action)
    if old == "ans" and arg is not None and len(arg) == 2:
        # "g1": going, the next session only; "ca": can't come, to every session.
        arg, extra = _STATUS.get(arg[0], arg), _HOW_MANY.get(arg[1], arg)
    elif old == "no" and extra is not None:
        extra = {"1": "every", "0": "once"}.get(extra, extra)
    elif arg is not None:
        arg = OLD_ARGS.get(action, {}).get(arg, arg)
    return Control(action, checked_id(ref), arg, extra)
