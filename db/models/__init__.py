"""Typed SQLAlchemy models, one module per feature. Every datetime is stored timezone-aware in UTC.

A feature adds ``db/models/<feature>.py`` and one import line below, so Alembic and the tests see its tables.
"""

from db.models.base import (
    NAMING,
    SCHEDULED_STATES,
    Base,
    DMChannel,
    GuildSettings,
    MemberSettings,
    ScheduledWork,
    Snowflake,
    UTCDateTime,
)
from db.models.checkins import (  # noqa: F401
    Checkin,
    CheckinAnswer,
    CheckinLead,
    CheckinMember,
    CheckinMemberPrefs,
    CheckinSettings,
    HelpRequest,
)
from db.models.mydata import DoNotContact
from db.models.processes import ProcessRow, RateBudget, ScheduledSend
from db.models.projects import (
    PROJECT_STATES,
    SIGNUP_STATUSES,
    Project,
    ProjectOrganiser,
    ProjectRegular,
    ProjectReminderOptOut,
    ProjectSession,
    ProjectSignup,
)
from db.models.reminders import REMINDER_STATES, REMINDER_TARGETS, Reminder
from db.models.tasks import *  # noqa: F403
from db.models.thanks import Thanks  # noqa: F401  (importing it registers every thanks table)

__all__ = [
    "NAMING",
    "PROJECT_STATES",
    "REMINDER_STATES",
    "REMINDER_TARGETS",
    "SCHEDULED_STATES",
    "SIGNUP_STATUSES",
    "Base",
    "DMChannel",
    "DoNotContact",
    "GuildSettings",
    "MemberSettings",
    "ProcessRow",
    "Project",
    "ProjectOrganiser",
    "ProjectRegular",
    "ProjectReminderOptOut",
    "ProjectSession",
    "ProjectSignup",
    "RateBudget",
    "Reminder",
    "ScheduledSend",
    "ScheduledWork",
    "Snowflake",
    "UTCDateTime",
]
