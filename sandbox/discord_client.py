"""Run a real discord.py client against a Sandbox.

Kept apart from the rest of the package: it imports discord (the sandbox itself does not need it).

    async with BotRunner(sb, bot):      # points discord.py at the sandbox, starts, waits for on_ready
        ...
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl

from .server import Sandbox


@contextlib.contextmanager
def pointed_at(sb: Sandbox) -> Iterator[None]:
    """Make discord.py use the sandbox for REST (Route.BASE) and the gateway (DEFAULT_GATEWAY)."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = sb.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(sb.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class BotRunner:
    """Starts `client.start(token)` as a task and watches it.

    discord.py can lose its connection loop to an exception (say, a payload field it needs is missing)
    while `wait_until_ready()` still returns; `check()` turns such a dead task into a test failure.
    """

    def __init__(self, sb: Sandbox, client: discord.Client) -> None:
        self.sb = sb
        self.client = client
        self.task: asyncio.Task[None] | None = None
        self._patch: contextlib.ExitStack | None = None

    async def start(self, *, timeout: float = 10.0, shard_count: int | None = None) -> None:  # noqa: ASYNC109 (timeout= is part of the public API)
        self._patch = contextlib.ExitStack()
        self._patch.enter_context(pointed_at(self.sb))
        try:
            await self._start(limit=timeout, shard_count=shard_count)
        except BaseException:
            await self.client.close()
            self._patch.close()
            self._patch = None
            raise

    async def _start(self, *, limit: float, shard_count: int | None) -> None:
        self.task = asyncio.create_task(self.client.start(self.sb.token), name="discord.py client")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait({self.task, ready}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            ready.cancel()
            exc = self.task.exception()
            raise RuntimeError(f"discord.py stopped before it was ready: {exc!r}") from exc
        if ready not in done:
            ready.cancel()
            raise TimeoutError(f"discord.py was not ready within {limit}s; gateway: {self.sb.gateway.events}")
        await self.sb.wait_until_connected(shard_count=shard_count, timeout=limit)
        self.check()

    def check(self) -> None:
        """Raise if the client's task died."""
        if self.task is not None and self.task.done() and not self.task.cancelled():
            exc = self.task.exception()
            if exc is not None:
                raise RuntimeError(f"discord.py's connection task died: {exc!r}") from exc
            if not self.client.is_closed():
                raise RuntimeError("discord.py's connection task ended although the client was not closed")

    async def stop(self) -> None:
        try:
            self.check()
        finally:
            try:
                await self.client.close()
                if self.task is not None:
                    with contextlib.suppress(asyncio.CancelledError):
                        await asyncio.wait_for(self.task, 5.0)
            finally:
                if self._patch is not None:
                    self._patch.close()
                    self._patch = None

    async def __aenter__(self) -> BotRunner:
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()
