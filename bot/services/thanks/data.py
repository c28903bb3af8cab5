"""A member's thank-you data: what "my data" shows, exports and erases.

Export holds the thank-yous the member said or typed, the ones said to them, their "me too" presses,
their choices and the tasks done credited to them. Never someone else's private thank-you to another person.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.services.thanks import rules
from db.models import ScheduledWork
from db.models.thanks import Thanks, ThanksCelebration, ThanksMember, ThanksMeToo, ThanksRecipient, ThanksTaskDone
from db.repositories import scheduled as sched
from db.repositories import thanks as repo

if TYPE_CHECKING:
    from bot.services.thanks import ThanksService


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class ThanksData:
    def __init__(self, service: ThanksService) -> None:
        self.service = service

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        async with self.service.db.transaction() as s:
            said = [t for t in await repo.said_by(s, user_id, guild_id) if t.state == "posted"]
            got = [t for t, _ in await repo.received_by(s, user_id, guild_id) if t.state == "posted"]
            pressed = await repo.me_too_by(s, user_id, guild_id)
        lines = []
        if said:
            lines.append(texts.THANKS_DATA_SAID.format(count=len(said)))
        if got:
            lines.append(texts.THANKS_DATA_GOT.format(count=len(got)))
        if pressed:
            lines.append(texts.THANKS_DATA_ME_TOO.format(count=len(pressed)))
        return lines

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        async with self.service.db.transaction() as s:
            said = await repo.said_by(s, user_id, guild_id)
            recipients = await repo.recipients_for(s, [t.id for t in said])
            got = await repo.received_by(s, user_id, guild_id)
            pressed = await repo.me_too_by(s, user_id, guild_id)
            choices = (await repo.members(s, [user_id])).get(user_id)
            tasks = await repo.tasks_done_by(s, user_id, guild_id)
        return {
            "thanks_said": [
                {
                    "id": t.id,
                    "guild_id": t.guild_id,
                    "author_id": t.author_id,
                    "typed_by": t.typed_by,
                    "reason": t.reason,
                    "private": t.private,
                    "state": t.state,
                    "to": [r.user_id for r in recipients.get(t.id, [])],
                    "posted_at": _iso(t.posted_at),
                }
                for t in said
            ],
            "thanks_received": [
                {
                    "id": t.id,
                    "guild_id": t.guild_id,
                    "from": t.author_id,
                    "typed_by": t.typed_by,
                    "reason": t.reason,
                    "private": t.private,
                    "posted_at": _iso(t.posted_at),
                    "by_dm": r.by_dm,
                }
                for t, r in got
                if t.state == "posted"
            ],
            "thanks_me_too": [
                {"thanks_id": t.id, "guild_id": t.guild_id, "created_at": _iso(m.created_at)} for t, m in pressed
            ],
            "thanks_choices": [
                {
                    "no_posts": choices.no_posts,
                    "milestones": choices.milestones,
                    "hide_from_board": choices.hide_from_board,
                }
            ]
            if choices
            else [],
            "thanks_tasks_done": [
                {"guild_id": t.guild_id, "task_id": t.task_id, "title": t.title, "done_at": _iso(t.done_at)}
                for t in tasks
            ],
        }

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        """Their words and names go; each thank-you that was said stays as a bare count for the report.

        A posted thank-you they said keeps only its server, project and date (no author, reason or names).
        One said to them alone loses its reason and card, and stays its author's. Drafts go."""
        async with self.service.db.transaction() as s:
            for t in await repo.said_by(s, user_id, guild_id):
                if t.author_id != user_id:
                    t.typed_by = None  # they typed it for someone else: it stays that person's
                elif t.state == "draft":
                    await repo.delete_thanks(s, t.id)
                else:
                    await _keep_count(s, t, author_too=True)
            for t, _ in await repo.received_by(s, user_id, guild_id):
                await s.execute(
                    sa.delete(ThanksRecipient).where(
                        ThanksRecipient.thanks_id == t.id, ThanksRecipient.user_id == user_id
                    )
                )
                if await repo.recipients_of(s, t.id):
                    continue
                if t.state == "draft":
                    await repo.delete_thanks(s, t.id)
                else:
                    await _keep_count(s, t, author_too=False)
            for t, _ in await repo.me_too_by(s, user_id, guild_id):
                await repo.remove_me_too(s, t.id, user_id)
            tasks = sa.delete(ThanksTaskDone).where(ThanksTaskDone.user_id == user_id)
            about_them = sa.or_(
                ThanksCelebration.kind.in_((rules.FIRST_PROJECT, rules.FIRST_TASK)),
                ThanksCelebration.kind.startswith(f"{rules.MEMBER_SESSIONS}_", autoescape=True),
            )
            firsts = sa.delete(ThanksCelebration).where(about_them, ThanksCelebration.ref_id == user_id)
            if guild_id is not None:
                tasks = tasks.where(ThanksTaskDone.guild_id == guild_id)
                firsts = firsts.where(ThanksCelebration.guild_id == guild_id)
            await s.execute(tasks)
            await s.execute(firsts)
            await _scrub_celebrations(s, user_id, guild_id, self.service.clock.now())
            if guild_id is None:
                await s.execute(sa.delete(ThanksMember).where(ThanksMember.user_id == user_id))
            _ = ThanksMeToo  # pressed rows are removed above, one by one, through the repository


async def _keep_count(s: AsyncSession, t: Thanks, *, author_too: bool) -> None:
    """The thank-you becomes a bare count (state "erased"): the report still counts it, nothing shows it.
    Its card is deleted by the caller (cards are read before erasing); its names and "me too"s go."""
    await s.execute(sa.delete(ThanksRecipient).where(ThanksRecipient.thanks_id == t.id))
    await s.execute(sa.delete(ThanksMeToo).where(ThanksMeToo.thanks_id == t.id))
    if author_too:
        t.author_id = rules.NOBODY
        t.typed_by = None
    t.reason = ""
    t.state = rules.ERASED
    t.said_in = t.channel_id = t.message_id = None


async def _scrub_celebrations(s: AsyncSession, user_id: int, guild_id: int | None, now: datetime) -> None:
    """Celebration rows (waiting or sent) keep no trace of them: one about them alone is cancelled if it
    still waits, and they leave the lists of people of the others. The weekly good news forgets who made it."""
    query = sa.select(ScheduledWork).where(ScheduledWork.kind.in_((rules.CELEBRATION, rules.WEEKLY_DIGEST)))
    if guild_id is not None:
        query = query.where(ScheduledWork.guild_id == guild_id)
    for row in (await s.scalars(query)).all():
        if row.created_by == user_id:
            row.created_by = None  # the lead who turned the good news on: it goes on without their id
        payload = dict(row.payload) if isinstance(row.payload, dict) else {}
        if payload.get("user_id") == user_id:
            if row.state in sched.ACTIVE_STATES:
                await sched.cancel_row(s, row.id, now=now)
            del payload["user_id"]
        for key in ("people", "firsts"):
            if isinstance(payload.get(key), list):
                payload[key] = [u for u in payload[key] if u != user_id]
        if payload != row.payload:
            row.payload = payload
