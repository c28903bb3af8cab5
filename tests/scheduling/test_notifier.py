"""DiscordNotifier through real discord.py, with its HTTP layer replaced by a recorder: the payloads carry
the nonce with enforce_nonce, allowed mentions ping only who was named, closed DMs fall back to a channel,
DM channels are made once per member, and every request waits for the token bucket."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot import texts
from bot.notifier import Attachment, Delivery, DiscordNotifier, OutMessage, RecordingNotifier
from bot.outbox import SendRefused
from bot.ratelimit import TokenBucket
from db.engine import Database

DM_CHANNEL = 900
FALLBACK = 55


class CountingBucket(TokenBucket):
    def __init__(self) -> None:
        super().__init__(rate=1000, burst=1000)
        self.taken = 0

    async def acquire(self) -> None:
        self.taken += 1
        await super().acquire()


class FakeDiscord:
    """Stands in for discord.py's HTTPClient.request: records each request, answers like Discord."""

    def __init__(self, closed_dm_channels: set[int] | None = None, code: int = 50007) -> None:
        self.requests: list[tuple[str, str, int | None, dict[str, Any]]] = []
        self.closed = closed_dm_channels or set()
        self.code = code

    async def request(self, route: Any, **kwargs: Any) -> dict[str, Any]:
        channel_id = getattr(route, "channel_id", None)
        self.requests.append((route.method, route.path, channel_id, kwargs))
        if route.path == "/users/@me/channels":
            user = {"id": str(kwargs["json"]["recipient_id"]), "username": "m", "discriminator": "0", "avatar": None}
            return {"id": str(DM_CHANNEL), "type": 1, "recipients": [user]}
        if channel_id in self.closed:
            response = SimpleNamespace(status=403, reason="Forbidden")
            raise discord.Forbidden(response, {"code": self.code, "message": "Cannot send messages to this user"})
        return {
            "id": str(1000 + len(self.requests)),
            "channel_id": str(channel_id),
            "type": 0,
            "content": "",
            "author": {"id": "1", "username": "connect", "discriminator": "0", "avatar": None},
            "attachments": [],
            "embeds": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-06-01T09:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }

    def payloads(self) -> list[dict[str, Any]]:
        out = []
        for _method, path, _channel, kwargs in self.requests:
            if path.endswith("/messages"):
                if "json" in kwargs:
                    out.append(kwargs["json"])
                else:  # multipart, with files
                    out.append(json.loads(kwargs["form"][0]["value"]))
        return out


def make(fake: FakeDiscord) -> tuple[DiscordNotifier, CountingBucket]:
    client = discord.Client(intents=discord.Intents.none())
    client.http.request = fake.request  # type: ignore[method-assign]
    bucket = CountingBucket()
    return DiscordNotifier(client, bucket), bucket


async def test_channel_send_carries_nonce_and_pings_only_who_is_named() -> None:
    fake = FakeDiscord()
    notifier, bucket = make(fake)
    msg = OutMessage(
        content="⏰ Film club starts soon. <@3> <@&8> @everyone",
        embeds=[{"title": "Film club"}],
        mention_user_ids=frozenset({3}),
        mention_role_ids=frozenset({8}),
    )
    message_id = await notifier.send_to_channel(77, msg, "s1.0")

    assert message_id > 0
    [payload] = fake.payloads()
    assert payload["nonce"] == "s1.0" and payload["enforce_nonce"] is True
    assert payload["allowed_mentions"] == {"users": [3], "roles": [8], "parse": []}
    assert payload["embeds"][0]["title"] == "Film club"
    assert fake.requests[0][2] == 77
    assert bucket.taken == 1


async def test_nothing_is_pinged_by_default() -> None:
    fake = FakeDiscord()
    notifier, _ = make(fake)
    await notifier.send_to_channel(77, OutMessage(content="@everyone <@3>"), "s1.0")
    assert fake.payloads()[0]["allowed_mentions"] == {"parse": []}


async def test_read_aloud_only_when_asked() -> None:
    fake = FakeDiscord()
    notifier, _ = make(fake)
    await notifier.send_to_channel(77, OutMessage(content="Tidy up time.", tts=True), "s1.0")
    await notifier.send_to_channel(77, OutMessage(content="Tidy up time."), "s2.0")
    first, second = fake.payloads()
    assert first["tts"] is True
    assert not second.get("tts")


async def test_dm_channel_is_made_once_per_member_and_every_request_is_paced() -> None:
    fake = FakeDiscord()
    notifier, bucket = make(fake)
    first = await notifier.send_dm(3, OutMessage(content="one"), "s1.0")
    second = await notifier.send_dm(3, OutMessage(content="two"), "s2.0")

    assert first == Delivery(via="dm", message_id=first.message_id, channel_id=DM_CHANNEL)
    assert second.via == "dm"
    paths = [path for _m, path, _c, _k in fake.requests]
    assert paths.count("/users/@me/channels") == 1
    assert bucket.taken == len(fake.requests) == 3


async def test_closed_dms_fall_back_to_the_channel_pinging_only_that_member() -> None:
    fake = FakeDiscord(closed_dm_channels={DM_CHANNEL})
    notifier, bucket = make(fake)
    msg = OutMessage(
        content="Your task is due.",
        files=[Attachment("plan.txt", b"the plan")],
        mention_role_ids=frozenset({8}),
    )
    delivery = await notifier.send_dm(3, msg, "s5.0", fallback_channel_id=FALLBACK)

    assert delivery.via == "channel" and delivery.dm_failed is True and delivery.channel_id == FALLBACK
    dm_try, fallback = fake.payloads()
    assert dm_try["nonce"] == fallback["nonce"] == "s5.0"
    assert fallback["content"].startswith(texts.SCHEDULED_DM_FALLBACK.format(mention="<@3>"))
    assert fallback["content"].endswith("Your task is due.")
    assert fallback["allowed_mentions"] == {"users": [3], "parse": []}
    assert [a["filename"] for a in fallback["attachments"]] == ["plan.txt"]  # the file is sent again
    assert fake.requests[-1][2] == FALLBACK
    assert bucket.taken == 3  # DM channel, DM try, fallback


async def test_closed_dms_without_a_fallback_channel_are_reported() -> None:
    notifier, _ = make(FakeDiscord(closed_dm_channels={DM_CHANNEL}))
    delivery = await notifier.send_dm(3, OutMessage(content="x"), "s5.0")
    assert delivery == Delivery(via="none", message_id=None, channel_id=None, dm_failed=True)


async def test_other_forbidden_errors_are_a_plain_refusal_not_hidden() -> None:
    notifier, _ = make(FakeDiscord(closed_dm_channels={DM_CHANNEL}, code=50001))
    with pytest.raises(SendRefused) as refused:
        await notifier.send_dm(3, OutMessage(content="x"), "s5.0", fallback_channel_id=FALLBACK)
    assert str(refused.value).startswith(texts.SCHEDULED_REFUSED_REASON)
    assert isinstance(refused.value.__cause__, discord.Forbidden)


async def test_a_channel_that_refuses_the_bot_is_a_plain_refusal() -> None:
    notifier, _ = make(FakeDiscord(closed_dm_channels={77}, code=50013))
    with pytest.raises(SendRefused, match="Send Messages"):
        await notifier.send_to_channel(77, OutMessage(content="x"), "s6.0")


async def test_recording_notifier_refuses_a_repeated_nonce_like_discord() -> None:
    notifier = RecordingNotifier(closed_dms={4})
    first = await notifier.send_to_channel(1, OutMessage(content="a"), "n1")
    again = await notifier.send_to_channel(1, OutMessage(content="a"), "n1")
    assert first == again and len(notifier.sent) == 1 and notifier.duplicates_refused == 1
    delivery = await notifier.send_dm(4, OutMessage(content="b"), "n2", fallback_channel_id=9)
    assert delivery.via == "channel" and delivery.dm_failed
    assert notifier.sent[-1].msg.mention_user_ids == frozenset({4})


async def test_dm_channels_are_remembered_across_restarts(db: Database) -> None:
    fake = FakeDiscord()
    client = discord.Client(intents=discord.Intents.none())
    client.http.request = fake.request  # type: ignore[method-assign]
    first = DiscordNotifier(client, CountingBucket(), db=db)
    await first.send_dm(5, OutMessage(content="Hello."), "s1.0")
    after_restart = DiscordNotifier(client, CountingBucket(), db=db)  # a new process: empty memory
    await after_restart.send_dm(5, OutMessage(content="Hello again."), "s2.0")
    opened = [r for r in fake.requests if r[1] == "/users/@me/channels"]
    assert len(opened) == 1
    assert len(fake.payloads()) == 2
