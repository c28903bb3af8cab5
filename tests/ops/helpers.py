"""Helpers for the operator tests: run ``python -m bot`` as a real process, find a closed port."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Settings a test must set itself: nothing from the developer's environment or .env leaks in.
SETTINGS = ("DISCORD_TOKEN", "DATABASE_URL", "DEV_GUILD_ID", "LOG_LEVEL", "LOG_FORMAT", "DISCORD_API_BASE",
            "DISCORD_GATEWAY_URL", "SHARD_COUNT", "SHARD_ID")


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (it was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["PYTHONPATH"] = str(REPO)
    env.update(settings)
    return env


@dataclass
class Finished:
    code: int
    output: str


async def run_to_end(*args: str, cwd: Path, env: dict[str, str], user: str | None = None) -> Finished:
    """Run ``python -m bot ARGS`` until it ends by itself (at most 60 s)."""
    command = [sys.executable, "-m", "bot", *args]
    if user is not None:
        command = [sys.executable, "-m", "tests.ops.as_user", user, *args]
    proc = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return Finished(proc.returncode, out.decode())


class Running:
    """``python -m bot`` running in the background; read its output line by line, then stop it."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []

    @classmethod
    async def start(cls, *args: str, cwd: Path, env: dict[str, str]) -> Running:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        return cls(proc)

    async def wait_for_line(self, text: str, timeout: float = 60) -> str:  # noqa: ASYNC109
        assert self.proc.stdout is not None
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.proc.stdout.readline()
                if not raw:
                    raise AssertionError(f"ended before saying {text!r}:\n" + "".join(self.lines))
                line = raw.decode()
                self.lines.append(line)
                if text in line:
                    return line.rstrip("\n")

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> Finished:
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        out, _ = await asyncio.wait_for(self.proc.communicate(), 30)
        assert self.proc.returncode is not None
        return Finished(self.proc.returncode, "".join(self.lines) + out.decode())
