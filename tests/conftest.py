"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when TEST_DATABASE_URL is set)
on PostgreSQL, plus a fake clock."""

from __future__ import annotations

import os
import uuid
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


async def _admin(sql: str) -> None:
    admin = Database(PG_URL)
    try:
        async with admin.engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await admin.dispose()


async def make_database(kind: str, tmp_path: Path) -> Database:
    """A fresh database built by the migrations. On PostgreSQL each test gets its own schema, so
    several test runs can share one server; ``drop_database`` removes it again."""
    if kind == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'connect.db'}")
    else:
        schema = f"test_{uuid.uuid4().hex[:16]}"
        await _admin(f'CREATE SCHEMA "{schema}"')
        database = Database(PG_URL, connect_args={"server_settings": {"search_path": schema}})
    await migrate.upgrade(database.engine)
    return database


async def drop_database(database: Database) -> None:
    await database.dispose()
    settings = database.engine_kwargs.get("connect_args", {}).get("server_settings", {})
    schema = settings.get("search_path")
    if schema:
        await _admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


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
        await drop_database(database)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
