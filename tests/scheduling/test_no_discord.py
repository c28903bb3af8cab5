"""The bar: the scheduler and the outbox import nothing from discord (run with discord made unimportable)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
sys.modules["discord"] = None  # any "import discord" now raises ImportError
import bot.outbox, bot.scheduling, bot.scheduling.scheduler, bot.scheduling.processes, bot.ratelimit
assert not any(name == "discord" or name.startswith("discord.") for name in sys.modules if sys.modules[name])
print("ok")
"""


def test_scheduler_and_outbox_import_without_discord() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
