"""Rate limits and faults: 429 with Discord's headers, discord.py waiting and retrying."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord

from sandbox import Sandbox
from sandbox.ratelimit import Rule
from tests.sandbox.bare import BareBot, MakeSandbox
from tests.sandbox.conftest import RunBot


def _headers(sb: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bot {sb.token}"}


async def test_429_storm_then_discord_py_retries(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(sandbox.channel("general").id)
    assert isinstance(channel, discord.TextChannel)
    sandbox.faults.storm_429(0.3)
    started = time.monotonic()
    sent = await channel.send("Film club is on Tuesday.")
    assert time.monotonic() - started >= 0.25  # discord.py slept retry_after
    assert sandbox.rate_limited and sandbox.rate_limited[0].retry_after > 0
    statuses = [r.status for r in sandbox.requests if r.path.endswith("/messages")]
    assert statuses[0] == 429 and statuses[-1] == 200
    assert sandbox.channel("general").messages[-1].id == sent.id


async def test_429_carries_discords_headers_and_body(sandbox: Sandbox) -> None:
    sandbox.ratelimiter.rules["POST /channels/{channel_id}/messages"] = Rule(2, 30.0)
    url = f"{sandbox.api_base}/channels/{sandbox.channel('general').id}/messages"
    async with aiohttp.ClientSession(headers=_headers(sandbox)) as http:
        remaining = []
        for _ in range(2):
            async with http.post(url, json={"content": "hi"}) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == "application/json"
                remaining.append(resp.headers["X-RateLimit-Remaining"])
                assert resp.headers["X-RateLimit-Limit"] == "2"
                bucket = resp.headers["X-RateLimit-Bucket"]
                assert float(resp.headers["X-RateLimit-Reset-After"]) > 0
                assert float(resp.headers["X-RateLimit-Reset"]) > time.time()
        assert remaining == ["1", "0"]
        async with http.post(url, json={"content": "hi"}) as resp:
            assert resp.status == 429
            body = await resp.json()
            assert body["global"] is False and body["retry_after"] > 0 and body["message"]
            assert int(resp.headers["Retry-After"]) >= 1
            assert resp.headers["X-RateLimit-Scope"] == "user"
            assert resp.headers["X-RateLimit-Bucket"] == bucket
            assert resp.headers["Via"]  # discord.py treats a 429 without Via as a Cloudflare ban
    assert len(sandbox.rate_limited) == 1 and not sandbox.rate_limited[0].is_global


async def test_discord_py_respects_the_bucket(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sandbox.ratelimiter.rules["POST /channels/{channel_id}/messages"] = Rule(2, 0.4)
    channel = bare_bot.get_channel(sandbox.channel("projects").id)
    assert isinstance(channel, discord.TextChannel)
    started = time.monotonic()
    for i in range(3):
        await channel.send(f"Message {i}")
    assert time.monotonic() - started >= 0.3  # the third waited for the bucket to reset
    assert [m.content for m in sandbox.channel("projects").messages] == ["Message 0", "Message 1", "Message 2"]


async def test_global_limit_spares_interaction_callbacks(make_sandbox: MakeSandbox, run_bot: RunBot) -> None:
    sb = await make_sandbox(global_rate_limit=1000)
    await run_bot(sb)
    sb.ratelimiter.global_limit = 2
    sb.ratelimiter.reset()
    async with aiohttp.ClientSession(headers=_headers(sb)) as http:
        statuses = []
        for _ in range(3):
            async with http.get(f"{sb.api_base}/users/@me") as resp:
                statuses.append(resp.status)
                if resp.status == 429:
                    assert (await resp.json())["global"] is True
                    assert resp.headers["X-RateLimit-Global"] == "true"
                    assert resp.headers["X-RateLimit-Scope"] == "global"
    assert statuses == [200, 200, 429]
    # Still inside the same second: a slash command's callback is not bound to the global limit.
    seen = await sb.member("Sam").slash("hello", name="Sam")
    assert seen.content == "Hello Sam."
    assert sb.rate_limited[-1].is_global


async def test_fail_next_500_is_retried(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(sandbox.channel("general").id)
    assert isinstance(channel, discord.TextChannel)
    sandbox.faults.fail_next(1, status=500, route_contains="/messages")
    await channel.send("Hello after a hiccup.")  # discord.py waits 1 s and tries again
    statuses = [r.status for r in sandbox.requests if r.path.endswith("/messages")]
    assert statuses == [500, 200]
    sandbox.faults.fail_next(1, status=403, route_contains="/messages", code=50013, message="Missing Permissions")
    try:
        await channel.send("Refused.")
    except discord.Forbidden as exc:
        assert exc.code == 50013
    else:
        raise AssertionError("the injected 403 did not reach discord.py")
    await asyncio.sleep(0)
