"""Each known reason Connect cannot start is one plain line, never a traceback (python -m bot as a process)."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts
from db import migrate
from db.engine import Database
from sandbox import Sandbox
from tests.ops.helpers import Running, bot_env, closed_port, run_to_end


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def test_discord_unreachable_says_so_and_waits_until_stopped(tmp_path: Path) -> None:
    port = closed_port()
    env = bot_env(
        DISCORD_TOKEN="abc",
        DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10",
        DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{port}/",
        DATABASE_URL=sqlite_url(tmp_path / "data" / "connect.db"),
    )
    bot = await Running.start(cwd=tmp_path, env=env)
    line = await bot.wait_for_line("Discord")
    assert line == texts.OPS_DISCORD_UNREACHABLE.format(seconds=30)
    done = await bot.stop()  # while it waits 30 seconds to try again
    assert done.code == 0, done.output
    assert "Traceback" not in done.output


async def test_refused_token_is_one_line(sandbox: Sandbox, tmp_path: Path) -> None:
    env = bot_env(
        DISCORD_TOKEN="not-the-token",
        DISCORD_API_BASE=sandbox.api_base,
        DISCORD_GATEWAY_URL=sandbox.gateway_url,
        DATABASE_URL=sqlite_url(tmp_path / "data" / "connect.db"),
    )
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 2
    assert done.output.strip().splitlines()[-1] == texts.STARTUP_BAD_TOKEN
    assert "Traceback" not in done.output


async def test_postgresql_unreachable_names_the_host(tmp_path: Path) -> None:
    port = closed_port()
    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=f"postgresql+asyncpg://connect:secret@127.0.0.1:{port}/connect")
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 1  # systemd starts it again: PostgreSQL may be on its way up
    assert done.output.strip() == texts.OPS_DB_UNREACHABLE.format(host=f"127.0.0.1:{port}")
    assert "secret" not in done.output


async def test_details_go_to_the_debug_log(tmp_path: Path) -> None:
    port = closed_port()
    env = bot_env(DISCORD_TOKEN="abc", LOG_LEVEL="DEBUG",
                  DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:{port}/connect")
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 1
    assert "Traceback" in done.output and "ConnectionRefusedError" in done.output
    assert done.output.strip().splitlines()[-1] == texts.OPS_DB_UNREACHABLE.format(host=f"127.0.0.1:{port}")


async def test_data_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be")
    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=sqlite_url(tmp_path / "data" / "db" / "connect.db"))
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 2
    assert done.output.strip() == texts.OPS_DB_FOLDER.format(folder=tmp_path / "data" / "db")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder other users may enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="connect-ops-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for child in sorted(path.rglob("*"), reverse=True):
            child.chmod(0o700)
            child.unlink() if child.is_file() else child.rmdir()
        path.rmdir()


async def test_database_file_not_writable_names_the_file(shared_folder: Path) -> None:
    data = shared_folder / "data"
    data.mkdir()
    db_file = data / "connect.db"
    sqlite3.connect(db_file).close()
    db_file.chmod(0o444)
    data.chmod(0o555)
    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=sqlite_url(db_file))
    user = None
    if os.geteuid() == 0:  # root writes anywhere: run as a user who cannot
        user = "nobody"
    done = await run_to_end(cwd=shared_folder, env=env, user=user)
    assert done.code == 2, done.output
    assert done.output.strip() == texts.OPS_DB_NOT_WRITABLE.format(path=db_file)
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o444


async def test_database_newer_than_the_code(tmp_path: Path) -> None:
    db_file = tmp_path / "connect.db"
    db = Database(sqlite_url(db_file))
    await migrate.upgrade(db.engine)
    await db.dispose()
    with sqlite3.connect(db_file) as conn:  # as a newer Connect would leave it
        conn.execute("UPDATE alembic_version SET version_num = '9001_from_the_future'")
    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=sqlite_url(db_file))
    done = await run_to_end(cwd=tmp_path, env=env)
    assert done.code == 2
    line = texts.OPS_DB_AHEAD.format(revision="9001_from_the_future", head=migrate.head_revision())
    assert done.output.strip() == line
    with sqlite3.connect(db_file) as conn:  # nothing was changed
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9001_from_the_future",)]


async def test_unknown_command_says_what_there_is(tmp_path: Path) -> None:
    done = await run_to_end("start", "now", cwd=tmp_path, env=bot_env())
    assert done.code == 2
    assert done.output.strip() == texts.OPS_USAGE
