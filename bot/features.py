"""One shape for every feature: a feature is declared once, as a ``Feature``, and ``bot/app.py`` builds them all.

A feature named ``tasks`` has, in the same places as every other feature:

    db/models/tasks.py             its tables (and one import line in db/models/__init__.py)
    db/migrations/versions/NNNN_tasks.py
    db/repositories/tasks.py       small queries, no rules
    bot/services/tasks/            Discord-free: results (frozen dataclasses), rules, access, commands (writes),
                                   queries (reads, never a write lock), jobs (scheduled kinds), data (export/erase)
    bot/render/tasks.py            pure: results -> content, embeds, components (render/tasks/ when it grows)
    bot/texts/ ... or texts.py     every sentence, easy-read
    cogs/tasks/                    __init__.py (FEATURE and setup), commands.py (slash), items.py (buttons, modals)
    tests/.../tasks/               services, render, e2e

``FEATURE = Feature(...)`` lives in ``cogs/<name>/__init__.py`` (the wiring layer may import Discord and render)
and is listed once in ``bot/app.py``'s ``FEATURES``. Nothing is patched onto a service after construction:
what a service needs comes from ``Shared`` (and earlier features' services) when it is built.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.scheduling.registry import Handler, KindPolicy
    from bot.services.guild_settings import GuildSettingsService
    from bot.services.quiet_hours import QuietHoursService
    from db.engine import Database


log = logging.getLogger("connect.features")


class SchedulerLink:
    """Tells the scheduler about rows committed due soon. Given to services when they are built; the
    scheduler attaches itself when it starts (before that, and in service tests, notes are dropped: the
    scheduler's refill finds the rows anyway)."""

    def __init__(self) -> None:
        self._target: Any = None

    def attach(self, scheduler: Any) -> None:
        self._target = scheduler

    def notify(self, row_id: int, due_at: datetime) -> None:
        if self._target is not None:
            self._target.notify(row_id, due_at)


EventHandler = Callable[[Any], Awaitable[None]]


class Events:
    """Service-level events between features ("project.finished", "task.done", "tasks.all_done").

    A publisher calls ``publish`` after its transaction commits; a subscriber failing is logged by the
    caller's error pipeline, never undoes the publisher's change.
    """

    def __init__(self) -> None:
        self._subscribers: dict[str, list[EventHandler]] = defaultdict(list)

    def subscribe(self, name: str, handler: EventHandler) -> None:
        self._subscribers[name].append(handler)

    async def publish(self, name: str, event: Any) -> None:
        # Each subscriber on its own: one failing is logged and the others still hear.
        for handler in list(self._subscribers.get(name, ())):
            try:
                await handler(event)
            except Exception:
                log.exception("a subscriber to %s failed", name)


@dataclass
class Shared:
    """The parts every feature's service is built from."""

    db: Database
    clock: Clock
    settings: GuildSettingsService
    quiet_hours: QuietHoursService
    scheduler: SchedulerLink = field(default_factory=SchedulerLink)
    events: Events = field(default_factory=Events)
    # Every feature's personal-data hooks and report counts, by feature name, filled as features are built.
    personal_data: dict[str, PersonalData] = field(default_factory=dict)
    report_sources: dict[str, ReportSource] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """One kind of scheduled work a feature brings: its handler and, optionally, its policy."""

    name: str
    handler: Handler
    policy: KindPolicy | None = None


class PersonalData(Protocol):
    """A feature's hooks for "my data" (export and erase every row that holds a member's id)."""

    async def summary(self, user_id: int, guild_id: int | None) -> list[str]:
        """Easy-read lines: "You have 3 reminders." (empty when the feature holds nothing)."""
        ...

    async def export(self, user_id: int, guild_id: int | None) -> Mapping[str, list[dict[str, Any]]]:
        """Every row holding the member's id, by table; never other people's private data."""
        ...

    async def erase(self, user_id: int, guild_id: int | None) -> None:
        """Erase or anonymise those rows in one transaction, and cancel scheduled work addressed to them."""
        ...


class ReportSource(Protocol):
    """What a feature adds to the impact report: counts only, never names (e.g. {"tasks_done": 12})."""

    async def report_counts(self, guild_id: int, start: datetime, end: datetime) -> Mapping[str, int]: ...


@dataclass(frozen=True)
class Feature:
    """A feature, declared once. ``build`` gets the shared parts and the services built so far, by name."""

    name: str
    build: Callable[[Shared, Mapping[str, Any]], Any]
    # The extension that adds the cog, persistent items and modal handlers (``setup(bot)``).
    cog: str | None = None
    # The scheduled kinds the feature brings, given its service and the bot (for rendering and redraws).
    kinds: Callable[[Any, Any], Iterable[Kind]] = field(default=lambda service, bot: ())
    personal_data: Callable[[Any], PersonalData | None] = field(default=lambda service: None)
    report: Callable[[Any], ReportSource | None] = field(default=lambda service: None)
    # Run once when the bot starts, before the scheduler (e.g. make sure a daily row exists).
    on_start: Callable[[Any], Awaitable[None]] | None = None


def build_all(features: Iterable[Feature], shared: Shared) -> dict[str, Any]:
    """Every feature's service, in the order given (a feature may use the services listed before it)."""
    built: dict[str, Any] = {}
    for feature in features:
        if feature.name in built:
            raise ValueError(f"feature {feature.name!r} is declared twice")
        built[feature.name] = feature.build(shared, dict(built))
        hooks = feature.personal_data(built[feature.name])
        if hooks is not None:
            shared.personal_data[feature.name] = hooks
        source = feature.report(built[feature.name])
        if source is not None:
            shared.report_sources[feature.name] = source
    return built
