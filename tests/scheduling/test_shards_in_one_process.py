"""Several shards in one process (SHARD_COUNT=2, SHARD_IDS=0,1): the real bot through discord.py's
AutoShardedBot against the stand-in opens one gateway session per shard, claims both shards in the process
registry, and delivers each guild's rows once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.app import ShardedConnectBot, create_bot
from bot.clock import OffsetClock
from bot.outbox import OutMessage
from bot.scheduling.registry import Job
from bot.settings import Settings, SettingsError, load_settings
from db.engine import Database
from db.repositories import processes as prepo
from db.repositories import scheduled as repo
from sandbox import Sandbox, default_world
from sandbox.discord_client import BotRunner
from tests.scheduling.harness import add_row, all_rows


@pytest.fixture
async def two_shard_world() -> AsyncIterator[Sandbox]:
    world = default_world()
    first = world.first_guild
    second = world.add_guild("Hillside Makers", owner=world.user("Morgan"), shard=(1 - world.shard_of(first.id, 2), 2))
    world.add_channel(second, "general")
    sb = Sandbox(world=world, heartbeat_interval_ms=5000, openapi=False)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()


async def test_one_process_on_shards_0_and_1_delivers_each_guilds_rows_once(
    two_shard_world: Sandbox, db: Database
) -> None:
    sb = two_shard_world
    settings = Settings(
        discord_token=sb.token,  # type: ignore[arg-type]
        database_url=db.url,
        discord_api_base=sb.api_base,
        discord_gateway_url=sb.gateway_url,
        shard_count=2,
        shard_ids="0,1",
    )
    clock = OffsetClock()
    bot = create_bot(settings, db=db.reopen(), clock=clock)
    assert isinstance(bot, ShardedConnectBot)

    async def post(job: Job) -> None:
        channel = int(job.payload["channel"])
        await job.notifier.send_to_channel(channel, OutMessage(content=f"Row {job.id}"), job.nonce)

    bot.services.registry.register("test_post", post)
    guilds = list(sb.world.guilds.values())
    channels = {g.id: g.text_channels[0].id for g in guilds}
    for guild in guilds:
        for _ in range(3):
            await add_row(db, clock.now(), kind="test_post", guild_id=guild.id, payload={"channel": channels[guild.id]})

    runner = BotRunner(sb, bot)
    await runner.start(shard_count=2)
    try:
        assert bot.shard_ids == [0, 1]
        assert {s.shard_id for s in sb.gateway.connected_sessions()} == {0, 1}
        assert bot.process is not None and bot.process.shard_ids == (0, 1)
        async with db.transaction() as session:
            (row,) = await prepo.all_processes(session)
        assert prepo.shards_of(row) == {0, 1}
        clock.advance(timedelta(hours=1))
        await bot.scheduler.run_due_now()  # type: ignore[union-attr]  # (its own timer may have fired some first)
        rows = [r for r in await all_rows(db) if r.kind == "test_post"]
        assert await bot.process.check_shards() == {}, "every shard has its owner"
    finally:
        await runner.stop()

    assert [r.state for r in rows] == [repo.DONE] * 6
    for guild in guilds:
        channel = sb.world.channel(channels[guild.id])
        texts_seen = [m.content for m in channel.all_messages if m.author.id == sb.world.bot.id]
        assert len(texts_seen) == 3 and len(set(texts_seen)) == 3, f"{guild.name}: each row once"


@pytest.mark.parametrize(
    ("shard_ids", "problem"),
    [("0,2", "smaller than SHARD_COUNT"), ("zero", "numbers with commas"), (",", "smaller than SHARD_COUNT")],
)
def test_bad_shard_ids_are_one_plain_line(shard_ids: str, problem: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(discord_token="x", shard_count=2, shard_ids=shard_ids)
    assert "The setting SHARD_IDS is not right" in str(refused.value)
    assert problem in str(refused.value) and "\n" not in str(refused.value)


def test_shard_ids_without_a_shard_count_is_refused() -> None:
    with pytest.raises(SettingsError, match="SHARD_COUNT"):
        load_settings(discord_token="x", shard_ids="0,1")


def test_blank_shard_ids_as_in_env_example_means_one_shard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_IDS", "")
    settings = load_settings(discord_token="x")
    assert settings.shard_ids is None and settings.owned_shards() == [0]
