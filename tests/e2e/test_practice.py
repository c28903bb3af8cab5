"""`make run` without a token: the practice Discord, the real bot, and the practice page.

The page itself is clicked through in tests/browser/; here: the scene played as members, skip ahead,
start again, the one line `make run` prints, and Ctrl+C.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import texts
from bot.practice import Narrator, Practice, play_scene
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
async def practice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Practice]:
    monkeypatch.chdir(tmp_path)
    app = Practice(Settings(practice_port=0), port=0)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


async def test_scene_plays_in_the_practice_world(practice: Practice, tmp_path: Path) -> None:
    assert practice.sb is not None
    out = io.StringIO()
    narrator = Narrator(out=out, sb=practice.sb)
    await play_scene(practice.sb, narrator)
    text = out.getvalue()
    assert texts.PRACTICE_SCENE_START in text
    assert "Morgan (owner of the server) types /setup" in text
    assert texts.SETUP_SAVED.format(what=texts.SETUP_LEAD_ROLE, value="Co-production lead") in text
    assert "Lead role: @Co-production lead" in text  # mentions shown as names
    assert texts.ONLY_LEADS_OR_MANAGERS in text
    assert texts.PROJECT_POSTED.format(title="Film club") in text
    assert "[✅ I'm coming] [🤔 Maybe] [❌ I can't come] [📅 Add to my calendar] [ℹ️ More] [💻 Join online]" in text
    assert text.count(texts.PROJECT_REPLY_GOING.format(title="Film club")) == 2
    assert "Connect sends Sam a private message:\n    ⏰ Reminder: bring the popcorn to Film club" in text
    assert (tmp_path / "data" / "practice.db").exists()
    assert practice.sb.problems() == []


async def test_skip_ahead_moves_both_clocks_and_sends_what_is_due(practice: Practice) -> None:
    sb = practice.sb
    assert sb is not None
    sam = sb.member("Sam")
    await sam.slash("remind", what="water the plants", when="in 1 hour")
    fire = texts.REMIND_FIRE.format(text="water the plants")
    assert not any(fire in m.text for m in sb.dms_of("Sam"))
    before = sb.clock.time()
    await practice.skip("hour")
    assert sb.clock.time() - before >= 3600
    assert abs(practice.clock.now().timestamp() - sb.clock.time()) < 5  # the bot and Discord agree
    assert any(fire in m.text for m in sb.dms_of("Sam"))

    await practice.skip("tomorrow")
    now = practice.clock.now().astimezone(await practice.timezone())
    assert (now.hour, now.minute) == (9, 0)
    assert sb.problems() == []


async def test_start_again_is_a_fresh_world_on_the_same_page(practice: Practice) -> None:
    old = practice.sb
    assert old is not None and practice.page is not None
    await old.member("Morgan").slash("setup")
    url = practice.page.url
    await practice.reset()
    assert practice.sb is not None and practice.sb is not old
    assert practice.page.sb is practice.sb and practice.page.url == url
    assert all(not ch.all_messages for ch in practice.sb.world.channels.values())
    card = await practice.sb.member("Morgan").slash("setup")  # the new bot answers in the new world
    assert card.ephemeral


def _no_token_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "DATABASE_URL"}}
    env["PYTHONPATH"] = str(REPO)
    env["PRACTICE_PORT"] = "0"  # any free port: tests run side by side
    return env


def test_make_run_without_token_prints_the_page_and_ctrl_c_ends_it_at_once(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=_no_token_env(),
        stdin=subprocess.PIPE,  # a terminal-like stdin that never sends a line: nothing may wait on it
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    url = None
    while url is None:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.fullmatch(r"Open (http://127\.0\.0\.1:\d+) in your browser to try Connect\.\n", line)
        url = found.group(1) if found else None
    assert url is not None, "".join(lines)
    with urllib.request.urlopen(url, timeout=10) as reply:  # loopback only
        assert "Practise Connect" in reply.read().decode()
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)  # a guard against hanging, not a speed check
    out = "".join(lines) + rest
    assert proc.returncode == 0, out
    assert texts.PRACTICE_STOPPED in out and "Traceback" not in out
    assert texts.STARTUP_NO_TOKEN.split(". ")[0] in out


def test_a_busy_page_port_is_one_plain_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = dict(_no_token_env(), PRACTICE_PORT=str(taken.getsockname()[1]))
        proc = subprocess.run(
            [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "PRACTICE_PORT" in proc.stderr and "Traceback" not in proc.stderr + proc.stdout


def test_bad_setting_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), DEV_GUILD_ID="not a number")
    proc = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "DEV_GUILD_ID" in proc.stderr and "Traceback" not in proc.stderr


def test_ctrl_c_during_start_up_is_quiet(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=_no_token_env(), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the "no token" guidance comes first, before start-up work
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, first + rest
    assert "Traceback" not in rest
