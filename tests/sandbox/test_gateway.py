"""The gateway: resume after a drop, op 7, op 9, sharding, and the raw protocol."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import discord
import pytest

from sandbox import Sandbox, default_world
from tests.sandbox.bare import BareBot, MakeSandbox, ShardedBareBot, eventually
from tests.sandbox.conftest import RunBot


async def test_drop_then_resume_replays_missed_events(sandbox: Sandbox, bare_bot: BareBot) -> None:
    sam = sandbox.member("Sam")
    await sandbox.drop_gateway()
    missed = await sam.say("Are we meeting today?")  # the socket is gone: the event waits in the session
    await sandbox.gateway.wait_for("resumed")
    await eventually(lambda: any(m.id == missed.id for m in bare_bot.seen_messages))
    assert sandbox.gateway.count("identify") == 1  # resumed, not a new session
    resume = next(e for e in sandbox.gateway.events if e.kind == "resume")
    assert "path=/resume-gateway/" in resume.detail  # discord.py used READY's resume_gateway_url
    assert "replayed=1" in resume.detail
    seen_by_bot = next(m for m in bare_bot.seen_messages if m.id == missed.id)
    assert seen_by_bot.content == ""  # no MESSAGE_CONTENT intent: Discord blanks other people's text
    assert (await sam.slash("hello", name="Sam")).content == "Hello Sam."


async def test_op7_reconnect_resumes(sandbox: Sandbox, bare_bot: BareBot) -> None:
    await sandbox.request_reconnect()
    await sandbox.gateway.wait_for("resumed")
    assert sandbox.gateway.count("identify") == 1
    resume = next(e for e in sandbox.gateway.events if e.kind == "resume")
    assert "path=/resume-gateway/" in resume.detail
    assert (await sandbox.member("Priya").slash("hello", name="Priya")).content == "Hello Priya."


async def test_invalid_session_makes_discord_py_identify_again(sandbox: Sandbox, bare_bot: BareBot) -> None:
    await sandbox.invalidate_session(resumable=False)
    await sandbox.gateway.wait_for("identify", count=2)
    await eventually(lambda: bare_bot.ready_count == 2)
    assert len(sandbox.gateway.sessions) == 1
    # A fresh session starts at the main gateway URL, not at the old session's resume URL.
    second = [e for e in sandbox.gateway.events if e.kind == "identify"][1]
    assert "path=/ " in second.detail
    assert (await sandbox.member("Sam").slash("hello", name="Sam")).content == "Hello Sam."


async def test_resumable_invalid_session_resumes(sandbox: Sandbox, bare_bot: BareBot) -> None:
    await sandbox.invalidate_session(resumable=True)
    await sandbox.gateway.wait_for("resumed")
    assert sandbox.gateway.count("identify") == 1


async def test_two_shards_each_see_their_guild(make_sandbox: MakeSandbox, run_bot: RunBot) -> None:
    world = default_world()
    first = world.first_guild
    first_shard = (first.id >> 22) % 2
    second = world.add_guild("Hillside Makers", owner=world.user("Morgan"), shard=(1 - first_shard, 2))
    world.add_channel(second, "general")
    world.add_member(second, world.user("Sam"))
    sb = await make_sandbox(world=world)
    bot = await run_bot(sb, ShardedBareBot(shard_count=2), shard_count=2)

    g1, g2 = bot.get_guild(first.id), bot.get_guild(second.id)
    assert g1 is not None and g2 is not None
    assert g1.shard_id == first_shard and g2.shard_id == 1 - first_shard
    sessions = {s.shard_id: s for s in sb.gateway.sessions.values()}
    assert set(sessions) == {0, 1} and all(s.shard_count == 2 for s in sessions.values())
    for shard_id, session in sessions.items():
        ready = next(p["d"] for p in session.buffer if p["t"] == "READY")
        assert ready["shard"] == [shard_id, 2]
        guild_ids = [p["d"]["id"] for p in session.buffer if p["t"] == "GUILD_CREATE"]
        expected = first.id if shard_id == first_shard else second.id
        assert guild_ids == [str(expected)]

    seen = await sb.member("Sam", guild="Hillside Makers").slash("hello", name="Sam")
    assert seen.content == "Hello Sam."
    target = sessions[1 - first_shard]
    assert any(p["t"] == "INTERACTION_CREATE" and p["d"]["id"] == str(seen.interaction.id) for p in target.buffer)


async def _receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    msg = await ws.receive(timeout=5)
    assert msg.type is aiohttp.WSMsgType.TEXT, msg
    data: dict[str, Any] = json.loads(msg.data)
    return data


async def test_raw_protocol_without_compression(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(sandbox.gateway_url + "?v=10&encoding=json") as ws:
            hello = await _receive(ws)
            assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 5000
            await ws.send_json({"op": 1, "d": None})
            assert (await _receive(ws))["op"] == 11
            await ws.send_json({"op": 2, "d": {"token": sandbox.token, "intents": 1, "properties": {}}})
            ready = await _receive(ws)
            assert (ready["op"], ready["t"], ready["s"]) == (0, "READY", 1)
            d = ready["d"]
            assert d["v"] == 10 and d["session_id"] and d["resume_gateway_url"] == sandbox.resume_gateway_url
            assert d["user"]["id"] == str(sandbox.world.bot.id) and d["application"]["id"]
            assert d["guilds"] == [{"id": str(sandbox.world.first_guild.id), "unavailable": True}]
            assert "shard" not in d
            create = await _receive(ws)
            assert (create["t"], create["s"]) == ("GUILD_CREATE", 2)
            g = create["d"]
            assert g["member_count"] == 6 and g["large"] is False and g["unavailable"] is False
            # Without GUILD_MEMBERS only the bot's own member is sent, as on Discord.
            assert [m["user"]["id"] for m in g["members"]] == [str(sandbox.world.bot.id)]
            assert all({"roles", "flags", "joined_at"} <= set(m) for m in g["members"])
            await ws.send_json({"op": 2, "d": {"token": sandbox.token, "intents": 1, "properties": {}}})
            closing = await ws.receive(timeout=5)
            assert closing.type is aiohttp.WSMsgType.CLOSE and closing.data == 4005


@pytest.mark.parametrize(
    ("query", "identify", "code"),
    [
        ("?v=10&encoding=json", {"token": "wrong", "intents": 1}, 4004),
        ("?v=10&encoding=json", {"token": None, "intents": 1, "shard": [2, 2]}, 4010),
        ("?v=9&encoding=json", None, 4012),
        ("?v=10&encoding=etf", None, 4002),
    ],
)
async def test_raw_protocol_close_codes(
    sandbox: Sandbox, query: str, identify: dict[str, Any] | None, code: int
) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(sandbox.gateway_url + query) as ws:
        if identify is not None:
            assert (await _receive(ws))["op"] == 10
            if identify["token"] is None:
                identify["token"] = sandbox.token
            await ws.send_json({"op": 2, "d": {"properties": {}, **identify}})
        closing = await ws.receive(timeout=5)
        assert closing.type is aiohttp.WSMsgType.CLOSE and closing.data == code


async def test_dead_client_task_is_reported(make_sandbox: MakeSandbox) -> None:
    from sandbox.discord_client import BotRunner

    sb = await make_sandbox()
    sb.gateway.allowed_intents = 1  # the "portal" does not allow privileged intents: close 4014
    bot = BareBot(intents=discord.Intents(guilds=True, members=True))
    runner = BotRunner(sb, bot)
    with pytest.raises(RuntimeError, match="PrivilegedIntentsRequired"):
        await runner.start(timeout=5)
    assert bot.is_closed()
    assert discord.http.Route.BASE == "https://discord.com/api/v10"  # the patch was undone


async def test_heartbeat_ack_comes_after_a_round_trip_so_discord_py_keeps_up(
    make_sandbox: MakeSandbox, run_bot: RunBot
) -> None:
    # An ACK sent at once can reach discord.py before its keep-alive thread notes the send time: the
    # latency then reads as a whole interval, and at Discord's 41 s interval it warns "Can't keep up ...
    # 41.3s behind" at every beat. With 1 s beats the wrong latency reads about 1 s, the right one 0.05 s.
    sb = await make_sandbox(heartbeat_interval_ms=1000)
    bot = await run_bot(sb)
    latencies: list[float] = []

    def beats() -> bool:
        if bot.latency == bot.latency:  # not NaN: at least one ACK arrived
            latencies.append(bot.latency)
        return sum(c.heartbeats for c in sb.gateway.connections) >= 6

    await eventually(beats, within=15)
    await asyncio.sleep(0.2)  # the last ACK
    latencies.append(bot.latency)
    assert latencies and max(latencies) < 0.5, latencies
