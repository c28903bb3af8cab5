"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when TEST_DATABASE_URL is set)
on PostgreSQL, plus a fake clock."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.clock import FakeClock
from db import migrate
from db.engine import Database

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
DB_KINDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


async def reset_postgres(url: str) -> None:
    """Empty the test database so each test starts from nothing (the migrations build it again)."""
    admin = Database(url)
    async with admin.engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await admin.dispose()


async def make_database(kind: str, tmp_path: Path) -> Database:
    if kind == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'connect.db'}")
    else:
        await reset_postgres(PG_URL)
        database = Database(PG_URL)
    await migrate.upgrade(database.engine)
    return database


@pytest.fixture(autouse=True)
def restore_discord_endpoints() -> Iterator[None]:
    """create_bot points discord.py (class attributes) at the sandbox; put Discord back after each test."""
    import discord.gateway
    import discord.http

    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture(params=DB_KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def db(db_kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    database = await make_database(db_kind, tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
