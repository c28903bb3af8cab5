"""The stand-in side of bench/crowd.py: the sandbox and its members, run in a child process.

Commands come over a pipe as (name, kwargs); each answer is (True, value) or (False, error text).
Only plain data crosses the pipe.
"""

from __future__ import annotations

import asyncio
import json
import traceback
from multiprocessing.connection import Connection
from typing import Any

from bench._common import answer_at, make_sandbox
from bot import texts
from sandbox import InteractionFailed, Sandbox, Seen, default_world

SETTLE_DEADLINE = 20.0  # seconds after the last answer to wait for the cards to show the final lists


class Crowd:
    def __init__(self, members: int, channels: int) -> None:
        world = default_world()
        guild = world.first_guild
        self.names = [f"Member {i:04d}" for i in range(members)]
        for name in self.names:
            world.add_member(guild, world.add_user(name))
        if channels > 1:
            self.channels = [world.add_channel(guild, f"party-{i + 1}").name for i in range(channels)]
        else:
            self.channels = ["projects"]
        self.sb: Sandbox = make_sandbox(openapi=False, world=world)

    async def start(self) -> dict[str, Any]:
        await self.sb.start()
        return {"token": self.sb.token, "api_base": self.sb.api_base, "gateway_url": self.sb.gateway_url}

    async def wait_connected(self) -> None:
        await self.sb.wait_until_connected(timeout=30)

    async def bare_card(self) -> dict[str, Any]:
        seen = await self.sb.member("Sam").slash("bench")
        assert seen.message is not None
        return {"message_id": seen.message.id, "channel_id": seen.message.channel_id, "project_id": 0}

    async def project_cards(self, count: int, places: int) -> list[dict[str, Any]]:
        return [await self._post(self.channels[i], f"Christmas party {i + 1}", places) for i in range(count)]

    async def _post(self, channel: str, title: str, places: int) -> dict[str, Any]:
        sam = self.sb.member("Sam")
        seen = await sam.slash("project new", channel=channel)
        picker = await sam.submit_modal(
            {texts.PROJECT_INPUT_TITLE: title, texts.PROJECT_INPUT_ABOUT: "Food and music."}
        )
        seen = await sam.click(picker, texts.TIMEPICK_PICK_DAY)
        [days] = [s for s in seen.selects if s.placeholder == texts.TIMEPICK_PICK_DAY]
        seen = await sam.select(seen, [days.options[3].value], placeholder=texts.TIMEPICK_PICK_DAY)
        usual = texts.TIMEPICK_MENU_USUAL.format(start="9am", end="9pm")
        draft = await sam.select(seen, ["6pm"], placeholder=usual)
        draft = await sam.select(draft, [f"{places} places"], placeholder=texts.PROJECT_PLACES_PLACEHOLDER)
        await sam.click(draft, texts.PROJECT_BUTTON_POST)
        card = await self.sb.wait_for_message(
            channel=channel,
            predicate=lambda m: not m.ephemeral and bool(m.embeds) and m.embeds[0].get("title") == title,
        )
        join = next(b for b in card.buttons if b.label == texts.PROJECT_BUTTON_COMING)
        assert join.custom_id is not None
        return {
            "message_id": card.id,
            "channel_id": card.channel_id,
            "guild_id": self.sb.guild().id,
            "project_id": int(join.custom_id.split(":")[3]),
        }

    async def press(self, cards: list[dict[str, Any]], label: str, spread: float, places: int) -> dict[str, Any]:
        sb = self.sb
        sb.rate_limited.clear()
        first_request = len(sb.requests)
        messages = [sb.world.messages[c["message_id"]] for c in cards]
        n = len(self.names)
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.2

        async def one(i: int) -> dict[str, Any]:
            member = sb.member(self.names[i])
            member.timeout = 60.0
            card = messages[i % len(messages)]
            await asyncio.sleep(max(0.0, start + spread * i / n - loop.time()))
            out: dict[str, Any] = {"user_id": member.user.id, "card": card.id, "failed": False}
            try:
                seen: Seen | None = await member.click(card, label)
            except InteractionFailed:
                seen, out["failed"] = None, True
            inter = seen.interaction if seen is not None else None
            if inter is None:
                mine = [x for x in sb.world.interactions.values() if x.user.id == member.user.id]
                inter = mine[-1] if mine else None
            out["interaction_id"] = inter.id if inter else 0
            out["sent"] = inter.created_at - start if inter else None
            out["acked"] = inter.responded_at - inter.created_at if inter and inter.responded_at else None
            at = answer_at(sb, inter) if inter else None
            out["answered"] = at - inter.created_at if inter and at is not None else None
            out["answered_at"] = at
            return out

        presses = list(await asyncio.gather(*(one(i) for i in range(n))))
        last_answer = max((p["answered_at"] or 0.0) for p in presses)
        right: dict[int, float] = {}
        if places:
            deadline = loop.time() + SETTLE_DEADLINE
            while loop.time() < deadline and len(right) < len(cards):
                self._card_times(cards, presses, places, first_request, right)
                await asyncio.sleep(0.2)
        edits = [
            r
            for r in sb.requests[first_request:]
            if r.method == "PATCH" and "/channels/" in r.path and any(str(c["message_id"]) in r.path for c in cards)
        ]
        return {
            "presses": presses,
            "cards": cards,
            "card_edits": sum(1 for r in edits if r.status < 300),
            "rate_limited": len(sb.rate_limited),
            "problems": sb.problems(),
            "card_right_after": (max(right.values()) - last_answer) if places and len(right) == len(cards) else None,
        }

    def _card_times(
        self,
        cards: list[dict[str, Any]],
        presses: list[dict[str, Any]],
        places: int,
        first: int,
        right: dict[int, float],
    ) -> None:
        """When each card first showed its final numbers (the first edit with them)."""
        for card in cards:
            if card["message_id"] in right:
                continue
            count = sum(1 for p in presses if p["card"] == card["message_id"])
            waiting = count - places
            wanted = [texts.PROJECT_CARD_COMING.format(count=min(places, count))]
            if waiting == 1:
                wanted.append(texts.PROJECT_CARD_WAITING_ONE)
            elif waiting > 1:
                wanted.append(texts.PROJECT_CARD_WAITING_MANY.format(count=waiting))
            path = f"/channels/{card['channel_id']}/messages/{card['message_id']}"
            for r in self.sb.requests[first:]:
                if r.method == "PATCH" and r.path.endswith(path) and r.status < 300:
                    body = json.dumps(r.body, ensure_ascii=False)
                    if all(w in body for w in wanted):
                        right[card["message_id"]] = r.at
                        break


def serve(conn: Connection, members: int, channels: int) -> None:
    asyncio.run(_serve(conn, members, channels))


async def _serve(conn: Connection, members: int, channels: int) -> None:
    crowd = Crowd(members, channels)
    loop = asyncio.get_running_loop()
    while True:
        command, kwargs = await loop.run_in_executor(None, conn.recv)
        if command == "stop":
            await crowd.sb.stop()
            conn.send((True, None))
            return
        try:
            value = await getattr(crowd, command)(**kwargs)
            conn.send((True, value))
        except Exception:
            conn.send((False, traceback.format_exc()))
