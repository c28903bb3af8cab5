"""The app's shape: the features it builds, their kinds, the bot-wide mentions, and the layers."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import discord

from bot.app import create_bot, feature_list
from bot.features import Shared
from bot.settings import Settings

# Discord-free layers: services (and what they share) never import discord.
DISCORD_FREE = ["bot.services", "bot.features", "bot.scope", "bot.textclean", "bot.events", "bot.errors"]
# bot.scheduling joins this list when the scheduler takes its notifier types from bot.outbox (issue 9).
_CHECK = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == "discord" or name.startswith("discord."):
                raise ImportError("discord imported by a Discord-free layer")
            return None

    sys.meta_path.insert(0, Block())
    bad = []
    for name in sys.argv[1:]:
        module = importlib.import_module(name)
        names = [name] + [i.name for i in pkgutil.walk_packages(getattr(module, "__path__", []), name + ".")]
        for found in names:
            try:
                importlib.import_module(found)
            except ImportError as exc:
                bad.append(f"{found}: {exc}")
    print("\\n".join(bad))
    sys.exit(1 if bad else 0)
    """
)


def test_services_import_nothing_from_discord() -> None:
    done = subprocess.run([sys.executable, "-c", _CHECK, *DISCORD_FREE], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


async def test_the_bot_never_pings_unless_a_message_says_who() -> None:
    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # type: ignore[call-arg]
    try:
        mentions = bot.allowed_mentions
        assert mentions is not None
        assert mentions.to_dict() == discord.AllowedMentions.none().to_dict()
    finally:
        await bot.close()


async def test_every_feature_is_built_once_with_its_kinds() -> None:
    bot = create_bot(Settings(database_url="sqlite+aiosqlite:///:memory:"))  # type: ignore[call-arg]
    try:
        names = [f.name for f in feature_list()]
        assert names[:2] == ["projects", "reminders"] and len(set(names)) == len(names)
        assert set(bot.services.features) == set(names)
        assert bot.services.projects is bot.services.features["projects"]
        kinds = [k.name for f in feature_list() for k in f.kinds(bot.services.features[f.name], bot)]
        assert {"event_reminder", "project_notice", "project_roll", "reminder"} <= set(kinds)
        assert len(set(kinds)) == len(kinds)
        # Reminders read the projects feature given to it when it was built (nothing patched on later).
        assert bot.services.reminders.projects is bot.services.projects
        assert isinstance(bot.services.shared, Shared)
    finally:
        await bot.close()
