"""python -m bot backup PATH: a consistent copy while Connect runs; restore it and the bot starts on it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot import texts
from bot.ops import backup
from bot.settings import Settings
from db import migrate
from db.engine import Database
from db.models import GuildSettings
from sandbox import Sandbox
from tests.ops.helpers import Running, bot_env, run_to_end

NOW = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)


async def set_timezone(db: Database, guild_id: int, zone: str) -> None:
    async with db.transaction() as session:
        row = await session.get(GuildSettings, guild_id)
        if row is None:
            session.add(GuildSettings(guild_id=guild_id, timezone=zone, created_at=NOW, updated_at=NOW))
        else:
            row.timezone = zone


def timezone_in(path: Path, guild_id: int) -> str:
    with sqlite3.connect(path) as conn:
        [(zone,)] = conn.execute("SELECT timezone FROM guild_settings WHERE guild_id = ?", (guild_id,)).fetchall()
    return str(zone)


def has_wal(live: Path) -> bool:
    return Path(f"{live}-wal").exists()


def restore(copy: Path, live: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, live)


async def test_back_up_change_restore_and_start(sandbox: Sandbox, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    live = data / "connect.db"
    url = f"sqlite+aiosqlite:///{live}"
    guild_id = sandbox.world.first_guild.id
    db = Database(url)  # open the whole time, as the running bot holds it (WAL not checkpointed)
    try:
        await migrate.upgrade(db.engine)
        await set_timezone(db, guild_id, "Europe/Dublin")
        assert has_wal(live)

        done = await run_to_end("backup", "backups/", cwd=tmp_path, env=bot_env(DATABASE_URL=url))
        assert done.code == 0, done.output
        [copy] = (tmp_path / "backups").iterdir()
        assert done.output.strip() == texts.OPS_BACKUP_DONE.format(path=Path("backups") / copy.name)
        assert copy.name.startswith("connect-") and copy.suffix == ".db"
        assert timezone_in(copy, guild_id) == "Europe/Dublin"  # committed but only in the WAL: copied too

        await set_timezone(db, guild_id, "Asia/Tokyo")  # the change after the backup
    finally:
        await db.dispose()
    assert timezone_in(live, guild_id) == "Asia/Tokyo"

    # Restore as README says: Connect stopped, the old files moved away, the backup put in their place.
    restore(copy, live)
    assert timezone_in(live, guild_id) == "Europe/Dublin"

    env = bot_env(DISCORD_TOKEN=sandbox.token, DISCORD_API_BASE=sandbox.api_base,
                  DISCORD_GATEWAY_URL=sandbox.gateway_url, DATABASE_URL=url)
    bot = await Running.start(cwd=tmp_path, env=env)
    await bot.wait_for_line(texts.OPS_READY_ONE)
    done = await bot.stop()
    assert done.code == 0 and "Traceback" not in done.output, done.output
    assert timezone_in(live, guild_id) == "Europe/Dublin"


def test_backup_refuses_to_overwrite(tmp_path: Path) -> None:
    live = tmp_path / "connect.db"
    sqlite3.connect(live).close()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{live}")  # type: ignore[call-arg]
    said: list[str] = []
    assert backup.main(settings, live, said.append, NOW) == 1
    assert said == [texts.OPS_BACKUP_SAME_FILE]
    other = tmp_path / "old.db"
    other.write_text("keep me")
    said.clear()
    assert backup.main(settings, other, said.append, NOW) == 1
    assert said == [texts.OPS_BACKUP_EXISTS.format(path=other)] and other.read_text() == "keep me"
    said.clear()
    assert backup.main(settings, tmp_path / "new.db", said.append, NOW) == 0
    assert said == [texts.OPS_BACKUP_DONE.format(path=tmp_path / "new.db")]
    assert not list(tmp_path.glob("*.partial"))


def test_nothing_to_back_up_yet(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")  # type: ignore[call-arg]
    said: list[str] = []
    assert backup.main(settings, tmp_path / "b.db", said.append, NOW) == 1
    assert said == [texts.OPS_BACKUP_NOTHING.format(path=tmp_path / "none.db")]


def test_postgresql_prints_the_pg_dump_command_without_the_password(tmp_path: Path) -> None:
    settings = Settings(database_url="postgresql+asyncpg://connect:s3cret@db.local:5433/connect")  # type: ignore[call-arg]
    said: list[str] = []
    assert backup.main(settings, tmp_path, said.append, NOW) == 0
    command = (
        f"pg_dump --format=custom --file={tmp_path}/connect-2026-12-01-210000.dump"
        " --host=db.local --port=5433 --username=connect connect"
    )
    assert said == [texts.OPS_BACKUP_POSTGRES.format(command=command), texts.OPS_BACKUP_PASSWORD]
    assert "s3cret" not in "".join(said)
