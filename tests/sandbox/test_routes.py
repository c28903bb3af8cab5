"""REST routes through real discord.py, responses as Discord shapes them, unknown routes recorded."""

from __future__ import annotations

import io

import aiohttp
import discord
import pytest
from discord.http import Route

from sandbox import Sandbox
from tests.sandbox.bare import BareBot


async def test_unknown_route_is_404_and_recorded(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel_id = sandbox.channel("general").id
    with pytest.raises(discord.NotFound):
        await bare_bot.http.request(Route("GET", "/channels/{channel_id}/pins", channel_id=channel_id))
    assert [str(u) for u in sandbox.unknown_routes] == [
        f"unknown route GET /channels/{channel_id}/pins (the sandbox does not implement it)"
    ]
    assert sandbox.problems()  # a test using the sandbox fails on it
    sandbox.clear_problems()


async def test_json_content_type_is_exact(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sandbox.token}"}) as http:
        async with http.get(f"{sandbox.api_base}/users/@me") as resp:
            assert resp.headers["Content-Type"] == "application/json"
        async with http.get(f"{sandbox.api_base}/gateway") as resp:
            assert (await resp.json())["url"] == sandbox.gateway_url
        async with http.get(f"{sandbox.api_base}/users/@me", headers={"Authorization": "Bot nope"}) as resp:
            assert resp.status == 401


async def test_guild_and_channel_reads(sandbox: Sandbox, bare_bot: BareBot) -> None:
    world = sandbox.world
    guild = await bare_bot.fetch_guild(world.first_guild.id, with_counts=True)
    assert guild.name == "Riverside Community" and guild.approximate_member_count == 6
    alex = await guild.fetch_member(world.user("Alex").id)
    assert [r.name for r in alex.roles if r.name != "@everyone"] == ["Co-production lead"]
    assert not alex.guild_permissions.manage_guild  # computed by discord.py from the roles we sent
    with pytest.raises(discord.NotFound):
        await guild.fetch_member(world.new_id())
    # guild.fetch_members() needs the members intent client-side; the route itself does not.
    members = await bare_bot.http.get_members(guild.id, 100, None)
    assert {m["user"]["global_name"] for m in members} == {"Morgan", "Connect", "Alex", "Sam", "Priya", "Jordan"}
    roles = await guild.fetch_roles()
    assert {r.name for r in roles} == {"@everyone", "Connect", "Co-production lead"}
    channels = await guild.fetch_channels()
    assert [c.name for c in channels] == ["general", "projects", "celebrations", "check-ins"]
    projects = await bare_bot.fetch_channel(world.channel("projects").id)
    assert isinstance(projects, discord.TextChannel) and projects.topic == "Projects we run together."


async def test_message_create_edit_fetch_history_delete(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = bare_bot.get_channel(sandbox.channel("projects").id)
    assert isinstance(channel, discord.TextChannel)
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    sent = await channel.send(
        "📅 Film club",
        embed=discord.Embed(title="Film club", description="Tuesday 3 June at 2pm").add_field(name="📍", value="Hall"),
        file=discord.File(io.BytesIO(ics), filename="film-club.ics"),
    )
    stored = sandbox.world.messages[sent.id]
    assert stored.attachment("film-club.ics").data == ics
    assert await sent.attachments[0].read() == ics  # served by the sandbox's own "CDN"
    edited = await sent.edit(content="📅 Film club (moved)")
    assert edited.edited_at is not None and stored.content == "📅 Film club (moved)"
    assert stored.attachments and stored.embeds[0]["title"] == "Film club"  # untouched fields stay
    fetched = await channel.fetch_message(sent.id)
    assert fetched.content == "📅 Film club (moved)" and fetched.embeds[0].fields[0].value == "Hall"
    await channel.send("second")
    history = [m.content async for m in channel.history(limit=10)]
    assert history == ["second", "📅 Film club (moved)"]
    await fetched.delete()
    assert [m.content for m in sandbox.channel("projects").messages] == ["second"]
    with pytest.raises(discord.NotFound):
        await channel.fetch_message(sent.id)


async def test_editing_a_members_message_is_refused(sandbox: Sandbox, bare_bot: BareBot) -> None:
    said = await sandbox.member("Sam").say("Hello all")
    channel = bare_bot.get_channel(said.channel_id)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.fetch_message(said.id)
    assert message.author.id == sandbox.user("Sam").id
    with pytest.raises(discord.Forbidden) as info:
        await message.edit(content="changed")
    assert info.value.code == 50005
    sandbox.clear_problems()


async def test_wait_for_message_and_dms(sandbox: Sandbox, bare_bot: BareBot) -> None:
    import asyncio

    async def later() -> None:
        await asyncio.sleep(0.05)
        user = await bare_bot.fetch_user(sandbox.user("Priya").id)
        await user.send("💬 How are you today?")

    task = asyncio.create_task(later())
    msg = await sandbox.wait_for_message(dm_of="Priya", predicate=lambda m: "How are you" in m.content, timeout=3)
    await task
    assert msg.author.id == sandbox.world.bot.id
    assert sandbox.dms_of("Priya") == [msg]
    assert sandbox.member("Priya").dms == [msg]
    with pytest.raises(TimeoutError):
        await sandbox.wait_for_message(channel="general", timeout=0.05)
