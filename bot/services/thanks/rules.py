"""The rules of thank-yous, in one place: limits, consent, when the weekly good news is due."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import NotFound, UserError
from bot.recurrence import to_utc
from bot.services.thanks.results import Person, ThanksView
from db.models.thanks import Thanks
from db.repositories import thanks as repo

REASON_LIMIT = 300
MAX_PEOPLE = 10
PER_HOUR = 10  # thank-yous one person may say in an hour
DRAFT_LIFETIME = timedelta(days=1)
BOARD_DAYS = 30
DIGEST_RULE = "FREQ=WEEKLY"

# Scheduled kinds of this feature.
WEEKLY_DIGEST = "weekly_digest"
CELEBRATION = "thanks_celebration"

# What a celebration is about (thanks_celebrations.kind).
PROJECT = "project"
FIRST_PROJECT = "first_project"
FIRST_TASK = "first_task"
ALL_TASKS = "all_tasks"  # ref: the project
SESSION = "session"  # ref: the session: a repeating project's 10th, 25th or 50th
MEMBER_SESSIONS = "member_sessions"  # claimed as "member_sessions_10" (ref: the member): their own 10th

SESSION_MILESTONES = (10, 25, 50)

# A thank-you whose words went with a member's erased data: only a count for the report (no names, no card).
ERASED = "erased"
NOBODY = 0  # its author, once the author erased their data
COUNTED = ("posted", ERASED)  # what the impact report counts as said


def check_people(author_id: int, people: list[Person], *, group: bool = False) -> list[Person]:
    """Who may be thanked. A group thank-you (from a project) quietly leaves out the author."""
    seen: dict[int, Person] = {}
    for person in people:
        if person.user_id == author_id:
            if group:
                continue
            raise UserError(texts.THANKS_NOT_YOURSELF)
        if person.is_bot:
            if group:
                continue
            raise UserError(texts.THANKS_NOT_A_BOT)
        if not person.in_server:
            if group:
                continue
            raise UserError(texts.THANKS_NOT_IN_SERVER)
        seen.setdefault(person.user_id, person)
    if not seen:
        raise UserError(texts.THANKS_NO_ONE_TO_THANK if group else texts.THANKS_PICK_SOMEONE)
    if len(seen) > MAX_PEOPLE and not group:
        raise UserError(texts.THANKS_TOO_MANY_PEOPLE.format(limit=MAX_PEOPLE))
    return list(seen.values())


async def check_limit(s: AsyncSession, user_id: int, now: datetime) -> None:
    if await repo.count_said_since(s, user_id, now - timedelta(hours=1)) >= PER_HOUR:
        raise UserError(texts.THANKS_LIMIT)


async def load(s: AsyncSession, guild_id: int, thanks_id: int) -> Thanks:
    """A thank-you of this server; another server's answers exactly like a missing one."""
    row = await repo.get_thanks(s, thanks_id)
    if row is None or row.guild_id != guild_id:
        raise NotFound(texts.THANKS_NOT_FOUND)
    return row


async def view_of(s: AsyncSession, row: Thanks) -> ThanksView:
    recipients = await repo.recipients_of(s, row.id)
    me_too = await repo.me_too_of(s, row.id)
    return ThanksView(
        id=row.id,
        guild_id=row.guild_id,
        author_id=row.author_id,
        typed_by=row.typed_by,
        reason=row.reason,
        private=row.private,
        state=row.state,
        people=tuple(r.user_id for r in recipients if not r.by_dm),
        by_dm=tuple(r.user_id for r in recipients if r.by_dm),
        me_too=tuple(m.user_id for m in me_too),
        channel_id=row.channel_id,
        message_id=row.message_id,
        project_id=row.project_id,
        task_id=row.task_id,
    )


def next_digest(weekday: int, minute: int, timezone: str, after: datetime) -> datetime:
    """The first moment after ``after`` that is ``weekday`` at ``minute`` on the server's clock (DST-correct)."""
    local = after.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    for step in range(8):
        candidate = day + timedelta(days=step, minutes=minute)
        if candidate.weekday() == weekday:
            moment = to_utc(candidate, timezone)
            if moment > after:
                return moment
    raise AssertionError("a week always has the day")  # pragma: no cover


def week_before(due_at: datetime, timezone: str) -> datetime:
    """The same wall-clock time one week earlier: the start of the week a digest tells about."""
    local = due_at.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return to_utc(local - timedelta(days=7), timezone)
