"""Fixtures for the scheduler: a fresh migrated database per test, and more connections to the same one.

``db_kind`` (tests/conftest.py) runs each test on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
On PostgreSQL each test gets its own schema (not a reset of ``public``), so these tests can run while
other suites use the same database.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from db import migrate
from db.engine import Database
from tests.conftest import PG_URL

OpenDb = Callable[[], Database]


@pytest.fixture
async def open_db(db_kind: str, tmp_path: Path) -> AsyncIterator[OpenDb]:
    """Opens another Database on the same storage: a second process, or the same bot after a restart."""
    kwargs: dict[str, Any] = {}
    schema = None
    if db_kind == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'scheduler.db'}"
    else:
        url = PG_URL
        schema = f"sched_{uuid.uuid4().hex[:12]}"
        admin = Database(url)
        async with admin.engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
    opened: list[Database] = []

    def make() -> Database:
        database = Database(url, **kwargs)
        opened.append(database)
        return database

    try:
        yield make
    finally:
        for database in opened:
            await database.dispose()
        if schema is not None:
            admin = Database(url)
            async with admin.engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            await admin.dispose()


@pytest.fixture
async def db(open_db: OpenDb) -> Database:
    """A fresh database built by the migrations (overrides the shared fixture: own schema on PostgreSQL)."""
    database = open_db()
    await migrate.upgrade(database.engine)
    return database
