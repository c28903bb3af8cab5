"""db/repositories/_rows.upsert, the one way settings-shaped rows are saved, and every repository that uses it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.models import (
    CheckinMemberPrefs,
    CheckinSettings,
    GuildSettings,
    MemberSettings,
    TaskMemberSettings,
    TaskSettings,
)
from db.repositories import checkins, settings, tasks
from db.repositories._rows import upsert

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(hours=1)
KEY = 4242


async def test_the_first_change_makes_the_row_from_its_defaults(db: Database) -> None:
    async with db.transaction() as s:
        new = {"guild_id": KEY, "timezone": "Europe/London", "leads_only_projects": False, "created_at": T0}
        row = await upsert(s, GuildSettings, KEY, T0, new=new, changes={"leads_only_projects": True})
        assert (row.timezone, row.leads_only_projects, row.updated_at) == ("Europe/London", True, T0)
    async with db.read() as s:
        saved = await s.get(GuildSettings, KEY)
        assert saved is not None and saved.leads_only_projects is True


async def test_a_later_change_keeps_the_rest_and_stamps_the_time(db: Database) -> None:
    async with db.transaction() as s:
        await settings.upsert_guild(s, KEY, T0, timezone="Europe/Paris")
    async with db.transaction() as s:
        row = await upsert(s, GuildSettings, KEY, T1, new={"guild_id": KEY}, changes={"leads_only_projects": True})
    async with db.read() as s:
        saved = await s.get(GuildSettings, KEY)
        assert saved is not None
        assert (saved.timezone, saved.leads_only_projects) == ("Europe/Paris", True)
        assert saved.created_at == T0 and saved.updated_at == T1 == row.updated_at
        assert await s.scalar(select(func.count()).select_from(GuildSettings)) == 1


Save = Callable[[AsyncSession, datetime], Awaitable[Any]]

CALLERS: list[tuple[str, type[Any], Save, Save, dict[str, Any]]] = [
    (
        "settings.upsert_guild",
        GuildSettings,
        lambda s, now: settings.upsert_guild(s, KEY, now),
        lambda s, now: settings.upsert_guild(s, KEY, now, leaderboard_enabled=True),
        {"leaderboard_enabled": True, "project_reminders": "1440,60"},
    ),
    (
        "settings.upsert_member",
        MemberSettings,
        lambda s, now: settings.upsert_member(s, KEY, now, timezone="Asia/Tokyo"),
        lambda s, now: settings.upsert_member(s, KEY, now, timezone="Europe/Rome"),
        {"timezone": "Europe/Rome", "created_at": T0},
    ),
    (
        "tasks.upsert_settings",
        TaskSettings,
        lambda s, now: tasks.upsert_settings(s, KEY, now),
        lambda s, now: tasks.upsert_settings(s, KEY, now, leads_only_channel_lists=True),
        {"leads_only_channel_lists": True},
    ),
    (
        "tasks.set_nudges_off",
        TaskMemberSettings,
        lambda s, now: tasks.set_nudges_off(s, KEY, True, now),
        lambda s, now: tasks.set_nudges_off(s, KEY, False, now),
        {"nudges_off": False},
    ),
    (
        "checkins.upsert_settings",
        CheckinSettings,
        lambda s, now: checkins.upsert_settings(s, KEY, now, realert_hours=8),
        lambda s, now: checkins.upsert_settings(s, KEY, now, retention_days=30),
        {"realert_hours": 8, "retention_days": 30},
    ),
    (
        "checkins.set_prefs",
        CheckinMemberPrefs,
        lambda s, now: checkins.set_prefs(s, KEY, False, now),
        lambda s, now: checkins.set_prefs(s, KEY, True, now),
        {"reminders": True},
    ),
]


@pytest.mark.parametrize(("name", "model", "first", "second", "expected"), CALLERS, ids=[c[0] for c in CALLERS])
async def test_every_settings_row_is_made_once_then_changed_in_place(
    db: Database, name: str, model: type[Any], first: Save, second: Save, expected: dict[str, Any]
) -> None:
    async with db.transaction() as s:
        await first(s, T0)
    async with db.transaction() as s:
        await second(s, T1)
    async with db.read() as s:
        rows = list((await s.scalars(select(model))).all())
        assert len(rows) == 1, name
        assert {k: getattr(rows[0], k) for k in expected} == expected
        assert rows[0].updated_at == T1
