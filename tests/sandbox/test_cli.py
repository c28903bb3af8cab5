"""python -m sandbox starts alone, prints what to put in the bot's settings, and stops on Ctrl+C."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[2]


async def test_python_m_sandbox_runs_and_stops_cleanly() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        "0",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        while not lines or "Press Ctrl+C" not in lines[-1]:
            line = await asyncio.wait_for(proc.stdout.readline(), 15)
            assert line, "python -m sandbox exited early:\n" + "".join(lines)
            lines.append(line.decode())
        settings = dict(line.strip().split("=", 1) for line in lines if line.strip().startswith("DISCORD_"))
        assert set(settings) == {"DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL"}
        async with aiohttp.ClientSession() as http:
            headers = {"Authorization": f"Bot {settings['DISCORD_TOKEN']}"}
            async with http.get(settings["DISCORD_API_BASE"] + "/users/@me", headers=headers) as resp:
                assert resp.status == 200 and (await resp.json())["username"] == "connect"
            async with http.ws_connect(settings["DISCORD_GATEWAY_URL"] + "?v=10&encoding=json") as ws:
                assert (await ws.receive_json(timeout=5))["op"] == 10
        proc.send_signal(signal.SIGINT)
        rest = await asyncio.wait_for(proc.stdout.read(), 15)
        assert await proc.wait() == 0
        assert "Sandbox stopped." in rest.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
