"""What the projects service returns: frozen, Discord-free snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Sign-up answers. "walkin": ticked as came without being on the list (never takes a place).
GOING = "going"
MAYBE = "maybe"
CANT = "cant"
WAITING = "waiting"
WALKIN = "walkin"

# Project states.
DRAFT = "draft"
ACTIVE = "active"
CANCELLED = "cancelled"
FINISHED = "finished"

# Repeat choices offered by buttons (RRULE without DTSTART; the day and time come from the first session).
REPEATS: dict[str, str] = {
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
}


def repeat_key(rule: str | None) -> str | None:
    """The button choice a rule came from, or None for a one-off project."""
    if rule is None:
        return None
    for key, value in REPEATS.items():
        if value == rule:
            return key
    return "other"


@dataclass(frozen=True)
class Member:
    """Someone an organiser picked (to sign up, to make a co-organiser). Facts the cog read from Discord."""

    user_id: int
    in_server: bool = True
    is_bot: bool = False


@dataclass(frozen=True)
class SessionView:
    id: int
    slot: datetime
    starts_at: datetime
    ends_at: datetime | None
    cancelled: bool
    going: tuple[int, ...] = ()
    maybe: tuple[int, ...] = ()
    waiting: tuple[int, ...] = ()  # in order: the first moves in first
    cant: tuple[int, ...] = ()
    came: tuple[int, ...] = ()  # attendance ticks (walk-ins included)
    attendance_taken: bool = False


@dataclass(frozen=True)
class ProjectView:
    """Everything the card shows. ``session`` is the session the card is about (the next one)."""

    id: int
    guild_id: int
    owner_id: int
    co_organisers: tuple[int, ...]
    channel_id: int | None
    message_id: int | None
    title: str
    about: str
    where: str
    link: str
    bring: str
    places: int | None
    timezone: str
    starts_at: datetime | None
    ends_at: datetime | None
    rule: str | None
    state: str
    signups_closed: bool
    reminder_minutes: tuple[int, ...]
    session: SessionView | None
    regulars: tuple[int, ...] = ()
    upcoming: tuple[SessionView, ...] = ()  # sessions already made that are still to come, soonest first
    # A repeating project's next sessions a member may pick one of: (slot, start), soonest first.
    choices: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def organisers(self) -> tuple[int, ...]:
        return (self.owner_id, *self.co_organisers)

    @property
    def repeating(self) -> bool:
        return self.rule is not None

    @property
    def repeat(self) -> str | None:
        return repeat_key(self.rule)

    @property
    def duration(self) -> timedelta | None:
        if self.starts_at is None or self.ends_at is None:
            return None
        return self.ends_at - self.starts_at

    @property
    def places_left(self) -> int | None:
        if self.places is None:
            return None
        going = len(self.session.going) if self.session else 0
        return max(0, self.places - going)


@dataclass(frozen=True)
class SignupResult:
    """The answer a member (or a supporter for them) just gave, for the session the card shows."""

    project: ProjectView
    session_id: int
    status: str
    changed: bool  # False: it was already so
    every: bool  # the answer is for every session
    waiting_position: int | None = None
    promoted: tuple[int, ...] = ()  # moved from the waiting list into a place (each is told)


@dataclass(frozen=True)
class CardPress:
    """A card button's outcome: the answer given, or the project to ask "which sessions?" about."""

    result: SignupResult | None
    ask: ProjectView | None
    zone: str  # the member's time zone, for the reply


@dataclass(frozen=True)
class MemberState:
    """One member's own view of a project (the "More" panel)."""

    project: ProjectView
    user_id: int
    status: str | None  # for the card's session
    every: bool  # a regular of a repeating project
    waiting_position: int | None
    reminders_on: bool
    can_organise: bool
    is_owner: bool


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    title: str
    next_start: datetime | None
    where: str
    link: str
    places_left: int | None
    repeating: bool
    timezone: str
    channel_id: int | None
    message_id: int | None


@dataclass(frozen=True)
class ProjectPage:
    items: tuple[ProjectSummary, ...]
    page: int  # from 0
    pages: int
    total: int


@dataclass(frozen=True)
class MyProject:
    id: int
    title: str
    starts_at: datetime
    status: str  # going, maybe or waiting
    every: bool
    timezone: str
    channel_id: int | None
    message_id: int | None


@dataclass(frozen=True)
class Attendance:
    session_id: int
    came: tuple[int, ...]
    did_not_come: tuple[int, ...]


@dataclass(frozen=True)
class ProjectFinished:
    """The service-level event sent to ``ProjectsService.on_finished`` subscribers (celebrations)."""

    project_id: int
    guild_id: int
    channel_id: int | None
    message_id: int | None
    title: str
    organiser_ids: tuple[int, ...]
    participant_ids: tuple[int, ...]  # ticked as came; without ticks, everyone who was coming
    finished_by: int
    finished_at: datetime
    sessions: int  # how many sessions took place


@dataclass(frozen=True)
class MovedSession:
    slot: datetime
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class CalendarInfo:
    """What an .ics file needs. Times are aware UTC; ``timezone`` is the project's IANA zone."""

    project_id: int
    title: str
    about: str
    where: str
    link: str
    bring: str
    timezone: str
    starts_at: datetime
    ends_at: datetime | None
    rule: str | None
    cancelled_slots: tuple[datetime, ...] = ()
    moved: tuple[MovedSession, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Reminder:
    """One reminder firing: who gets it and what it says."""

    project: ProjectView
    session: SessionView
    minutes_before: int
    recipients: tuple[int, ...]
    zones: dict[int, str] = field(default_factory=dict)
