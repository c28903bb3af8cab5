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

``batch()``: several units of work in ONE transaction (a crowd's presses, bot/presses.py). Inside it, in the
task that opened it, each ``transaction()`` is a savepoint of the batch's transaction (a unit that fails
rolls back only its own part), ``read()`` is the batch's session (it sees what the batch wrote), and
``after_commit`` steps wait for the batch's commit (they never run if it fails).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import aiosqlite
from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
_READ = "connect_read"  # execution option: this connection begins a read (deferred) transaction

# The Database whose writer lock the current task holds: a transaction() nested in another (same task)
# must not wait for itself.
_writing: ContextVar[Database | None] = ContextVar("connect_writing", default=None)


log = logging.getLogger("connect.db")


@dataclass
class _Batch:
    db: Database
    session: AsyncSession
    task: asyncio.Task[Any] | None  # only this task shares the session (tasks it starts inherit the var)
    after: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


_batch: ContextVar[_Batch | None] = ContextVar("connect_batch", default=None)


_writers: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = WeakKeyDictionary()


class ReadOnlyError(RuntimeError):
    """Something tried to write inside ``Database.read()``: use ``transaction()`` for that."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


class _InlineConnection(aiosqlite.Connection):
    """aiosqlite, but each call runs at once in the event loop's thread instead of a hop to its worker.

    A statement on a local SQLite file takes microseconds; the hop to aiosqlite's thread and back costs far
    more (a queue, a wake-up, the GIL handed over twice), about 100 hops a press. Blocking is safe here:
    reads never wait under WAL, and in this process writers take turns on the writer lock before they
    begin, so SQLite's busy wait only runs when another process holds the write lock.
    """

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._running:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def _inline_creator(url: str) -> Any:
    path = make_url(url).database or ":memory:"

    def connector() -> sqlite3.Connection:
        # The worker thread still closes it (aiosqlite's stop()), so it may be used from both threads.
        return sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    async def create() -> aiosqlite.Connection:
        return await _InlineConnection(connector, 64)

    return create


def make_engine(url: str, *, inline: bool | None = None, **kwargs: Any) -> AsyncEngine:
    """``inline`` (SQLite files only): run statements in the loop's thread (see ``_InlineConnection``).

    Off unless asked for, or ``CONNECT_SQLITE_INLINE=1`` is set: it is much cheaper per statement, but it
    changes when other tasks run during a statement, and shutting down in the middle of a command then
    races with the closing HTTP session (seen in the practice mode's Ctrl+C); see the issue 18 report.
    """
    if inline is None:
        inline = os.environ.get("CONNECT_SQLITE_INLINE", "") == "1"
    if is_sqlite(url):
        if inline and make_url(url).database not in (None, "", ":memory:"):
            kwargs = {"async_creator": _inline_creator(url), **kwargs}
        else:
            kwargs = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs}
        engine = create_async_engine(url, **kwargs)

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
    return create_async_engine(url, **kwargs)


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

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def writer(self) -> asyncio.Lock:
        """SQLite has one writer at a time: in this process writers take turns here, in the order they asked.

        Shared by every Database on the same file in this event loop (a test's and the bot's), so two of
        them never wait for each other inside SQLite.
        """
        locks = _writers.setdefault(asyncio.get_running_loop(), {})
        lock = locks.get(self.url)
        if lock is None:
            lock = locks[self.url] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on any error.

        On SQLite it first waits its turn for the in-process writer (first come, first served).
        Inside ``batch()`` it is a savepoint of the batch's transaction.
        """
        shared = self._batch()
        if shared is not None:
            async with shared.session.begin_nested():
                yield shared.session
            return
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

        Anything written through the session raises ``ReadOnlyError`` at flush. The block ends by closing
        the session (its transaction is rolled back, there is nothing to commit); the rows read stay usable
        after it, as after ``transaction()`` (a rollback would expire them). Inside ``batch()`` it is the
        batch's session, so it sees what the batch wrote.
        """
        shared = self._batch()
        if shared is not None:
            yield shared.session
            return
        async with self.sessions() as session:
            session.info[_READ] = True
            await session.connection(execution_options={_READ: True})
            yield session

    def _batch(self) -> _Batch | None:
        shared = _batch.get()
        if shared is None or shared.db is not self or shared.task is not asyncio.current_task():
            return None
        return shared

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[None]:
        """Units of work in ONE write transaction (see the module's note); commits when the block ends.

        An error out of the block rolls everything back and no ``after_commit`` step runs. A batch
        inside a batch is the same batch.
        """
        if self._batch() is not None:
            yield
            return
        async with self.transaction() as session:
            shared = _Batch(self, session, asyncio.current_task())
            token = _batch.set(shared)
            try:
                yield
            finally:
                _batch.reset(token)
        for step in shared.after:
            try:
                await step()
            except Exception:
                log.exception("an after-commit step of a batch failed")

    async def after_commit(self, step: Callable[[], Awaitable[None]]) -> None:
        """Run ``step`` now, or inside ``batch()`` once the batch has committed (never if it fails).

        Call it after the unit of work's block has ended (its own commit, or its savepoint released)."""
        shared = self._batch()
        if shared is None:
            await step()
        else:
            shared.after.append(step)

    def reopen(self) -> Database:
        """Another Database on the same storage: a second process, or the same bot after a restart."""
        return Database(self.url, **self.engine_kwargs)

    async def dispose(self) -> None:
        await self.engine.dispose()
