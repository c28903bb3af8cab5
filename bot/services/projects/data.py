"""Projects' personal-data hooks: what holds a member's id, a copy of it, and erasing it.

Erasing takes the member off every list. Sign-ups to sessions that have not started go (the place is free);
sign-ups to past sessions stay as anonymous rows, so the numbers in reports stay right without the name.
Projects they started stay for everyone else, with no owner named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from bot import texts
from bot.clock import Clock
from db.engine import Database
from db.models import Project, ProjectOrganiser, ProjectRegular, ProjectReminderOptOut, ProjectSession, ProjectSignup
from db.repositories.mydata import as_dict

ANONYMOUS = 0  # "nobody named": the owner of a project whose starter deleted their data


def anonymous_id(row_id: int) -> int:
    """A past sign-up kept for the numbers: a negative id, unique per row, that is nobody."""
    return -row_id


class ProjectsData:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @staticmethod
    def _in_guild(query: Any, guild_id: int | None, project_id: Any) -> Any:
        if guild_id is None:
            return query
        return query.where(project_id.in_(sa.select(Project.id).where(Project.guild_id == guild_id)))

    def _signups(self, user_id: int, guild_id: int | None) -> Any:
        query = (
            sa.select(ProjectSignup, ProjectSession)
            .join(ProjectSession, ProjectSession.id == ProjectSignup.session_id)
            .where(sa.or_(ProjectSignup.user_id == user_id, ProjectSignup.added_by == user_id))
        )
        return self._in_guild(query, guild_id, ProjectSession.project_id)

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        now = self.clock.now()
        async with self.db.transaction() as s:
            rows = (await s.execute(self._signups(user_id, guild_id))).all()
            started = await s.scalar(
                self._in_guild(
                    sa.select(sa.func.count()).select_from(Project).where(Project.owner_id == user_id),
                    guild_id,
                    Project.id,
                )
            )
        coming = {sess.project_id for signup, sess in rows if signup.user_id == user_id and sess.starts_at > now}
        came = {sess.project_id for signup, sess in rows if signup.user_id == user_id and sess.starts_at <= now}
        lines = []
        if coming:
            lines.append(texts.counted(texts.MYDATA_SUMMARY_COMING, len(coming)))
        if came:
            lines.append(texts.counted(texts.MYDATA_SUMMARY_CAME, len(came)))
        if started:
            lines.append(texts.counted(texts.MYDATA_SUMMARY_STARTED, started))
        return lines

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        async with self.db.transaction() as s:
            signups = [signup for signup, _ in (await s.execute(self._signups(user_id, guild_id))).all()]
            tables: dict[str, list[dict[str, Any]]] = {"project_signups": [as_dict(r) for r in signups]}
            for name, model, column in (
                ("project_regulars", ProjectRegular, ProjectRegular.project_id),
                ("project_organisers", ProjectOrganiser, ProjectOrganiser.project_id),
                ("project_reminder_optouts", ProjectReminderOptOut, ProjectReminderOptOut.project_id),
            ):
                query = self._in_guild(sa.select(model).where(model.user_id == user_id), guild_id, column)
                tables[name] = [as_dict(r) for r in (await s.scalars(query)).all()]
            owned = self._in_guild(sa.select(Project).where(Project.owner_id == user_id), guild_id, Project.id)
            tables["projects_started"] = [as_dict(r) for r in (await s.scalars(owned)).all()]
        return tables

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        now = self.clock.now()
        async with self.db.transaction() as s:
            for signup, sess in (await s.execute(self._signups(user_id, guild_id))).all():
                if signup.user_id == user_id and sess.starts_at > now:
                    await s.delete(signup)
                    continue
                if signup.user_id == user_id:
                    signup.user_id = anonymous_id(signup.id)
                if signup.added_by == user_id:
                    signup.added_by = None
                signup.updated_at = now
            for model, column in (
                (ProjectRegular, ProjectRegular.project_id),
                (ProjectOrganiser, ProjectOrganiser.project_id),
                (ProjectReminderOptOut, ProjectReminderOptOut.project_id),
            ):
                mine = self._in_guild(sa.select(column).where(model.user_id == user_id), guild_id, column)
                await s.execute(sa.delete(model).where(model.user_id == user_id, column.in_(mine)))
            await s.execute(
                self._in_guild(sa.update(ProjectRegular), guild_id, ProjectRegular.project_id)
                .where(ProjectRegular.added_by == user_id)
                .values(added_by=None)
            )
            await s.execute(
                self._in_guild(sa.update(ProjectOrganiser), guild_id, ProjectOrganiser.project_id)
                .where(ProjectOrganiser.added_by == user_id)
                .values(added_by=ANONYMOUS)
            )
            await s.execute(
                self._in_guild(sa.update(Project), guild_id, Project.id)
                .where(Project.owner_id == user_id)
                .values(owner_id=ANONYMOUS, updated_at=now)
            )
