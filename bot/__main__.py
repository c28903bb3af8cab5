"""python -m bot: settings -> database -> Discord (or the local practice Discord without a token).

``python -m bot check`` checks the settings, the database and the token; ``python -m bot backup PATH``
backs up the data. A known reason not to start is one plain line (the traceback only at LOG_LEVEL=DEBUG).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from bot import texts
from bot.ops.failures import StartupFailure
from bot.ops.logs import say, setup_logging
from bot.ops.startup import run_bot
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("connect")


async def run_without_token(settings: Settings) -> int:
    try:
        from bot.practice import run_practice
    except ImportError:  # a slimmed-down install without sandbox/
        print(texts.STARTUP_NO_TOKEN_NO_SANDBOX)
        return 0
    print(texts.STARTUP_NO_TOKEN)
    return await run_practice(settings)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["check"]:
        from bot.ops import check

        return check.main()
    if args[:1] == ["backup"] and len(args) == 2:
        from bot.ops import backup

        try:
            settings = load_settings()
        except SettingsError as err:
            print(err, file=sys.stderr)
            return 2
        return backup.main(settings, args[1])
    if args:
        print(texts.OPS_USAGE, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.log_format)
    try:
        if settings.discord_token is None:
            return asyncio.run(run_without_token(settings))
        return asyncio.run(run_bot(settings))
    except StartupFailure as failure:
        say(failure.line, level=logging.ERROR)
        return failure.exit_code
    except KeyboardInterrupt:  # Ctrl+C before the bot's own signal handlers were in place
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
