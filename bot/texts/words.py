"""Small helpers for composed sentences."""

from __future__ import annotations


def counted(forms: tuple[str, str], count: int) -> str:
    """ "1 reminder" or "3 reminders": the sentence for ``count``, from its (one, more) forms."""
    return forms[0] if count == 1 else forms[1].format(count=count)
