"""What the thanks service returns: frozen, Discord-free snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Person:
    """Someone picked in a menu, as the cog read them from Discord."""

    user_id: int
    name: str = ""
    is_bot: bool = False
    in_server: bool = True


@dataclass(frozen=True)
class ThanksView:
    """Everything a thank-you card shows. ``people`` are named on the card; ``by_dm`` got it privately."""

    id: int
    guild_id: int
    author_id: int
    typed_by: int | None
    reason: str
    private: bool
    state: str
    people: tuple[int, ...]
    by_dm: tuple[int, ...]
    me_too: tuple[int, ...]  # in the order they pressed
    channel_id: int | None
    message_id: int | None
    project_id: int | None = None
    task_id: int | None = None


@dataclass(frozen=True)
class Draft:
    """A thank-you waiting for its reason (the box). ``hint`` pre-fills the box."""

    id: int
    people: tuple[int, ...]
    hint: str = ""


@dataclass(frozen=True)
class Said:
    """A thank-you just said: where to post the card (None: nobody public), and who gets a DM."""

    view: ThanksView
    post_channel_id: int | None
    fallback_channel_id: int | None  # where it was said, when the thank-you channel refuses
    dm_ids: tuple[int, ...]
    server_channel: bool  # True: the post goes to the server's thank-you channel
    # Asked Connect never to message them (/mydata): no private copy and no ping; still thanked on the card.
    quiet_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeToo:
    view: ThanksView
    added: bool  # False: the press took the name off again


@dataclass(frozen=True)
class MemberChoices:
    user_id: int
    no_posts: bool = False
    milestones: bool = False
    hide_from_board: bool = False


@dataclass(frozen=True)
class ThanksSettingsView:
    guild_id: int
    channel_id: int | None
    timezone: str
    celebrate_projects: bool
    celebrate_tasks: bool
    celebrate_milestones: bool
    celebrate_sessions: bool
    digest_on: bool
    digest_weekday: int  # Monday is 0
    digest_minute: int  # minutes after midnight, the server's clock
    leaderboard: bool
    next_digest: datetime | None = None


@dataclass(frozen=True)
class BoardLine:
    user_id: int
    name: str
    count: int


@dataclass(frozen=True)
class Digest:
    """One week's good news. ``people`` are ids to name (alphabetically, by the renderer's names)."""

    guild_id: int
    start: datetime
    end: datetime
    projects: tuple[str, ...]
    tasks: tuple[str, ...]
    thanks_count: int
    people: tuple[int, ...]

    @property
    def quiet(self) -> bool:
        return not (self.projects or self.tasks or self.thanks_count)


@dataclass(frozen=True)
class TaskFacts:
    """What a "Say thank you" button on a done task needs (from the tasks feature, read only)."""

    task_id: int
    guild_id: int
    title: str
    done_by: tuple[int, ...]
