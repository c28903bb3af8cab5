"""The projects service and the settings service every projects service test starts from."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import ProjectsService
from db.engine import Database


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


@pytest.fixture
def settings(db: Database, clock: FakeClock) -> GuildSettingsService:
    return GuildSettingsService(db, clock)
