"""The projects feature's kinds of scheduled work, and how late each may still help.

Named here (not in the scheduler): the feature brings its kinds through ``Feature.kinds``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.scheduling.registry import Job, KindPolicy

EVENT_REMINDER = "event_reminder"  # ref: session id
PROJECT_NOTICE = "project_notice"  # ref: project id
PROJECT_ROLL = "project_roll"  # ref: project id
KINDS = (EVENT_REMINDER, PROJECT_NOTICE, PROJECT_ROLL)


def starts_at(job: Job) -> datetime | None:
    """An event reminder is useless once the event has started (payload "starts_at", ISO 8601 UTC)."""
    value = job.payload.get("starts_at")
    if not isinstance(value, str):
        return None
    when = datetime.fromisoformat(value)
    return when if when.tzinfo is not None else None


# Until the session starts; a day's cap for rows without a start.
REMINDER_POLICY = KindPolicy(max_lateness=timedelta(hours=24), deadline=starts_at)
# A notice a day late still helps; a roll is never too late (the next session must always be made).
NOTICE_POLICY = KindPolicy(max_lateness=timedelta(hours=24))
ROLL_POLICY = KindPolicy(max_lateness=None)
