"""Errors a person can fix, and the short codes we show for the ones they cannot.

The Discord side of the error pipeline lives in ``bot/interactions.py``; this module stays
Discord-free so services can raise these errors.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts


@dataclass(frozen=True)
class WayOn:
    """A button on a refusal or a question back, so it is never a dead end ("Try again", "Back").

    ``custom_id`` names a persistent control of the feature (the refusal is a new private message)."""

    label: str
    custom_id: str
    emoji: str | None = None


class UserError(Exception):
    """Something the person can fix. ``message`` is an easy-read text from ``bot.texts``; ``ways`` are the
    buttons shown with it that lead on. ``kept`` is what the person typed in a refused box, as (label, text)
    pairs in the box's order: the refusal shows it, and its "Try again" opens the box with it again."""

    def __init__(self, message: str, ways: Sequence[WayOn] = (), kept: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.ways = tuple(ways)
        self.kept = tuple(kept)


class NotAllowed(UserError):
    """The person may not do this. The message says who can."""


class NotFound(UserError):
    """The row does not exist, or belongs to another server: both answer the same, logged at INFO."""


class StaleControl(NotFound):
    """A control with the right shape but an action or id we do not know (an old card, or a made-up id)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or texts.BUTTON_OLD)


# Ids in custom ids fit a database integer; anything larger cannot be a row.
MAX_ID = 2**63 - 1


def checked_id(value: int | str) -> int:
    """An id read from a custom id, modal id or option: a whole number a row could have, else stale."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise StaleControl() from None
    if not 0 <= number <= MAX_ID:
        raise StaleControl()
    return number


def error_code() -> str:
    """A short code a person can quote to a lead, and we can find in the logs."""
    return secrets.token_hex(3).upper()
