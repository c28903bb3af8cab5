"""The bot's one modal dispatcher (bot/interactions.py) and its heap frozen while it runs (bot/heap.py).

A crowd's every button press starts a task per ``on_interaction`` listener, so the modals share ONE.
"""

from __future__ import annotations

import gc
import re
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord

from bot.answering import http_connector
from bot.app import create_bot
from bot.interactions import listen, modal_dispatcher, modal_listener
from bot.settings import Settings


def submitted(custom_id: str, kind: discord.InteractionType = discord.InteractionType.modal_submit) -> Any:
    return SimpleNamespace(
        id=1,
        type=kind,
        data={"custom_id": custom_id, "components": []},
        command=None,
        guild_id=7,
        created_at=datetime.now(UTC),
        extras={},
    )


async def test_one_listener_answers_every_feature_modal_first_match_wins() -> None:
    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # type: ignore[call-arg]
    try:
        for module in ("cogs.projects", "cogs.reminders", "cogs.tasks", "cogs.checkins", "cogs.thanks"):
            await bot.load_extension(module)
        dispatcher = modal_dispatcher(bot)
        assert bot.extra_events["on_interaction"] == [dispatcher.dispatch]
        before = len(dispatcher.templates())
        assert before >= 3

        seen: list[str] = []

        async def first(_i: Any, match: re.Match[str], _v: dict[str, str]) -> None:
            seen.append(f"first {match['n']}")

        async def second(_i: Any, _m: re.Match[str], _v: dict[str, str]) -> None:
            seen.append("second")

        route = modal_listener(r"test:(?P<n>\d+)", first)
        listen(bot, route)
        listen(bot, route)  # a feature's setup run again adds nothing
        listen(bot, modal_listener(r"test:\d+|test:x", second))
        assert len(dispatcher.templates()) == before + 2
        assert bot.extra_events["on_interaction"] == [dispatcher.dispatch]

        await dispatcher.dispatch(submitted("test:5"))
        await dispatcher.dispatch(submitted("test:x"))
        await dispatcher.dispatch(submitted("test:5", discord.InteractionType.component))  # a button: left alone
        await dispatcher.dispatch(submitted("test:55:" + "9" * 5000))  # hostile: matches no template
        assert seen == ["first 5", "second"]
    finally:
        await bot.close()


async def test_the_heap_is_frozen_while_the_bot_runs_and_thawed_when_it_closes() -> None:
    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # type: ignore[call-arg]
    try:
        await bot.on_ready()
        assert gc.get_freeze_count() > 0
    finally:
        await bot.close()
    assert gc.get_freeze_count() == 0


async def test_no_limit_on_the_bots_connections() -> None:
    """A limit made a crowd's acknowledgements queue for a free connection (bench/README.md, crowd)."""
    connector = http_connector()
    try:
        assert connector.limit == 0
    finally:
        await connector.close()
