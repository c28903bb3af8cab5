"""Reminders: making one (/remind, "Remind me") and changing it (text, where, repeat, time, read aloud)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot import texts
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services.timing import check_future
from bot.services.unit import Work, unit
from bot.timefmt import get_zone
from bot.timeparse import parse_repeat, parse_when
from db.models import Reminder
from db.repositories import reminders as repo

if TYPE_CHECKING:
    pass

from bot.services.reminders.core import ReminderCore
from bot.services.reminders.results import (
    CHANNEL,
    DRAFT_LIFETIME,
    MAX_DRAFTS,
    ME,
    NO_REPEAT,
    PROJECT,
    REPEAT_CHOICES,
    ROLE,
    TYPED,
    ReminderInfo,
    Target,
    TwoTimes,
)
from bot.services.reminders.rules import button_rule, clean_text, first_on_rule

log = logging.getLogger("connect.reminders")


class Making(ReminderCore):
    # ------------------------------------------------------------------ making reminders

    async def create(
        self,
        scope: Scope,
        channel_id: int | None,
        *,
        text: str | None,
        target: Target | None = None,
        when: datetime | None = None,
        when_text: str | None = None,
        repeat: str | None = None,
        tts: bool = False,
        project_id: int | None = None,
        hold: bool = False,
    ) -> ReminderInfo:
        """``/remind`` with its options, or the "Remind me" button (no options).

        With a time (or a typed repeat, which says one) and a text, the reminder is active at once;
        otherwise it is a draft: ``text`` None means the typing box comes next, no time means the picker.
        Everything is checked before anything is saved. ``hold``: keep it a draft even with a time (the member
        is asked something first, see ``two_times``).
        """
        guild_id, actor = scope.guild_id, scope.actor
        now = self.clock.now()
        cleaned = clean_text(text) if text is not None else ""
        zone = await self.settings.timezone_for(guild_id, actor.user_id)
        checked = await self._check_target(scope, target or Target(), channel_id)
        link = checked.id if checked.kind == PROJECT else project_id
        title = await self._link_title(guild_id, link)
        choice, rule = NO_REPEAT, None
        first: datetime | None = None
        if when_text is not None and when_text.strip():
            first = parse_when(when_text, zone, now)
        elif when is not None:
            first = check_future(when, now)
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
        is_lead = await self._is_lead(scope, guild_id)
        async with unit(self.db, self.scheduler) as (session, work):
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
            if first is not None and cleaned and not hold:
                await self._activate(session, row, first, now, work, is_lead=is_lead)
            else:
                # Drafts count against nothing, but a member at the limit hears it before typing more.
                await self._check_limits(session, row, is_lead)
            info = await self._info(session, row, title)
        return info

    async def two_times(self, scope: Scope, when_text: str, repeat: str) -> TwoTimes | None:
        """A typed time and a typed repeat that disagree ("tomorrow at 3pm" and "every Monday at 10am"): both,
        so the member picks one (never a guess). None when they agree or the repeat is a menu choice."""
        if repeat.strip().lower() in REPEAT_CHOICES:
            return None
        now = self.clock.now()
        zone = await self.settings.timezone_for(scope.guild_id, scope.user_id)
        once = parse_when(when_text, zone, now)
        recurrence, every = parse_repeat(repeat, zone, now)
        if first_on_rule(recurrence.rule, zone, once) == once:
            return None
        return TwoTimes(once=once, every=every, repeat_words=recurrence.describe())

    async def set_once(self, scope: Scope, reminder_id: int, when: datetime) -> ReminderInfo:
        """ "Only once" at ``when``: the answer to ``two_times`` that drops the repeat."""
        when = check_future(when, self.clock.now())

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            row.repeat, row.rule = NO_REPEAT, None
            await self._activate(session, row, check_future(when, now), now, work, is_lead=is_lead)

        return await self._edit(scope, reminder_id, change, author_only=True)

    async def _link_title(self, guild_id: int, project_id: int | None) -> str | None:
        if project_id is None:
            return None
        return (await self._project(guild_id, project_id)).title

    async def _clear_drafts(self, session: Any, guild_id: int, user_id: int, now: datetime) -> None:
        """Drafts nobody finished: keep the newest few of the last day."""
        drafts = await repo.drafts_of(session, guild_id, user_id)
        old = [d for i, d in enumerate(drafts) if i >= MAX_DRAFTS - 1 or now - d.created_at > DRAFT_LIFETIME]
        if old:
            await repo.delete(session, old)

    async def _edit(
        self,
        scope: Scope,
        reminder_id: int,
        change: Callable[[Any, Reminder, datetime, Work, bool], Awaitable[None]],
        *,
        author_only: bool = False,
    ) -> ReminderInfo:
        """Check who may, then run ``change`` on the locked row in one transaction; tell the scheduler."""
        before = await self._snapshot(scope, reminder_id)
        if author_only and before.author_id != scope.user_id:
            raise NotAllowed(texts.REMIND_NOT_YOURS)
        await self._may_manage(before, scope)
        is_lead = await self._is_lead(scope, before.guild_id)
        now = self.clock.now()
        async with unit(self.db, self.scheduler) as (session, work):
            row = await self._locked(session, scope, reminder_id)
            self._require_live(row)
            await change(session, row, now, work, is_lead)
            row.updated_at = now
            info = await self._info(session, row)
        return await self._titled(info)

    async def set_text(self, scope: Scope, reminder_id: int, text: str) -> ReminderInfo:
        """The typing box's text. A draft that already has its time becomes active."""
        cleaned = clean_text(text)

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            row.text = cleaned
            if row.state == repo.DRAFT and row.start_at is not None:
                await self._activate(session, row, check_future(row.start_at, now), now, work, is_lead=is_lead)

        return await self._edit(scope, reminder_id, change)

    async def check_can_remind_role(self, scope: Scope) -> None:
        """Before showing the role menu: only leads remind a role."""
        if not (await self._server(scope.guild_id)).is_lead(scope.actor):
            raise NotAllowed(texts.REMIND_ROLE_ONLY_LEADS)

    async def targets_for(self, scope: Scope, info: ReminderInfo) -> tuple[str, ...]:
        """Where this person may send this draft (a read): the draft offers only these."""
        kinds = [ME] + ([CHANNEL] if info.channel_id else [])
        if await self._is_lead(scope, scope.guild_id):
            kinds.append(ROLE)
        if info.project_id:
            try:
                await self._check_target(scope, Target(PROJECT, info.project_id), info.channel_id)
                kinds.append(PROJECT)
            except UserError:
                pass  # not an organiser, or the project is not open: not offered
        return tuple(kinds)

    async def set_target(self, scope: Scope, reminder_id: int, target: Target) -> ReminderInfo:
        """Where a draft goes (the "where" buttons). An active reminder keeps where it goes."""
        before = await self._snapshot(scope, reminder_id)
        if before.author_id != scope.user_id:
            raise NotAllowed(texts.REMIND_NOT_YOURS)
        if before.state != repo.DRAFT:
            raise UserError(texts.REMIND_ALREADY_SET)
        if target.kind == PROJECT and not target.id:
            target = Target(PROJECT, before.project_id)  # "To everyone coming" on a draft about a project
        checked = await self._check_target(scope, target, before.channel_id)

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            if row.state != repo.DRAFT:
                raise UserError(texts.REMIND_ALREADY_SET)
            row.target_kind, row.target_id = checked.kind, checked.id
            if checked.kind == PROJECT:
                row.project_id = checked.id
            if checked.kind != CHANNEL:
                row.tts = False
            if row.text:
                await self._check_limits(session, row, is_lead)

        return await self._edit(scope, reminder_id, change, author_only=True)

    async def move_draft(self, scope: Scope, reminder_id: int, channel_id: int, target: Target) -> ReminderInfo:
        """The bot could not post where the draft was made: it moves to the channel the member picked, keeping
        what they typed. With its text and a time still to come it starts at once."""
        before = await self._snapshot(scope, reminder_id)
        if before.author_id != scope.user_id:
            raise NotAllowed(texts.REMIND_NOT_YOURS)
        checked = await self._check_target(scope, target, channel_id)

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            if row.state != repo.DRAFT:
                raise UserError(texts.REMIND_ALREADY_SET)
            row.channel_id, row.target_kind, row.target_id = channel_id, checked.kind, checked.id
            row.tts = bool(row.tts) and checked.kind == CHANNEL
            if row.text and row.start_at is not None and row.start_at > now:  # a time gone: the picker comes next
                await self._activate(session, row, row.start_at, now, work, is_lead=is_lead)

        return await self._edit(scope, reminder_id, change, author_only=True)

    async def set_tts(self, scope: Scope, reminder_id: int, on: bool) -> ReminderInfo:
        """Read a channel reminder aloud (Discord text-to-speech), or not."""

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            if on and row.target_kind != CHANNEL:
                raise UserError(texts.REMIND_TTS_ONLY_CHANNEL)
            row.tts = bool(on)

        return await self._edit(scope, reminder_id, change)

    async def set_repeat(self, scope: Scope, reminder_id: int, choice: str) -> ReminderInfo:
        """A repeat button. On an active reminder the series starts again from its next time."""
        if choice not in REPEAT_CHOICES:
            raise UserError(texts.REMIND_REPEAT_UNKNOWN)

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            row.repeat, row.rule = choice, None
            start = await self._series_due(session, row.id) if row.state == repo.ACTIVE else row.start_at
            if start is None or start <= now:
                return  # the picker comes next; the rule is made from the time picked
            if row.state in (repo.ACTIVE, repo.SENT) or row.text:
                await self._activate(session, row, start, now, work, is_lead=is_lead)
            else:
                button_rule(choice, start.astimezone(get_zone(row.timezone)))

        return await self._edit(scope, reminder_id, change)

    async def set_repeat_text(self, scope: Scope, reminder_id: int, text: str) -> ReminderInfo:
        """A typed repeat ("every Monday at 10"). It says the time, so a reminder with text becomes active."""
        before = await self._snapshot(scope, reminder_id)
        recurrence, first = parse_repeat(text, before.timezone, self.clock.now())

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            row.repeat, row.rule = TYPED, recurrence.rule
            if row.text:
                await self._activate(session, row, first, now, work, is_lead=is_lead)
            else:
                row.start_at = first

        return await self._edit(scope, reminder_id, change)

    async def set_time(self, scope: Scope, reminder_id: int, when: datetime) -> ReminderInfo:
        """The time picker chose a time: a draft becomes active; an active one moves ("Change time")."""
        when = check_future(when, self.clock.now())

        async def change(session: Any, row: Reminder, now: datetime, work: Work, is_lead: bool) -> None:
            await self._activate(session, row, check_future(when, now), now, work, is_lead=is_lead)

        return await self._edit(scope, reminder_id, change)
