"""Discord unreachable at start: Connect says so, waits, tries again with backoff, and runs once it answers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot import texts
from bot.app import ConnectBot
from bot.ops import startup
from bot.ops.logs import OPS_LOGGER
from bot.settings import Settings
from sandbox import Sandbox, default_world
from tests.ops.helpers import closed_port


def test_backoff_starts_at_30_seconds_and_stops_growing_at_5_minutes() -> None:
    delays = [startup.retry_delay(n) for n in range(8)]
    assert delays[:5] == [30, 60, 120, 240, 300]
    assert delays[5:] == [300, 300, 300]


async def test_tries_again_until_discord_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = closed_port()
    sb = Sandbox(world=default_world(), port=port)  # made now, started later on that port
    settings = Settings(
        discord_token=sb.token,  # type: ignore[arg-type]
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'connect.db'}",
        discord_api_base=f"http://127.0.0.1:{port}/api/v10",
        discord_gateway_url=f"ws://127.0.0.1:{port}/",
    )
    bots: list[ConnectBot] = []
    started = False
    caplog.set_level(logging.INFO, logger=OPS_LOGGER)
    third_try = asyncio.Event()

    def new_bot(bot: ConnectBot) -> None:
        bots.append(bot)
        if len(bots) == 3:  # two failed tries, and the third is on its way
            third_try.set()

    run = asyncio.create_task(startup.run_bot(settings, delays=(0.05, 0.1), on_bot=new_bot))
    try:
        await asyncio.wait_for(third_try.wait(), 30)
        said = [r.getMessage() for r in caplog.records if r.name == OPS_LOGGER]
        assert said[:2] == [
            texts.OPS_DISCORD_UNREACHABLE.format(seconds="0.05"),
            texts.OPS_DISCORD_UNREACHABLE.format(seconds="0.1"),
        ]
        await sb.start()
        started = True
        await sb.wait_until_connected(timeout=30)
        await asyncio.wait_for(bots[-1].wait_until_ready(), 30)
        said = [r.getMessage() for r in caplog.records if r.name == OPS_LOGGER]
        assert said[-1] == texts.OPS_READY_ONE
        assert not run.done()
        await bots[-1].close()
        assert await asyncio.wait_for(run, 30) == 0
    finally:
        if not run.done():
            run.cancel()
        if started:
            await sb.stop()
