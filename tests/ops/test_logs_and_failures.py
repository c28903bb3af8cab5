"""Logging (text and JSON lines), the operator's plain lines, and which errors count as a database outage."""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc

from bot import texts
from bot.ops.failures import describe_database_error, is_database_outage
from bot.ops.logs import ready_line, said_with_detail, say, setup_logging
from tests.ops.helpers import bot_env, closed_port, run_to_end


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """setup_logging changes the process's logging; put it back (other tests may have changed levels too)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    names = ("connect", "connect.ops", "connect.app", "connect.interactions", "discord", "alembic")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.NOTSET)
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def test_text_lines_and_plain_operator_lines(restore_logging: None) -> None:
    out = io.StringIO()
    setup_logging("WARNING", "text", out)
    logging.getLogger("connect.app").info("hidden at WARNING")
    logging.getLogger("connect.app").warning("a warning")
    say(ready_line(3))  # shown at any level, without a prefix
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("WARNING connect.app: a warning")
    assert lines[1] == "Connect is ready in 3 servers."


def test_json_lines(restore_logging: None) -> None:
    out = io.StringIO()
    setup_logging("DEBUG", "json", out)
    logging.getLogger("connect.interactions").info("interaction %s", "/remind", extra={"guild": 42})
    try:
        raise ConnectionRefusedError("nobody there")
    except OSError as err:
        said_with_detail(texts.OPS_DB_UNREACHABLE.format(host="db:5432"), err)
    entries = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["message"] for e in entries] == [
        "interaction /remind",
        texts.OPS_DB_UNREACHABLE.format(host="db:5432"),
        "details of: " + texts.OPS_DB_UNREACHABLE.format(host="db:5432"),
    ]
    assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "connect.interactions"
    assert entries[0]["guild"] == 42 and entries[0]["time"].endswith("+00:00")
    assert "exception" not in entries[1]
    assert "ConnectionRefusedError: nobody there" in entries[2]["exception"]


async def test_log_format_json_for_the_whole_process(tmp_path: Path) -> None:
    port = closed_port()
    env = bot_env(DISCORD_TOKEN="abc", LOG_FORMAT="JSON",
                  DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:{port}/connect")
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 1
    [entry] = [json.loads(line) for line in done.output.splitlines()]
    assert entry["message"] == texts.OPS_DB_UNREACHABLE.format(host=f"127.0.0.1:{port}")
    assert entry["level"] == "ERROR"


def test_ready_line_counts() -> None:
    assert ready_line(3) == "Connect is ready in 3 servers."
    assert ready_line(1) == "Connect is ready in 1 server."
    assert ready_line(0) == texts.OPS_READY_NONE


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_outages() -> None:
    dropped = sa_exc.DBAPIError("SELECT 1", {}, Exception("connection was closed"), connection_invalidated=True)
    assert is_database_outage(dropped)
    assert is_database_outage(sa_exc.OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked")))
    assert is_database_outage(sa_exc.TimeoutError("QueuePool limit"))
    wrapped = RuntimeError("in a command")
    wrapped.__cause__ = dropped
    assert is_database_outage(wrapped)


def test_not_outages() -> None:
    assert not is_database_outage(ValueError("a bug"))
    assert not is_database_outage(sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")))
    # An OSError from anywhere else (Discord's HTTP, a file) is not the database.
    assert not is_database_outage(raised(ConnectionRefusedError("discord.com:443")))


async def test_a_refused_connection_from_the_driver_is_an_outage() -> None:
    from db.engine import Database

    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/x")
    try:
        async with db.transaction() as session:
            await session.connection()
    except OSError as err:
        assert is_database_outage(err)
    else:  # pragma: no cover
        pytest.fail("nothing listens there")
    finally:
        await db.dispose()


def test_describe_never_shows_the_password() -> None:
    line = describe_database_error(ConnectionRefusedError(), "postgresql+asyncpg://u:pw@db.example:6000/connect")
    assert line == texts.OPS_DB_UNREACHABLE.format(host="db.example:6000")
    line = describe_database_error(ValueError("odd"), "postgresql+asyncpg://u:pw@db.example:6000/connect")
    assert "pw" not in line and "db.example:6000/connect" in line


async def test_discord_unreachable_inside_a_transaction_is_not_a_database_outage(tmp_path: Path) -> None:
    """SQLAlchemy re-raises what happens inside a transaction; the cause still counts, not the path."""
    import aiohttp
    from sqlalchemy import text

    from db.engine import Database

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with db.transaction() as session, aiohttp.ClientSession() as http:
            await session.execute(text("SELECT 1"))  # the transaction has begun: SQLAlchemy rolls it back
            await http.get(f"http://127.0.0.1:{closed_port()}/")
    except OSError as err:
        assert not is_database_outage(err)
    else:  # pragma: no cover
        pytest.fail("nothing listens there")
    finally:
        await db.dispose()
