"""`make run` without a token: the practice Discord, the scene, and the typed console."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import texts
from bot.practice import run_practice
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]


async def test_scene_and_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    typed = io.StringIO("Priya /me timezone zone=Europe/Paris\nnonsense\nNobody /setup\n")
    code = await run_practice(Settings(), port=0, stream=typed)  # EOF on the console ends the practice
    out = capsys.readouterr().out
    assert code == 0
    assert texts.PRACTICE_SCENE_START in out
    assert "Morgan (owner of the server) types /setup" in out
    assert texts.SETUP_SAVED.format(what=texts.SETUP_LEAD_ROLE, value="Co-production lead") in out
    assert "Lead role: @Co-production lead" in out  # mentions shown as names
    assert texts.ONLY_LEADS_OR_MANAGERS in out
    # Projects: started with the form and the picker, posted in #projects, two sign-ups with the buttons.
    assert "Sam types /project new in #projects" in out
    assert texts.PROJECT_POSTED.format(title="Film club") in out
    assert "Connect posts the card in #projects:" in out
    assert "[✅ I'm coming] [🤔 Maybe] [❌ I can't come] [📅 Add to my calendar] [ℹ️ More] [💻 Join online]" in out
    assert out.count(texts.PROJECT_REPLY_GOING.format(title="Film club")) == 2
    assert "✅ Coming (2): @Priya, @Jordan" in out and "Places: 6 places left out of 8." in out
    # A reminder for in 1 minute, and the scene waits for it.
    assert "✅ Done. I will remind you on" in out
    assert "Connect sends Sam a private message:\n    ⏰ Reminder: bring the popcorn to Film club" in out
    assert texts.ME_TIMEZONE_SAVED.format(zone="Europe/Paris") in out
    assert texts.PRACTICE_CONSOLE_HELP in out
    assert "That did not work" in out
    assert texts.PRACTICE_STOPPED in out
    assert (tmp_path / "data" / "practice.db").exists()


def test_python_m_bot_without_token_starts_practice_and_ctrl_c_stops_it_mid_scene(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "DATABASE_URL"}}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "types /remind" in line:  # in the middle of the scene, while it waits for the reminder
            break
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    out = "".join(lines) + rest
    assert proc.returncode == 0, out
    assert texts.STARTUP_NO_TOKEN.split(". ")[0] in out
    assert "Connect to your Discord server" in out
    assert texts.PRACTICE_STOPPED in out
    assert "Traceback" not in out


def test_bad_setting_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), DEV_GUILD_ID="not a number")
    proc = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "DEV_GUILD_ID" in proc.stderr and "Traceback" not in proc.stderr


def test_ctrl_c_during_start_up_is_quiet(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "DATABASE_URL"}}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the "no token" guidance comes first, before start-up work
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, first + rest
    assert "Traceback" not in rest
