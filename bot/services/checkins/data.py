"""A member's check-in data: what we hold, an export, and erasing it (the "my data" issue builds on this)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import texts
from bot.services.checkins import rules
from bot.services.checkins.base import ServiceBase
from db.repositories import checkins as repo
from db.repositories import scheduled


class CheckinData(ServiceBase):
    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        async with self.db.transaction() as session:
            answers = [a for a in await repo.answers_of(session, user_id, guild_id) if not a.skipped]
            helps = await repo.help_of(session, user_id, guild_id)
            memberships = await repo.checkins_of_member(session, user_id, guild_id)
        lines = []
        if memberships:
            lines.append(texts.CHECKIN_DATA_MEMBER.format(count=len(memberships)))
        if answers:
            lines.append(texts.CHECKIN_DATA_ANSWERS.format(count=len(answers)))
        if helps:
            lines.append(texts.CHECKIN_DATA_HELP.format(count=len(helps)))
        return lines

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        """Only the member's own rows: their answers, their help requests (not which leads were alerted)."""
        async with self.db.transaction() as session:
            answers = await repo.answers_of(session, user_id, guild_id)
            helps = await repo.help_of(session, user_id, guild_id)
            memberships = await repo.checkins_of_member(session, user_id, guild_id)
            prefs = await repo.prefs(session, user_id)
        return {
            "checkin_answers": [
                {
                    "checkin_id": a.checkin_id,
                    "guild_id": a.guild_id,
                    "day": a.day,
                    "choice": a.choice,
                    "skipped": a.skipped,
                    "answers": list(a.answers or []),
                    "answered_at": a.answered_at.isoformat(),
                }
                for a in answers
            ],
            "checkin_help_requests": [
                {
                    "guild_id": h.guild_id,
                    "soon": h.soon,
                    "state": h.state,
                    "created_at": h.created_at.isoformat(),
                    "claimed_name": h.claimed_name,
                }
                for h in helps
            ],
            "checkin_members": [{"checkin_id": c} for c in memberships],
            "checkin_member_prefs": [{"reminders": prefs.reminders}] if prefs else [],
        }

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        """One transaction: answers (each answer stays a bare count), help requests (and their pending
        alerts), memberships (and their openings and reminders), the reminder choice, and being a known lead."""
        async with self.db.transaction() as session:
            now = self._now()
            for answer in await repo.answers_of(session, user_id, guild_id):
                if answer.skipped:
                    await session.delete(answer)  # a skip is not counted anywhere
                else:
                    _keep_count(answer)
            for request in await repo.help_of(session, user_id, guild_id):
                for kind in (rules.HELP_ALERT, rules.HELP_AGAIN, rules.HELP_NAMED, rules.HELP_TAKEN):
                    await scheduled.cancel(session, kind, request.id, now=now)
                await session.delete(request)
            checkin_ids = await repo.checkins_of_member(session, user_id, guild_id)
            for work in await repo.active_rows(session, (rules.OPEN, rules.REMINDER, rules.SHARE), checkin_ids):
                if (work.payload or {}).get("user_id") == user_id:
                    await scheduled.cancel_row(session, work.id, now=now)
            await repo.remove_member(session, user_id, checkin_ids)
            if guild_id is None:
                prefs = await repo.prefs(session, user_id)
                if prefs is not None:
                    await session.delete(prefs)
            for lead in await _lead_rows(session, user_id, guild_id):
                await session.delete(lead)
            for request in await _handled_by(session, user_id, guild_id):
                # Other members' requests stay (they are theirs); the lead's id and name are taken out.
                request.alerted_ids = [i for i in (request.alerted_ids or []) if int(i) != user_id]
                if request.claimed_by == user_id:
                    request.claimed_by = None
                    request.claimed_name = None


def _keep_count(answer: Any) -> None:
    """The report still counts the answer; nothing says whose it was or what it said. The id is the
    answer's own id made negative: never a Discord id, and unique, so two erased answers on one day fit."""
    answer.user_id = -answer.id
    answer.choice = None
    answer.answers = None
    answer.shared_at = None


async def _lead_rows(session: Any, user_id: int, guild_id: int | None) -> list[Any]:
    import sqlalchemy as sa

    from db.models import CheckinLead

    stmt = sa.select(CheckinLead).where(CheckinLead.user_id == user_id)
    if guild_id is not None:
        stmt = stmt.where(CheckinLead.guild_id == guild_id)
    return list((await session.scalars(stmt)).all())


async def _handled_by(session: Any, user_id: int, guild_id: int | None) -> list[Any]:
    """Help requests a lead was alerted to or took (JSON ids are checked here, the same on both databases)."""
    import sqlalchemy as sa

    from db.models import HelpRequest

    stmt = sa.select(HelpRequest).where(HelpRequest.user_id != user_id)
    if guild_id is not None:
        stmt = stmt.where(HelpRequest.guild_id == guild_id)
    rows = (await session.scalars(stmt)).all()
    return [r for r in rows if r.claimed_by == user_id or user_id in {int(i) for i in (r.alerted_ids or [])}]
