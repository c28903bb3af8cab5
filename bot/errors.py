"""Errors a person can fix, and the short codes we show for the ones they cannot.

The Discord side of the error pipeline lives in ``bot/interactions.py``; this module stays
Discord-free so services can raise these errors.
"""

from __future__ import annotations

import secrets


class UserError(Exception):
    """Something the person can fix. ``message`` is an easy-read text from ``bot.texts``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(UserError):
    """The person may not do this. The message says who can."""


class NotFound(UserError):
    """The row does not exist, or belongs to another server: both answer the same, logged at INFO."""


def error_code() -> str:
    """A short code a person can quote to a lead, and we can find in the logs."""
    return secrets.token_hex(3).upper()
