"""Requests and responses checked against Discord's OpenAPI description (when the file is present)."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp
import discord
import pytest

from sandbox import Sandbox
from sandbox.openapi import SpecValidator, default_spec_path
from tests.sandbox.bare import BareBot, MakeSandbox

SPEC = SpecValidator.load()
needs_spec = pytest.mark.skipif(not SPEC.available, reason=f"Discord OpenAPI spec not available: {SPEC.reason}")


@needs_spec
async def test_invalid_request_is_flagged(sandbox: Sandbox) -> None:
    url = f"{sandbox.api_base}/channels/{sandbox.channel('general').id}/messages"
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sandbox.token}"}) as http:
        async with http.post(url, json={"content": "Hello", "tts": "yes please"}) as resp:
            assert resp.status == 200  # Discord's own rules were met; only the spec check complains
    assert len(sandbox.invalid_requests) == 1
    problem = sandbox.invalid_requests[0]
    assert problem.operation == "create_message"
    assert "$.tts" in problem.message and "yes please" in problem.message
    assert "invalid request POST" in sandbox.problems()[0]
    sandbox.clear_problems()


@needs_spec
async def test_discord_py_requests_and_our_responses_pass(sandbox: Sandbox, bare_bot: BareBot) -> None:
    # Everything the bare bot did at start (login, application, command sync) was checked already.
    sam = sandbox.member("Sam")
    card = await sam.slash("card")
    await sam.click(card, "I'm coming")
    await sam.click(card, "Not this time")
    await sam.slash("project new", title="Film club")
    await sam.submit_modal({"Notes": "Snacks"})
    picked = await sam.select(await sam.slash("project pick"), ["Friday"])
    await sam.click(picked, "Later")
    await sam.slash("invite", who="Priya")
    await sam.autocomplete("project remind", "when", "to")
    channel = bare_bot.get_channel(sandbox.channel("general").id)
    assert isinstance(channel, discord.TextChannel)
    msg = await channel.send("hi", embed=discord.Embed(title="t", description="d"), nonce="n1")
    await msg.edit(content="edited", view=None)
    await msg.delete()
    user = await bare_bot.fetch_user(sandbox.user("Sam").id)
    await user.send("dm")
    assert sandbox.invalid_requests == []
    assert sandbox.invalid_responses == []
    checked = {(r.method, r.path.split("/")[1]) for r in sandbox.requests}
    assert {("POST", "interactions"), ("POST", "webhooks"), ("PATCH", "webhooks"), ("PUT", "applications")} <= checked


@needs_spec
def test_response_check_catches_a_bad_payload() -> None:
    op, problems = SPEC.validate_response("GET", "/users/@me", 200, {"id": 123, "username": "x"})
    assert op == "get_my_user" and problems
    op, problems = SPEC.validate_response("GET", "/webhooks/1/abc/messages/@original", 200, {})
    assert op == "get_original_webhook_message" and "required" in problems[0]  # literal @original matched


def test_missing_spec_is_reported_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "nowhere" / "openapi.json"
    with caplog.at_level(logging.WARNING, logger="sandbox.openapi"):
        first = SpecValidator.load(missing)
        second = SpecValidator.load(missing)
    assert first is second and not first.available
    assert str(missing) in first.reason
    assert [r.getMessage() for r in caplog.records].count(f"Discord OpenAPI checks are skipped: {first.reason}") == 1


async def test_sandbox_without_spec(make_sandbox: MakeSandbox, tmp_path: Path) -> None:
    sb = await make_sandbox(spec_path=str(tmp_path / "openapi.json"))
    assert not sb.openapi_available and "no spec file" in sb.openapi_skip_reason


def test_spec_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DISCORD_OPENAPI_SPEC", str(tmp_path / "spec.json"))
    assert default_spec_path() == tmp_path / "spec.json"
    monkeypatch.delenv("DISCORD_OPENAPI_SPEC")
    assert default_spec_path() == Path(__file__).resolve().parents[3] / "shared" / "discord-api-spec" / "openapi.json"
