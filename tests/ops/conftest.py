from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sandbox import Sandbox, default_world


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    sb = Sandbox(world=default_world(), heartbeat_interval_ms=5000)
    await sb.start()
    try:
        yield sb
    finally:
        await sb.stop()
