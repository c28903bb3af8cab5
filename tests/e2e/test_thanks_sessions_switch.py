"""A lead turns the session celebrations (10th, 25th, 50th) off and on again, apart from first steps."""

from __future__ import annotations

from bot import texts
from sandbox import Sandbox
from tests.e2e.conftest import Connect


def saved(what: str, value: str) -> str:
    return texts.THANKS_SETTINGS_SAVED.format(what=what, value=value)


async def test_the_sessions_switch_on_the_celebrations_page(connect: Connect, sandbox: Sandbox) -> None:
    owner = sandbox.member("Morgan")
    setup = await owner.slash("setup", channel="general")
    panel = await owner.click(setup, texts.THANKS_SETTINGS_BUTTON)
    page = await owner.click(panel, texts.THANKS_SETTINGS_OPEN_CELEBRATIONS)
    labels = [b.label for b in page.buttons]
    assert texts.THANKS_SETTINGS_TOGGLE_SESSIONS in labels and texts.THANKS_SETTINGS_TOGGLE_MILESTONES in labels
    assert len(labels) <= 5
    off = await owner.click(page, texts.THANKS_SETTINGS_TOGGLE_SESSIONS)
    assert saved(texts.THANKS_SETTINGS_SESSIONS, texts.THANKS_SETTINGS_OFF) in off.text
    assert await connect.services.features["thanks"].celebration_on(sandbox.guild().id, "firsts")
    assert not await connect.services.features["thanks"].celebration_on(sandbox.guild().id, "sessions")
    on = await owner.click(off, texts.THANKS_SETTINGS_TOGGLE_SESSIONS)
    assert saved(texts.THANKS_SETTINGS_SESSIONS, texts.THANKS_SETTINGS_ON) in on.text
    assert await connect.services.features["thanks"].celebration_on(sandbox.guild().id, "sessions")
    # The first-steps switch is its own.
    firsts = await owner.click(on, texts.THANKS_SETTINGS_TOGGLE_MILESTONES)
    assert saved(texts.THANKS_SETTINGS_MILESTONES, texts.THANKS_SETTINGS_OFF) in firsts.text
    assert await connect.services.features["thanks"].celebration_on(sandbox.guild().id, "sessions")
