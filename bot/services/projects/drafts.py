"""Projects: starting one (a draft, its time, repeat and places) and posting it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot import texts
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services.projects.fields import ProjectDetails, clean_places
from bot.services.projects.rules import (
    DRAFT_LIFETIME,
    NOTICE_CHANGED,
    iso,
)
from bot.services.projects.sessions import ProjectSessions
from bot.services.projects.views import (
    ACTIVE,
    DRAFT,
    REPEATS,
    ProjectView,
)
from bot.services.timing import check_future
from bot.timefmt import DEFAULT_TIMEZONE, is_valid_timezone
from db.repositories import projects as repo


class Drafting(ProjectSessions):
    # ------------------------------------------------------------------ starting a project

    async def check_can_start(self, scope: Scope) -> None:
        async with self.db.transaction() as s:
            settings = await self._settings(s, scope.guild_id)
        if settings.leads_only_projects and not settings.is_lead(scope.actor):
            raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)

    async def create_draft(
        self,
        scope: Scope,
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
            settings = await self._settings(s, scope.guild_id)
            if settings.leads_only_projects and not settings.is_lead(scope.actor):
                raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)
            zone = timezone if is_valid_timezone(timezone) else settings.timezone
            await repo.delete_old_drafts(s, scope.guild_id, scope.user_id, now - DRAFT_LIFETIME)
            p = await repo.add_project(
                s,
                guild_id=scope.guild_id,
                owner_id=scope.user_id,
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

    async def set_start(self, scope: Scope, project_id: int, starts_at: datetime) -> ProjectView:
        """The start of a draft (the time picker's answer). An end before the new start is dropped."""
        now = self.clock.now()
        starts_at = check_future(starts_at, now)
        async with self._unit() as (s, _work):
            p = await self._own_draft(s, scope, project_id)
            duration = self._duration(p)
            p.starts_at = starts_at
            p.ends_at = starts_at + duration if duration is not None else None
            p.updated_at = now
            return await self._view(s, p, now, [])

    async def set_end(self, scope: Scope, project_id: int, ends_at: datetime | None) -> ProjectView:
        """The end of the (next) session. For a repeating project every session lasts as long."""
        now = self.clock.now()
        if ends_at is not None:
            if ends_at.tzinfo is None:
                raise ValueError("times must be aware")
            ends_at = ends_at.astimezone(UTC)
        async with self._unit() as (s, work):
            p = await self._locked(s, scope, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, scope)
                if p.starts_at is None:
                    raise UserError(texts.PROJECT_PICK_START_FIRST)
                if ends_at is not None and ends_at <= p.starts_at:
                    raise UserError(texts.PROJECT_END_BEFORE_START)
                p.ends_at = ends_at
                p.updated_at = now
                return await self._view(s, p, now, [])
            self._require_active(p)
            await self._require_organiser(s, p, scope)
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
                change = {"what": "end", "old": iso(old_end), "new": iso(ends_at)}
                told = await self._listed_people(s, p, self._upcoming_open(sessions, now))
                await self._notice(s, p, NOTICE_CHANGED, told, now, work, session_id=shown.id, changes=[change])
            return await self._view(s, p, now, sessions)

    async def set_repeat(self, scope: Scope, project_id: int, repeat: str | None) -> ProjectView:
        """How a draft repeats: None (once), "weekly", "fortnightly" or "monthly"."""
        if repeat is not None and repeat not in REPEATS:
            raise UserError(texts.PROJECT_REPEAT_UNKNOWN)
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._own_draft(s, scope, project_id)
            p.rule = REPEATS[repeat] if repeat is not None else None
            p.updated_at = now
            return await self._view(s, p, now, [])

    async def set_places(self, scope: Scope, project_id: int, places: int | str | None) -> ProjectView:
        """Places (None: no limit). More places move members in from the waiting list (each is told)."""
        cleaned = clean_places(places)
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._locked(s, scope, project_id)
            if p.state == DRAFT:
                await self._require_owner_or_lead(s, p, scope)
                p.places = cleaned
                p.updated_at = now
                return await self._view(s, p, now, [])
            self._require_active(p)
            await self._require_organiser(s, p, scope)
            sessions = await self._sync(s, p, now, work)
            p.places = cleaned
            p.updated_at = now
            await s.flush()
            # Fewer places never takes a place away from someone coming; more places fill from the list.
            for sess in self._upcoming_open(sessions, now):
                await self._fill(s, p, sess, now, work)
            return await self._view(s, p, now, sessions)

    async def discard_draft(self, scope: Scope, project_id: int) -> None:
        async with self._unit() as (s, _work):
            p = await self._own_draft(s, scope, project_id)
            await repo.delete_project(s, p)

    async def publish(self, scope: Scope, project_id: int) -> ProjectView:
        """Post a draft: it becomes active with its first session and that session's reminders."""
        now = self.clock.now()
        async with self._unit() as (s, work):
            p = await self._own_draft(s, scope, project_id)
            settings = await self._settings(s, p.guild_id)
            if settings.leads_only_projects and not settings.is_lead(scope.actor):
                raise NotAllowed(texts.PROJECT_ONLY_LEADS_START)  # the setting changed after the draft began
            if p.starts_at is None:
                raise UserError(texts.PROJECT_PICK_START_FIRST)
            check_future(p.starts_at, now)
            p.state = ACTIVE
            p.updated_at = now
            await self._make_session(s, p, p.starts_at, now, work)
            sessions = await self._sync(s, p, now, work)
            return await self._view(s, p, now, sessions)

    async def attach_card(self, scope: Scope, project_id: int, channel_id: int, message_id: int) -> None:
        """Remember where the card was posted, so it can be edited in place."""
        now = self.clock.now()
        async with self._unit() as (s, _work):
            p = await self._locked(s, scope, project_id)
            p.channel_id = channel_id
            p.message_id = message_id
            p.updated_at = now
