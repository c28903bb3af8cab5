"""The stand-in's read-only inspection route (sandbox/inspect.py), used by bench/processes.py."""

from __future__ import annotations

import aiohttp

from bot.notifier import DiscordNotifier
from bot.outbox import OutMessage
from bot.ratelimit import TokenBucket
from sandbox import Sandbox, default_world
from sandbox.discord_client import pointed_at
from tests.scheduling.test_standin import http_client


async def test_inspect_shows_dms_requests_and_summary_and_changes_nothing() -> None:
    sb = Sandbox(world=default_world(), openapi=False)
    await sb.start()
    try:
        sam = sb.user("Sam")
        with pointed_at(sb):
            client = await http_client(sb)
            await DiscordNotifier(client, TokenBucket()).send_dm(sam.id, OutMessage(content="Hello Sam."), "n1")
            await client.close()
        before = len(sb.requests)
        async with aiohttp.ClientSession() as http:
            dms = await (await http.get(f"{sb.base_url}/_sandbox/dms")).json()
            summary = await (await http.get(f"{sb.base_url}/_sandbox/summary")).json()
            requests = await (await http.get(f"{sb.base_url}/_sandbox/requests")).json()
            limits = await (await http.get(f"{sb.base_url}/_sandbox/rate_limits")).json()
        assert [(d["user_id"], d["content"], d["nonce"]) for d in dms] == [(str(sam.id), "Hello Sam.", "n1")]
        assert summary["bot_dms"] == 1 and summary["rate_limited"] == 0 and summary["problems"] == []
        assert any(r["path"].endswith("/messages") and r["status"] == 200 for r in requests)
        assert limits == []
        assert len(sb.requests) == before, "looking is not a Discord request"
    finally:
        await sb.stop()
