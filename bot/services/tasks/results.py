"""What the tasks service returns: frozen, plain values (no database rows, no Discord)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.models import Task

DRAFT, OPEN, DONE, REMOVED = "draft", "open", "done", "removed"


@dataclass(frozen=True)
class TaskView:
    id: int
    guild_id: int
    list_id: int
    title: str
    details: str
    added_by: int
    doer_id: int | None
    helper_id: int | None
    wants_helper: bool
    needs_help: bool
    asked_id: int | None
    asked_by: int | None
    due_at: datetime | None
    repeat: str
    rota: tuple[int, ...]
    state: str
    done_at: datetime | None
    next_id: int | None

    @property
    def done_by(self) -> tuple[int, ...]:
        """The person doing it and their helper: both are credited."""
        return tuple(u for u in (self.doer_id, self.helper_id) if u is not None)

    def overdue(self, now: datetime) -> bool:
        return self.state == OPEN and self.due_at is not None and self.due_at <= now

    @classmethod
    def of(cls, row: Task) -> TaskView:
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            list_id=row.list_id,
            title=row.title,
            details=row.details or "",
            added_by=row.added_by,
            doer_id=row.doer_id,
            helper_id=row.helper_id,
            wants_helper=bool(row.wants_helper),
            needs_help=bool(row.needs_help),
            asked_id=row.asked_id,
            asked_by=row.asked_by,
            due_at=row.due_at,
            repeat=row.repeat or "none",
            rota=parse_rota(row.rota),
            state=row.state,
            done_at=row.done_at,
            next_id=row.next_id,
        )


def parse_rota(text: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in (text or "").split(",") if p.strip().isdigit())


@dataclass(frozen=True)
class ListView:
    """One list and its tasks (open ones first, soonest due first; then done ones)."""

    id: int
    guild_id: int
    project_id: int | None
    project_title: str | None
    channel_id: int | None
    message_id: int | None
    timezone: str
    tasks: tuple[TaskView, ...]
    members_may_add: bool  # everyone may add (a channel list, when the server allows)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.state == DONE)


@dataclass(frozen=True)
class TaskPanel:
    """One task as one member sees it: what they may press."""

    task: TaskView
    list: ListView
    viewer_id: int
    can_manage: bool  # the person who added it, the project's organisers, leads
    can_undo: bool  # done by them less than a day ago
    zone: str


@dataclass(frozen=True)
class Pressed:
    """What a press did. ``kind`` names the reply; ``task`` is the newest state."""

    kind: str
    task: TaskView
    list_id: int
    next_task: TaskView | None = None


@dataclass(frozen=True)
class MyTasks:
    doing: tuple[TaskView, ...]
    asked_for: tuple[TaskView, ...]


@dataclass(frozen=True)
class TaskSettingsView:
    guild_id: int
    leads_only_channel_lists: bool


@dataclass(frozen=True)
class Member:
    """A member an organiser picked. Only a member still in the server may be asked."""

    user_id: int
    in_server: bool = True
    is_bot: bool = False
