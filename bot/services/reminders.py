"""Reminders: for yourself, a channel, a role or everyone coming to a project; one-off or repeating.

Discord-free. One transaction per action; the firings are ``scheduled_work`` rows of kind "reminder"
(ref: the reminder id) made and cancelled in the same transaction as the change. The scheduler advances
a repeating row itself (in the reminder's time zone, so 9am stays 9am across clock changes).

Rules (issue 6):
- Text: at most 1000 characters, not empty. Control characters are dropped. Mentions inside the text
  are kept as typed: they are shown, never pinged (the renderer neutralises them too).
- Where: "me" (a DM), "channel" (the channel it was set in), "role" (leads only; posted where it was set,
  pinging only that role), "project" (a DM to everyone coming; organisers and leads).
- Limits: 25 active reminders per member in a server. Channel and role reminders also count towards the
  server's 100; a lead's channel and role reminders count only there, so leads are not stopped at 25.
- A draft (no time yet) is the time picker's ref. Old drafts are cleared when new ones are made.
- Repeats: none, every day, every weekday, every week, every 2 weeks, every month (from the first time),
  or typed with ``parse_repeat`` ("every Monday at 10").
- A firing has ✅ Done, ⏰ Later (in 10 minutes, in 1 hour, tomorrow morning: one more firing) and, when it
  repeats, Stop these reminders. Later for a project reminder comes back only to the member who asked.
- A DM that fails goes to the channel the reminder was set in, mentioning only that member; it is recorded.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from bot import texts
from bot.clock import Clock
from bot.errors import NotAllowed, UserError
from bot.recurrence import Recurrence, day_ordinal, next_occurrence
from bot.services.guild_settings import GuildSettingsService, ServerSettings
from bot.services.people import Actor
from bot.timechoices import tomorrow_morning
from bot.timefmt import get_zone
from bot.timeparse import parse_repeat, parse_when
from db.engine import Database
from db.models import Reminder
from db.repositories import reminders as repo
from db.repositories import scheduled as sched

if TYPE_CHECKING:
    from bot.notifier import Delivery, OutMessage
    from bot.scheduling.registry import Job, Registry
    from bot.services.projects.views import MemberState, ProjectView

log = logging.getLogger("connect.reminders")

KIND = repo.KIND
MAX_TEXT = 1000
MEMBER_LIMIT = 25
SERVER_LIMIT = 100
MAX_DRAFTS = 5
DRAFT_LIFETIME = timedelta(days=1)
PAGE_SIZE = 10
MAX_FUTURE = timedelta(days=5 * 366)

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

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LIVE = (repo.DRAFT, repo.ACTIVE, repo.SENT)


class SchedulerHook(Protocol):
    """What the service needs from bot.scheduling.scheduler.Scheduler."""

    def notify(self, row_id: int, due_at: datetime) -> None: ...


class ProjectsLookup(Protocol):
    """What the service needs from bot.services.projects.service.ProjectsService."""

    async def card(self, project_id: int) -> ProjectView: ...

    async def member_state(self, project_id: int, actor: Actor) -> MemberState: ...


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


# ---------------------------------------------------------------- checks and helpers


def clean_text(text: str | None) -> str:
    """The reminder text: control characters dropped, trimmed, 1 to 1000 characters."""
    raw = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in raw:
        if ch == "\n":
            kept.append(ch)
        elif ch == "\t":
            kept.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            continue  # NUL and friends, lone surrogates: never stored, never shown
        else:
            kept.append(ch)
    cleaned = "".join(kept).strip()
    if not cleaned:
        raise UserError(texts.FIELD_EMPTY.format(field=texts.REMIND_FIELD_NAME))
    if len(cleaned) > MAX_TEXT:
        raise UserError(texts.FIELD_TOO_LONG.format(field=texts.REMIND_FIELD_NAME, limit=MAX_TEXT))
    return cleaned


def button_rule(choice: str, first_local: datetime) -> str | None:
    """The RRULE for a repeat button, from the first time (local wall clock). Always with the time of day,
    so it is described in words ("every Tuesday at 2pm") and stays at that time across clock changes."""
    if choice == NO_REPEAT:
        return None
    at = f";BYHOUR={first_local.hour};BYMINUTE={first_local.minute}"
    day = _DAY_CODES[first_local.weekday()]
    if choice == DAILY:
        return "FREQ=DAILY" + at
    if choice == WEEKDAYS:
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" + at
    if choice == WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={day}" + at
    if choice == FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}" + at
    if choice == MONTHLY:
        if first_local.day > 28:
            raise UserError(texts.REMIND_MONTH_DAY_MISSING.format(day=day_ordinal(first_local.day)))
        return f"FREQ=MONTHLY;BYMONTHDAY={first_local.day}" + at
    raise UserError(texts.REMIND_REPEAT_UNKNOWN)


def first_on_rule(rule: str, timezone: str, at_or_after: datetime) -> datetime:
    """The first occurrence of ``rule`` at or after a moment (a weekday series picked for a Saturday starts
    on Monday). Anchored a day earlier with the same seconds, so the series keeps the picked time."""
    probe = at_or_after - timedelta(microseconds=1)
    first = next_occurrence(rule, timezone, at_or_after - timedelta(days=1), probe)
    if first is None:
        raise UserError(texts.REPEAT_RULE_NOT_USABLE)
    return first


def repeat_words(rule: str | None, timezone: str) -> str | None:
    return Recurrence(rule, timezone).describe() if rule else None


def project_url(view: ProjectView) -> str | None:
    if view.channel_id and view.message_id:
        return f"https://discord.com/channels/{view.guild_id}/{view.channel_id}/{view.message_id}"
    return None


def parse_numbers(text: str, limit: int = 100) -> list[int]:
    """ "1 3, 5-7" -> [1, 3, 5, 6, 7]. Anything else is an easy-read UserError."""
    numbers: list[int] = []
    cleaned = (text or "").replace(",", " ").replace(" - ", "-").replace(" to ", "-")
    if not cleaned.strip() or len(cleaned) > 200:
        raise UserError(texts.REMIND_NUMBERS_HOW)
    for part in cleaned.split():
        low, sep, high = part.partition("-")
        if not low.isdecimal() or (sep and not high.isdecimal()) or len(low) > 4 or len(high) > 4:
            raise UserError(texts.REMIND_NUMBERS_HOW)
        start, end = int(low), int(high) if sep else int(low)
        if start < 1 or end < start or end - start > limit:
            raise UserError(texts.REMIND_NUMBERS_HOW)
        numbers.extend(range(start, end + 1))
    unique = list(dict.fromkeys(numbers))
    if len(unique) > limit:
        raise UserError(texts.REMIND_NUMBERS_HOW)
    return unique


@dataclass
class _Work:
    """Scheduled rows made in this transaction: the scheduler hears of them after commit."""

    rows: list[tuple[int, datetime]]


# ---------------------------------------------------------------- the service


class ReminderService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        settings: GuildSettingsService | None = None,
        projects: ProjectsLookup | None = None,
        scheduler: SchedulerHook | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings or GuildSettingsService(db, clock)
        # Both may be attached after start-up (the scheduler needs the bot for its notifier).
        self.projects = projects
        self.scheduler = scheduler

    # ------------------------------------------------------------------ plumbing

    def _tell_scheduler(self, work: _Work) -> None:
        if self.scheduler is None:
            return
        for row_id, due_at in work.rows:
            try:
                self.scheduler.notify(row_id, due_at)
            except Exception:  # the periodic refill finds the row anyway
                log.exception("could not tell the scheduler about row %s", row_id)

    async def _server(self, guild_id: int) -> ServerSettings:
        return await self.settings.get(guild_id)

    async def _project(self, project_id: int) -> ProjectView:
        if self.projects is None:
            raise UserError(texts.REMIND_NO_PROJECTS)
        return await self.projects.card(project_id)

    async def _can_organise(self, project_id: int, actor: Actor) -> bool:
        if self.projects is None:
            return False
        try:
            return (await self.projects.member_state(project_id, actor)).can_organise
        except UserError:
            return False

    async def _info(self, session: Any, row: Reminder, project_title: str | None = None) -> ReminderInfo:
        nxt = await repo.next_due(session, row.id) if row.state in (repo.ACTIVE, repo.SENT) else None
        return _info(row, nxt, project_title)

    async def _check_target(self, guild_id: int, actor: Actor, target: Target, channel_id: int | None) -> Target:
        """Who may remind whom. Returns the target with its id filled in."""
        if target.kind not in TARGETS:
            raise UserError(texts.REMIND_WHERE_UNKNOWN)
        if target.kind == ME:
            return Target(ME, None)
        if target.kind == CHANNEL:
            chosen = target.id or channel_id
            if not chosen:
                raise UserError(texts.ONLY_IN_SERVER)
            return Target(CHANNEL, chosen)
        if target.kind == ROLE:
            if not (await self._server(guild_id)).is_lead(actor):
                raise NotAllowed(texts.REMIND_ROLE_ONLY_LEADS)
            if not target.id:
                raise UserError(texts.REMIND_PICK_ROLE)
            if target.id == guild_id:  # the @everyone role
                raise UserError(texts.REMIND_NOT_EVERYONE_ROLE)
            if not channel_id:
                raise UserError(texts.ONLY_IN_SERVER)
            return Target(ROLE, target.id)
        # PROJECT
        if not target.id:
            raise UserError(texts.REMIND_PICK_PROJECT)
        view = await self._project(target.id)
        if view.guild_id != guild_id:
            raise UserError(texts.REMIND_PROJECT_NOT_FOUND)
        if view.state != "active":
            raise UserError(texts.REMIND_PROJECT_NOT_OPEN)
        if not await self._can_organise(target.id, actor):
            raise NotAllowed(texts.REMIND_PROJECT_ONLY_ORGANISERS)
        return Target(PROJECT, target.id)

    async def _check_limits(self, session: Any, row: Reminder, is_lead: bool) -> None:
        """Checked when a reminder becomes active (not for a "Later" of one that is already counted)."""
        personal = [ME, PROJECT] + ([] if is_lead else [CHANNEL, ROLE])
        if row.target_kind in personal:
            mine = await repo.count_by_author(session, row.guild_id, row.author_id, personal, [repo.ACTIVE])
            if mine >= MEMBER_LIMIT:
                raise UserError(texts.REMIND_LIMIT_MEMBER.format(limit=MEMBER_LIMIT))
        if row.target_kind in SERVER_KINDS:
            server = await repo.count_in_server(session, row.guild_id, SERVER_KINDS, [repo.ACTIVE])
            if server >= SERVER_LIMIT:
                raise UserError(texts.REMIND_LIMIT_SERVER.format(limit=SERVER_LIMIT))

    def _check_when(self, when: datetime, now: datetime) -> datetime:
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError("times must be aware")
        when = when.astimezone(UTC)
        if when <= now:
            raise UserError(texts.TIME_IN_PAST)
        if when - now > MAX_FUTURE:
            raise UserError(texts.TIME_TOO_FAR.format(years=5))
        return when

    async def _may_manage(self, row: Reminder, actor: Actor) -> None:
        """Change the time, cancel, stop: the author; leads too for the server's and project reminders."""
        if actor.user_id == row.author_id:
            return
        if row.target_kind != ME and (await self._server(row.guild_id)).is_lead(actor):
            return
        if row.target_kind == PROJECT and row.target_id and await self._can_organise(row.target_id, actor):
            return
        raise NotAllowed(texts.REMIND_NOT_YOURS)

    async def _may_answer(self, row: Reminder, actor: Actor) -> None:
        """Done and Later on a firing: the person it is for (anyone it reached, for a project reminder)."""
        if row.target_kind == PROJECT:
            return  # each member's answer is only for them
        await self._may_manage(row, actor)

    def _plan(self, row: Reminder, when: datetime) -> tuple[str | None, datetime]:
        """The rule and first firing for a reminder that should next come at ``when``."""
        if row.repeat == TYPED and row.rule:
            return row.rule, when  # a typed rule keeps its days; the series starts at the new time
        zone = get_zone(row.timezone)
        rule = button_rule(row.repeat, when.astimezone(zone))
        if rule is not None and row.repeat == WEEKDAYS:
            when = first_on_rule(rule, row.timezone, when)
        return rule, when

    async def _activate(
        self, session: Any, row: Reminder, when: datetime, now: datetime, work: _Work, *, is_lead: bool
    ) -> None:
        """Make ``row`` come at ``when`` (cancelling what was planned). Checks the limits first."""
        if not row.text:
            raise UserError(texts.FIELD_EMPTY.format(field=texts.REMIND_FIELD_NAME))
        rule, first = self._plan(row, when)
        if row.state != repo.ACTIVE:
            await repo.lock_limits(session, row.guild_id)
            await self._check_limits(session, row, is_lead)
        await sched.cancel(session, KIND, row.id, now=now)
        created = await sched.create(
            session,
            kind=KIND,
            due_at=first,
            guild_id=row.guild_id,
            ref_id=row.id,
            payload={},
            rule=rule,
            timezone=row.timezone if rule else None,
            series_start=first if rule else None,
            now=now,
            created_by=row.author_id,
        )
        work.rows.append((created.id, first))
        row.rule = rule
        row.start_at = first
        row.state = repo.ACTIVE
        row.updated_at = now

    @staticmethod
    async def _series_due(session: Any, reminder_id: int) -> datetime | None:
        """When the reminder itself comes next (not counting a "Later")."""
        for pending in await sched.active_for(session, KIND, reminder_id):
            if not (pending.payload or {}).get("later"):
                return pending.due_at
        return None

    async def _locked(self, session: Any, reminder_id: int, guild_id: int | None = None) -> Reminder:
        row = await repo.lock(session, reminder_id)
        if row is None or (guild_id is not None and row.guild_id != guild_id):
            raise UserError(texts.REMIND_NOT_FOUND)
        return row

    @staticmethod
    def _require_live(row: Reminder) -> None:
        if row.state not in _LIVE:
            raise UserError(texts.REMIND_GONE)

    async def _snapshot(self, reminder_id: int, guild_id: int | None = None) -> Reminder:
        """The row as it is now, read in its own short transaction: checks that read other tables (lead
        role, project organisers) run between transactions, never inside one (SQLite has one writer)."""
        async with self.db.transaction() as session:
            row = await repo.get(session, reminder_id)
        if row is None or (guild_id is not None and row.guild_id != guild_id):
            raise UserError(texts.REMIND_NOT_FOUND)
        return row

    async def _titled(self, info: ReminderInfo) -> ReminderInfo:
        if info.project_id is None or self.projects is None:
            return info
        try:
            return replace(info, project_title=(await self.projects.card(info.project_id)).title)
        except UserError:
            return info

    # ------------------------------------------------------------------ making reminders

    async def create(
        self,
        guild_id: int,
        actor: Actor,
        channel_id: int | None,
        *,
        text: str | None,
        target: Target | None = None,
        when: datetime | None = None,
        when_text: str | None = None,
        repeat: str | None = None,
        tts: bool = False,
        project_id: int | None = None,
    ) -> ReminderInfo:
        """``/remind`` with its options, or the "Remind me" button (no options).

        With a time (or a typed repeat, which says one) and a text, the reminder is active at once;
        otherwise it is a draft: ``text`` None means the typing box comes next, no time means the picker.
        Everything is checked before anything is saved.
        """
        now = self.clock.now()
        cleaned = clean_text(text) if text is not None else ""
        zone = await self.settings.timezone_for(guild_id, actor.user_id)
        checked = await self._check_target(guild_id, actor, target or Target(), channel_id)
        link = checked.id if checked.kind == PROJECT else project_id
        title = await self._link_title(guild_id, link)
        choice, rule = NO_REPEAT, None
        first: datetime | None = None
        if when_text is not None and when_text.strip():
            first = parse_when(when_text, zone, now)
        elif when is not None:
            first = self._check_when(when, now)
        if repeat is not None and repeat.strip():
            key = repeat.strip().lower()
            if key in REPEAT_CHOICES:
                choice = key
            else:
                recurrence, rule_first = parse_repeat(repeat, zone, now)
                choice, rule = TYPED, recurrence.rule
                # With a time as well, the series starts at its first day on or after that time.
                first = first_on_rule(rule, zone, first) if first is not None else rule_first
        if first is not None and choice != TYPED:
            button_rule(choice, first.astimezone(get_zone(zone)))  # the 29th to 31st: refused now
        is_lead = (await self._server(guild_id)).is_lead(actor)
        work = _Work([])
        async with self.db.transaction() as session:
            await self._clear_drafts(session, guild_id, actor.user_id, now)
            row = await repo.add(
                session,
                guild_id=guild_id,
                author_id=actor.user_id,
                channel_id=channel_id,
                target_kind=checked.kind,
                target_id=checked.id,
                project_id=link,
                text=cleaned,
                repeat=choice,
                rule=rule,
                timezone=zone,
                start_at=first,
                tts=bool(tts) and checked.kind == CHANNEL,
                state=repo.DRAFT,
                dm_failures=0,
                created_at=now,
                updated_at=now,
            )
            if first is not None and cleaned:
                await self._activate(session, row, first, now, work, is_lead=is_lead)
            else:
                # Drafts count against nothing, but a member at the limit hears it before typing more.
                await self._check_limits(session, row, is_lead)
            info = await self._info(session, row, title)
        self._tell_scheduler(work)
        return info

    async def _link_title(self, guild_id: int, project_id: int | None) -> str | None:
        if project_id is None:
            return None
        view = await self._project(project_id)
        if view.guild_id != guild_id:
            raise UserError(texts.REMIND_PROJECT_NOT_FOUND)
        return view.title

    async def _clear_drafts(self, session: Any, guild_id: int, user_id: int, now: datetime) -> None:
        """Drafts nobody finished: keep the newest few of the last day."""
        drafts = await repo.drafts_of(session, guild_id, user_id)
        old = [d for i, d in enumerate(drafts) if i >= MAX_DRAFTS - 1 or now - d.created_at > DRAFT_LIFETIME]
        if old:
            await repo.delete(session, old)

    async def _edit(
        self,
        actor: Actor,
        reminder_id: int,
        change: Callable[[Any, Reminder, datetime, _Work, bool], Awaitable[None]],
        *,
        author_only: bool = False,
        guild_id: int | None = None,
    ) -> ReminderInfo:
        """Check who may, then run ``change`` on the locked row in one transaction; tell the scheduler."""
        before = await self._snapshot(reminder_id, guild_id)
        if author_only and before.author_id != actor.user_id:
            raise NotAllowed(texts.REMIND_NOT_YOURS)
        await self._may_manage(before, actor)
        is_lead = (await self._server(before.guild_id)).is_lead(actor)
        now = self.clock.now()
        work = _Work([])
        async with self.db.transaction() as session:
            row = await self._locked(session, reminder_id)
            self._require_live(row)
            await change(session, row, now, work, is_lead)
            row.updated_at = now
            info = await self._info(session, row)
        self._tell_scheduler(work)
        return await self._titled(info)

    async def set_text(self, actor: Actor, reminder_id: int, text: str) -> ReminderInfo:
        """The typing box's text. A draft that already has its time becomes active."""
        cleaned = clean_text(text)

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            row.text = cleaned
            if row.state == repo.DRAFT and row.start_at is not None:
                await self._activate(session, row, self._check_when(row.start_at, now), now, work, is_lead=is_lead)

        return await self._edit(actor, reminder_id, change)

    async def check_can_remind_role(self, guild_id: int, actor: Actor) -> None:
        """Before showing the role menu: only leads remind a role."""
        if not (await self._server(guild_id)).is_lead(actor):
            raise NotAllowed(texts.REMIND_ROLE_ONLY_LEADS)

    async def set_target(self, actor: Actor, reminder_id: int, target: Target) -> ReminderInfo:
        """Where a draft goes (the "where" buttons). An active reminder keeps where it goes."""
        before = await self._snapshot(reminder_id)
        if before.author_id != actor.user_id:
            raise NotAllowed(texts.REMIND_NOT_YOURS)
        if before.state != repo.DRAFT:
            raise UserError(texts.REMIND_ALREADY_SET)
        if target.kind == PROJECT and not target.id:
            target = Target(PROJECT, before.project_id)  # "To everyone coming" on a draft about a project
        checked = await self._check_target(before.guild_id, actor, target, before.channel_id)

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            if row.state != repo.DRAFT:
                raise UserError(texts.REMIND_ALREADY_SET)
            row.target_kind, row.target_id = checked.kind, checked.id
            if checked.kind == PROJECT:
                row.project_id = checked.id
            if checked.kind != CHANNEL:
                row.tts = False
            if row.text:
                await self._check_limits(session, row, is_lead)

        return await self._edit(actor, reminder_id, change, author_only=True)

    async def set_tts(self, actor: Actor, reminder_id: int, on: bool) -> ReminderInfo:
        """Read a channel reminder aloud (Discord text-to-speech), or not."""

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            if on and row.target_kind != CHANNEL:
                raise UserError(texts.REMIND_TTS_ONLY_CHANNEL)
            row.tts = bool(on)

        return await self._edit(actor, reminder_id, change)

    async def set_repeat(self, actor: Actor, reminder_id: int, choice: str) -> ReminderInfo:
        """A repeat button. On an active reminder the series starts again from its next time."""
        if choice not in REPEAT_CHOICES:
            raise UserError(texts.REMIND_REPEAT_UNKNOWN)

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            row.repeat, row.rule = choice, None
            start = await self._series_due(session, row.id) if row.state == repo.ACTIVE else row.start_at
            if start is None or start <= now:
                return  # the picker comes next; the rule is made from the time picked
            if row.state in (repo.ACTIVE, repo.SENT) or row.text:
                await self._activate(session, row, start, now, work, is_lead=is_lead)
            else:
                button_rule(choice, start.astimezone(get_zone(row.timezone)))

        return await self._edit(actor, reminder_id, change)

    async def set_repeat_text(self, actor: Actor, reminder_id: int, text: str) -> ReminderInfo:
        """A typed repeat ("every Monday at 10"). It says the time, so a reminder with text becomes active."""
        before = await self._snapshot(reminder_id)
        recurrence, first = parse_repeat(text, before.timezone, self.clock.now())

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            row.repeat, row.rule = TYPED, recurrence.rule
            if row.text:
                await self._activate(session, row, first, now, work, is_lead=is_lead)
            else:
                row.start_at = first

        return await self._edit(actor, reminder_id, change)

    async def set_time(self, actor: Actor, reminder_id: int, when: datetime) -> ReminderInfo:
        """The time picker chose a time: a draft becomes active; an active one moves ("Change time")."""
        when = self._check_when(when, self.clock.now())

        async def change(session: Any, row: Reminder, now: datetime, work: _Work, is_lead: bool) -> None:
            await self._activate(session, row, self._check_when(when, now), now, work, is_lead=is_lead)

        return await self._edit(actor, reminder_id, change)

    async def set_time_text(self, actor: Actor, reminder_id: int, text: str) -> ReminderInfo:
        before = await self._snapshot(reminder_id)
        return await self.set_time(actor, reminder_id, parse_when(text, before.timezone, self.clock.now()))

    # ------------------------------------------------------------------ reading

    async def get(self, actor: Actor, reminder_id: int, guild_id: int | None = None) -> ReminderInfo:
        row = await self._snapshot(reminder_id, guild_id)
        await self._may_manage(row, actor)
        async with self.db.transaction() as session:
            info = await self._info(session, row)
        return await self._titled(info)

    async def list_page(self, guild_id: int, actor: Actor, page: int = 0, per_page: int = PAGE_SIZE) -> ReminderPage:
        """My active reminders (and, for leads, the server's channel and role reminders), soonest first."""
        settings = await self._server(guild_id)
        zone = await self.settings.timezone_for(guild_id, actor.user_id)
        kinds = SERVER_KINDS if settings.is_lead(actor) else ()
        async with self.db.transaction() as session:
            total = await repo.count_listed(session, guild_id, actor.user_id, kinds)
            pages = max(1, -(-total // per_page))
            page = min(max(0, page), pages - 1)
            rows = await repo.listed(session, guild_id, actor.user_id, kinds, offset=page * per_page, limit=per_page)
        items = tuple(
            ListedReminder(number=page * per_page + i + 1, reminder=_info(row, due, None))
            for i, (row, due) in enumerate(rows)
        )
        return ReminderPage(items=items, page=page, pages=pages, total=total, timezone=zone, with_server=bool(kinds))

    async def by_numbers(self, guild_id: int, actor: Actor, numbers_text: str) -> tuple[ListedReminder, ...]:
        """The reminders with these short numbers in my list now (to cancel several: ask first)."""
        numbers = parse_numbers(numbers_text)
        settings = await self._server(guild_id)
        kinds = SERVER_KINDS if settings.is_lead(actor) else ()
        async with self.db.transaction() as session:
            rows = await repo.listed(session, guild_id, actor.user_id, kinds)
        by_number = {i + 1: (row, due) for i, (row, due) in enumerate(rows)}
        missing = [n for n in numbers if n not in by_number]
        if missing:
            shown = ", ".join(str(n) for n in missing[:5])
            raise UserError(texts.REMIND_NUMBERS_NOT_FOUND.format(numbers=shown))
        return tuple(ListedReminder(n, _info(*by_number[n], None)) for n in numbers)

    async def chosen(self, guild_id: int, actor: Actor, reminder_ids: Sequence[int]) -> tuple[ReminderInfo, ...]:
        """Several reminders, checked, to show before cancelling them."""
        infos = []
        for reminder_id in dict.fromkeys(reminder_ids):
            infos.append(await self.get(actor, reminder_id, guild_id))
        if not infos:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        return tuple(infos)

    async def timezone_for(self, guild_id: int | None, user_id: int) -> str:
        return await self.settings.timezone_for(guild_id, user_id)

    # ------------------------------------------------------------------ cancelling

    async def cancel(self, actor: Actor, reminder_id: int, guild_id: int | None = None) -> ReminderInfo:
        """Cancel one reminder (a draft too). Cancelling again is fine."""
        return (await self.cancel_many(actor, [reminder_id], guild_id))[0]

    async def cancel_many(
        self, actor: Actor, reminder_ids: Sequence[int], guild_id: int | None = None
    ) -> tuple[ReminderInfo, ...]:
        """Cancel several at once (the list asks first). All or nothing: one that is not theirs stops all."""
        ids = list(dict.fromkeys(reminder_ids))
        if not ids:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        for reminder_id in ids:
            await self._may_manage(await self._snapshot(reminder_id, guild_id), actor)
        now = self.clock.now()
        async with self.db.transaction() as session:
            rows = await repo.lock_many(session, ids)
            if len(rows) != len(ids):
                raise UserError(texts.REMIND_NOT_FOUND)
            infos = {}
            for row in rows:
                if row.state in _LIVE:
                    await sched.cancel(session, KIND, row.id, now=now)
                    row.state = repo.CANCELLED
                    row.updated_at = now
                infos[row.id] = _info(row, None, None)
        return tuple(infos[rid] for rid in ids)

    # ------------------------------------------------------------------ answering a firing

    async def done(self, actor: Actor, reminder_id: int) -> DoneResult:
        """✅ Done: a one-off is finished; for a repeating one only this time (and any "Later") is done.
        For a project reminder it is only that member's answer. Pressing again changes nothing."""
        before = await self._snapshot(reminder_id)
        await self._may_answer(before, actor)
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await self._locked(session, reminder_id)
            if row.state == repo.DRAFT:
                raise UserError(texts.REMIND_NOT_FOUND)
            if row.state in (repo.DONE, repo.CANCELLED):
                return DoneResult(_info(row, None, None), stopped=True)
            await self._cancel_laters(session, row, actor.user_id, now)
            stopped = False
            if row.rule is None and row.target_kind != PROJECT:
                await sched.cancel(session, KIND, row.id, now=now)
                row.state = repo.DONE
                stopped = True
            elif row.state == repo.ACTIVE and not await sched.active_for(session, KIND, row.id):
                row.state = repo.SENT  # a project one-off whose last "Later" was just answered
            row.updated_at = now
            info = await self._info(session, row)
        return DoneResult(info, stopped=stopped)

    async def check_can_answer(self, actor: Actor, reminder_id: int) -> None:
        """Before showing the "Later" choices: is this reminder theirs to answer, and still on?"""
        row = await self._snapshot(reminder_id)
        await self._may_answer(row, actor)
        if row.state not in (repo.ACTIVE, repo.SENT):
            raise UserError(texts.REMIND_GONE)

    async def later(self, actor: Actor, reminder_id: int, choice: str) -> LaterResult:
        """⏰ Later: the reminder comes once more. Pressing again replaces the earlier "Later"."""
        if choice not in LATER_CHOICES:
            raise UserError(texts.REMIND_LATER_UNKNOWN)
        before = await self._snapshot(reminder_id)
        await self._may_answer(before, actor)
        zone = await self.settings.timezone_for(before.guild_id, actor.user_id)
        now = self.clock.now()
        if choice == LATER_10_MINUTES:
            when = now + timedelta(minutes=10)
        elif choice == LATER_1_HOUR:
            when = now + timedelta(hours=1)
        else:
            when = tomorrow_morning(now, zone)
        work = _Work([])
        async with self.db.transaction() as session:
            row = await self._locked(session, reminder_id)
            if row.state not in (repo.ACTIVE, repo.SENT):
                raise UserError(texts.REMIND_GONE)
            await self._cancel_laters(session, row, actor.user_id, now)
            created = await sched.create(
                session,
                kind=KIND,
                due_at=when,
                guild_id=row.guild_id,
                ref_id=row.id,
                payload={"later": True, "user": actor.user_id},
                now=now,
            )
            work.rows.append((created.id, when))
            row.state = repo.ACTIVE
            row.updated_at = now
            info = await self._info(session, row)
        self._tell_scheduler(work)
        return LaterResult(info, when, zone)

    async def _cancel_laters(self, session: Any, row: Reminder, user_id: int, now: datetime) -> None:
        """A member's pending "Later" for this reminder (anyone's, unless it is a project reminder)."""
        for pending in await sched.active_for(session, KIND, row.id):
            payload = pending.payload or {}
            if not payload.get("later") or pending.state != sched.PENDING:
                continue
            if row.target_kind == PROJECT and payload.get("user") != user_id:
                continue
            await sched.cancel_row(session, pending.id, now=now)

    async def stop(self, actor: Actor, reminder_id: int) -> ReminderInfo:
        """Stop these reminders: the whole series ends (and any "Later")."""
        return await self.cancel(actor, reminder_id)

    # ------------------------------------------------------------------ firing (the scheduler's handler)

    def register(self, registry: Registry, render: Render) -> None:
        """Make the scheduler fire kind "reminder" with this service (called once at start-up)."""
        registry.register(KIND, self.handler(render))

    def handler(self, render: Render) -> Callable[[Job], Awaitable[None]]:
        async def handle(job: Job) -> None:
            await self.fire(job, render)

        return handle

    async def fire(self, job: Job, render: Render) -> FiringResult:
        """One firing: build the message, send it (DMs with the channel as fallback), record what happened.

        Raising asks the scheduler for a retry; the nonces make a retry send nothing twice.
        """
        if job.ref_id is None:
            return FiringResult(0, 0, skipped="no reminder")
        again = bool(job.payload.get("later"))
        only_user = job.payload.get("user") if again else None
        async with self.db.transaction() as session:
            row = await repo.get(session, job.ref_id)
            if row is None or row.state not in (repo.ACTIVE, repo.SENT):
                # Cancelled or finished meanwhile: make sure nothing of it fires again.
                await sched.cancel(session, KIND, job.ref_id, now=job.fired_at)
                return FiringResult(0, 0, skipped="not active")
            snapshot = _info(row, None, None)

        project: ProjectLink | None = None
        view: ProjectView | None = None
        if snapshot.project_id is not None and self.projects is not None:
            try:
                view = await self.projects.card(snapshot.project_id)
                project = ProjectLink(view.id, view.title, project_url(view))
            except UserError:
                view = None

        recipients: list[int] = []
        if snapshot.target_kind == ME:
            recipients = [snapshot.author_id]
        elif snapshot.target_kind == PROJECT:
            if isinstance(only_user, int):
                recipients = [only_user]
            elif view is not None and view.state == "active" and view.session is not None:
                recipients = list(dict.fromkeys(view.session.going))
            elif view is None or view.state != "active":
                await self._end_for_project(job, snapshot)
                return FiringResult(0, 0, skipped="project gone")

        zone = snapshot.timezone
        if snapshot.target_kind in SERVER_KINDS:
            zone = (await self._server(snapshot.guild_id)).timezone
        elif snapshot.target_kind == PROJECT and view is not None:
            zone = view.timezone
        notice = ReminderNotice(
            reminder_id=snapshot.id,
            guild_id=snapshot.guild_id,
            author_id=snapshot.author_id,
            text=snapshot.text,
            target_kind=snapshot.target_kind,
            role_id=snapshot.target_id if snapshot.target_kind == ROLE else None,
            set_at=snapshot.created_at,
            due_at=job.due_at,
            timezone=zone,
            repeating=snapshot.repeating,
            repeat_words=snapshot.repeat_words,
            late=job.late,
            tts=snapshot.tts and snapshot.target_kind == CHANNEL,
            project=project,
            again=again,
        )
        msg = render(notice)

        sent = failures = 0
        via = "channel"
        if snapshot.target_kind == CHANNEL and snapshot.target_id:
            await job.notifier.send_to_channel(snapshot.target_id, msg, job.nonce)
            sent = 1
        elif snapshot.target_kind == ROLE and snapshot.channel_id:
            await job.notifier.send_to_channel(snapshot.channel_id, msg, job.nonce)
            sent = 1
        else:
            fallback = snapshot.channel_id
            if snapshot.target_kind == PROJECT and view is not None and view.channel_id:
                fallback = view.channel_id
            via = "dm"
            for user_id in recipients:
                nonce = job.nonce if len(recipients) == 1 else job.nonce_for(user_id)
                delivery: Delivery = await job.notifier.send_dm(user_id, msg, nonce, fallback_channel_id=fallback)
                if delivery.dm_failed:
                    failures += 1
                    via = delivery.via
                    log.info("reminder %s: DMs closed for a member, sent via %s", snapshot.id, delivery.via)
                if delivery.via != "none":
                    sent += 1
            if not recipients:
                via = "none"

        await self._record(job, snapshot.id, via, failures)
        return FiringResult(sent, failures)

    async def _record(self, job: Job, reminder_id: int, via: str, failures: int) -> None:
        """After sending: when it was sent and how (a DM that failed is counted), and whether anything of
        the reminder is still to come."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await repo.lock(session, reminder_id)
            if row is None:
                return
            row.last_sent_at = now
            row.last_delivery = via
            row.dm_failures = (row.dm_failures or 0) + failures
            row.updated_at = now
            if row.state == repo.ACTIVE:
                others = [r for r in await sched.active_for(session, KIND, reminder_id) if r.id != job.id]
                series_goes_on = bool(
                    job.rule
                    and job.timezone
                    and next_occurrence(job.rule, job.timezone, job.series_start or job.due_at, job.due_at)
                )
                if not others and not series_goes_on:
                    row.state = repo.SENT

    async def _end_for_project(self, job: Job, snapshot: ReminderInfo) -> None:
        """The project was cancelled, finished or deleted: its reminders stop."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await repo.lock(session, snapshot.id)
            if row is not None and row.state in _LIVE:
                await sched.cancel(session, KIND, row.id, now=now)
                row.state = repo.CANCELLED
                row.updated_at = now
        log.info("reminder %s stopped: its project %s is gone", snapshot.id, snapshot.project_id)


def _info(row: Reminder, next_at: datetime | None, project_title: str | None) -> ReminderInfo:
    return ReminderInfo(
        id=row.id,
        guild_id=row.guild_id,
        author_id=row.author_id,
        channel_id=row.channel_id,
        target_kind=row.target_kind,
        target_id=row.target_id,
        project_id=row.project_id,
        project_title=project_title,
        text=row.text,
        repeat=row.repeat,
        rule=row.rule,
        timezone=row.timezone,
        tts=row.tts,
        state=row.state,
        next_at=next_at,
        created_at=row.created_at,
        repeat_words=repeat_words(row.rule, row.timezone),
    )
