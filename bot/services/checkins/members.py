"""Members' presses (answer, skip, stand-up answers, the reminder choice) and leads' reads. One write each."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.errors import UserError
from bot.scope import PersonalScope, Scope
from bot.services.checkins import rules
from bot.services.checkins.access import load_for_member, require_lead, share_channel
from bot.services.checkins.base import ServiceBase
from bot.services.checkins.results import AnswerResult, CheckinView
from bot.services.checkins.views import checkin_view
from bot.services.guild_settings import settings_in
from db.models import Checkin, CheckinAnswer
from db.repositories import checkins as repo
from db.repositories import scheduled
from db.repositories import settings as settings_repo


async def zone_of(session: AsyncSession, row: Checkin, user_id: int | None) -> str:
    """The zone a member's day of this check-in is counted in: theirs when the check-in says so."""
    server = (await settings_in(session, row.guild_id)).timezone
    if not row.member_zone or user_id is None:
        return server
    member = await settings_repo.get_member(session, user_id)
    return member.timezone if member and member.timezone else server


class CheckinMembers(ServiceBase):
    async def _open_day(self, session: AsyncSession, scope: PersonalScope, checkin_id: int, day: str) -> Checkin:
        row = await load_for_member(session, scope.guild_id, checkin_id, scope.user_id)
        if row.paused_until is not None and row.paused_until > self._now():
            raise UserError(texts.CHECKIN_CLOSED)
        if rules.local_day(self._now(), await zone_of(session, row, scope.user_id)) != day:
            raise UserError(texts.CHECKIN_CLOSED)  # an old message: that day's check-in has closed
        return row

    async def _save(self, session: AsyncSession, row: Checkin, user_id: int, day: str, **values: object) -> bool:
        """Upsert the member's answer for the day; True when it is their first answer in this server."""
        first = not await repo.has_answered_before(session, row.guild_id, user_id)
        answer = await repo.answer_for(session, row.id, user_id, day)
        if answer is None:
            answer = CheckinAnswer(checkin_id=row.id, guild_id=row.guild_id, user_id=user_id, day=day)
            session.add(answer)
        answer.choice = values.get("choice")  # type: ignore[assignment]
        answer.skipped = bool(values.get("skipped", False))
        answer.answers = values.get("answers")  # type: ignore[assignment]
        answer.shared_at = None  # new answers are not shared until the member says so
        answer.answered_at = self._now()
        await session.flush()
        return first

    async def answer(self, scope: PersonalScope, checkin_id: int, day: str, choice: str) -> AnswerResult:
        for attempt in (1, 2):
            try:
                async with self.db.transaction() as session:
                    row = await self._open_day(session, scope, checkin_id, day)
                    if choice not in rules.scale(row.kind):
                        raise UserError(texts.CHECKIN_CLOSED)
                    first = await self._save(session, row, scope.user_id, day, choice=choice)
                return AnswerResult(kind="mood", choice=choice, first_time=first)
            except IntegrityError:
                # Two taps at once by the same member: the other one made the row; change it instead.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def skip(self, scope: PersonalScope, checkin_id: int, day: str) -> AnswerResult:
        async with self.db.transaction() as session:
            row = await self._open_day(session, scope, checkin_id, day)
            await self._save(session, row, scope.user_id, day, skipped=True)
        return AnswerResult(kind="skip", choice=None, first_time=False)

    async def standup_questions(self, scope: PersonalScope, checkin_id: int, day: str) -> tuple[str, ...]:
        """The questions to show in the box, once the day is known to be open."""
        async with self.db.transaction() as session:
            row = await self._open_day(session, scope, checkin_id, day)
            return tuple(row.questions or ())

    async def answer_standup(
        self, scope: PersonalScope, checkin_id: int, day: str, values: list[str | None]
    ) -> AnswerResult:
        cleaned = rules.clean_answers(values)
        async with self.db.transaction() as session:
            row = await self._open_day(session, scope, checkin_id, day)
            if row.kind != "standup":
                raise UserError(texts.CHECKIN_CLOSED)
            answers = list(cleaned[: len(row.questions or ())])
            first = await self._save(session, row, scope.user_id, day, answers=answers)
            can_share = any(answers) and await share_channel(session, row) is not None
        return AnswerResult(kind="standup", choice=None, first_time=first, can_share=can_share)

    async def share_standup(self, scope: PersonalScope, checkin_id: int, day: str) -> int:
        """The member chose to share today's stand-up answers in the channel: posted by a scheduled row (so
        not lost), once. Returns the channel."""
        async with self.db.transaction() as session:
            now = self._now()
            row = await self._open_day(session, scope, checkin_id, day)
            channel_id = await share_channel(session, row)
            if channel_id is None:
                raise UserError(texts.CHECKIN_SHARE_OFF)
            answer = await repo.answer_for(session, row.id, scope.user_id, day)
            if answer is None or not any(answer.answers or ()):
                raise UserError(texts.CHECKIN_SHARE_NOTHING)
            if answer.shared_at is not None:
                raise UserError(texts.CHECKIN_SHARED_ALREADY)
            answer.shared_at = now
            work = await scheduled.create(
                session,
                kind=rules.SHARE,
                due_at=now,
                guild_id=row.guild_id,
                ref_id=row.id,
                payload={"user_id": scope.user_id, "day": day},
                now=now,
            )
        self._tell([(work.id, now)])
        return channel_id

    async def set_reminders(self, user_id: int, on: bool) -> bool:
        async with self.db.transaction() as session:
            await repo.set_prefs(session, user_id, on, self._now())
        return on

    async def reminders_on(self, user_id: int) -> bool:
        async with self.db.transaction() as session:
            row = await repo.prefs(session, user_id)
        return bool(row and row.reminders)

    async def list_for_leads(self, scope: Scope) -> tuple[CheckinView, ...]:
        """Leads: the server's running check-ins."""
        async with self.db.transaction() as session:
            settings = await require_lead(session, scope, self._now())
            rows = await repo.in_guild(session, scope.guild_id)
            views = [await checkin_view(session, r, settings.timezone) for r in rows]
        return tuple([await self._titled(v) for v in views])
