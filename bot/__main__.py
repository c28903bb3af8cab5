"""python -m bot: settings -> migrations -> run on Discord (or on the local sandbox without a token)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import discord

from bot import texts
from bot.app import create_bot
from bot.scheduling.processes import ShardClaimed
from bot.settings import Settings, SettingsError, load_settings
from db import migrate
from db.engine import Database

log = logging.getLogger("connect")


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # discord.py is chatty at INFO about gateway internals.
    quiet = max(logging.getLevelName(level), logging.WARNING)
    for noisy in ("discord", "alembic"):
        logging.getLogger(noisy).setLevel(quiet)


async def prepare_database(settings: Settings) -> Database:
    settings.ensure_data_folder()
    db = Database(settings.database_url)
    await migrate.upgrade(db.engine)
    return db


async def run_bot(settings: Settings) -> int:
    db = await prepare_database(settings)
    bot = create_bot(settings, db=db)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    assert settings.discord_token is not None
    try:
        await bot.start(settings.discord_token.get_secret_value())
    except discord.LoginFailure:
        print(texts.STARTUP_BAD_TOKEN, file=sys.stderr)
        return 2
    except ShardClaimed as err:  # another live process runs this shard: one plain line
        print(err, file=sys.stderr)
        return 2
    finally:
        await bot.close()
    return 0


async def run_without_token(settings: Settings) -> int:
    try:
        from bot.practice import run_practice
    except ImportError:  # a slimmed-down install without sandbox/
        print(texts.STARTUP_NO_TOKEN_NO_SANDBOX)
        return 0
    print(texts.STARTUP_NO_TOKEN)
    return await run_practice(settings)


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    try:
        if settings.discord_token is None:
            return asyncio.run(run_without_token(settings))
        return asyncio.run(run_bot(settings))
    except KeyboardInterrupt:  # Ctrl+C before the bot's own signal handlers were in place
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
