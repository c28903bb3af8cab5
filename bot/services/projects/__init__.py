"""Projects and sign-ups (issue 5): the service, its results and its checks. Discord-free."""

from bot.services.projects.fields import ProjectDetails, clean_link, clean_places, clean_text
from bot.services.projects.kinds import EVENT_REMINDER, KINDS, PROJECT_NOTICE, PROJECT_ROLL
from bot.services.projects.service import (
    Change,
    ChangeResult,
    ProjectsService,
)
from bot.services.projects.views import (
    Attendance,
    CalendarInfo,
    Member,
    MemberState,
    MyProject,
    ProjectFinished,
    ProjectPage,
    ProjectSummary,
    ProjectView,
    Reminder,
    SessionView,
    SignupResult,
)

__all__ = [
    "EVENT_REMINDER",
    "KINDS",
    "PROJECT_NOTICE",
    "PROJECT_ROLL",
    "Attendance",
    "CalendarInfo",
    "Change",
    "ChangeResult",
    "Member",
    "MemberState",
    "MyProject",
    "ProjectDetails",
    "ProjectFinished",
    "ProjectPage",
    "ProjectSummary",
    "ProjectView",
    "ProjectsService",
    "Reminder",
    "SessionView",
    "SignupResult",
    "clean_link",
    "clean_places",
    "clean_text",
]
