from __future__ import annotations

import pytest

from bot.clock import FakeClock
from db.engine import Database
from tests.services.checkins.support import World, make_world


@pytest.fixture
async def world(db: Database, clock: FakeClock) -> World:
    return await make_world(db, clock)
