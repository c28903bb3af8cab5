"""The error pipeline answers a database outage kindly (no code), and still gives a code to a real bug."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from discord import app_commands
from sqlalchemy import exc as sa_exc

from bot import texts
from bot.interactions import handle_error
from tests.unit.test_error_pipeline import fake_interaction


def locked_sqlite_error() -> BaseException:
    """What SQLAlchemy raises when another program holds SQLite's write lock past the busy timeout."""
    return sa_exc.OperationalError("INSERT INTO t VALUES (1)", {}, sqlite3.OperationalError("database is locked"))


@pytest.mark.parametrize("wrapped", [False, True], ids=["raw", "inside-a-command"])
async def test_database_outage_gets_the_kind_reply(
    caplog: pytest.LogCaptureFixture, wrapped: bool
) -> None:
    error = locked_sqlite_error()
    if wrapped:
        outer = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
        outer.original = error
        error = outer
    interaction = fake_interaction()
    with caplog.at_level(logging.INFO, logger="connect"):
        outcome = await handle_error(interaction, error)
    assert outcome == "database-unavailable"
    assert interaction.response.sent == [(texts.OPS_DB_OUTAGE, True)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_bug_still_gets_a_code() -> None:
    interaction = fake_interaction()
    outcome = await handle_error(interaction, ZeroDivisionError("a bug"))
    assert outcome.startswith("error:")
    [(said, _)] = interaction.response.sent
    assert said != texts.OPS_DB_OUTAGE and outcome.removeprefix("error:") in said
