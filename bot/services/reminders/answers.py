"""Reminders: reading, listing, cancelling, and the answers on a firing (Done, Later, Stop)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.errors import UserError
from bot.scope import AnyScope, Scope
from bot.services.unit import unit
from bot.timechoices import tomorrow_morning
from db.models import Reminder
from db.repositories import reminders as repo
from db.repositories import scheduled as sched

if TYPE_CHECKING:
    pass

from bot.services.reminders.core import ReminderCore
from bot.services.reminders.results import (
    KIND,
    LATER_1_HOUR,
    LATER_10_MINUTES,
    LATER_CHOICES,
    LIVE,
    PAGE_SIZE,
    PROJECT,
    SERVER_KINDS,
    DoneResult,
    LaterResult,
    ListedReminder,
    ReminderInfo,
    ReminderPage,
)
from bot.services.reminders.rules import info_of, parse_numbers

log = logging.getLogger("connect.reminders")


class Answering(ReminderCore):
    # ------------------------------------------------------------------ reading

    async def get(self, scope: Scope, reminder_id: int) -> ReminderInfo:
        row = await self._snapshot(scope, reminder_id)
        await self._may_manage(row, scope)
        async with self.db.transaction() as session:
            info = await self._info(session, row)
        return await self._titled(info)

    async def list_page(self, scope: Scope, page: int = 0, per_page: int = PAGE_SIZE) -> ReminderPage:
        """My active reminders (and, for leads, the server's channel and role reminders), soonest first."""
        guild_id, user_id = scope.guild_id, scope.user_id
        zone = await self.settings.timezone_for(guild_id, user_id)
        kinds = SERVER_KINDS if await self._is_lead(scope, guild_id) else ()
        async with self.db.transaction() as session:
            total = await repo.count_listed(session, guild_id, user_id, kinds)
            pages = max(1, -(-total // per_page))
            page = min(max(0, page), pages - 1)
            rows = await repo.listed(session, guild_id, user_id, kinds, offset=page * per_page, limit=per_page)
        items = tuple(
            ListedReminder(number=page * per_page + i + 1, reminder=info_of(row, due, None))
            for i, (row, due) in enumerate(rows)
        )
        return ReminderPage(items=items, page=page, pages=pages, total=total, timezone=zone, with_server=bool(kinds))

    async def by_numbers(self, scope: Scope, numbers_text: str) -> tuple[ListedReminder, ...]:
        """The reminders with these short numbers in my list now (to cancel several: ask first)."""
        numbers = parse_numbers(numbers_text)
        kinds = SERVER_KINDS if await self._is_lead(scope, scope.guild_id) else ()
        async with self.db.transaction() as session:
            rows = await repo.listed(session, scope.guild_id, scope.user_id, kinds)
        by_number = {i + 1: (row, due) for i, (row, due) in enumerate(rows)}
        missing = [n for n in numbers if n not in by_number]
        if missing:
            shown = ", ".join(str(n) for n in missing[:5])
            raise UserError(texts.REMIND_NUMBERS_NOT_FOUND.format(numbers=shown))
        return tuple(ListedReminder(n, info_of(*by_number[n], None)) for n in numbers)

    async def chosen(self, scope: Scope, reminder_ids: Sequence[int]) -> tuple[ReminderInfo, ...]:
        """Several reminders, checked, to show before cancelling them."""
        infos = []
        for reminder_id in dict.fromkeys(reminder_ids):
            infos.append(await self.get(scope, reminder_id))
        if not infos:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        return tuple(infos)

    async def timezone_for(self, guild_id: int | None, user_id: int) -> str:
        return await self.settings.timezone_for(guild_id, user_id)

    # ------------------------------------------------------------------ cancelling

    async def cancel(self, scope: AnyScope, reminder_id: int) -> ReminderInfo:
        """Cancel one reminder (a draft too). Cancelling again is fine."""
        return (await self.cancel_many(scope, [reminder_id]))[0]

    async def cancel_many(self, scope: AnyScope, reminder_ids: Sequence[int]) -> tuple[ReminderInfo, ...]:
        """Cancel several at once (the list asks first). All or nothing: one that is not theirs stops all."""
        ids = list(dict.fromkeys(reminder_ids))
        if not ids:
            raise UserError(texts.REMIND_NONE_CHOSEN)
        for reminder_id in ids:
            await self._may_manage(await self._snapshot(scope, reminder_id), scope)
        now = self.clock.now()
        async with self.db.transaction() as session:
            rows = await repo.lock_many(session, ids)
            if len(rows) != len(ids):
                raise UserError(texts.REMIND_NOT_FOUND)
            infos = {}
            for row in rows:
                if row.state in LIVE:
                    await sched.cancel(session, KIND, row.id, now=now)
                    row.state = repo.CANCELLED
                    row.updated_at = now
                infos[row.id] = info_of(row, None, None)
        return tuple(infos[rid] for rid in ids)

    # ------------------------------------------------------------------ answering a firing

    async def done(self, scope: AnyScope, reminder_id: int) -> DoneResult:
        """✅ Done: a one-off is finished; for a repeating one only this time (and any "Later") is done.
        For a project reminder it is only that member's answer. Pressing again changes nothing."""
        before = await self._snapshot(scope, reminder_id)
        await self._may_answer(before, scope)
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await self._locked(session, scope, reminder_id)
            if row.state == repo.DRAFT:
                raise UserError(texts.REMIND_NOT_FOUND)
            if row.state in (repo.DONE, repo.CANCELLED):
                return DoneResult(info_of(row, None, None), stopped=True)
            await self._cancel_laters(session, row, scope.user_id, now)
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

    async def check_can_answer(self, scope: AnyScope, reminder_id: int) -> None:
        """Before showing the "Later" choices: is this reminder theirs to answer, and still on?"""
        row = await self._snapshot(scope, reminder_id)
        await self._may_answer(row, scope)
        if row.state not in (repo.ACTIVE, repo.SENT):
            raise UserError(texts.REMIND_GONE)

    async def later(self, scope: AnyScope, reminder_id: int, choice: str) -> LaterResult:
        """⏰ Later: the reminder comes once more. Pressing again replaces the earlier "Later"."""
        if choice not in LATER_CHOICES:
            raise UserError(texts.REMIND_LATER_UNKNOWN)
        before = await self._snapshot(scope, reminder_id)
        await self._may_answer(before, scope)
        zone = await self.settings.timezone_for(before.guild_id, scope.user_id)
        now = self.clock.now()
        if choice == LATER_10_MINUTES:
            when = now + timedelta(minutes=10)
        elif choice == LATER_1_HOUR:
            when = now + timedelta(hours=1)
        else:
            when = tomorrow_morning(now, zone)
        async with unit(self.db, self.scheduler) as (session, work):
            row = await self._locked(session, scope, reminder_id)
            if row.state not in (repo.ACTIVE, repo.SENT):
                raise UserError(texts.REMIND_GONE)
            await self._cancel_laters(session, row, scope.user_id, now)
            created = await sched.create(
                session,
                kind=KIND,
                due_at=when,
                guild_id=row.guild_id,
                ref_id=row.id,
                payload={"later": True, "user": scope.user_id},
                now=now,
            )
            work.rows.append((created.id, when))
            if row.target_kind != PROJECT:
                # One member's "Later" of a project reminder is theirs: it does not count as the organiser's.
                row.state = repo.ACTIVE
            row.updated_at = now
            info = await self._info(session, row)
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

    async def stop(self, scope: AnyScope, reminder_id: int) -> ReminderInfo:
        """Stop these reminders: the whole series ends (and any "Later")."""
        return await self.cancel(scope, reminder_id)
