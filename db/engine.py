"""The async engine and the units of work: ``transaction()`` for writes, ``read()`` for reads.

On SQLite (WAL):
- a write takes the database's write lock at its start (``BEGIN IMMEDIATE``), and inside this process
  writes queue for one in-process writer (an ``asyncio.Lock``, served first come, first served), so the
  order of writes is the order they asked, never SQLite's busy-wait (which sleeps and retries at random);
  the busy timeout is then only for another process holding the lock;
- a read is a deferred transaction (``BEGIN``): under WAL it sees one snapshot and never takes the write
  lock, so reads neither wait for writes nor hold them up.

On PostgreSQL both are plain transactions (reads never lock there); rows a write must not race on are
locked with ``SELECT ... FOR UPDATE`` by the repositories.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
_READ = "connect_read"  # execution option: this connection begins a read (deferred) transaction

# The Database whose writer lock the current task holds: a transaction() nested in another (same task)
# must not wait for itself.
_writing: ContextVar[Database | None] = ContextVar("connect_writing", default=None)


class ReadOnlyError(RuntimeError):
    """Something tried to write inside ``Database.read()``: use ``transaction()`` for that."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy, not pysqlite, decide when transactions begin (see "begin" below).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            if conn.get_execution_options().get(_READ):
                # Deferred: a snapshot for reading; never the write lock (WAL).
                conn.exec_driver_sql("BEGIN")
            else:
                # BEGIN IMMEDIATE takes the write lock at the start, so a writer of another process
                # waits (busy timeout) instead of failing half-way with "database is locked".
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


@event.listens_for(Session, "before_flush")
def _refuse_writes(session: Session, _flush_context: Any, _instances: Any) -> None:
    if session.info.get(_READ) and (session.new or session.dirty or session.deleted):
        raise ReadOnlyError("a read unit of work tried to write; use Database.transaction()")


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine_kwargs = engine_kwargs
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; in this process they take turns here, in the order they asked.
        self.writer = asyncio.Lock()

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on any error.

        On SQLite it first waits its turn for the in-process writer (first come, first served).
        """
        if not self.is_sqlite or _writing.get() is self:
            async with self.sessions() as session, session.begin():
                yield session
            return
        async with self.writer:
            token = _writing.set(self)
            try:
                async with self.sessions() as session, session.begin():
                    yield session
            finally:
                _writing.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work: one consistent snapshot, no lock, no writer turn.

        Anything written through the session raises ``ReadOnlyError`` at flush; the block ends with a
        rollback (there is nothing to commit).
        """
        async with self.sessions() as session:
            session.info[_READ] = True
            await session.connection(execution_options={_READ: True})
            try:
                yield session
            finally:
                await session.rollback()

    def reopen(self) -> Database:
        """Another Database on the same storage: a second process, or the same bot after a restart."""
        return Database(self.url, **self.engine_kwargs)

    async def dispose(self) -> None:
        await self.engine.dispose()
