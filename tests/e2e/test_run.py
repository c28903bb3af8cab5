"""`python -m bot` with a token, as `make run` starts it: migrations, login, commands, an answer, then a clean stop."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot import texts
from sandbox import Sandbox

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_real_process_connects_answers_and_stops_cleanly(
    sandbox: Sandbox, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO),
        DISCORD_TOKEN=sandbox.token,
        DISCORD_API_BASE=sandbox.api_base,
        DISCORD_GATEWAY_URL=sandbox.gateway_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'data' / 'connect.db'}",
        LOG_LEVEL="INFO",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    early: list[bytes] = []
    try:
        assert proc.stdout is not None
        # The operator's plain line, without a log prefix, once migrations, login and command sync are done.
        async with asyncio.timeout(30):
            while (line := await proc.stdout.readline()) and line.decode().strip() != texts.OPS_READY_ONE:
                early.append(line)
        assert {"setup", "remind"} <= {c.name for c in sandbox.commands}, b"".join(early).decode()
        seen = await sandbox.member("Sam").slash("setup")
        assert seen.content == texts.ONLY_LEADS_OR_MANAGERS
    finally:
        proc.send_signal(stop_signal)
        out, _ = await asyncio.wait_for(proc.communicate(), 30)
    log = b"".join(early).decode() + out.decode()
    assert proc.returncode == 0, log
    assert "shutting down" in log
    assert len(sandbox.world.guilds) == 1
    assert "Traceback" not in log
    assert (tmp_path / "data" / "connect.db").exists()
    sandbox.assert_no_problems()
