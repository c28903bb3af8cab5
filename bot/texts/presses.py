"""What a member reads when a press could not be saved (bot/presses.py)."""

from __future__ import annotations

# The database could not be reached: nothing was saved, so the same press again is safe.
PRESS_TRY_AGAIN = "Sorry, I could not save that just now. Nothing has changed. Please press the button again."
