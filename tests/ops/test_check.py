"""python -m bot check (and make check-config): what it found, exit 0 when ready, 1 when not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot import texts
from db import migrate
from db.engine import Database
from sandbox import Sandbox
from tests.ops.helpers import bot_env, closed_port, run_to_end


async def migrated(path: Path, revision: str = "head") -> str:
    db = Database(f"sqlite+aiosqlite:///{path}")
    await migrate.upgrade(db.engine, revision)
    await db.dispose()
    return f"sqlite+aiosqlite:///{path}"


async def test_good_configuration(sandbox: Sandbox, tmp_path: Path) -> None:
    url = await migrated(tmp_path / "connect.db")
    env = bot_env(DISCORD_TOKEN=sandbox.token, DISCORD_API_BASE=sandbox.api_base, DATABASE_URL=url)
    done = await run_to_end("check", cwd=tmp_path, env=env)
    assert done.code == 0, done.output
    assert done.output.splitlines() == [
        texts.OPS_CHECK_SETTINGS_OK,
        texts.OPS_CHECK_DB_OK.format(where=tmp_path / "connect.db", revision=migrate.head_revision()),
        texts.OPS_CHECK_TOKEN_OK.format(name=sandbox.world.bot.username),
        texts.OPS_CHECK_ALL_OK,
    ]


async def test_refused_token_and_empty_database(sandbox: Sandbox, tmp_path: Path) -> None:
    env = bot_env(DISCORD_TOKEN="wrong", DISCORD_API_BASE=sandbox.api_base,
                  DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'connect.db'}")
    done = await run_to_end("check", cwd=tmp_path, env=env)
    assert done.code == 1
    assert done.output.splitlines() == [
        texts.OPS_CHECK_SETTINGS_OK,
        texts.OPS_CHECK_DB_EMPTY.format(where=tmp_path / "data" / "connect.db"),
        texts.OPS_CHECK_PROBLEM.format(problem=texts.STARTUP_BAD_TOKEN),
        texts.OPS_CHECK_FOUND_PROBLEMS.format(count=2),
    ]
    assert not (tmp_path / "data").exists(), "check only looks: it makes no folder or file"


async def test_database_behind_and_discord_unreachable(tmp_path: Path) -> None:
    url = await migrated(tmp_path / "connect.db", "0001")
    port = closed_port()
    env = bot_env(DISCORD_TOKEN="abc", DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10", DATABASE_URL=url)
    done = await run_to_end("check", cwd=tmp_path, env=env)
    assert done.code == 1
    lines = done.output.splitlines()
    assert lines[1] == texts.OPS_CHECK_DB_BEHIND.format(
        where=tmp_path / "connect.db", current="0001", head=migrate.head_revision()
    )
    assert lines[2] == texts.OPS_CHECK_PROBLEM.format(
        problem=texts.OPS_CHECK_DISCORD_UNREACHABLE.format(url=f"http://127.0.0.1:{port}/api/v10")
    )


async def test_database_ahead_and_postgresql_unreachable(tmp_path: Path) -> None:
    url = await migrated(tmp_path / "connect.db")
    with sqlite3.connect(tmp_path / "connect.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    done = await run_to_end("check", cwd=tmp_path, env=bot_env(DATABASE_URL=url))
    assert done.code == 1
    ahead = texts.OPS_DB_AHEAD.format(revision="9001", head=migrate.head_revision())
    assert done.output.splitlines()[1] == texts.OPS_CHECK_PROBLEM.format(problem=ahead)

    port = closed_port()
    done = await run_to_end("check", cwd=tmp_path, env=bot_env(DATABASE_URL=f"postgresql+asyncpg://u@127.0.0.1:{port}/c"))
    assert done.code == 1
    unreachable = texts.OPS_DB_UNREACHABLE.format(host=f"127.0.0.1:{port}")
    assert done.output.splitlines()[1] == texts.OPS_CHECK_PROBLEM.format(problem=unreachable)
    assert "Traceback" not in done.output


async def test_bad_setting(tmp_path: Path) -> None:
    done = await run_to_end("check", cwd=tmp_path, env=bot_env(LOG_LEVEL="loud"))
    assert done.code == 1
    first, last = done.output.splitlines()
    assert first.startswith("❌ Connect cannot start. The setting LOG_LEVEL is not right")
    assert last == texts.OPS_CHECK_FOUND_ONE
