"""Reminders: the names of choices and what the service returns (frozen, Discord-free)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot.scheduling.registry import KindPolicy
from bot.scope import AnyScope, Scope
from db.repositories import reminders as repo

if TYPE_CHECKING:
    from bot.notifier import OutMessage
    from bot.services.projects.views import MemberState, ProjectView

log = logging.getLogger("connect.reminders")


KIND = repo.KIND
# A reminder a day late still helps; later than that it is recorded as missed.
REMINDER_POLICY = KindPolicy(max_lateness=timedelta(hours=24))
MAX_TEXT = 1000
MEMBER_LIMIT = 25
SERVER_LIMIT = 100
MAX_DRAFTS = 5
DRAFT_LIFETIME = timedelta(days=1)
PAGE_SIZE = 10

# Where a reminder goes.
ME = "me"
CHANNEL = "channel"
ROLE = "role"
PROJECT = "project"
TARGETS = (ME, CHANNEL, ROLE, PROJECT)
SERVER_KINDS = (CHANNEL, ROLE)  # the server's reminders: leads see and manage them, the server limit

# Repeat choices offered by buttons; "typed" is a rule read with parse_repeat.
NO_REPEAT = "none"
DAILY = "daily"
WEEKDAYS = "weekdays"
WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY = "monthly"
TYPED = "typed"
REPEAT_CHOICES = (NO_REPEAT, DAILY, WEEKDAYS, WEEKLY, FORTNIGHTLY, MONTHLY)

# "Later" choices.
LATER_10_MINUTES = "10m"
LATER_1_HOUR = "1h"
LATER_TOMORROW = "tm"
LATER_CHOICES = (LATER_10_MINUTES, LATER_1_HOUR, LATER_TOMORROW)

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LIVE = (repo.DRAFT, repo.ACTIVE, repo.SENT)


class ProjectsLookup(Protocol):
    """What the service needs from bot.services.projects.service.ProjectsService."""

    async def card(self, scope: AnyScope, project_id: int) -> ProjectView: ...

    async def member_state(self, scope: Scope, project_id: int) -> MemberState: ...


Render = Callable[["ReminderNotice"], "OutMessage"]


# ---------------------------------------------------------------- what the service returns


@dataclass(frozen=True)
class Target:
    kind: str = ME
    id: int | None = None  # channel id, role id or project id


@dataclass(frozen=True)
class ReminderInfo:
    id: int
    guild_id: int
    author_id: int
    channel_id: int | None
    target_kind: str
    target_id: int | None
    project_id: int | None
    project_title: str | None
    text: str
    repeat: str
    rule: str | None
    timezone: str
    tts: bool
    state: str
    next_at: datetime | None  # the next firing (None for a draft or a finished reminder)
    created_at: datetime
    repeat_words: str | None  # "every Monday at 10am"

    @property
    def repeating(self) -> bool:
        return self.rule is not None

    @property
    def is_draft(self) -> bool:
        return self.state == repo.DRAFT


@dataclass(frozen=True)
class TwoTimes:
    """A typed time and a typed repeat that say different times: the member is asked which they mean."""

    once: datetime  # the typed time, once
    every: datetime  # the first time of the typed repeat
    repeat_words: str  # "every Monday at 10am"


@dataclass(frozen=True)
class ListedReminder:
    number: int  # the short number in the list (soonest first, from 1)
    reminder: ReminderInfo


@dataclass(frozen=True)
class ReminderPage:
    items: tuple[ListedReminder, ...]
    page: int  # from 0
    pages: int
    total: int
    timezone: str  # the viewer's zone, for the words
    with_server: bool  # a lead's list: the server's channel and role reminders are in it


@dataclass(frozen=True)
class LaterResult:
    reminder: ReminderInfo
    when: datetime
    timezone: str  # the presser's zone, for the words


@dataclass(frozen=True)
class DoneResult:
    reminder: ReminderInfo
    stopped: bool  # the whole reminder is finished (not only this time)


@dataclass(frozen=True)
class ProjectLink:
    id: int
    title: str
    url: str | None  # the project's card


@dataclass(frozen=True)
class ReminderNotice:
    """What one firing says: everything the renderer needs, nothing from Discord."""

    reminder_id: int
    guild_id: int
    author_id: int
    text: str
    target_kind: str
    role_id: int | None  # the role to ping (role reminders only)
    set_at: datetime
    due_at: datetime
    timezone: str  # for the words
    repeating: bool
    repeat_words: str | None
    late: bool
    tts: bool
    project: ProjectLink | None
    again: bool  # a "Later" firing


@dataclass(frozen=True)
class FiringResult:
    """What one firing did (for logs and tests)."""

    sent: int
    dm_failures: int
    skipped: str | None = None  # why nothing was sent


__all__ = [
    "CHANNEL",
    "DAILY",
    "DAY_CODES",
    "DRAFT_LIFETIME",
    "FORTNIGHTLY",
    "KIND",
    "LATER_1_HOUR",
    "LATER_10_MINUTES",
    "LATER_CHOICES",
    "LATER_TOMORROW",
    "LIVE",
    "MAX_DRAFTS",
    "MAX_TEXT",
    "ME",
    "MEMBER_LIMIT",
    "MONTHLY",
    "NO_REPEAT",
    "PAGE_SIZE",
    "PROJECT",
    "REMINDER_POLICY",
    "REPEAT_CHOICES",
    "ROLE",
    "SERVER_KINDS",
    "SERVER_LIMIT",
    "TARGETS",
    "TYPED",
    "WEEKDAYS",
    "WEEKLY",
    "DoneResult",
    "FiringResult",
    "LaterResult",
    "ListedReminder",
    "ProjectLink",
    "ProjectsLookup",
    "ReminderInfo",
    "ReminderNotice",
    "ReminderPage",
    "Render",
    "Target",
    "TwoTimes",
]
