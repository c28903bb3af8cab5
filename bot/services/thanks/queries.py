"""Reads: a card, the settings, the leaderboard, a week's good news, what a "Say thank you" button pre-fills.

Reads never lock and never write. Projects are read through read-only queries of their tables.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from bot import texts
from bot.errors import NotFound, UserError
from bot.scope import Scope
from bot.services.guild_settings import settings_in
from bot.services.thanks import rules
from bot.services.thanks.results import BoardLine, Digest, TaskFacts, ThanksSettingsView, ThanksView
from db.models.thanks import ThanksTaskDone
from db.repositories import scheduled as sched
from db.repositories import thanks as repo

if TYPE_CHECKING:
    from bot.features import Shared


class TaskLookup(Protocol):
    """Read-only facts about a task of a server (the tasks feature gives the real one at merge)."""

    async def __call__(self, guild_id: int, task_id: int) -> TaskFacts | None: ...


class ThanksQueries:
    shared: Shared
    tasks: TaskLookup

    async def card(self, scope: Scope, thanks_id: int) -> ThanksView:
        async with self.shared.db.transaction() as s:
            row = await rules.load(s, scope.guild_id, thanks_id)
            if row.state != "posted":
                raise NotFound(texts.THANKS_NOT_FOUND)
            return await rules.view_of(s, row)

    async def settings(self, scope: Scope) -> ThanksSettingsView:
        async with self.shared.db.transaction() as s:
            server = await settings_in(s, scope.guild_id)
            row = await repo.get_settings(s, scope.guild_id)
            rows = await sched.active_for(s, rules.WEEKLY_DIGEST, scope.guild_id)
        pending = [r for r in rows if r.guild_id == scope.guild_id]
        return ThanksSettingsView(
            guild_id=scope.guild_id,
            channel_id=server.celebrations_channel_id,
            timezone=server.timezone,
            celebrate_projects=row.celebrate_projects if row else True,
            celebrate_tasks=row.celebrate_tasks if row else True,
            celebrate_milestones=row.celebrate_milestones if row else True,
            celebrate_sessions=row.celebrate_sessions if row else True,
            digest_on=row.digest_on if row else False,
            digest_weekday=row.digest_weekday if row else 4,
            digest_minute=row.digest_minute if row else 16 * 60,
            leaderboard=server.leaderboard_enabled,
            next_digest=min((r.due_at for r in pending), default=None),
        )

    async def celebration_on(self, guild_id: int, kind: str) -> bool:
        """For other features: is this automatic celebration on ("projects", "tasks", "firsts", "sessions")?"""
        async with self.shared.db.transaction() as s:
            row = await repo.get_settings(s, guild_id)
        if row is None:
            return True
        columns = {"projects": "celebrate_projects", "tasks": "celebrate_tasks", "sessions": "celebrate_sessions"}
        return bool(getattr(row, columns.get(kind, "celebrate_milestones")))

    async def board(self, scope: Scope) -> list[BoardLine]:
        """Thank-yous received per person in the last 30 days, only when the server turned it on.

        Private thank-yous, people who said "do not post about me" and people who hid themselves are left out.
        """
        now = self.shared.clock.now()
        async with self.shared.db.transaction() as s:
            server = await settings_in(s, scope.guild_id)
            if not server.leaderboard_enabled:
                raise UserError(texts.THANKS_BOARD_OFF)
            counts = await repo.received_since(s, scope.guild_id, now - timedelta(days=rules.BOARD_DAYS))
            choices = await repo.members(s, [u for u, _, _ in counts])
        lines = [
            BoardLine(user, name, count)
            for user, name, count in counts
            if not (choices.get(user) and (choices[user].hide_from_board or choices[user].no_posts))
        ]
        return sorted(lines, key=lambda line: (-line.count, line.name.casefold(), line.user_id))

    async def digest(self, guild_id: int, start: datetime, end: datetime) -> Digest:
        """A week's good news: projects held, tasks done, thank-yous said; everyone who took part, no counts
        per person. People who said "do not post about me" are not named."""
        async with self.shared.db.transaction() as s:
            held = await repo.sessions_held_between(s, guild_id, start, end)
            came = await repo.people_at(s, [sid for _, sid in held])
            tasks = await repo.tasks_done_between(s, guild_id, start, end)
            said = await repo.thanks_between(s, guild_id, start, end)
            recipients = await repo.recipients_for(s, [t.id for t in said if not t.private])
            people: set[int] = set(came) | {t.user_id for t in tasks}
            for t in said:
                if t.private:
                    continue
                people.add(t.author_id)
                people.update(r.user_id for r in recipients.get(t.id, []) if not r.by_dm)
            choices = await repo.members(s, people)
        named = tuple(sorted(p for p in people if not (choices.get(p) and choices[p].no_posts)))
        return Digest(
            guild_id=guild_id,
            start=start,
            end=end,
            projects=tuple(dict.fromkeys(title for title, _ in held)),
            tasks=tuple(dict.fromkeys(t.title for t in sorted(tasks, key=lambda t: t.done_at))),
            thanks_count=len(said),
            people=named,
        )

    async def choices_of(self, user_ids: list[int]) -> dict[int, tuple[bool, bool]]:
        """(no_posts, milestones) per member, for renderers and celebrations."""
        async with self.shared.db.transaction() as s:
            rows = await repo.members(s, user_ids)
        return {u: (r.no_posts, r.milestones) for u, r in rows.items()}

    async def not_to_contact(self, user_ids: list[int]) -> set[int]:
        """Who asked Connect never to message them (/mydata): checked before any direct message."""
        async with self.shared.db.transaction() as s:  # a read
            return await repo.not_to_contact(s, user_ids)

    # ------------------------------------------------------------------ what the buttons pre-fill

    async def project_prefill(self, scope: Scope, project_id: int) -> tuple[str, list[int]]:
        """A project's title and the people who took part (read only; another server's is not found)."""
        async with self.shared.db.transaction() as s:
            project = await repo.project_of(s, scope.guild_id, project_id)
            if project is None:
                raise NotFound(texts.PROJECT_NOT_FOUND)
            people = await repo.project_people(s, project.id)
            organisers = {project.owner_id}
        return project.title, sorted((people | organisers) - {scope.user_id})

    async def task_prefill(self, scope: Scope, task_id: int) -> TaskFacts:
        facts = await self.tasks(scope.guild_id, task_id)
        if facts is None or facts.guild_id != scope.guild_id:
            raise NotFound(texts.THANKS_NOT_FOUND)
        return facts

    async def recorded_task(self, guild_id: int, task_id: int) -> TaskFacts | None:
        """The default task lookup: the tasks done heard through TASK_DONE (this feature's own table)."""
        async with self.shared.db.transaction() as s:
            rows = list(
                (
                    await s.scalars(
                        sa.select(ThanksTaskDone).where(
                            ThanksTaskDone.guild_id == guild_id, ThanksTaskDone.task_id == task_id
                        )
                    )
                ).all()
            )
        if not rows:
            return None
        return TaskFacts(task_id, guild_id, rows[0].title, tuple(sorted(r.user_id for r in rows)))
