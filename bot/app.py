"""The Bot subclass and its factory: settings -> database, services, scheduler, cogs, persistent buttons."""

from __future__ import annotations

import asyncio
import logging
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.ext import commands

import cogs
from bot.answering import http_connector
from bot.clock import Clock, SystemClock
from bot.features import Feature, Shared, build_all
from bot.heap import freeze_heap, thaw_heap
from bot.interactions import ConnectTree, log_interaction
from bot.notifier import DiscordNotifier, DiscordTrace
from bot.ops.logs import ready_line, say
from bot.ratelimit import budget_for
from bot.scheduling.processes import ProcessRegistry
from bot.scheduling.registry import Registry
from bot.scheduling.scheduler import Scheduler
from bot.services.guild_settings import GuildSettingsService
from bot.services.quiet_hours import QuietHoursService
from bot.services.unsent import UnsentService
from bot.settings import Settings
from cogs.checkins import FEATURE as CHECKINS
from cogs.projects import FEATURE as PROJECTS
from cogs.reminders import FEATURE as REMINDERS
from cogs.tasks import FEATURE as TASKS
from cogs.thanks import FEATURE as THANKS
from db.engine import Database

if TYPE_CHECKING:
    from bot.services.projects import ProjectsService
    from bot.services.reminders import ReminderService

log = logging.getLogger("connect.app")


@dataclass
class Services:
    """Everything the cogs and the scheduler's handlers call. Built once per process."""

    db: Database
    clock: Clock
    # Handlers for scheduled work, by kind. Cogs register their kinds in setup(bot).
    registry: Registry
    guild_settings: GuildSettingsService
    quiet_hours: QuietHoursService
    unsent: UnsentService
    shared: Shared
    # Services of the features declared in feature_list(), by feature name.
    features: dict[str, Any]

    @property
    def projects(self) -> ProjectsService:
        service: ProjectsService = self.features["projects"]
        return service

    @property
    def reminders(self) -> ReminderService:
        service: ReminderService = self.features["reminders"]
        return service


def feature_list() -> list[Feature]:
    """Every feature, in build order (a feature may use the services of those before it).

    Each is declared once, as ``FEATURE`` in ``cogs/<name>/__init__.py``.
    """
    from cogs.mydata import FEATURE as MYDATA
    from cogs.report import FEATURE as REPORT

    # My data comes last: it asks every feature before it for its personal data.
    return [PROJECTS, REMINDERS, TASKS, THANKS, CHECKINS, REPORT, MYDATA]


def build_services(db: Database, clock: Clock) -> Services:
    guild_settings = GuildSettingsService(db, clock)
    quiet_hours = QuietHoursService(db, clock, guild_settings)
    shared = Shared(db=db, clock=clock, settings=guild_settings, quiet_hours=quiet_hours)
    return Services(
        db=db,
        clock=clock,
        registry=Registry(),
        guild_settings=guild_settings,
        quiet_hours=quiet_hours,
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
        f"{cogs.__name__}.{info.name}" for info in pkgutil.iter_modules(cogs.__path__) if not info.name.startswith("_")
    )


class ConnectBot(commands.Bot):
    def __init__(self, settings: Settings, services: Services) -> None:
        self.trace = DiscordTrace()
        shard_kwargs: dict[str, Any] = {}
        if settings.shard_count is not None:
            # Several processes share one PostgreSQL database; each runs one shard (or several: ShardedConnectBot).
            shard_kwargs["shard_count"] = settings.shard_count
            if isinstance(self, commands.AutoShardedBot):
                shard_kwargs["shard_ids"] = settings.owned_shards()
            else:
                shard_kwargs["shard_id"] = settings.shard_id
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ConnectTree,
            help_command=None,
            # Sees Discord's answers: a global 429 holds every process back; a 5xx fails a scheduled send fast.
            http_trace=self.trace.config,
            **shard_kwargs,
        )
        self.settings = settings
        self.services = services
        self.scheduler: Scheduler | None = None
        self.process: ProcessRegistry | None = None
        self._closed_event: asyncio.Event | None = None

    @property
    def registry(self) -> Registry:
        return self.services.registry

    async def login(self, token: str) -> None:
        if self.http.connector is discord.utils.MISSING:  # made here: aiohttp wants the running loop
            self.http.connector = http_connector()
        await super().login(token)

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

        A process runs the rows of the guilds on its own shard (DM rows on shard 0). It registers first:
        a live process already running its shard makes it refuse to start (ShardClaimed, one plain line).
        """
        shard_count = self.settings.shard_count or 1
        shard_ids = self.settings.owned_shards()
        db = self.services.db
        self.process = ProcessRegistry(db, shard_ids, shard_count)
        await self.process.register()
        self.process.start()
        # One budget for the bot: shared by every process on PostgreSQL, in memory on SQLite.
        budget = budget_for(db)
        self.trace.budget = budget
        notifier = DiscordNotifier(self, budget, db=db)
        await notifier.preload_dm_channels()
        self.scheduler = Scheduler(
            db,
            self.services.clock,
            self.services.registry,
            notifier,
            shard_ids=shard_ids,
            shard_count=shard_count,
            process=self.process,
        )
        # Services create rows in their own transactions and tell the scheduler (through the link) after commit.
        self.services.shared.scheduler.attach(self.scheduler)
        for feature in feature_list():
            if feature.on_start is not None:
                await feature.on_start(self.services.features[feature.name])
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
        log.debug("ready as %s", self.user)
        say(ready_line(len(self.guilds)))
        freeze_heap()  # bot/heap.py: no full garbage collection walking the whole bot in a crowd

    async def on_app_command_completion(self, interaction: discord.Interaction[Any], command: Any) -> None:
        log_interaction(interaction, "ok")

    async def close(self) -> None:
        # A second caller (the signal handler and the runner both close) waits for the first to finish,
        # so nobody disposes the database while the scheduler and the heartbeat still use it.
        if self._closed_event is not None:
            await self._closed_event.wait()
            return
        self._closed_event = asyncio.Event()
        try:
            await self._close_once()
        finally:
            self._closed_event.set()

    async def _close_once(self) -> None:
        log.info("shutting down")
        try:
            if self.process is not None:
                await self.process.mark_stopping()  # a new process for our shards may start now
            if self.scheduler is not None:
                await self.scheduler.stop()
            if self.process is not None:
                await self.process.close()
            await super().close()
        finally:
            thaw_heap()
            await self.services.db.dispose()


class ShardedConnectBot(ConnectBot, commands.AutoShardedBot):
    """Several shards in one process (SHARD_IDS=0,1): one gateway connection per shard, one scheduler for all.

    The usual choice below a few thousand servers: fewer processes, same database rules as one shard each.
    """


def create_bot(settings: Settings, *, db: Database | None = None, clock: Clock | None = None) -> ConnectBot:
    """The real factory, used by ``python -m bot`` and by the end-to-end tests."""
    configure_discord_endpoints(settings)
    database = db or Database(settings.database_url)
    cls = ShardedConnectBot if settings.shard_ids is not None else ConnectBot
    return cls(settings, build_services(database, clock or SystemClock()))
