"""What the check-in service returns: frozen, Discord-free values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CheckinView:
    id: int
    guild_id: int
    kind: str
    questions: tuple[str, ...]
    channel_id: int | None
    weekdays: str
    hour: int
    minute: int
    member_zone: bool
    summary_after_minutes: int
    state: str
    paused_until: datetime | None
    members: tuple[int, ...]
    timezone: str  # the server's zone
    next_at: datetime | None = None  # the next opening (server zone), for the lead's confirmation
    project_id: int | None = None  # DMs to this project's members (found at each opening)
    share_answers: bool = False  # stand-ups: each member may share their answers in the channel
    project_title: str = ""  # for the lead's cards only

    @property
    def has_time(self) -> bool:
        return bool(self.weekdays)

    @property
    def has_target(self) -> bool:
        return self.channel_id is not None or self.project_id is not None or bool(self.members)


@dataclass(frozen=True)
class Opening:
    """One opening as a member sees it: which check-in, which day, its question kind."""

    checkin: CheckinView
    day: str
    user_id: int | None  # None: a post in a channel


@dataclass(frozen=True)
class AnswerResult:
    kind: str  # "mood", "skip", "standup"
    choice: str | None
    first_time: bool
    can_share: bool = False  # a stand-up the member may share in the channel (their choice)


@dataclass(frozen=True)
class LeadChoice:
    user_id: int
    name: str


@dataclass(frozen=True)
class HelpView:
    id: int
    guild_id: int
    user_id: int
    user_name: str
    wanted_id: int | None
    wanted_name: str | None
    soon: str
    state: str
    created_at: datetime
    claimed_by: int | None
    claimed_name: str | None
    timezone: str


@dataclass(frozen=True)
class ClaimResult:
    request: HelpView
    won: bool  # False: another lead pressed first


@dataclass(frozen=True)
class MoodCount:
    choice: str
    count: int


@dataclass(frozen=True)
class StandupAnswer:
    user_id: int
    answers: tuple[tuple[str, str], ...]  # (question, answer)


@dataclass(frozen=True)
class Summary:
    checkin: CheckinView
    day: str
    moods: tuple[MoodCount, ...]  # every choice of the scale, in scale order (no names)
    answered: int
    standups: tuple[StandupAnswer, ...]
    help: tuple[HelpView, ...]


@dataclass(frozen=True)
class SettingsView:
    guild_id: int
    checkins_channel_id: int | None
    leads_channel_id: int | None
    realert_hours: int
    retention_days: int
    leads: tuple[LeadChoice, ...]
