"""Which exception means what, so a known cause becomes one plain line (start-up) or a kind reply (running).

``db/engine.py`` is not wrapped: exceptions are classified where they arrive. With asyncpg, a refused
connection comes out raw (``ConnectionRefusedError``, no SQLAlchemy wrapper); a dropped one comes out
as SQLAlchemy's ``DBAPIError`` with ``connection_invalidated``. Both mean "the database went away".
"""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Iterator
from pathlib import Path

import asyncpg.exceptions as pg_exc
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from bot import texts

# The innermost library frame an OSError passed through tells where it came from: the database driver,
# or Discord's HTTP. (Outer frames do not: SQLAlchemy re-raises anything raised inside a transaction.)
_DB_MODULES = ("sqlalchemy.", "asyncpg.", "aiosqlite.")
_OTHER_MODULES = ("aiohttp.", "discord.")


class StartupFailure(Exception):
    """A known reason Connect cannot start. ``line`` is the one plain sentence; ``exit_code`` for systemd.

    Exit code 1: may pass by itself (systemd restarts Connect). Exit code 2: a person must change something.
    """

    def __init__(self, line: str, *, exit_code: int = 1) -> None:
        super().__init__(line)
        self.line = line
        self.exit_code = exit_code


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what caused it, and the driver's error under a SQLAlchemy wrapper."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(nxt, BaseException):
                todo.append(nxt)


def from_database_code(error: BaseException) -> bool:
    frames = [frame for frame, _ in traceback.walk_tb(error.__traceback__)]
    for frame in reversed(frames):  # innermost first
        module = str(frame.f_globals.get("__name__", ""))
        if module.startswith(_DB_MODULES):
            return True
        if module.startswith(_OTHER_MODULES):
            return False
    return False


def _is_pg(error: BaseException, *names: str) -> bool:
    kinds = tuple(getattr(pg_exc, name) for name in names if hasattr(pg_exc, name))
    return bool(kinds) and isinstance(error, kinds)


def is_database_outage(error: BaseException) -> bool:
    """True when the database is away or busy for now (not a bug): the action may work in a minute."""
    for err in chain(error):
        if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
            return True
        if isinstance(err, (sa_exc.OperationalError, sa_exc.DisconnectionError, sa_exc.TimeoutError)):
            return True
        if isinstance(err, sqlite3.OperationalError):
            return True
        if _is_pg(err, "PostgresConnectionError", "OperatorInterventionError"):
            return True
        if isinstance(err, sa_exc.InterfaceError) and _mentions_closed_connection(err):
            return True
        if isinstance(err, OSError) and from_database_code(err):
            return True
    return False


def _mentions_closed_connection(error: BaseException) -> bool:
    text = str(error).lower()
    return "connection" in text and ("closed" in text or "lost" in text or "does not exist" in text)


def database_place(url: str) -> str:
    """Where the database is, for people: the SQLite file, or host:port/name (never the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database or ":memory:"))
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def describe_database_error(error: BaseException, url: str) -> str:
    """One plain line for an error met while opening or upgrading the database at start."""
    parsed = make_url(url)
    where = database_place(url)
    if parsed.get_backend_name() == "sqlite":
        for err in chain(error):
            if isinstance(err, (sqlite3.OperationalError, sa_exc.OperationalError, PermissionError)):
                return texts.OPS_DB_NOT_WRITABLE.format(path=where)
        return texts.OPS_DB_OTHER.format(where=where, problem=_one_line(error))
    host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    for err in chain(error):
        if _is_pg(err, "InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return texts.OPS_DB_LOGIN_REFUSED.format(host=host)
        if _is_pg(err, "InvalidCatalogNameError"):
            return texts.OPS_DB_MISSING.format(name=parsed.database or "", host=host)
    for err in chain(error):
        if isinstance(err, OSError) or _is_pg(err, "PostgresConnectionError", "CannotConnectNowError"):
            return texts.OPS_DB_UNREACHABLE.format(host=host)
    return texts.OPS_DB_OTHER.format(where=where, problem=_one_line(error))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]


def is_database_error(error: BaseException) -> bool:
    """Anything raised by the database layer at start (as opposed to a bug elsewhere)."""
    return any(
        isinstance(err, (sa_exc.SQLAlchemyError, sqlite3.Error, OSError))
        or _is_pg(err, "PostgresError", "InterfaceError")
        for err in chain(error)
    )
