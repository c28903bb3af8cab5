"""The one error pipeline: a UserError gets its own words privately; anything else a code and a log line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord
import pytest
from discord import app_commands

from bot import texts
from bot.errors import NotAllowed, UserError, WayOn
from bot.interactions import handle_error, log_interaction


class FakeResponse:
    def __init__(self, done: bool = False) -> None:
        self.done = done
        self.sent: list[tuple[str, bool]] = []
        self.views: list[Any] = []

    def is_done(self) -> bool:
        return self.done

    async def send_message(self, content: str, *, ephemeral: bool = False, view: Any = None) -> None:
        self.sent.append((content, ephemeral))
        self.views.append(view)
        self.done = True


class FakeFollowup:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bool]] = []

    async def send(self, content: str, *, ephemeral: bool = False) -> None:
        self.sent.append((content, ephemeral))


def fake_interaction(done: bool = False) -> Any:
    return SimpleNamespace(
        id=42,
        response=FakeResponse(done),
        followup=FakeFollowup(),
        command=None,
        data={"custom_id": "connect:setup:tz:123456"},
        guild_id=777,
        created_at=datetime.now(UTC),
        type=discord.InteractionType.component,
    )


async def test_user_error_is_a_private_easy_read_reply(caplog: pytest.LogCaptureFixture) -> None:
    interaction = fake_interaction()
    with caplog.at_level(logging.INFO, logger="connect"):
        outcome = await handle_error(interaction, UserError(texts.TIMEZONE_UNKNOWN.format(zone="Mars")))
    assert outcome == "user-error"
    assert interaction.response.sent == [(texts.TIMEZONE_UNKNOWN.format(zone="Mars"), True)]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def labels(view: Any) -> list[str]:
    return [item.label for item in view.children] if view is not None else []


async def test_permission_error_says_who_can_and_what_a_member_can_do_instead() -> None:
    interaction = fake_interaction()
    await handle_error(interaction, NotAllowed(texts.ONLY_LEADS))
    assert interaction.response.sent == [("Only leads can do this.", True)]
    # Never a dead end: the projects' list and a reminder for yourself, which every member may use.
    assert labels(interaction.response.views[0]) == [texts.PROJECT_BUTTON_SEE_PROJECTS, texts.REMIND_BUTTON]
    assert [item.custom_id for item in interaction.response.views[0].children] == [
        "connect:proj:list:0",
        "connect:rem:new:0",
    ]


async def test_a_refusal_with_its_own_way_on_keeps_only_that() -> None:
    interaction = fake_interaction()
    await handle_error(interaction, NotAllowed(texts.ONLY_LEADS, [WayOn("Back", "connect:setup:back")]))
    assert labels(interaction.response.views[0]) == ["Back"]


async def test_a_refused_check_leads_on_too_but_not_in_a_dm() -> None:
    interaction = fake_interaction()
    await handle_error(interaction, app_commands.CheckFailure())
    assert labels(interaction.response.views[0]) == [texts.PROJECT_BUTTON_SEE_PROJECTS, texts.REMIND_BUTTON]
    in_dm = fake_interaction()
    in_dm.guild_id = None
    await handle_error(in_dm, NotAllowed(texts.ONLY_LEADS))
    assert in_dm.response.views == [None]


async def test_wrapped_user_error_is_unwrapped() -> None:
    interaction = fake_interaction()
    command = SimpleNamespace(name="setup", qualified_name="setup")
    wrapped = app_commands.CommandInvokeError(command, UserError("Please pick a time in the future."))  # type: ignore[arg-type]
    await handle_error(interaction, wrapped)
    assert interaction.response.sent == [("Please pick a time in the future.", True)]


async def test_unexpected_error_logs_traceback_and_shows_code(caplog: pytest.LogCaptureFixture) -> None:
    interaction = fake_interaction(done=True)  # already deferred: the apology goes as a follow-up
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        error = exc
    with caplog.at_level(logging.ERROR, logger="connect.interactions"):
        outcome = await handle_error(interaction, error)
    assert outcome.startswith("error:")
    code = outcome.split(":", 1)[1]
    [(content, ephemeral)] = interaction.followup.sent
    assert ephemeral
    assert content == texts.SORRY_UNEXPECTED.format(code=code)
    assert "boom" not in content and "ZeroDivisionError" not in content
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert code in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_interaction_log_has_no_ids_or_content(caplog: pytest.LogCaptureFixture) -> None:
    interaction = fake_interaction()
    with caplog.at_level(logging.INFO, logger="connect.interactions"):
        log_interaction(interaction, "ok", None)
    [record] = caplog.records
    line = record.getMessage()
    assert "connect:setup:tz" in line and "guild=777" in line and "latency_ms=" in line
    assert "123456" not in line
