"""Projects: the plain rules and results every part of the service shares (no database here)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.services.projects.views import (
    CANT,
    GOING,
    MAYBE,
    WAITING,
    ProjectView,
    SessionView,
)
from db.models import Project, ProjectSession, ProjectSignup

log = logging.getLogger("connect.projects")


# Notice types (payload "type" of a project_notice row).
NOTICE_PROMOTED = "promoted"
NOTICE_CHANGED = "changed"
NOTICE_CANCELLED = "cancelled"
NOTICE_SIGNED_UP = "signed_up"
NOTICE_REMOVED = "removed"
NOTICE_ORGANISER = "organiser"
NOTICE_FINISHED = "finished"

PAGE_SIZE = 5
CHOICES = 5  # later sessions offered in the "pick one session" menu
MAX_MINE = 25
DRAFT_LIFETIME = timedelta(days=1)  # a draft never posted is dropped when its owner starts another
SLOT_WALK = 60  # sessions looked at to find the next open one (cancelled ones are skipped)
LISTED = (GOING, MAYBE, WAITING)


class QuietHoursLookup(Protocol):
    async def deliver_at(self, user_id: int, when_utc: datetime, guild_id: int | None = None) -> datetime: ...


@dataclass(frozen=True)
class Change:
    """One changed detail: ``what`` is "time", "end", "title", "where", "link", "bring" or "about"."""

    what: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeResult:
    project: ProjectView
    changes: tuple[Change, ...]
    told: tuple[int, ...]  # members who get the "What changed" message


def minutes_of(text: str) -> tuple[int, ...]:
    values = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) > 0:
            values.append(int(part))
    return tuple(sorted(set(values), reverse=True))


def iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def dedupe(ids: Iterable[int]) -> tuple[int, ...]:
    seen: dict[int, None] = {}
    for i in ids:
        seen.setdefault(i, None)
    return tuple(seen)


def end_for(p: Project, slot: datetime) -> datetime | None:
    duration = None if p.starts_at is None or p.ends_at is None else p.ends_at - p.starts_at
    return slot + duration if duration is not None else None


def session_view(sess: ProjectSession, signups: Sequence[ProjectSignup]) -> SessionView:
    mine = [u for u in signups if u.session_id == sess.id]

    def ids(status: str) -> tuple[int, ...]:
        return tuple(u.user_id for u in mine if u.status == status)

    return SessionView(
        id=sess.id,
        slot=sess.slot,
        starts_at=sess.starts_at,
        ends_at=sess.ends_at,
        cancelled=sess.state == "cancelled",
        going=ids(GOING),
        maybe=ids(MAYBE),
        waiting=ids(WAITING),
        cant=ids(CANT),
        came=tuple(u.user_id for u in mine if u.attended),
        attendance_taken=any(u.attended is not None for u in mine),
    )
