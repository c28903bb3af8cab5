"""The start of ``python -m bot`` with a token: the database first (fails fast, one line), then Discord
(retried with backoff until it answers or Connect is stopped)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Sequence

import aiohttp
import discord

from bot import texts
from bot.app import ConnectBot, create_bot
from bot.ops.failures import (
    StartupFailure,
    describe_database_error,
    from_database_code,
    is_database_error,
)
from bot.ops.logs import said_with_detail
from bot.scheduling.processes import ShardClaimed
from bot.settings import Settings
from db import migrate
from db.engine import Database

log = logging.getLogger("connect.ops.startup")

# Seconds between tries to reach Discord: 30, then double, at most 5 minutes.
RETRY_DELAYS: Sequence[float] = (30, 60, 120, 240, 300)


def retry_delay(attempt: int, delays: Sequence[float] | None = None) -> float:
    delays = RETRY_DELAYS if delays is None else delays
    return delays[min(attempt, len(delays) - 1)]


def make_data_folder(settings: Settings) -> None:
    path = settings.sqlite_path()
    if path is None:
        return
    try:
        settings.ensure_data_folder()
    except OSError as err:
        said_with_detail("the data folder cannot be made", err, level=logging.DEBUG)
        raise StartupFailure(texts.OPS_DB_FOLDER.format(folder=path.parent), exit_code=2) from err


async def prepare_database(settings: Settings) -> Database:
    """Make the folder, refuse a database newer than the code, migrate. Known causes -> StartupFailure."""
    make_data_folder(settings)
    db = Database(settings.database_url)
    try:
        ahead = await migrate.revision_ahead_of_code(db.engine)
        if ahead is not None:
            line = texts.OPS_DB_AHEAD.format(revision=ahead, head=migrate.head_revision())
            raise StartupFailure(line, exit_code=2)
        await migrate.upgrade(db.engine)
    except StartupFailure:
        await db.dispose()
        raise
    except Exception as err:
        await db.dispose()
        if not is_database_error(err):
            raise
        raise database_failure(err, settings.database_url) from err
    return db


def database_failure(err: BaseException, url: str) -> StartupFailure:
    line = describe_database_error(err, url)
    logging.getLogger("connect").debug("database error at start: %s", line, exc_info=err)
    # Unreachable may pass by itself (systemd starts Connect again); the others need a person.
    unreachable = line.startswith(texts.OPS_DB_UNREACHABLE.split("{")[0])
    return StartupFailure(line, exit_code=1 if unreachable else 2)


def is_discord_unreachable(err: BaseException) -> bool:
    if isinstance(err, discord.HTTPException):
        return err.status >= 500 or err.status == 429
    if isinstance(err, (aiohttp.ClientError, discord.GatewayNotFound, TimeoutError)):
        return True
    return isinstance(err, OSError) and not from_database_code(err)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_bot(
    settings: Settings,
    *,
    db: Database | None = None,
    stop: asyncio.Event | None = None,
    delays: Sequence[float] | None = None,
    on_bot: Callable[[ConnectBot], None] | None = None,
) -> int:
    """Run until stopped. Exit code 0 when stopped; a StartupFailure for a known cause."""
    database = db or await prepare_database(settings)
    stop = stop or asyncio.Event()
    current: list[ConnectBot] = []
    closing: set[asyncio.Task[None]] = set()

    def stop_now() -> None:
        stop.set()
        for bot in current:
            task = asyncio.ensure_future(bot.close())
            closing.add(task)
            task.add_done_callback(closing.discard)

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop_now)
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()
    attempt = 0
    try:
        while not stop.is_set():
            # A fresh bot each try: a failed start may have loaded the cogs already.
            bot = create_bot(settings, db=database)
            current[:] = [bot]
            if on_bot is not None:
                on_bot(bot)
            try:
                await bot.start(token)
                return 0
            except discord.LoginFailure as err:
                raise StartupFailure(texts.STARTUP_BAD_TOKEN, exit_code=2) from err
            except ShardClaimed as err:  # another live process runs this shard: one plain line
                raise StartupFailure(str(err), exit_code=2) from err
            except Exception as err:
                if stop.is_set():
                    return 0
                if is_database_error(err) and from_database_code(err):
                    raise database_failure(err, settings.database_url) from err
                if not is_discord_unreachable(err):
                    raise
                if bot.is_ready():  # it ran for a while: start the backoff again from 30 seconds
                    attempt = 0
                seconds = retry_delay(attempt, delays)
                if isinstance(err, discord.HTTPException):
                    line = texts.OPS_DISCORD_ERROR.format(problem=err.status, seconds=f"{seconds:g}")
                else:
                    line = texts.OPS_DISCORD_UNREACHABLE.format(seconds=f"{seconds:g}")
                said_with_detail(line, err, level=logging.WARNING)
                attempt += 1
            finally:
                await bot.close()
            await _wait(stop, retry_delay(attempt - 1, delays))
        return 0
    finally:
        await database.dispose()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
