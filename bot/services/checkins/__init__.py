"""Check-ins (issue 12): "How are you today?" with pictures, stand-ups, and a person one tap away.

Discord-free. Parts: rules (pure), access (who may), commands (leads' writes), drafts (making one step by
step), members (members' presses
and leads' reads), help (talk to someone), jobs (scheduled kinds), data (export and erase).
"""

from __future__ import annotations

from bot.services.checkins.data import CheckinData
from bot.services.checkins.drafts import CheckinDrafts
from bot.services.checkins.help import CheckinHelp
from bot.services.checkins.members import CheckinMembers
from bot.services.checkins.rules import (
    HELP_AGAIN,
    HELP_ALERT,
    HELP_NAMED,
    OPEN,
    REMINDER,
    RETENTION,
    SUMMARY,
)


class CheckinsService(CheckinDrafts, CheckinMembers, CheckinHelp, CheckinData):
    """Every entry point takes a Scope (or a PersonalScope for DM presses)."""


__all__ = ["HELP_AGAIN", "HELP_ALERT", "HELP_NAMED", "OPEN", "REMINDER", "RETENTION", "SUMMARY", "CheckinsService"]
