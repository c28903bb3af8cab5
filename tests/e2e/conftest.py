"""End-to-end harness: the real Connect bot, built by its real factory, connected through real discord.py
to the local Discord stand-in (sandbox/) on 127.0.0.1, on a fresh database (SQLite, and PostgreSQL when
TEST_DATABASE_URL is set).

Every test fails if: discord.py or Connect logged an ERROR, the bot's connection task died, the bot hit a
route the stand-in does not know, a request or response broke Discord's OpenAPI description or rules, an
interaction went unanswered for 3 seconds, or a message pinged @everyone/@here or a role the test did not
allow with ``connect.allow_role_pings(...)``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import ConnectBot, create_bot
from bot.clock import OffsetClock
from bot.settings import Settings
from db.engine import Database
from sandbox import Sandbox, default_world
from sandbox.discord_client import BotRunner
from tests.conftest import drop_database, make_database
from tests.easyread import check_world

# Every message, button, menu and modal the bot showed is checked against ../shared/EASY_READ.md
# (tests/easyread.py says which rules and how). A problem fails the test that showed it, naming the message.
# EASY_READ_REPORT=path writes the problems there instead of failing (to survey them while fixing).
_REPORT = os.environ.get("EASY_READ_REPORT")
_STRICT = True


def easy_read_problems(sb: Sandbox) -> list[str]:
    problems = [f"easy-read: {p}" for p in check_world(sb.world, bot_id=sb.world.bot.id)]
    if (_REPORT or not _STRICT) and problems:
        if not _REPORT:
            return []
        with open(_REPORT, "a", encoding="utf-8") as out:
            test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
            out.writelines(f"{test}\t{p}\n" for p in problems)
        return []
    return problems


class ErrorLog(logging.Handler):
    """Collects ERROR records from discord.py and Connect: errors in callbacks are only logged there."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Connect:
    """The running bot, plus what a test needs to restart it or check what it did."""

    sb: Sandbox
    database: Database  # where the data lives; each start opens it again, as a new process would
    clock: OffsetClock
    bot: ConnectBot | None = None
    runner: BotRunner | None = None
    allowed_role_pings: set[int] = field(default_factory=set)

    def settings(self) -> Settings:
        return Settings(
            discord_token=self.sb.token,  # type: ignore[arg-type]
            database_url=self.database.url,
            discord_api_base=self.sb.api_base,
            discord_gateway_url=self.sb.gateway_url,
            log_level="INFO",
        )

    async def start(self) -> ConnectBot:
        self.bot = create_bot(self.settings(), db=self.database.reopen(), clock=self.clock)
        self.runner = BotRunner(self.sb, self.bot)
        await self.runner.start()
        return self.bot

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.stop()
        self.bot = None
        self.runner = None

    async def restart(self) -> ConnectBot:
        """Stop the bot process and start a new one on the same database (memory is gone)."""
        await self.stop()
        return await self.start()

    @property
    def services(self) -> Any:
        assert self.bot is not None
        return self.bot.services

    async def run_due(self) -> list[Any]:
        """Fire what is due at the bot's clock now (after ``clock.advance``), and wait for it."""
        assert self.bot is not None and self.bot.scheduler is not None
        return await self.bot.scheduler.run_due_now()

    async def later(self, delta: timedelta) -> list[Any]:
        self.clock.advance(delta)
        return await self.run_due()

    def allow_role_pings(self, *role_ids: int) -> None:
        self.allowed_role_pings.update(role_ids)

    def check_pings(self) -> list[str]:
        problems = []
        for message in self.sb.world.messages.values():
            if message.pinged_everyone:
                problems.append(f"message {message.id} pinged @everyone/@here: {message.content[:80]!r}")
            extra = set(message.pinged_role_ids) - self.allowed_role_pings
            if extra:
                problems.append(f"message {message.id} pinged roles {sorted(extra)}: {message.content[:80]!r}")
        return problems


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    sb = Sandbox(world=default_world(), heartbeat_interval_ms=5000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


@pytest.fixture
def error_log() -> AsyncIterator[ErrorLog]:  # type: ignore[misc]
    handler = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("connect")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
async def connect(
    sandbox: Sandbox, db_kind: str, tmp_path: Path, error_log: ErrorLog
) -> AsyncIterator[Connect]:
    database = await make_database(db_kind, tmp_path)
    app = Connect(sb=sandbox, database=database, clock=OffsetClock())
    try:
        await app.start()
        yield app
    finally:
        await app.stop()
        await drop_database(database)
    problems = sandbox.problems() + app.check_pings()
    problems += easy_read_problems(sandbox)
    problems += [f"logged error: {r.getMessage()}" for r in error_log.records]
    if problems:
        pytest.fail("end-to-end problems:\n  " + "\n  ".join(problems))
