"""/status end to end: the real bot runs shard 0 of 2 (SHARD_COUNT=2), no process runs the other shard; a lead
sees that part is off and what to tell the person who runs Connect. With every shard running it says so."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import texts
from bot.clock import OffsetClock
from bot.scheduling.processes import ProcessRegistry
from bot.settings import Settings
from sandbox import Sandbox
from tests.conftest import drop_database, make_database
from tests.e2e.conftest import Connect, easy_read_problems


@dataclass
class HalfConnect(Connect):
    """Connect told it is one of two shards, running the shard of the sandbox's server."""

    shard_id: int = 0

    def settings(self) -> Settings:
        return super().settings().model_copy(update={"shard_count": 2, "shard_id": self.shard_id})


@pytest.fixture
async def half(
    sandbox: Sandbox, db_kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[HalfConnect]:
    database = await make_database(db_kind, tmp_path)
    shard = sandbox.world.shard_of(sandbox.guild().id, 2)
    app = HalfConnect(sb=sandbox, database=database, clock=OffsetClock(), shard_id=shard)
    try:
        with caplog.at_level(logging.ERROR, logger="connect"):
            await app.start()
            yield app
    finally:
        await app.stop()
        await drop_database(database)
    problems = sandbox.problems() + app.check_pings() + easy_read_problems(sandbox)
    if problems:
        pytest.fail("end-to-end problems:\n  " + "\n  ".join(problems))


async def test_a_lead_sees_the_part_with_no_process(
    half: HalfConnect, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    other = 1 - half.shard_id
    refused = await sandbox.member("Sam").slash("status")
    assert refused.content == texts.ONLY_LEADS_OR_MANAGERS

    seen = await sandbox.member("Morgan").slash("status")
    assert seen.ephemeral
    assert seen.embeds[0]["title"] == texts.STATUS_TITLE
    assert texts.STATUS_PART_OFF.format(part=other + 1, parts=2) in seen.text
    assert texts.STATUS_FOR_ADMIN.format(shards=other) in seen.text
    assert texts.STATUS_ALL_ON not in seen.text
    # The person who runs Connect saw it in the log too (at start; then once a minute).
    assert any(r.getMessage().startswith(f"No process runs shard {other}.") for r in caplog.get_records("setup"))

    # A second process starts for the other shard: now every part is on.
    assert half.bot is not None
    other_process = ProcessRegistry(half.bot.services.db, [other], 2, host="elsewhere", pid=4242)
    await other_process.register()
    try:
        seen = await sandbox.member("Morgan").slash("status")
    finally:
        await other_process.close()
    assert seen.embeds[0]["description"] == texts.STATUS_ALL_ON
