"""A real browser on the practice page: headless Chromium from Debian, driven by Playwright for Python.

Playwright never downloads a browser here: it starts /usr/bin/chromium (or CHROMIUM_PATH). Without a
browser the tests skip and say why; in CI (CI=true) a missing browser fails, since .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.practice import Practice
from bot.settings import Settings

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    wanted = os.environ.get("CHROMIUM_PATH")
    for candidate in ([wanted] if wanted else []) + ["/usr/bin/chromium", "chromium", "chromium-browser"]:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {reason} (.ci/run installs chromium)")
    pytest.skip(f"no browser test: {reason}")


@pytest.fixture
async def practice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Practice]:
    monkeypatch.chdir(tmp_path)  # data/practice.db goes here
    app = Practice(Settings(practice_port=0), port=0)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        no_browser("Playwright is not installed (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        no_browser("Chromium is not installed (apt-get install chromium)")
    async with async_playwright() as pw:
        # Headless, and a fresh profile of Playwright's own each time (it adds --user-data-dir itself).
        browser = await pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()
