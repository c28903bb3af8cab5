"""``python -m bot check``: settings, database (reachable and migrated), token. Prints what it found.

Read only: it never makes the data folder, a database file or a migration. Exit 0 when all is ready,
1 when not, so monitoring (or ``make check-config``) can use it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp

from bot import texts
from bot.ops.failures import database_place, describe_database_error
from bot.settings import Settings, SettingsError, load_settings
from db import migrate
from db.engine import Database

DISCORD_TIMEOUT_S = 15


async def check_database(settings: Settings) -> tuple[bool, str]:
    where = database_place(settings.database_url)
    path = settings.sqlite_path()
    if path is not None and not path.exists():
        return False, texts.OPS_CHECK_DB_EMPTY.format(where=where)
    db = Database(settings.database_url)
    try:
        current = await migrate.current_revision(db.engine)
    except Exception as err:
        return False, texts.OPS_CHECK_PROBLEM.format(problem=describe_database_error(err, settings.database_url))
    finally:
        await db.dispose()
    head = migrate.head_revision()
    if current is None:
        return False, texts.OPS_CHECK_DB_EMPTY.format(where=where)
    if current not in migrate.known_revisions():
        problem = texts.OPS_DB_AHEAD.format(revision=current, head=head)
        return False, texts.OPS_CHECK_PROBLEM.format(problem=problem)
    if current != head:
        return False, texts.OPS_CHECK_DB_BEHIND.format(where=where, current=current, head=head)
    return True, texts.OPS_CHECK_DB_OK.format(where=where, revision=current)


async def check_token(settings: Settings) -> tuple[bool, str]:
    if settings.discord_token is None:
        return True, texts.OPS_CHECK_NO_TOKEN
    url = settings.discord_api_base
    headers = {"Authorization": f"Bot {settings.discord_token.get_secret_value()}"}
    timeout = aiohttp.ClientTimeout(total=DISCORD_TIMEOUT_S)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(f"{url}/users/@me", headers=headers) as response,
        ):
            if response.status == 401:
                return False, texts.OPS_CHECK_PROBLEM.format(problem=texts.STARTUP_BAD_TOKEN)
            if response.status != 200:
                problem = texts.OPS_CHECK_DISCORD_ERROR.format(url=url, problem=response.status)
                return False, texts.OPS_CHECK_PROBLEM.format(problem=problem)
            me = await response.json()
    except (aiohttp.ClientError, OSError, TimeoutError):
        problem = texts.OPS_CHECK_DISCORD_UNREACHABLE.format(url=url)
        return False, texts.OPS_CHECK_PROBLEM.format(problem=problem)
    return True, texts.OPS_CHECK_TOKEN_OK.format(name=me.get("username", "?"))


async def run_checks(settings: Settings) -> list[tuple[bool, str]]:
    return [(True, texts.OPS_CHECK_SETTINGS_OK), await check_database(settings), await check_token(settings)]


def main(say: Callable[[str], None] = print) -> int:
    try:
        settings = load_settings()
    except SettingsError as err:
        say(texts.OPS_CHECK_PROBLEM.format(problem=err))
        say(texts.OPS_CHECK_FOUND_ONE)
        return 1
    results = asyncio.run(run_checks(settings))
    for _, line in results:
        say(line)
    problems = sum(1 for ok, _ in results if not ok)
    if problems == 0:
        say(texts.OPS_CHECK_ALL_OK)
        return 0
    say(texts.OPS_CHECK_FOUND_ONE if problems == 1 else texts.OPS_CHECK_FOUND_PROBLEMS.format(count=problems))
    return 1
