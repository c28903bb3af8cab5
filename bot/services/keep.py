"""How long old things are kept, in days: the choices a lead picks from (issue 13), in one place.

Discord-free and importing nothing of ours, so the server settings (bot/services/guild_settings.py), the
check-ins' own settings and /setup's menus all read the same choices without an import cycle.
"""

from __future__ import annotations

KEEP_PROJECT_CHOICES = (365, 730, 1825)
KEEP_REMINDER_CHOICES = (30, 90, 365)
KEEP_CHECKIN_CHOICES = (30, 90, 180, 365)  # check-in answers: the check-ins' own setting, changed from /setup
DEFAULT_KEEP_CHECKIN_DAYS = 90
