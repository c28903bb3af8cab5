"""The cards in channels that show a member: read before erasing, so they can be redrawn without their name.

Each feature's erase changes its rows; the cards (Discord messages) still show the old lists until they are
edited. The wiring (cogs/mydata/redraw.py) redraws each one after the member has their answer. A thank-you
the member said is deleted by erasing: its card is deleted too (``thanks`` keeps where it was).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Project,
    ProjectOrganiser,
    ProjectRegular,
    ProjectSession,
    ProjectSignup,
    Thanks,
)
from db.models.thanks import ThanksMeToo, ThanksRecipient
from db.repositories.tasks import tasks_holding


@dataclass(frozen=True)
class ThanksCard:
    guild_id: int
    thanks_id: int
    channel_id: int
    message_id: int


@dataclass(frozen=True)
class Cards:
    projects: tuple[tuple[int, int], ...] = ()  # (guild, project)
    task_lists: tuple[tuple[int, int], ...] = ()  # (guild, list)
    thanks: tuple[ThanksCard, ...] = ()

    def __len__(self) -> int:
        return len(self.projects) + len(self.task_lists) + len(self.thanks)


def _in(guild_id: int | None, column: Any) -> sa.ColumnElement[bool]:
    return sa.true() if guild_id is None else column == guild_id


async def cards_showing(s: AsyncSession, user_id: int, guild_id: int | None) -> Cards:
    """Posted cards (a message id is known) that may show the member, in one server or (None) in all."""
    in_project = sa.union(
        sa.select(ProjectOrganiser.project_id).where(ProjectOrganiser.user_id == user_id),
        sa.select(ProjectRegular.project_id).where(ProjectRegular.user_id == user_id),
        sa.select(ProjectSession.project_id)
        .join(ProjectSignup, ProjectSignup.session_id == ProjectSession.id)
        .where(sa.or_(ProjectSignup.user_id == user_id, ProjectSignup.added_by == user_id)),
    )
    projects = await s.execute(
        sa.select(Project.guild_id, Project.id).where(
            sa.or_(Project.owner_id == user_id, Project.id.in_(in_project)),
            Project.message_id.is_not(None),
            _in(guild_id, Project.guild_id),
        )
    )
    lists = sorted({(t.guild_id, t.list_id) for t in await tasks_holding(s, user_id, guild_id)})
    in_thanks = sa.union(
        sa.select(ThanksRecipient.thanks_id).where(ThanksRecipient.user_id == user_id),
        sa.select(ThanksMeToo.thanks_id).where(ThanksMeToo.user_id == user_id),
    )
    thanks = await s.execute(
        sa.select(Thanks.guild_id, Thanks.id, Thanks.channel_id, Thanks.message_id).where(
            sa.or_(Thanks.author_id == user_id, Thanks.typed_by == user_id, Thanks.id.in_(in_thanks)),
            Thanks.state == "posted",
            Thanks.channel_id.is_not(None),
            Thanks.message_id.is_not(None),
            _in(guild_id, Thanks.guild_id),
        )
    )
    return Cards(
        projects=tuple(sorted((int(g), int(p)) for g, p in projects.all())),
        task_lists=tuple(lists),
        thanks=tuple(ThanksCard(int(g), int(t), int(c or 0), int(m or 0)) for g, t, c, m in thanks.all()),
    )
