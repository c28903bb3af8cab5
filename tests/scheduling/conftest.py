"""Fixtures for the scheduler: more connections to the test's database (tests/conftest.py `db`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from db.engine import Database

OpenDb = Callable[[], Database]


@pytest.fixture
async def open_db(db: Database) -> AsyncIterator[OpenDb]:
    """Opens another Database on the same storage: a second process, or the same bot after a restart."""
    opened: list[Database] = []

    def make() -> Database:
        database = db.reopen()
        opened.append(database)
        return database

    try:
        yield make
    finally:
        for database in opened:
            await database.dispose()
