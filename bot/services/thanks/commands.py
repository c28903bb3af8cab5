"""Writes: say thank you (a draft, then the reason), me too, remove, settings and consent choices.

Each entry point is one transaction and takes a ``Scope``; every row is loaded by (server, id).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import Scope
from bot.services.guild_settings import settings_in
from bot.services.thanks import rules
from bot.services.thanks.queries import TaskLookup, ThanksQueries
from bot.services.thanks.results import (
    Draft,
    MemberChoices,
    MeToo,
    Person,
    Said,
    ThanksSettingsView,
    ThanksView,
)
from bot.textclean import clean_text
from db.models.thanks import Thanks
from db.repositories import scheduled as sched
from db.repositories import thanks as repo

if TYPE_CHECKING:
    from bot.features import Shared

# The toggles a lead can flip on the settings panel, by the name the buttons carry.
TOGGLES = {
    "projects": "celebrate_projects",
    "tasks": "celebrate_tasks",
    "firsts": "celebrate_milestones",
    "sessions": "celebrate_sessions",
    "digest": "digest_on",
}
MEMBER_TOGGLES = {"posts": "no_posts", "firsts": "milestones", "board": "hide_from_board"}


class ThanksCommands(ThanksQueries):
    def __init__(self, shared: Shared, tasks: TaskLookup | None = None) -> None:
        self.shared = shared
        self.db = shared.db
        self.clock = shared.clock
        # Defaults to the tasks heard through TASK_DONE (thanks_tasks_done); see queries.recorded_task.
        self.tasks: TaskLookup = tasks or self.recorded_task

    # ------------------------------------------------------------------ saying thank you

    async def draft(
        self,
        scope: Scope,
        people: list[Person],
        *,
        private: bool = False,
        author: Person | None = None,
        said_in: int | None = None,
        project_id: int | None = None,
        task_id: int | None = None,
        hint: str = "",
        group: bool = False,
    ) -> Draft:
        """Who is thanked, kept while the person types the reason (an open box survives a restart)."""
        now = self.clock.now()
        author_id = scope.user_id
        typed_by = None
        if author is not None and author.user_id != scope.user_id:
            if author.is_bot or not author.in_server:
                raise UserError(texts.THANKS_NOT_A_BOT if author.is_bot else texts.THANKS_NOT_IN_SERVER)
            author_id, typed_by = author.user_id, scope.user_id
        chosen = rules.check_people(author_id, people, group=group)
        async with self.db.transaction() as s:
            await rules.check_limit(s, scope.user_id, now)
            await repo.delete_old_drafts(s, scope.user_id, now - rules.DRAFT_LIFETIME)
            row = await repo.add_thanks(
                s,
                [(p.user_id, p.name) for p in chosen],
                guild_id=scope.guild_id,
                author_id=author_id,
                typed_by=typed_by,
                reason="",
                private=private,
                state="draft",
                project_id=project_id,
                task_id=task_id,
                said_in=said_in,
                created_at=now,
            )
        return Draft(id=row.id, people=tuple(p.user_id for p in chosen), hint=hint)

    async def finish(self, scope: Scope, draft_id: int, reason: str | None) -> Said:
        """The reason typed: the thank-you is said. Consent decides who is named and who gets a DM."""
        text = clean_text(reason, texts.THANKS_FIELD_REASON, rules.REASON_LIMIT, required=True, multiline=True)
        now = self.clock.now()
        async with self.db.transaction() as s:
            row = await rules.load(s, scope.guild_id, draft_id)
            if scope.user_id != (row.typed_by or row.author_id):
                raise NotAllowed(texts.THANKS_DRAFT_NOT_YOURS)
            await rules.check_limit(s, scope.user_id, now)
            # Only the first submit says it: a second press of the same box changes nothing.
            changed = await s.execute(
                sa.update(Thanks)
                .where(Thanks.id == row.id, Thanks.state == "draft")
                .values(state="posted", reason=text, posted_at=now)
            )
            if not getattr(changed, "rowcount", 0):
                raise NotFound(texts.THANKS_NOT_FOUND)
            recipients = await repo.recipients_of(s, row.id)
            choices = await repo.members(s, [r.user_id for r in recipients])
            for r in recipients:
                r.by_dm = row.private or bool(choices.get(r.user_id) and choices[r.user_id].no_posts)
            settings = await settings_in(s, scope.guild_id)
            quiet = await repo.not_to_contact(s, [r.user_id for r in recipients])
            await s.flush()
            await s.refresh(row)
            view = await rules.view_of(s, row)
        channel = settings.celebrations_channel_id
        post_to = (channel or row.said_in) if view.people else None
        return Said(
            view=view,
            post_channel_id=post_to,
            fallback_channel_id=row.said_in,
            dm_ids=tuple(u for u in view.by_dm if u not in quiet),
            server_channel=bool(channel) and post_to == channel,
            quiet_ids=tuple(sorted(quiet)),
        )

    async def posted(self, scope: Scope, thanks_id: int, channel_id: int, message_id: int) -> None:
        async with self.db.transaction() as s:
            row = await rules.load(s, scope.guild_id, thanks_id)
            row.channel_id, row.message_id = channel_id, message_id

    async def me_too(self, scope: Scope, thanks_id: int, name: str = "") -> MeToo:
        """Add the presser's name, once (the key makes a second add harmless); pressing again takes it off."""
        now = self.clock.now()
        async with self.db.transaction() as s:
            row = await rules.load(s, scope.guild_id, thanks_id)
            if row.state != "posted":
                raise NotFound(texts.THANKS_NOT_FOUND)
            if row.private:
                raise UserError(texts.THANKS_PRIVATE_NO_ME_TOO)
            if scope.user_id in (row.author_id, row.typed_by):
                raise UserError(texts.THANKS_CANNOT_ME_TOO_OWN)
            values = {"thanks_id": row.id, "user_id": scope.user_id, "name": name[:100], "created_at": now}
            added = await repo.insert_ignore(s, repo.ThanksMeToo, values)
            if not added:
                await repo.remove_me_too(s, row.id, scope.user_id)
            view = await rules.view_of(s, row)
        return MeToo(view=view, added=added)

    async def remove(self, scope: Scope, thanks_id: int) -> ThanksView:
        """A lead removes a thank-you (after being asked). Returns it, so its card can be deleted."""
        settings = await self.shared.settings.get(scope.guild_id)
        if not settings.is_lead(scope.actor):
            raise NotAllowed(texts.THANKS_ONLY_LEADS_REMOVE)
        async with self.db.transaction() as s:
            row = await rules.load(s, scope.guild_id, thanks_id)
            view = await rules.view_of(s, row)
            await repo.delete_thanks(s, row.id)
        return view

    # ------------------------------------------------------------------ settings (leads)

    async def toggle(self, scope: Scope, name: str) -> ThanksSettingsView:
        """Flip one switch on the settings panel. The weekly good news needs a channel first."""
        if name == "board":
            current = await self.shared.settings.require_lead(scope)
            await self.shared.settings.set_leaderboard(scope, not current.leaderboard_enabled)
            return await self.settings(scope)
        column = TOGGLES.get(name)
        if column is None:
            raise ValueError(f"unknown thanks setting {name!r}")
        view: ThanksSettingsView = await self.settings(scope)
        return await self._change(scope, **{column: not getattr(view, column)})

    async def set_digest_time(
        self, scope: Scope, *, weekday: int | None = None, minute: int | None = None
    ) -> ThanksSettingsView:
        changes: dict[str, int] = {}
        if weekday is not None:
            if not 0 <= weekday <= 6:
                raise ValueError("weekday must be 0 to 6")
            changes["digest_weekday"] = weekday
        if minute is not None:
            if not 0 <= minute < 24 * 60:
                raise ValueError("minute must be within a day")
            changes["digest_minute"] = minute
        return await self._change(scope, **changes)

    async def set_channel(self, scope: Scope, channel_id: int | None) -> ThanksSettingsView:
        await self.shared.settings.set_celebrations_channel(scope, channel_id)
        return await self.settings(scope)

    async def _change(self, scope: Scope, **changes: object) -> ThanksSettingsView:
        server = await self.shared.settings.require_lead(scope)
        now = self.clock.now()
        tell: tuple[int, datetime] | None = None
        async with self.db.transaction() as s:
            row = await repo.upsert_settings(s, scope.guild_id, now, **changes)
            if row.digest_on and not server.celebrations_channel_id:
                raise UserError(texts.THANKS_SETTINGS_NO_CHANNEL)
            # The weekly row follows the settings: made again on each change, in the server's zone.
            await sched.cancel(s, rules.WEEKLY_DIGEST, scope.guild_id, now=now)
            if row.digest_on:
                due = rules.next_digest(row.digest_weekday, row.digest_minute, server.timezone, now)
                work = await sched.create(
                    s,
                    kind=rules.WEEKLY_DIGEST,
                    due_at=due,
                    guild_id=scope.guild_id,
                    ref_id=scope.guild_id,
                    rule=rules.DIGEST_RULE,
                    timezone=server.timezone,
                    now=now,
                    created_by=scope.user_id,  # told once if Discord refuses the channel (the series stops)
                )
                tell = (work.id, due)
        if tell is not None:
            self.shared.scheduler.notify(*tell)
        return await self.settings(scope)

    # ------------------------------------------------------------------ a member's own choices

    async def choices(self, user_id: int) -> MemberChoices:
        async with self.db.transaction() as s:
            row = (await repo.members(s, [user_id])).get(user_id)
        if row is None:
            return MemberChoices(user_id=user_id)
        return MemberChoices(user_id, row.no_posts, row.milestones, row.hide_from_board)

    async def toggle_choice(self, user_id: int, name: str) -> MemberChoices:
        column = MEMBER_TOGGLES.get(name)
        if column is None:
            raise ValueError(f"unknown member choice {name!r}")
        async with self.db.transaction() as s:
            current = (await repo.members(s, [user_id])).get(user_id)
            value = not (getattr(current, column) if current is not None else False)
            await repo.upsert_member(s, user_id, self.clock.now(), **{column: value})
        return await self.choices(user_id)
