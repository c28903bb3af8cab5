"""Alembic environment. Async: the connection comes from db/migrate.py, or from DATABASE_URL."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context

from db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table copies for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_settings() -> None:
    from bot.settings import load_settings
    from db.engine import make_engine

    settings = load_settings()
    settings.ensure_data_folder()
    engine = make_engine(settings.database_url)
    async with engine.begin() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_from_settings())
