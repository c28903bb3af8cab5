"""Fixtures for testing the Discord sandbox with a BARE discord.py bot (not the Connect bot).

- `make_sandbox(**kwargs)`: start a Sandbox (default world, fast heartbeat); stopped after the test,
  and the test fails if the sandbox recorded problems the test did not clear.
- `sandbox`: `make_sandbox()` with defaults.
- `bare_bot`: a small commands.Bot (persistent button view, slash commands, a modal, a select)
  connected to `sandbox` through real discord.py.
- `run_bot(sb, bot=None)`: connect a bot to a custom sandbox (stopped after the test).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from sandbox import Sandbox, default_world
from sandbox.discord_client import BotRunner
from tests.sandbox.bare import BareBot, MakeSandbox

RunBot = Callable[..., Awaitable[Any]]


@pytest.fixture
async def make_sandbox() -> AsyncIterator[MakeSandbox]:
    started: list[Sandbox] = []

    async def make(**kwargs: Any) -> Sandbox:
        kwargs.setdefault("world", default_world())
        kwargs.setdefault("heartbeat_interval_ms", 5000)
        sb = Sandbox(**kwargs)
        await sb.start()
        started.append(sb)
        return sb

    yield make
    for sb in started:
        await sb.stop()
    for sb in started:
        sb.assert_no_problems()


@pytest.fixture
async def sandbox(make_sandbox: MakeSandbox) -> Sandbox:
    return await make_sandbox()


@pytest.fixture
async def bare_bot(sandbox: Sandbox) -> AsyncIterator[BareBot]:
    bot = BareBot()
    runner = BotRunner(sandbox, bot)
    await runner.start()
    try:
        yield bot
    finally:
        await runner.stop()


@pytest.fixture
async def run_bot() -> AsyncIterator[RunBot]:
    """`await run_bot(sb, bot=None, shard_count=None)`: connect a bot (default: a BareBot) to `sb`."""
    runners: list[BotRunner] = []

    async def run(sb: Sandbox, bot: Any = None, shard_count: int | None = None) -> Any:
        bot = bot if bot is not None else BareBot()
        runner = BotRunner(sb, bot)
        runners.append(runner)
        await runner.start(shard_count=shard_count)
        return bot

    yield run
    for runner in reversed(runners):
        await runner.stop()
