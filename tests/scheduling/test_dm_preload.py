"""The known DM channels are read once when sending starts, so a burst of DMs reads no row per member."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.notifier import DiscordNotifier
from db.engine import Database
from db.repositories import dm_channels as dm_repo


async def test_preloaded_dm_channels_need_no_read_per_member(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    async with db.transaction() as session:
        for user in range(1, 6):
            await dm_repo.put(session, user, 1000 + user, now)
    notifier = DiscordNotifier(object(), db=db)  # type: ignore[arg-type]
    assert await notifier.preload_dm_channels() == 5

    async def no_read(*_args: Any) -> None:
        raise AssertionError("read the database for a DM channel it already knew")

    monkeypatch.setattr(dm_repo, "get", no_read)
    assert [await notifier._dm_channel(user) for user in range(1, 6)] == [1001, 1002, 1003, 1004, 1005]


async def test_the_preload_keeps_the_newest_within_its_limit(db: Database) -> None:
    async with db.transaction() as session:
        for user in range(1, 4):
            await dm_repo.put(session, user, 1000 + user, datetime(2026, 6, user, tzinfo=UTC))
    notifier = DiscordNotifier(object(), db=db)  # type: ignore[arg-type]
    assert await notifier.preload_dm_channels(limit=2) == 2
    assert await notifier._known_dm_channel(1) == 1001, "a miss still reads the database"
