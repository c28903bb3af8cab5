"""The Bot subclass and its factory: settings -> database, services, scheduler, cogs, persistent buttons."""

from __future__ import annotations

import logging
import pkgutil
from dataclasses import dataclass
from typing import Any

import discord
import yarl
from discord.ext import commands

import cogs
from bot.clock import Clock, SystemClock
from bot.features import Feature, Shared, build_all
from bot.interactions import ConnectTree, log_interaction
from bot.notifier import DiscordNotifier
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import ProjectsService
from bot.services.quiet_hours import QuietHoursService
from bot.services.reminders import ReminderService
from bot.services.unsent import UnsentService
from bot.settings import Settings
from cogs import checkins
from db.engine import Database

log = logging.getLogger("connect.app")


@dataclass
class Services:
    """Everything the cogs and the scheduler's handlers call. Built once per process."""

    db: Database
    clock: Clock
    # Handlers for scheduled work, by kind. Cogs register their kinds in setup(bot).
    registry: Registry
    guild_settings: GuildSettingsService
    reminders: ReminderService
    quiet_hours: QuietHoursService
    projects: ProjectsService
    unsent: UnsentService
    shared: Shared
    # Services of the features declared in FEATURES, by feature name.
    features: dict[str, Any]


def feature_list() -> list[Feature]:
    """Every feature, in build order (a feature may use the services of those before it).

    Each is declared once, as ``FEATURE`` in ``cogs/<name>/__init__.py``.
    """
    return [checkins.FEATURE]


def build_services(db: Database, clock: Clock) -> Services:
    guild_settings = GuildSettingsService(db, clock)
    quiet_hours = QuietHoursService(db, clock, guild_settings)
    shared = Shared(db=db, clock=clock, settings=guild_settings, quiet_hours=quiet_hours)
    projects = ProjectsService(db, clock)
    projects.quiet_hours = quiet_hours
    return Services(
        db=db,
        clock=clock,
        registry=Registry(),
        guild_settings=guild_settings,
        reminders=ReminderService(db, clock, settings=guild_settings, projects=projects),
        quiet_hours=quiet_hours,
        projects=projects,
        unsent=UnsentService(db, clock),
        shared=shared,
        features=build_all(feature_list(), shared),
    )


def configure_discord_endpoints(settings: Settings) -> None:
    """Point discord.py at Discord or at a Discord-compatible server (the local sandbox).

    discord.py builds every REST URL (webhooks and interaction callbacks too) from ``Route.BASE``
    and opens the gateway at ``DiscordWebSocket.DEFAULT_GATEWAY``; both are class attributes.
    """
    discord.http.Route.BASE = settings.discord_api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


# Connect never joins voice channels: no need to warn that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def intents() -> discord.Intents:
    # Only guilds: slash commands and components arrive as interactions, so neither message
    # content nor the member list (both privileged) is needed.
    return discord.Intents(guilds=True)


def cog_modules() -> list[str]:
    """Every module in cogs/, except helpers whose names start with an underscore."""
    return sorted(
        f"{cogs.__name__}.{info.name}"
        for info in pkgutil.iter_modules(cogs.__path__)
        if not info.name.startswith("_")
    )


class ConnectBot(commands.Bot):
    def __init__(self, settings: Settings, services: Services) -> None:
        shard_kwargs: dict[str, Any] = {}
        if settings.shard_count is not None:
            # One shard per process; several processes share one PostgreSQL database.
            shard_kwargs["shard_count"] = settings.shard_count
            shard_kwargs["shard_id"] = settings.shard_id
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ConnectTree,
            help_command=None,
            **shard_kwargs,
        )
        self.settings = settings
        self.services = services
        self.scheduler: Scheduler | None = None
        self._closing = False

    @property
    def registry(self) -> Registry:
        return self.services.registry

    async def setup_hook(self) -> None:
        for feature in feature_list():
            service = self.services.features[feature.name]
            for kind in feature.kinds(service, self):
                self.registry.register(kind.name, kind.handler, kind.policy)
        for module in cog_modules():
            await self.load_extension(module)
        await self.sync_commands()
        await self.start_scheduler()

    async def start_scheduler(self) -> None:
        """Scheduled work starts once the cogs have registered their handlers.

        A process runs the rows of the guilds on its own shard (DM rows on shard 0).
        """
        shard_count = self.settings.shard_count or 1
        shard_ids = [self.shard_id or 0] if self.settings.shard_count else [0]
        self.scheduler = Scheduler(
            self.services.db,
            self.services.clock,
            self.services.registry,
            DiscordNotifier(self, db=self.services.db),
            shard_ids=shard_ids,
            shard_count=shard_count,
        )
        # Services create rows in their own transactions and tell the scheduler about near ones.
        for service in vars(self.services).values():
            if hasattr(service, "scheduler") and not isinstance(service, Shared):
                service.scheduler = self.scheduler
        self.services.shared.scheduler.attach(self.scheduler)
        await self.scheduler.start()

    async def sync_commands(self) -> None:
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d commands (%s)", len(synced), "dev server" if self.settings.dev_guild_id else "global")

    async def on_ready(self) -> None:
        log.info("ready as %s in %d servers", self.user, len(self.guilds))

    async def on_app_command_completion(self, interaction: discord.Interaction[Any], command: Any) -> None:
        log_interaction(interaction, "ok")

    async def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        log.info("shutting down")
        try:
            if self.scheduler is not None:
                await self.scheduler.stop()
            await super().close()
        finally:
            await self.services.db.dispose()


def create_bot(settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> ConnectBot:
    """The real factory, used by ``python -m bot`` and by the end-to-end tests."""
    configure_discord_endpoints(settings)
    database = db or Database(settings.database_url)
    return ConnectBot(settings, build_services(database, clock or SystemClock()))
