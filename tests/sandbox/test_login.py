"""Real discord.py logs in, gets READY + GUILD_CREATE, and syncs its commands."""

from __future__ import annotations

import discord
import pytest

from sandbox import Sandbox, default_world
from sandbox import permissions as P
from sandbox.discord_client import pointed_at
from tests.sandbox.bare import BareBot


async def test_login_ready_guild_create_and_command_sync(sandbox: Sandbox, bare_bot: BareBot) -> None:
    world = sandbox.world
    assert bare_bot.user is not None and bare_bot.user.id == world.bot.id
    assert bare_bot.application_id == world.application.id
    assert bare_bot.ready_count == 1

    # READY listed the guild, GUILD_CREATE filled it in.
    guild = bare_bot.get_guild(world.first_guild.id)
    assert guild is not None and guild.name == "Riverside Community"
    assert [c.name for c in guild.text_channels] == ["general", "projects", "celebrations", "check-ins"]
    assert {r.name for r in guild.roles} >= {"@everyone", "Co-production lead", "Connect"}
    assert guild.owner_id == world.user("Morgan").id
    assert guild.me is not None  # the bot's own member came with GUILD_CREATE

    # Login order as discord.py does it, then the command sync.
    calls = [(r.method, r.path) for r in sandbox.requests]
    assert calls[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("PUT", f"/applications/{world.application.id}/commands") in calls
    assert {c.name for c in world.global_commands} == {
        "hello",
        "card",
        "whoami",
        "ignore",
        "late",
        "twice",
        "keep",
        "invite",
        "assign",
        "setup",
        "project",
    }
    setup = next(c for c in world.global_commands if c.name == "setup")
    assert setup.data["default_member_permissions"] == "32" and setup.data["contexts"] == [0]
    project = next(c for c in world.global_commands if c.name == "project")
    assert {o["name"] for o in project.options} == {"new", "pick", "remind"}

    # The gateway spoke zlib-stream, as discord.py 2.7.1 asks on Python 3.11.
    identify = [e for e in sandbox.gateway.events if e.kind == "identify"]
    assert len(identify) == 1 and "compress=zlib-stream" in identify[0].detail


async def test_guild_command_sync_and_fetch(sandbox: Sandbox, bare_bot: BareBot) -> None:
    guild = discord.Object(id=sandbox.world.first_guild.id)
    bare_bot.tree.copy_global_to(guild=guild)
    synced = await bare_bot.tree.sync(guild=guild)
    assert {c.name for c in synced} >= {"hello", "project"}
    assert {c.name for c in sandbox.world.guild_commands[guild.id]} == {c.name for c in synced}
    fetched = await bare_bot.tree.fetch_commands(guild=guild)
    assert {c.id for c in fetched} == {c.id for c in synced}
    # Re-syncing the same commands keeps their ids, as Discord does.
    again = await bare_bot.tree.sync(guild=guild)
    assert {c.id for c in again} == {c.id for c in synced}


async def test_wrong_token_is_refused(sandbox: Sandbox) -> None:
    bot = BareBot()
    with pointed_at(sandbox):
        with pytest.raises(discord.LoginFailure):
            await bot.login("not-the-token")
    await bot.close()
    assert sandbox.requests[-1].status == 401


def test_default_world_permissions() -> None:
    world = default_world()
    guild = world.first_guild
    alex = guild.member("Alex")
    lead = guild.role("Co-production lead")
    assert lead.id in alex.role_ids
    assert not P.has(guild.permissions_of(alex), P.MANAGE_GUILD)
    assert not guild.everyone_role.permissions & P.MANAGE_GUILD
    owner = guild.members[guild.owner_id]
    assert owner.user.display_name == "Morgan"
    assert guild.permissions_of(owner) == P.ALL
    for name in ("Sam", "Priya", "Jordan"):
        member = guild.member(name)
        assert member.role_ids == []
        assert P.has(guild.permissions_of(member, guild.channel("general")), P.SEND_MESSAGES)
    # An administrator role grants everything; a channel overwrite can hide a channel.
    admin = world.add_role(guild, "Admin", permissions=P.ADMINISTRATOR)
    guild.member("Priya").role_ids.append(admin.id)
    assert guild.permissions_of(guild.member("Priya")) == P.ALL
    from sandbox import Overwrite

    secret = world.add_channel(
        guild,
        "leads-only",
        overwrites=[Overwrite(guild.id, 0, deny=P.VIEW_CHANNEL), Overwrite(lead.id, 0, allow=P.VIEW_CHANNEL)],
    )
    assert guild.permissions_of(guild.member("Sam"), secret) == 0
    assert P.has(guild.permissions_of(alex, secret), P.VIEW_CHANNEL)


def test_snowflakes_carry_time_and_can_pick_a_shard() -> None:
    from sandbox import snowflake_time

    world = default_world()
    ids = [world.new_id() for _ in range(1000)]
    assert ids == sorted(set(ids))
    assert abs((snowflake_time(ids[-1]) - world.clock.now()).total_seconds()) < 5
    for shard in range(3):
        assert (world.new_id(shard=(shard, 3)) >> 22) % 3 == shard
