"""The migrations are the only way the schema is made: upgrade to head and back down, on each database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from db import migrate
from db.engine import Database
from db.models import Base
from tests.conftest import drop_database, make_database


async def table_names(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_then_downgrade(db_kind: str, tmp_path: Path) -> None:
    db = await make_database(db_kind, tmp_path)
    try:
        assert await migrate.current_revision(db.engine) == migrate.head_revision()
        tables = await table_names(db)
        assert set(Base.metadata.tables) <= tables, "every model has a table made by a migration"
        await migrate.downgrade(db.engine, "base")
        assert await migrate.current_revision(db.engine) is None
        assert await table_names(db) <= {"alembic_version"}
        await migrate.upgrade(db.engine)
        assert await migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        await drop_database(db)


async def test_models_match_migrations(db: Database) -> None:
    """Autogenerate finds nothing to add: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def diff(sync_conn: object) -> list[object]:
        ctx = MigrationContext.configure(sync_conn, opts={"compare_type": False})  # type: ignore[arg-type]
        return list(compare_metadata(ctx, Base.metadata))

    async with db.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    assert changes == []


async def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with db.engine.connect() as conn:
            journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            fks = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            busy = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
        assert journal == "wal"
        assert fks == 1
        assert busy and int(busy) >= 5000
    finally:
        await db.dispose()
