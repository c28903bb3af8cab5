"""Discord's rules, enforced: limits, nonce, allowed mentions, closed DMs."""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
import pytest

from sandbox import Sandbox, default_world
from sandbox import permissions as P
from sandbox.rules import check_message
from sandbox.rules_commands import check_choices, check_commands, check_modal
from tests.sandbox.bare import BareBot, MakeSandbox
from tests.sandbox.conftest import RunBot


async def _general(bot: BareBot, sb: Sandbox) -> discord.TextChannel:
    channel = bot.get_channel(sb.channel("general").id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_too_long_message_is_refused_and_recorded(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = await _general(bare_bot, sandbox)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("x" * 2001)
    assert info.value.status == 400 and info.value.code == 50035
    assert "content" in info.value.text and "2000" in info.value.text
    assert len(sandbox.violations) == 1 and "content: Must be 2000 or fewer in length." in str(sandbox.violations[0])
    assert sandbox.channel("general").messages == []
    await channel.send("x" * 2000)  # the limit itself is fine
    sandbox.clear_problems()


async def test_embed_with_too_many_fields_is_refused(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = await _general(bare_bot, sandbox)
    embed = discord.Embed(title="Projects")
    for i in range(26):
        embed.add_field(name=f"Project {i}", value="Film club")
    with pytest.raises(discord.HTTPException) as info:
        await channel.send(embed=embed)
    assert info.value.code == 50035 and "embeds.0.fields" in str(sandbox.violations[0])
    sandbox.clear_problems()


async def test_empty_message_is_refused(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {sandbox.token}"}) as http:
        url = f"{sandbox.api_base}/channels/{sandbox.channel('general').id}/messages"
        async with http.post(url, json={"content": "   "}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 50006
    assert sandbox.violations[0].code == 50006
    sandbox.clear_problems()


def _row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def _button(i: int, **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": f"B{i}", "custom_id": f"b{i}", **extra}


def _select(n: int, custom_id: str = "s") -> dict[str, Any]:
    return {"type": 3, "custom_id": custom_id, "options": [{"label": f"o{i}", "value": f"v{i}"} for i in range(n)]}


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"content": "x" * 2001}, "content: Must be 2000"),
        ({"embeds": [{"title": "t" * 257}]}, "embeds.0.title: Must be 256"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description: Must be 4096"),
        ({"embeds": [{"fields": [{"name": "n" * 257, "value": "v"}]}]}, "fields.0.name: Must be 256"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "fields.0.value: Must be 1024"),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "footer.text: Must be 2048"),
        ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, "maximum size of 6000"),
        ({"embeds": [{"title": "t"}] * 11}, "embeds: Must be 10"),
        ({"components": [_row(_button(i)) for i in range(6)]}, "components: Must be 5"),
        ({"components": [_row(*[_button(i) for i in range(6)])]}, "components.0.components: Must be between 1 and 5"),
        ({"components": [_row(_button(1), _select(2))]}, "maximum width"),
        ({"components": [_row(_button(1), _button(2, custom_id="b1"))]}, "cannot be duplicated"),
        ({"components": [_row(_button(1, custom_id="c" * 101))]}, "Must be 100 or fewer"),
        ({"components": [_row(_button(1, label="l" * 81))]}, "label: Must be 80"),
        ({"components": [_row(_select(26))]}, "options: Must be between 1 and 25"),
        (
            {"components": [_row({"type": 3, "custom_id": "s", "options": [{"label": "l" * 101, "value": "v"}]})]},
            "options.0.label: Must be 100",
        ),
        ({"content": "hi", "nonce": "n" * 26}, "nonce: Must be 25"),
        ({"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}, "mutually exclusive"),
    ],
)
def test_message_limits(payload: dict[str, Any], expected: str) -> None:
    errors, _empty = check_message(payload)
    assert errors, f"{payload} should be refused"
    assert expected in errors.summary()
    assert errors.body()["code"] == 50035 and errors.body()["message"] == "Invalid Form Body"


def test_limits_are_not_too_strict() -> None:
    ok = {
        "content": "x" * 2000,
        "embeds": [{"title": "t" * 256, "description": "d" * 3000, "fields": [{"name": "n", "value": "v"}] * 25}],
        "components": [_row(*[_button(r * 5 + i) for i in range(5)]) for r in range(4)] + [_row(_select(25))],
    }
    errors, empty = check_message(ok)
    assert not errors and not empty, errors.summary()


def _modal(title: str = "New project", inputs: int = 1, label: str = "Title") -> dict[str, Any]:
    return {
        "custom_id": "m",
        "title": title,
        "components": [_row({"type": 4, "custom_id": f"t{i}", "style": 1, "label": label}) for i in range(inputs)],
    }


def test_modal_and_choice_limits() -> None:
    assert not check_modal(_modal())
    assert "title: Must be 45" in check_modal(_modal(title="t" * 46)).summary()
    assert "Must be between 1 and 5" in check_modal(_modal(inputs=6)).summary()
    assert "label: Must be 45" in check_modal(_modal(label="l" * 46)).summary()
    labelled = {
        "custom_id": "m",
        "title": "T",
        "components": [{"type": 18, "label": "l" * 46, "component": {"type": 4, "custom_id": "a", "style": 1}}],
    }
    assert "label: Must be 45" in check_modal(labelled).summary()
    assert "Must be 25 or fewer" in check_choices({"choices": [{"name": "n", "value": "v"}] * 26}).summary()
    assert not check_choices({"choices": [{"name": "n", "value": "v"}] * 25})
    assert "invalid" in check_commands([{"name": "Bad Name", "description": "d"}]).summary()
    assert not check_commands([{"name": "project", "description": "Projects", "options": []}])


async def test_nonce_repeat_returns_the_first_message(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = await _general(bare_bot, sandbox)
    first = await channel.send("⏰ Reminder: Film club", nonce="sched:42:1")
    again = await channel.send("⏰ Reminder: Film club", nonce="sched:42:1")
    assert again.id == first.id
    assert len(sandbox.channel("general").messages) == 1
    assert sandbox.nonce_repeats == 1
    creates = [p for s in sandbox.gateway.sessions.values() for p in s.buffer if p["t"] == "MESSAGE_CREATE"]
    assert [p["d"]["id"] for p in creates] == [str(first.id)]
    # Another occurrence (another nonce) is a new message; so is the same nonce after the window.
    await channel.send("⏰ Reminder: Film club", nonce="sched:42:2")
    sandbox.time_offset += sandbox.nonce_window + 1
    await channel.send("⏰ Reminder: Film club", nonce="sched:42:1")
    assert len(sandbox.channel("general").messages) == 3


async def test_allowed_mentions_decide_who_is_pinged(make_sandbox: MakeSandbox, run_bot: RunBot) -> None:
    world = default_world()
    # Give the bot Mention Everyone so that only allowed_mentions can stop an @everyone.
    bot_role = next(r for r in world.first_guild.roles.values() if r.managed)
    bot_role.permissions |= P.MENTION_EVERYONE
    sb = await make_sandbox(world=world)
    bot = await run_bot(sb)
    channel = await _general(bot, sb)
    sam = sb.user("Sam")
    lead = world.first_guild.role("Co-production lead")
    text = f"@everyone {sam.mention} {lead.mention} Film club starts now."

    none = await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
    stored = sb.world.messages[none.id]
    assert stored.pinged_user_ids == set() and stored.pinged_role_ids == set() and not stored.pinged_everyone
    assert none.mentions == [] and not none.mention_everyone

    users = await channel.send(text, allowed_mentions=discord.AllowedMentions(everyone=False, users=True, roles=False))
    stored = sb.world.messages[users.id]
    assert stored.pinged_user_ids == {sam.id} and not stored.pinged_everyone and not stored.pinged_role_ids
    assert [m.id for m in users.mentions] == [sam.id]

    role_only = await channel.send(
        text, allowed_mentions=discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(lead.id)])
    )
    assert sb.world.messages[role_only.id].pinged_role_ids == {lead.id}

    default = await channel.send(text)  # no allowed_mentions at all: Discord parses everything
    stored = sb.world.messages[default.id]
    assert stored.pinged_everyone and stored.pinged_user_ids == {sam.id} and stored.pinged_role_ids == {lead.id}


async def test_everyone_needs_the_permission(sandbox: Sandbox, bare_bot: BareBot) -> None:
    channel = await _general(bare_bot, sandbox)
    msg = await channel.send("@everyone hello")  # the default bot role has no Mention Everyone
    assert not sandbox.world.messages[msg.id].pinged_everyone


async def test_closed_dms_answer_50007(sandbox: Sandbox, bare_bot: BareBot) -> None:
    jordan = sandbox.user("Jordan")
    jordan.dms_open = False
    user = await bare_bot.fetch_user(jordan.id)
    with pytest.raises(discord.Forbidden) as info:
        await user.send("⏰ Reminder: Film club")
    assert info.value.code == 50007
    assert sandbox.violations == []  # a closed DM is normal life, not a bot bug
    sam = await bare_bot.fetch_user(sandbox.user("Sam").id)
    await sam.send("⏰ Reminder: Film club")
    assert [m.content for m in sandbox.dms_of("Sam")] == ["⏰ Reminder: Film club"]
    assert sandbox.dms_of("Jordan") == []
