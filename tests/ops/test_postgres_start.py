"""PostgreSQL at start, on a throwaway server: a missing database and an unknown user are one plain line each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts
from tests.ops.helpers import bot_env, run_to_end
from tests.ops.pgcluster import ThrowawayPostgres, why_not

pytestmark = pytest.mark.skipif(why_not() is not None, reason=why_not() or "")


@pytest.fixture
def postgres() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres().init()
    try:
        yield server
    finally:
        server.remove()


async def test_missing_database_and_unknown_user(postgres: ThrowawayPostgres, tmp_path: Path) -> None:
    host = f"127.0.0.1:{postgres.port}"
    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=f"postgresql+asyncpg://postgres@{host}/no_such_db")
    done = await run_to_end(cwd=tmp_path, env=env)
    assert (done.code, done.output.strip()) == (2, texts.OPS_DB_MISSING.format(name="no_such_db", host=host))

    env = bot_env(DISCORD_TOKEN="abc", DATABASE_URL=f"postgresql+asyncpg://stranger:pw@{host}/postgres")
    done = await run_to_end(cwd=tmp_path, env=env)
    assert (done.code, done.output.strip()) == (2, texts.OPS_DB_LOGIN_REFUSED.format(host=host))
