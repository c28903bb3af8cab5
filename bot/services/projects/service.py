"""Projects and sign-ups: every rule of issue 5, Discord-free.

One transaction per action. Every action on a project first locks its row (``repo.lock_project``), so the
lists of one project change one action at a time and the number coming never exceeds the places.

Sessions: a one-off project has one session. A repeating project makes its sessions as they come: the next
open session always exists (with the regulars copied in), and a scheduled "project_roll" row at its start
makes the one after. Past sessions keep their lists.

Later work is a row in ``scheduled_work``, made in the same transaction as the change:
- ``event_reminder`` (ref: session id): one per reminder time before a session, for the members coming.
- ``project_notice`` (ref: project id): a message to some members now (a place opened, what changed,
  cancelled, signed up by a supporter, taken off the list, made an organiser) or the thank-you post.
- ``project_roll`` (ref: project id): at the start of a repeating project's next session, make the next.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed, UserError
from bot.recurrence import next_occurrence
from bot.services import guild_settings as gs
from bot.services.people import Actor
from bot.services.projects.fields import ProjectDetails, clean_places
from bot.services.projects.views import (
    ACTIVE,
    CANCELLED,
    CANT,
    DRAFT,
    FINISHED,
    GOING,
    MAYBE,
    REPEATS,
    WAITING,
    WALKIN,
    Attendance,
    CalendarInfo,
    Member,
    MemberState,
    MovedSession,
    MyProject,
    ProjectFinished,
    ProjectPage,
    ProjectSummary,
    ProjectView,
    Reminder,
    SessionView,
    SignupResult,
)
from bot.timefmt import DEFAULT_TIMEZONE, is_valid_timezone
from db.engine import Database
from db.models import Project, ProjectSession, ProjectSignup
from db.repositories import projects as repo
from db.repositories import scheduled as sched

if TYPE_CHECKING:
    from bot.scheduling.registry import Registry
    from bot.services.projects.jobs import ProjectJobs, ProjectRender

log = logging.getLogger("connect.projects")

EVENT_REMINDER = "event_reminder"
PROJECT_NOTICE = "project_notice"
PROJECT_ROLL = "project_roll"
KINDS = (EVENT_REMINDER, PROJECT_NOTICE, PROJECT_ROLL)

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
MAX_FUTURE = timedelta(days=5 * 366)
DRAFT_LIFETIME = timedelta(days=1)  # a draft never posted is dropped when its owner starts another
_SLOT_WALK = 60  # sessions looked at to find the next open one (cancelled ones are skipped)
LISTED = (GOING, MAYBE, WAITING)

FinishedHandler = Callable[[ProjectFinished], Awaitable[None]]
CardChangedHandler = Callable[[int], Awaitable[None]]


class QuietHoursLookup(Protocol):
    async def deliver_at(self, user_id: int, when_utc: datetime, guild_id: int | None = None) -> datetime: ...


class SchedulerHook(Protocol):
    """What the service needs from bot.scheduling.scheduler.Scheduler (kept small for tests)."""

    def notify(self, row_id: int, due_at: datetime) -> None: ...


@dataclass
class _Work:
    """Scheduled rows made in this transaction: the scheduler hears of them after commit."""

    rows: list[tuple[int, datetime]] = field(default_factory=list)
    finished: ProjectFinished | None = None


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


@dataclass(frozen=True)
class CardPress:
    """A card button's outcome: the answer given, or the project to ask "which sessions?" about."""

    result: SignupResult | None
    ask: ProjectView | None
    zone: str  # the member's time zone, for the reply


def _minutes(text: str) -> tuple[int, ...]:
    values = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) > 0:
            values.append(int(part))
    return tuple(sorted(set(values), reverse=True))


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def _dedupe(ids: Iterable[int]) -> tuple[int, ...]:
    seen: dict[int, None] = {}
    for i in ids:
        seen.setdefault(i, None)
    return tuple(seen)


class ProjectsService:
    def __init__(self, db: Database, clock: Clock, scheduler: SchedulerHook | None = None) -> None:
        self.db = db
        self.clock = clock
        # May be attached after start-up (the scheduler needs the bot for its notifier).
        self.scheduler = scheduler
        # Subscribers to "a project finished" (celebrations). Called after commit; errors are logged.
        self.on_finished: list[FinishedHandler] = []
        # Subscribers to "this project's card must be drawn again" for changes made by scheduled work.
        self.on_card_changed: list[CardChangedHandler] = []
        # Members' quiet hours: automatic messages wait until they end (set by the app).
        self.quiet_hours: QuietHoursLookup | None = None

    # ------------------------------------------------------------------ plumbing

    @asynccontextmanager
    async def _unit(self) -> AsyncIterator[tuple[AsyncSession, _Work]]:
        work = _Work()
        async with self.db.transaction() as session:
            yield session, work
        # Committed: tell the scheduler about rows due soon, then the subscribers.
        if self.scheduler is not None:
            for row_id, due_at in work.rows:
                try:
                    self.scheduler.notify(row_id, due_at)
                except Exception:  # the periodic refill finds the row anyway
                    log.exception("could not tell the scheduler about row %s", row_id)
        if work.finished is not None:
            for handler in list(self.on_finished):
                try:
                    await handler(work.finished)
                except Exception:
                    log.exception("a project-finished subscriber failed for project %s", work.finished.project_id)

    async def _locked(self, s: AsyncSession, project_id: int) -> Project:
        project = await repo.lock_project(s, project_id)
        if project is None:
            raise UserError(texts.PROJECT_NOT_FOUND)
        return project

    @staticmethod
    def _require_active(p: Project) -> None:
        if p.state == CANCELLED:
            raise UserError(texts.PROJECT_IS_CANCELLED)
        if p.state == FINISHED:
            raise UserError(texts.PROJECT_IS_FINISHED)
        if p.state == DRAFT:
            raise UserError(texts.PROJECT_NOT_POSTED)

    @staticmethod
    def _require_draft(p: Project) -> None:
        if p.state != DRAFT:
            raise UserError(texts.PROJECT_ALREADY_POSTED)

    async def _settings(self, s: AsyncSession, guild_id: int) -> gs.ServerSettings:
        # Read inside this transaction: a second one would wait for our own write lock on SQLite.
        return await gs.settings_in(s, guild_id)

    async def _can_organise(self, s: AsyncSession, p: Project, actor: Actor) -> bool:
        if actor.user_id == p.owner_id:
            return True
        if await repo.get_organiser(s, p.id, actor.user_id) is not None:
            return True
        return (await self._settings(s, p.guild_id)).is_lead(actor)

    async def _require_organiser(self, s: AsyncSession, p: Project, actor: Actor) -> None:
        if not await self._can_organise(s, p, actor):
            raise NotAllowed(texts.PROJECT_ONLY_ORGANISERS)

    async def _require_owner_or_lead(self, s: AsyncSession, p: Project, actor: Actor) -> None:
        if actor.user_id != p.owner_id and not (await self._settings(s, p.guild_id)).is_lead(actor):
            raise NotAllowed(texts.PROJECT_ONLY_OWNER)

    @staticmethod
    def _check_future(when: datetime, now: datetime) -> datetime:
        """A start must be in the future (and not absurdly far). Returns it in UTC."""
        if when.tzinfo is None:
            raise ValueError("times must be aware")
        when = when.astimezone(UTC)
        if when <= now:
            raise UserError(texts.TIME_IN_PAST)
        if when - now > MAX_FUTURE:
            raise UserError(texts.TIME_TOO_FAR.format(years=5))
        return when

    @staticmethod
    def _check_member(member: Member) -> None:
        if member.is_bot:
            raise UserError(texts.PROJECT_NOT_FOR_BOTS)
        if not member.in_server:
            raise UserError(texts.PROJECT_MEMBER_LEFT)

    # ------------------------------------------------------------------ scheduled rows

    async def _notice(
        self, s: AsyncSession, p: Project, kind: str, user_ids: Iterable[int], now: datetime, work: _Work, **data: Any
    ) -> None:
        users = list(_dedupe(user_ids))
        if not users and kind != NOTICE_FINISHED:
            return
        payload = {"type": kind, "user_ids": users, **data}
        row = await sched.create(
            s, kind=PROJECT_NOTICE, due_at=now, guild_id=p.guild_id, ref_id=p.id, payload=payload, now=now
        )
        work.rows.append((row.id, now))

    async def _schedule_reminders(
        self, s: AsyncSession, p: Project, sess: ProjectSession, now: datetime, work: _Work
    ) -> None:
        await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
        if p.state != ACTIVE or sess.state != "open":
            return
        for minutes in _minutes(p.reminder_minutes):
            due = sess.starts_at - timedelta(minutes=minutes)
            if due <= now:
                continue
            payload = {
                "project_id": p.id,
                "session_id": sess.id,
                "minutes": minutes,
                "starts_at": sess.starts_at.isoformat(),  # the policy's deadline; also spots a moved session
            }
            row = await sched.create(
                s, kind=EVENT_REMINDER, due_at=due, guild_id=p.guild_id, ref_id=sess.id, payload=payload, now=now
            )
            work.rows.append((row.id, due))

    async def _cancel_pending_rolls(self, s: AsyncSession, p: Project, now: datetime) -> None:
        for row in await sched.active_for(s, PROJECT_ROLL, p.id):
            if row.state == sched.PENDING:
                await sched.cancel_row(s, row.id, now=now)

    async def _ensure_roll(
        self, s: AsyncSession, p: Project, current: ProjectSession | None, now: datetime, work: _Work
    ) -> None:
        """One pending roll row, due when the next session starts (it then makes the one after)."""
        want = current.starts_at if (p.state == ACTIVE and p.rule and current is not None) else None
        pending = [r for r in await sched.active_for(s, PROJECT_ROLL, p.id) if r.state == sched.PENDING]
        if want is not None and len(pending) == 1 and pending[0].due_at == want:
            return
        for row in pending:
            await sched.cancel_row(s, row.id, now=now)
        if want is not None:
            row = await sched.create(s, kind=PROJECT_ROLL, due_at=want, guild_id=p.guild_id, ref_id=p.id, now=now)
            work.rows.append((row.id, want))

    # ------------------------------------------------------------------ sessions

    @staticmethod
    def _duration(p: Project) -> timedelta | None:
        if p.starts_at is None or p.ends_at is None:
            return None
        return p.ends_at - p.starts_at

    async def _make_session(
        self, s: AsyncSession, p: Project, slot: datetime, now: datetime, work: _Work
    ) -> ProjectSession:
        duration = self._duration(p)
        sess = await repo.add_session(
            s,
            project_id=p.id,
            slot=slot,
            starts_at=slot,
            ends_at=slot + duration if duration is not None else None,
            state="open",
            created_at=now,
            updated_at=now,
        )
        # Regulars come to every session: they join each new one in the order they became regulars.
        for regular in await repo.regulars_of(s, p.id):
            await self._set_status(s, p, sess, regular.user_id, regular.status, now, work, added_by=regular.added_by)
        await self._schedule_reminders(s, p, sess, now, work)
        return sess

    @staticmethod
    def _next_open(sessions: Sequence[ProjectSession], now: datetime) -> ProjectSession | None:
        upcoming = [x for x in sessions if x.state == "open" and x.starts_at > now]
        return min(upcoming, key=lambda x: (x.starts_at, x.id)) if upcoming else None

    def _next_slot(self, p: Project, after: datetime) -> datetime | None:
        assert p.rule is not None and p.starts_at is not None
        return next_occurrence(p.rule, p.timezone, p.starts_at, after)

    async def _sync(self, s: AsyncSession, p: Project, now: datetime, work: _Work) -> list[ProjectSession]:
        """Make sure the next open session of a repeating project exists (and its roll row). Needs the lock."""
        sessions = await repo.sessions_of(s, p.id)
        if p.state != ACTIVE or not p.rule or p.starts_at is None:
            return sessions
        by_slot = {x.slot: x for x in sessions}
        slot = self._next_slot(p, now)
        for _ in range(_SLOT_WALK):
            if slot is None:
                break
            sess = by_slot.get(slot)
            if sess is None:
                sess = await self._make_session(s, p, slot, now, work)
                sessions.append(sess)
                by_slot[slot] = sess
            if sess.state == "open" and sess.starts_at > now:
                break
            slot = self._next_slot(p, slot)
        sessions.sort(key=lambda x: (x.slot, x.id))
        await self._ensure_roll(s, p, self._next_open(sessions, now), now, work)
        return sessions

    def _shown(self, p: Project, sessions: Sequence[ProjectSession], now: datetime) -> ProjectSession | None:
        """The session the card is about: the next open one, else the latest one."""
        nxt = self._next_open(sessions, now)
        if nxt is not None:
            return nxt
        return max(sessions, key=lambda x: (x.starts_at, x.id)) if sessions else None

    async def _target(
        self,
        s: AsyncSession,
        p: Project,
        sessions: list[ProjectSession],
        now: datetime,
        work: _Work,
        session_id: int | None = None,
        slot: datetime | None = None,
    ) -> ProjectSession:
        """The session an answer is for: the one named, a later one of the repeat, or the next one."""
        if session_id is not None:
            for sess in sessions:
                if sess.id == session_id:
                    return sess
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        if slot is not None:
            for sess in sessions:
                if sess.slot == slot:
                    return sess
            if not p.rule or slot <= now or self._next_slot(p, slot - timedelta(microseconds=1)) != slot:
                raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
            sess = await self._make_session(s, p, slot, now, work)
            sessions.append(sess)
            sessions.sort(key=lambda x: (x.slot, x.id))
            return sess
        shown = self._shown(p, sessions, now)
        if shown is None:
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        return shown

    @staticmethod
    def _require_open_session(sess: ProjectSession, now: datetime) -> None:
        if sess.state == "cancelled":
            raise UserError(texts.PROJECT_SESSION_CANCELLED)
        if sess.starts_at <= now:
            raise UserError(texts.PROJECT_SESSION_STARTED)

    def _upcoming_open(self, sessions: Iterable[ProjectSession], now: datetime) -> list[ProjectSession]:
        return sorted((x for x in sessions if x.state == "open" and x.starts_at > now), key=lambda x: x.starts_at)

    # ------------------------------------------------------------------ places and the waiting list

    async def _set_status(
        self,
        s: AsyncSession,
        p: Project,
        sess: ProjectSession,
        user_id: int,
        status: str,
        now: datetime,
        work: _Work,
        *,
        added_by: int | None = None,
    ) -> tuple[str, bool, list[int]]:
        """Give ``user_id`` the answer ``status`` for one session. Returns (status now, changed, promoted)."""
        row = await repo.get_signup(s, sess.id, user_id)
        old = row.status if row is not None else None
        promoted: list[int] = []
        if status == GOING:
            if old in (GOING, WAITING):
                return old or GOING, False, promoted
            going = await repo.count_status(s, sess.id, GOING)
            new = GOING if p.places is None or going < p.places else WAITING
        else:
            if old == status:
                return status, False, promoted
            new = status
        if row is None:
            await repo.add_signup(
                s,
                session_id=sess.id,
                user_id=user_id,
                status=new,
                queue_no=await repo.next_queue_no(s, sess.id),
                queued_at=now,
                added_by=added_by,
                attended=None,
                created_at=now,
                updated_at=now,
            )
        else:
            row.status = new
            row.queue_no = await repo.next_queue_no(s, sess.id)  # a new answer goes to the back
            row.queued_at = now
            row.added_by = added_by
            row.updated_at = now
        await s.flush()
        if old == GOING and new != GOING:
            promoted = await self._fill(s, p, sess, now, work)
        return new, True, promoted

    async def _remove_signup(
        self, s: AsyncSession, p: Project, sess: ProjectSession, user_id: int, now: datetime, work: _Work
    ) -> tuple[bool, list[int]]:
        row = await repo.get_signup(s, sess.id, user_id)
        if row is None or row.status not in LISTED:
            return False, []
        was_going = row.status == GOING
        await repo.delete_row(s, row)
        return True, (await self._fill(s, p, sess, now, work) if was_going else [])

    async def _fill(self, s: AsyncSession, p: Project, sess: ProjectSession, now: datetime, work: _Work) -> list[int]:
        """Move members from the waiting list into free places, first come first. Each is told."""
        if sess.state != "open" or sess.starts_at <= now or p.state != ACTIVE:
            return []  # a past session's list is history
        promoted: list[int] = []
        going = await repo.count_status(s, sess.id, GOING)
        while p.places is None or going < p.places:
            first = await repo.first_waiting(s, sess.id)
            if first is None:
                break
            first.status = GOING
            first.updated_at = now
            await s.flush()
            going += 1
            promoted.append(first.user_id)
        if promoted:
            await self._notice(s, p, NOTICE_PROMOTED, promoted, now, work, session_id=sess.id)
        return promoted

    # ------------------------------------------------------------------ snapshots

    async def _view(
        self, s: AsyncSession, p: Project, now: datetime, sessions: Sequence[ProjectSession] | None = None
    ) -> ProjectView:
        if sessions is None:
            sessions = await repo.sessions_of(s, p.id)
        shown = self._shown(p, sessions, now)
        upcoming = self._upcoming_open(sessions, now)[:5]
        wanted = {x.id: x for x in [*upcoming, *([shown] if shown else [])]}
        signups = await repo.signups_of(s, wanted)
        views = {sid: _session_view(sess, [u for u in signups if u.session_id == sid]) for sid, sess in wanted.items()}
        return ProjectView(
            id=p.id,
            guild_id=p.guild_id,
            owner_id=p.owner_id,
            co_organisers=tuple(await repo.co_organisers(s, p.id)),
            channel_id=p.channel_id,
            message_id=p.message_id,
            title=p.title,
            about=p.about,
            where=p.place,
            link=p.link,
            bring=p.bring,
            places=p.places,
            timezone=p.timezone,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            rule=p.rule,
            state=p.state,
            signups_closed=p.signups_closed,
            reminder_minutes=_minutes(p.reminder_minutes),
            session=views[shown.id] if shown else None,
            regulars=tuple(r.user_id for r in await repo.regulars_of(s, p.id)),
            upcoming=tuple(views[x.id] for x in upcoming),
            choices=self._choices(p, sessions, now),
        )

    def _choices(
        self, p: Project, sessions: Sequence[ProjectSession], now: datetime, count: int = CHOICES
    ) -> tuple[tuple[datetime, datetime], ...]:
        """The next open sessions of a repeating project, made or not yet made: (slot, start)."""
        if p.state != ACTIVE or not p.rule or p.starts_at is None:
            return ()
        by_slot = {x.slot: x for x in sessions}
        found: list[tuple[datetime, datetime]] = []
        slot = self._next_slot(p, now)
        for _ in range(_SLOT_WALK):
            if slot is None or len(found) >= count:
                break
            made = by_slot.get(slot)
            if made is None:
                found.append((slot, slot))
            elif made.state == "open" and made.starts_at > now:
                found.append((slot, made.starts_at))
            slot = self._next_slot(p, slot)
        return tuple(sorted(found, key=lambda c: c[1]))

    async def _listed_people(
        self, s: AsyncSession, p: Project, sessions: Iterable[ProjectSession], *, regulars: bool = True
    ) -> list[int]:
        ids = [u.user_id for u in await repo.signups_of(s, [x.id for x in sessions]) if u.status in LISTED]
        if regulars:
            ids += [r.user_id for r in await repo.regulars_of(s, p.id)]
        return list(_dedupe(ids))

    # ------------------------------------------------------------------ starting a project

    async def check_can_start(self, guild_id: int, actor: Actor) -> None:
        async with self.db.transaction() as s:
            settings = await self._settings(s, guild_id)
        if settings.leads_only_projects and not settings.is_lead(actor):
            raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)

    async def create_draft(
        self,
        guild_id: int,
        actor: Actor,
        details: ProjectDetails,
        *,
        places: int | str | None = None,
        timezone: str = DEFAULT_TIMEZONE,
        channel_id: int | None = None,
        reminder_minutes: Sequence[int] | None = None,
    ) -> ProjectView:
        """Save what the modal said as a draft. It becomes a project when its start time is picked and it is posted.

        ``reminder_minutes``: when reminders go before each session; ``None`` takes the server's choice
        (/setup; by default a day and an hour before).
        """
        cleaned_places = clean_places(places)
        now = self.clock.now()
        async with self._unit() as (s, _work):
            settings = await self._settings(s, guild_id)
            if settings.leads_only_projects and not settings.is_lead(actor):
                raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)
            zone = timezone if is_valid_timezone(timezone) else settings.timezone
            await repo.delete_old_drafts(s, guild_id, actor.user_id, now - DRAFT_LIFETIME)
            p = await repo.add_project(
                s,
                guild_id=guild_id,
                owner_id=actor.user_id,
                channel_id=channel_id,
                message_id=None,
                title=details.title,
                about=details.about,
                place=details.where,
                link=details.link,
                bring=details.bring,
                places=cleaned_places,
                timezone=zone,
                starts_at=None,
                ends_at=None,
                rule=None,
                state=DRAFT,
                signups_closed=False,
                reminder_minutes=",".join(
                    str(int(m))
                    for m in sorted(
                        set(settings.project_reminder_minutes if reminder_minutes is None else reminder_minutes),
                        reverse=True,
                    )
                    if m > 0
                ),
                created_at=now,
                updated_at=now,
            )
            return await self._view(s, p, now, [])

    async def set_start(self, project_id: int, actor: Actor, starts_at: datetime) -> ProjectView:
        """The start of a draft (the time picker's answer). An end before the new start is dropped."""
        now = self.clock.now()
        starts_at = self._check_future(starts_at, now)
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, actor)
            duration = self._duration(p)
            p.starts_at = starts_at
            p.ends_at = starts_at + duration if duration is not None else None
            p.updated_at = now
            return await self._view(s, p, now, [])

    async def set_end(self, project_id: int, actor: Actor, ends_at: datetime | None) -> ProjectView:
        """The end of the (next) session. For a repeating project every session lasts as long."""
        now = self.clock.now()
        if ends_at is not None:
            if ends_at.tzinfo is None:
                raise ValueError("times must be aware")
            ends_at = ends_at.astimezone(UTC)
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, actor)
                if p.starts_at is None:
                    raise UserError(texts.PROJECT_PICK_START_FIRST)
                if ends_at is not None and ends_at <= p.starts_at:
                    raise UserError(texts.PROJECT_END_BEFORE_START)
                p.ends_at = ends_at
                p.updated_at = now
                return await self._view(s, p, now, [])
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            shown = self._shown(p, sessions, now)
            assert shown is not None and p.starts_at is not None
            if ends_at is not None and ends_at <= shown.starts_at:
                raise UserError(texts.PROJECT_END_BEFORE_START)
            old_end = shown.ends_at
            duration = ends_at - shown.starts_at if ends_at is not None else None
            p.ends_at = p.starts_at + duration if duration is not None else None
            p.updated_at = now
            for sess in self._upcoming_open(sessions, now):
                sess.ends_at = sess.starts_at + duration if duration is not None else None
                sess.updated_at = now
            if old_end != (shown.starts_at + duration if duration is not None else None):
                change = {"what": "end", "old": _iso(old_end), "new": _iso(ends_at)}
                told = await self._listed_people(s, p, self._upcoming_open(sessions, now))
                await self._notice(s, p, NOTICE_CHANGED, told, now, work, session_id=shown.id, changes=[change])
            return await self._view(s, p, now, sessions)

    async def set_repeat(self, project_id: int, actor: Actor, repeat: str | None) -> ProjectView:
        """How a draft repeats: None (once), "weekly", "fortnightly" or "monthly"."""
        if repeat is not None and repeat not in REPEATS:
            raise UserError(texts.PROJECT_REPEAT_UNKNOWN)
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, actor)
            p.rule = REPEATS[repeat] if repeat is not None else None
            p.updated_at = now
            return await self._view(s, p, now, [])

    async def set_places(self, project_id: int, actor: Actor, places: int | str | None) -> ProjectView:
        """Places (None: no limit). More places move members in from the waiting list (each is told)."""
        cleaned = clean_places(places)
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, actor)
                p.places = cleaned
                p.updated_at = now
                return await self._view(s, p, now, [])
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            p.places = cleaned
            p.updated_at = now
            await s.flush()
            # Fewer places never takes a place away from someone coming; more places fill from the list.
            for sess in self._upcoming_open(sessions, now):
                await self._fill(s, p, sess, now, work)
            return await self._view(s, p, now, sessions)

    async def discard_draft(self, project_id: int, actor: Actor) -> None:
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, actor)
            await repo.delete_project(s, p)

    async def publish(self, project_id: int, actor: Actor) -> ProjectView:
        """Post a draft: it becomes active with its first session and that session's reminders."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, actor)
            settings = await self._settings(s, p.guild_id)
            if settings.leads_only_projects and not settings.is_lead(actor):
                raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)  # the setting changed after the draft began
            if p.starts_at is None:
                raise UserError(texts.PROJECT_PICK_START_FIRST)
            self._check_future(p.starts_at, now)
            p.state = ACTIVE
            p.updated_at = now
            await self._make_session(s, p, p.starts_at, now, work)
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def attach_card(self, project_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the card was posted, so it can be edited in place."""
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            p.channel_id = channel_id
            p.message_id = message_id
            p.updated_at = now

    # ------------------------------------------------------------------ reading

    async def card(self, project_id: int) -> ProjectView:
        """The card's data now (a repeating project moves on to its next session first)."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def sessions(self, project_id: int) -> tuple[SessionView, ...]:
        """Every session made so far with its list, oldest first (past sessions keep their lists)."""
        async with self.db.transaction() as s:
            p = await repo.get_project(s, project_id)
            if p is None:
                raise UserError(texts.PROJECT_NOT_FOUND)
            found = await repo.sessions_of(s, p.id)
            signups = await repo.signups_of(s, [x.id for x in found])
            return tuple(_session_view(x, signups) for x in sorted(found, key=lambda x: (x.starts_at, x.id)))

    async def draft(self, project_id: int, actor: Actor) -> ProjectView:
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            self._require_draft(p)
            await self._require_owner_or_lead(s, p, actor)
            return await self._view(s, p, now, [])

    async def member_state(self, project_id: int, actor: Actor) -> MemberState:
        """What the "More" panel shows to this member."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active_or_finished(p)
            sessions = await self._sync(s, p, now, work)
            view = await self._view(s, p, now, sessions)
            return await self._member_state(s, p, view, actor)

    async def _member_state(self, s: AsyncSession, p: Project, view: ProjectView, actor: Actor) -> MemberState:
        status = None
        position = None
        if view.session is not None:
            row = await repo.get_signup(s, view.session.id, actor.user_id)
            if row is not None:
                status = row.status
                if row.status == WAITING:
                    position = await repo.waiting_position(s, row)
        return MemberState(
            project=view,
            user_id=actor.user_id,
            status=status,
            every=actor.user_id in view.regulars,
            waiting_position=position,
            reminders_on=await repo.get_optout(s, p.id, actor.user_id) is None,
            can_organise=await self._can_organise(s, p, actor),
            is_owner=actor.user_id == p.owner_id,
        )

    async def list_upcoming(self, guild_id: int, page: int = 0, per_page: int = PAGE_SIZE) -> ProjectPage:
        """Upcoming projects in this server, newest first, one page at a time."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            total = await repo.count_upcoming(s, guild_id, now)
            pages = max(1, -(-total // per_page))
            page = min(max(0, page), pages - 1)
            rows = await repo.upcoming(s, guild_id, now, page * per_page, per_page)
            nexts = await repo.next_open_sessions(s, [p.id for p in rows], now)
            items = []
            for p in rows:
                nxt = nexts.get(p.id)
                if nxt is None and p.rule and p.starts_at is not None:
                    nxt = self._next_slot(p, now)
                if nxt is None:
                    nxt = p.starts_at
                places_left = None
                if p.places is not None:
                    sess_list = await repo.sessions_of(s, p.id)
                    shown = self._shown(p, sess_list, now)
                    going = await repo.count_status(s, shown.id, GOING) if shown else 0
                    places_left = max(0, p.places - going)
                items.append(
                    ProjectSummary(
                        id=p.id,
                        title=p.title,
                        next_start=nxt,
                        where=p.place,
                        link=p.link,
                        places_left=places_left,
                        repeating=p.rule is not None,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
                )
            return ProjectPage(items=tuple(items), page=page, pages=pages, total=total)

    async def mine(self, guild_id: int, user_id: int) -> tuple[MyProject, ...]:
        """What this member is coming to (or might, or is waiting for), soonest first, one line a project."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            found: dict[int, MyProject] = {}
            regular_projects = await repo.my_regular_projects(s, guild_id, user_id)
            regular_ids = {p.id for p in regular_projects}
            for p, sess, signup in await repo.my_upcoming_signups(s, guild_id, user_id, now):
                if p.id not in found:
                    found[p.id] = MyProject(
                        id=p.id,
                        title=p.title,
                        starts_at=sess.starts_at,
                        status=signup.status,
                        every=p.id in regular_ids,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
            # A regular whose next session is not made yet is still coming.
            for p in regular_projects:
                if p.id in found or not p.rule or p.starts_at is None:
                    continue
                nxt = self._next_slot(p, now)
                regular = await repo.get_regular(s, p.id, user_id)
                if nxt is not None and regular is not None:
                    found[p.id] = MyProject(
                        id=p.id,
                        title=p.title,
                        starts_at=nxt,
                        status=regular.status,
                        every=True,
                        timezone=p.timezone,
                        channel_id=p.channel_id,
                        message_id=p.message_id,
                    )
            return tuple(sorted(found.values(), key=lambda m: (m.starts_at, m.id))[:MAX_MINE])

    async def calendar(self, project_id: int) -> CalendarInfo:
        """What "Add to my calendar" puts in the .ics file."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active_or_finished(p)
            sessions = await self._sync(s, p, now, work)
            assert p.starts_at is not None
            about = CalendarInfo(
                project_id=p.id,
                title=p.title,
                about=p.about,
                where=p.place,
                link=p.link,
                bring=p.bring,
                timezone=p.timezone,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                rule=p.rule,
                updated_at=p.updated_at,
            )
            if p.rule is None:
                only = sessions[0] if sessions else None
                if only is None:
                    return about
                return replace(about, starts_at=only.starts_at, ends_at=only.ends_at)
            in_series = [x for x in sessions if x.slot >= p.starts_at]
            return replace(
                about,
                cancelled_slots=tuple(x.slot for x in in_series if x.state == "cancelled"),
                moved=tuple(
                    MovedSession(slot=x.slot, starts_at=x.starts_at, ends_at=x.ends_at)
                    for x in in_series
                    if x.state == "open" and (x.starts_at != x.slot or x.ends_at != _end_for(p, x.slot))
                ),
            )

    @staticmethod
    def _require_active_or_finished(p: Project) -> None:
        if p.state == CANCELLED:
            raise UserError(texts.PROJECT_IS_CANCELLED)
        if p.state == DRAFT:
            raise UserError(texts.PROJECT_NOT_POSTED)

    # ------------------------------------------------------------------ answers: coming, maybe, can't come

    async def answer(
        self,
        project_id: int,
        actor: Actor,
        status: str,
        *,
        session_id: int | None = None,
        slot: datetime | None = None,
        every: bool = False,
    ) -> SignupResult:
        """A member's own answer. ``every``: for every session of a repeating project (a regular)."""
        if status not in (GOING, MAYBE, CANT):
            raise ValueError(f"unknown answer {status!r}")
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            if status != CANT and p.signups_closed:
                raise UserError(texts.PROJECT_SIGNUPS_CLOSED)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work, session_id, slot)
            self._require_open_session(target, now)
            every = every and p.rule is not None
            status_now, changed, promoted = await self._answer(
                s, p, sessions, target, actor.user_id, status, now, work, every=every, added_by=None
            )
            return await self._result(s, p, now, target, actor.user_id, status_now, changed, every, promoted)

    async def press_answer(self, project_id: int, actor: Actor, status: str) -> CardPress:
        """A card button (coming, maybe, can't come): ONE write transaction, and the member's zone with it.

        A repeating project asks which sessions first ("can't come" asks only a regular): then nothing
        is answered and ``ask`` holds the project to draw the question from.
        """
        if status not in (GOING, MAYBE, CANT):
            raise ValueError(f"unknown answer {status!r}")
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            zone = (await self._zones(s, p.guild_id, [actor.user_id]))[actor.user_id]
            if p.rule and (status != CANT or await repo.get_regular(s, p.id, actor.user_id) is not None):
                if status != CANT and p.signups_closed:
                    raise UserError(texts.PROJECT_SIGNUPS_CLOSED)
                sessions = await self._sync(s, p, now, work)
                return CardPress(None, await self._view(s, p, now, sessions), zone)
            if status != CANT and p.signups_closed:
                raise UserError(texts.PROJECT_SIGNUPS_CLOSED)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work)
            self._require_open_session(target, now)
            status_now, changed, promoted, position = await self._press_status(
                s, p, target, actor.user_id, status, now, work
            )
            # The lists are not loaded again here (that costs a read of every sign-up, on every press):
            # the card is drawn from the database by its coalescer; the reply needs the title and the time.
            light = replace(
                _light_view(p),
                session=_session_view(target, []),
            )
            result = SignupResult(light, target.id, status_now, changed, False, position, tuple(promoted))
            return CardPress(result, None, zone)

    async def _press_status(
        self, s: AsyncSession, p: Project, sess: ProjectSession, user_id: int, status: str, now: datetime, work: _Work
    ) -> tuple[str, bool, list[int], int | None]:
        """``_set_status`` for one member's own answer to one session, in as few queries as it takes.

        Returns (status now, changed, promoted, place on the waiting list). A new answer goes to the back
        of the queue, so a member who has to wait is behind everyone waiting already.
        """
        row = await repo.get_signup(s, sess.id, user_id)
        old = row.status if row is not None else None
        if (status == GOING and old in (GOING, WAITING)) or old == status:
            assert row is not None and old is not None
            return old, False, [], (await repo.waiting_position(s, row) if old == WAITING else None)
        going, waiting, top = await repo.signup_counts(s, sess.id)
        new = status
        if status == GOING and p.places is not None and going >= p.places:
            new = WAITING
        if row is None:
            s.add(
                ProjectSignup(
                    session_id=sess.id,
                    user_id=user_id,
                    status=new,
                    queue_no=top + 1,
                    queued_at=now,
                    added_by=None,
                    attended=None,
                    created_at=now,
                    updated_at=now,
                )
            )
        else:
            row.status, row.queue_no, row.queued_at, row.added_by, row.updated_at = new, top + 1, now, None, now
        await s.flush()
        promoted = await self._fill(s, p, sess, now, work) if old == GOING and new != GOING else []
        return new, True, promoted, (waiting + 1 if new == WAITING else None)

    async def join(self, project_id: int, actor: Actor, **kwargs: Any) -> SignupResult:
        return await self.answer(project_id, actor, GOING, **kwargs)

    async def maybe(self, project_id: int, actor: Actor, **kwargs: Any) -> SignupResult:
        return await self.answer(project_id, actor, MAYBE, **kwargs)

    async def cant(self, project_id: int, actor: Actor, **kwargs: Any) -> SignupResult:
        return await self.answer(project_id, actor, CANT, **kwargs)

    async def _answer(
        self,
        s: AsyncSession,
        p: Project,
        sessions: list[ProjectSession],
        target: ProjectSession,
        user_id: int,
        status: str,
        now: datetime,
        work: _Work,
        *,
        every: bool,
        added_by: int | None,
    ) -> tuple[str, bool, list[int]]:
        regular = await repo.get_regular(s, p.id, user_id)
        changed_regular = False
        if every:
            if status == CANT:
                if regular is not None:
                    await repo.delete_row(s, regular)
                    changed_regular = True
            elif regular is None:
                await repo.add_regular(
                    s, project_id=p.id, user_id=user_id, status=status, added_by=added_by, created_at=now
                )
                changed_regular = True
            elif regular.status != status:
                regular.status = status
                changed_regular = True
        promoted: list[int] = []
        status_now, changed, more = await self._set_status(s, p, target, user_id, status, now, work, added_by=added_by)
        promoted += more
        if every:
            for sess in self._upcoming_open(sessions, now):
                if sess.id == target.id:
                    continue
                row = await repo.get_signup(s, sess.id, user_id)
                if status == CANT and (row is None or row.status not in LISTED):
                    continue  # nothing to take back in that session
                _st, _ch, more = await self._set_status(s, p, sess, user_id, status, now, work, added_by=added_by)
                promoted += more
        return status_now, changed or changed_regular, promoted

    async def _result(
        self,
        s: AsyncSession,
        p: Project,
        now: datetime,
        target: ProjectSession,
        user_id: int,
        status: str,
        changed: bool,
        every: bool,
        promoted: Sequence[int],
    ) -> SignupResult:
        position = None
        if status == WAITING:
            row = await repo.get_signup(s, target.id, user_id)
            assert row is not None
            position = await repo.waiting_position(s, row)
        return SignupResult(
            project=await self._view(s, p, now),
            session_id=target.id,
            status=status,
            changed=changed,
            every=every,
            waiting_position=position,
            promoted=tuple(promoted),
        )

    async def set_reminders(self, project_id: int, actor: Actor, on: bool) -> MemberState:
        """Turn this member's reminders for one project on or off."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            existing = await repo.get_optout(s, p.id, actor.user_id)
            if on and existing is not None:
                await repo.delete_row(s, existing)
            elif not on and existing is None:
                await repo.add_optout(s, project_id=p.id, user_id=actor.user_id, created_at=now)
            sessions = await self._sync(s, p, now, work)
            view = await self._view(s, p, now, sessions)
            return await self._member_state(s, p, view, actor)

    # ------------------------------------------------------------------ organisers

    async def sign_up_for(self, project_id: int, actor: Actor, member: Member, *, every: bool = False) -> SignupResult:
        """Supporter mode: an organiser or lead signs a member up. The member is told and can say no."""
        now = self.clock.now()
        self._check_member(member)
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work)
            self._require_open_session(target, now)
            row = await repo.get_signup(s, target.id, member.user_id)
            every = every and p.rule is not None
            if (
                row is not None
                and row.status in (GOING, WAITING)
                and (not every or await repo.get_regular(s, p.id, member.user_id) is not None)
            ):
                raise UserError(texts.PROJECT_ALREADY_ON_LIST)
            status_now, changed, promoted = await self._answer(
                s, p, sessions, target, member.user_id, GOING, now, work, every=every, added_by=actor.user_id
            )
            result = await self._result(s, p, now, target, member.user_id, status_now, changed, every, promoted)
            await self._notice(
                s,
                p,
                NOTICE_SIGNED_UP,
                [member.user_id],
                now,
                work,
                session_id=target.id,
                by=actor.user_id,
                status=status_now,
                position=result.waiting_position,
                every=every,
            )
            return result

    async def remove_member(self, project_id: int, actor: Actor, user_id: int) -> ProjectView:
        """Take a member off the project's upcoming lists (and off "every session"). They are told."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            removed = False
            regular = await repo.get_regular(s, p.id, user_id)
            if regular is not None:
                await repo.delete_row(s, regular)
                removed = True
            for sess in self._upcoming_open(sessions, now):
                gone, _promoted = await self._remove_signup(s, p, sess, user_id, now, work)
                removed = removed or gone
            if not removed:
                raise UserError(texts.PROJECT_NOT_ON_LIST)
            await self._notice(s, p, NOTICE_REMOVED, [user_id], now, work, by=actor.user_id)
            return await self._view(s, p, now, sessions)

    async def add_organiser(self, project_id: int, actor: Actor, member: Member) -> ProjectView:
        now = self.clock.now()
        self._check_member(member)
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            if member.user_id == p.owner_id or await repo.get_organiser(s, p.id, member.user_id) is not None:
                raise UserError(texts.PROJECT_ALREADY_ORGANISER)
            await repo.add_organiser(s, project_id=p.id, user_id=member.user_id, added_by=actor.user_id, created_at=now)
            await self._notice(s, p, NOTICE_ORGANISER, [member.user_id], now, work, by=actor.user_id)
            return await self._view(s, p, now)

    async def remove_organiser(self, project_id: int, actor: Actor, user_id: int) -> ProjectView:
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            if actor.user_id != user_id:  # anyone may step down; only the owner or a lead removes others
                await self._require_owner_or_lead(s, p, actor)
            row = await repo.get_organiser(s, p.id, user_id)
            if row is None:
                raise UserError(texts.PROJECT_NOT_ORGANISER)
            await repo.delete_row(s, row)
            return await self._view(s, p, now)

    async def set_signups_closed(self, project_id: int, actor: Actor, closed: bool) -> ProjectView:
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            p.signups_closed = closed
            p.updated_at = now
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def update_details(self, project_id: int, actor: Actor, details: ProjectDetails) -> ChangeResult:
        """New title, about, where, link or bring. Everyone on the list gets one "What changed" message."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, actor)
            else:
                self._require_active(p)
                await self._require_organiser(s, p, actor)
            changes = [
                Change(what, old, new)
                for what, old, new in (
                    ("title", p.title, details.title),
                    ("where", p.place, details.where),
                    ("link", p.link, details.link),
                    ("bring", p.bring, details.bring),
                    ("about", p.about, details.about),
                )
                if old != new
            ]
            old_title = p.title
            p.title, p.about, p.place, p.link, p.bring = (
                details.title,
                details.about,
                details.where,
                details.link,
                details.bring,
            )
            p.updated_at = now
            told: list[int] = []
            sessions = await self._sync(s, p, now, work) if p.state == ACTIVE else []
            if changes and p.state == ACTIVE:
                told = await self._listed_people(s, p, self._upcoming_open(sessions, now))
                shown = self._shown(p, sessions, now)
                await self._notice(
                    s,
                    p,
                    NOTICE_CHANGED,
                    told,
                    now,
                    work,
                    session_id=shown.id if shown else None,
                    old_title=old_title,
                    changes=[{"what": c.what, "old": c.old, "new": c.new} for c in changes],
                )
            return ChangeResult(project=await self._view(s, p, now, sessions), changes=tuple(changes), told=tuple(told))

    async def move(
        self, project_id: int, actor: Actor, starts_at: datetime, *, session_id: int | None = None
    ) -> ChangeResult:
        """A new start time. One-off: the project. Repeating: ``session_id`` moves that session only, else
        the whole repeat moves from its next session on. Reminders move; everyone on the list is told once."""
        now = self.clock.now()
        starts_at = self._check_future(starts_at, now)
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            assert p.starts_at is not None
            if p.rule is None or session_id is not None:
                target = await self._target(s, p, sessions, now, work, session_id)
                self._require_open_session(target, now)
                old = target.starts_at
                if old == starts_at:
                    return ChangeResult(await self._view(s, p, now, sessions), (), ())
                length = target.ends_at - target.starts_at if target.ends_at is not None else None
                target.starts_at = starts_at
                target.ends_at = starts_at + length if length is not None else None
                target.updated_at = now
                if p.rule is None:
                    target.slot = starts_at
                    p.starts_at = starts_at
                    p.ends_at = target.ends_at
                moved = [target]
            else:
                upcoming = self._upcoming_open(sessions, now)
                first = upcoming[0] if upcoming else self._shown(p, sessions, now)
                assert first is not None
                old = first.starts_at
                if old == starts_at:
                    return ChangeResult(await self._view(s, p, now, sessions), (), ())
                duration = self._duration(p)
                # The repeat starts again from the new time; sessions still to come take its next slots in order.
                p.starts_at = starts_at
                p.ends_at = starts_at + duration if duration is not None else None
                future = sorted((x for x in sessions if x.starts_at > now), key=lambda x: (x.slot, x.id))
                slot: datetime | None = starts_at
                moved = []
                for sess in future:
                    if slot is None:  # the repeat ended: a leftover session is cancelled, its people told
                        sess.state = "cancelled"
                    else:
                        sess.slot = slot
                        sess.starts_at = slot
                        sess.ends_at = slot + duration if duration is not None else None
                        slot = self._next_slot(p, slot)
                    sess.updated_at = now
                    moved.append(sess)
            p.updated_at = now
            await s.flush()
            for sess in moved:
                await self._schedule_reminders(s, p, sess, now, work)
            still_on = [x for x in moved if x.state == "open"]
            told = await self._listed_people(s, p, still_on, regulars=p.rule is not None and session_id is None)
            shown_id = moved[0].id if moved else None
            change = {"what": "time", "old": old.isoformat(), "new": starts_at.isoformat()}
            await self._notice(s, p, NOTICE_CHANGED, told, now, work, session_id=shown_id, changes=[change])
            sessions = await self._sync(s, p, now, work)
            view = await self._view(s, p, now, sessions)
            return ChangeResult(view, (Change("time", old.isoformat(), starts_at.isoformat()),), tuple(told))

    async def move_session(self, session_id: int, actor: Actor, starts_at: datetime) -> ChangeResult:
        """Move one session of a repeating project (the time picker knows the session, not the project)."""
        async with self.db.transaction() as s:
            sess = await repo.get_session(s, session_id)
            if sess is None:
                raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
            project_id = sess.project_id
        return await self.move(project_id, actor, starts_at, session_id=session_id)

    async def cancel(self, project_id: int, actor: Actor) -> ProjectView:
        """Cancel the whole project. Everyone on a list still to come is told; reminders stop."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await self._sync(s, p, now, work)
            upcoming = self._upcoming_open(sessions, now)
            told = await self._listed_people(s, p, upcoming)
            p.state = CANCELLED
            p.cancelled_at = now
            p.updated_at = now
            for sess in sessions:
                await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
            await self._cancel_pending_rolls(s, p, now)
            shown = self._shown(p, sessions, now)
            await self._notice(
                s, p, NOTICE_CANCELLED, told, now, work, session_id=shown.id if shown else None, whole=True
            )
            return await self._view(s, p, now, sessions)

    async def cancel_session(self, project_id: int, actor: Actor, session_id: int | None = None) -> ProjectView:
        """Cancel one session of a repeating project (a one-off project is cancelled as a whole)."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            if p.rule is None:
                raise UserError(texts.PROJECT_CANCEL_WHOLE)
            sessions = await self._sync(s, p, now, work)
            target = await self._target(s, p, sessions, now, work, session_id)
            self._require_open_session(target, now)
            told = await self._listed_people(s, p, [target], regulars=False)
            target.state = "cancelled"
            target.updated_at = now
            await s.flush()
            await sched.cancel(s, EVENT_REMINDER, target.id, now=now)
            await self._notice(s, p, NOTICE_CANCELLED, told, now, work, session_id=target.id, whole=False)
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def record_attendance(
        self, project_id: int, actor: Actor, came: Iterable[int], *, session_id: int | None = None
    ) -> Attendance:
        """Tick who came to a session that has started (for the impact report). Others on the list did not."""
        now = self.clock.now()
        present = set(came)
        async with self._unit() as (s, _work):
            p = await self._locked(s, project_id)
            if p.state in (DRAFT, CANCELLED):
                self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await repo.sessions_of(s, p.id)
            if session_id is None:
                started = [x for x in sessions if x.state == "open" and x.starts_at <= now]
                if not started:
                    raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
                target = max(started, key=lambda x: (x.starts_at, x.id))
            else:
                found = [x for x in sessions if x.id == session_id]
                if not found:
                    raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
                target = found[0]
                if target.starts_at > now:
                    raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
                if target.state == "cancelled":
                    raise UserError(texts.PROJECT_SESSION_CANCELLED)
            rows = {u.user_id: u for u in await repo.signups_of(s, [target.id])}
            for uid, row in rows.items():
                if row.status == WALKIN and uid not in present:
                    await repo.delete_row(s, row)
                    continue
                if row.status in (GOING, MAYBE, WAITING, WALKIN) or uid in present:
                    row.attended = uid in present
                    row.updated_at = now
            for uid in sorted(present - rows.keys()):
                await repo.add_signup(
                    s,
                    session_id=target.id,
                    user_id=uid,
                    status=WALKIN,
                    queue_no=await repo.next_queue_no(s, target.id),
                    queued_at=now,
                    added_by=actor.user_id,
                    attended=True,
                    created_at=now,
                    updated_at=now,
                )
            await s.flush()
            final = await repo.signups_of(s, [target.id])
            return Attendance(
                session_id=target.id,
                came=tuple(u.user_id for u in final if u.attended),
                did_not_come=tuple(u.user_id for u in final if u.attended is False),
            )

    async def finish(self, project_id: int, actor: Actor) -> ProjectFinished:
        """Mark the project finished: the thank-you is posted and ``on_finished`` subscribers hear of it."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, project_id)
            self._require_active(p)
            await self._require_organiser(s, p, actor)
            sessions = await repo.sessions_of(s, p.id)
            held = [x for x in sessions if x.state == "open" and x.starts_at <= now]
            if not held:
                raise UserError(texts.PROJECT_NOT_STARTED_YET)
            signups = await repo.signups_of(s, [x.id for x in held])
            ticked = [u for u in signups if u.attended is not None]
            if ticked:
                participants = _dedupe(u.user_id for u in signups if u.attended)
            else:
                participants = _dedupe(u.user_id for u in signups if u.status == GOING)
            p.state = FINISHED
            p.finished_at = now
            p.updated_at = now
            for sess in sessions:
                await sched.cancel(s, EVENT_REMINDER, sess.id, now=now)
            await self._cancel_pending_rolls(s, p, now)
            await self._notice(s, p, NOTICE_FINISHED, [], now, work, participants=list(participants))
            organisers = (p.owner_id, *await repo.co_organisers(s, p.id))
            event = ProjectFinished(
                project_id=p.id,
                guild_id=p.guild_id,
                channel_id=p.channel_id,
                message_id=p.message_id,
                title=p.title,
                organiser_ids=organisers,
                participant_ids=participants,
                finished_by=actor.user_id,
                finished_at=now,
                sessions=len(held),
            )
            work.finished = event
        return event

    # ------------------------------------------------------------------ for the scheduled work handlers

    async def send_later(
        self, job_kind: str, ref_id: int, guild_id: int, payload: dict[str, Any], when: datetime
    ) -> None:
        """One member's copy of an automatic message, held back until their quiet hours end.

        A row of its own (its own nonce), due then; the kind's policy still applies, so an event reminder
        held past the start of the event is recorded as missed rather than sent too late.
        """
        async with self._unit() as (s, work):
            row = await sched.create(
                s, kind=job_kind, due_at=when, guild_id=guild_id, ref_id=ref_id, payload=payload, now=self.clock.now()
            )
            work.rows.append((row.id, when))

    def register(self, registry: Registry, render: ProjectRender) -> ProjectJobs:
        """Make the scheduler fire this feature's kinds (called once at start-up, before it starts)."""
        from bot.services.projects.jobs import ProjectJobs

        jobs = ProjectJobs(self, render)
        jobs.register(registry)
        return jobs

    async def roll(self, project_id: int) -> bool:
        """A repeating project's session started: make the next one. True when the card should be redrawn."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await repo.lock_project(s, project_id)
            if p is None or p.state != ACTIVE or not p.rule:
                return False
            await self._sync(s, p, now, work)
        for handler in list(self.on_card_changed):
            try:
                await handler(project_id)
            except Exception:
                log.exception("redrawing the card of project %s failed", project_id)
        return True

    async def reminder(self, session_id: int, payload: dict[str, Any]) -> Reminder | None:
        """Who gets one reminder firing, or None when it no longer applies (cancelled, moved, finished)."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            sess = await repo.get_session(s, session_id)
            if sess is None or sess.state != "open":
                return None
            p = await repo.get_project(s, sess.project_id)
            if p is None or p.state != ACTIVE:
                return None
            planned = payload.get("starts_at")
            if not isinstance(planned, str) or datetime.fromisoformat(planned) != sess.starts_at:
                return None  # moved since: the moved session has its own reminders
            out = await repo.opted_out(s, p.id)
            signups = await repo.signups_of(s, [sess.id])
            recipients = tuple(u.user_id for u in signups if u.status == GOING and u.user_id not in out)
            view = await self._view(s, p, now)
            zones = await self._zones(s, p.guild_id, recipients)
            return Reminder(
                project=view,
                session=_session_view(sess, signups),
                minutes_before=int(payload.get("minutes", 0)),
                recipients=recipients,
                zones=zones,
            )

    async def notice_context(
        self, project_id: int, session_id: int | None, user_ids: Iterable[int]
    ) -> tuple[ProjectView, SessionView | None, dict[int, str]] | None:
        """The project (and session) a notice is about, and each member's time zone."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            p = await repo.get_project(s, project_id)
            if p is None:
                return None
            view = await self._view(s, p, now)
            sess_view = None
            if session_id is not None:
                sess = await repo.get_session(s, session_id)
                if sess is not None and sess.project_id == p.id:
                    sess_view = _session_view(sess, await repo.signups_of(s, [sess.id]))
            return view, sess_view, await self._zones(s, p.guild_id, user_ids)

    async def _zones(self, s: AsyncSession, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        ids = list(user_ids)
        server, own = await repo.zones_of(s, guild_id, ids)
        default = server if server and is_valid_timezone(server) else DEFAULT_TIMEZONE
        return {uid: own[uid] if uid in own and is_valid_timezone(own[uid]) else default for uid in ids}


def _light_view(p: Project) -> ProjectView:
    """The project's own fields only: no lists, organisers or sessions (for a reply, not for a card)."""
    return ProjectView(
        id=p.id,
        guild_id=p.guild_id,
        owner_id=p.owner_id,
        co_organisers=(),
        channel_id=p.channel_id,
        message_id=p.message_id,
        title=p.title,
        about=p.about,
        where=p.place,
        link=p.link,
        bring=p.bring,
        places=p.places,
        timezone=p.timezone,
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        rule=p.rule,
        state=p.state,
        signups_closed=p.signups_closed,
        reminder_minutes=_minutes(p.reminder_minutes),
        session=None,
    )


def _end_for(p: Project, slot: datetime) -> datetime | None:
    duration = None if p.starts_at is None or p.ends_at is None else p.ends_at - p.starts_at
    return slot + duration if duration is not None else None


def _session_view(sess: ProjectSession, signups: Sequence[ProjectSignup]) -> SessionView:
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
