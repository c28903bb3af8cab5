"""A read-only look inside a running stand-in, for scripts and benchmarks that run it as its own process
(``python -m sandbox``): JSON under ``/_sandbox/`` on the same port. Loopback only, no bot token needed,
and nothing here changes the world.

    GET /_sandbox/summary              counts, requests per second (global limit), 429s, nonce repeats
    GET /_sandbox/messages?since=ID    messages by the bot in server channels (id, channel, content, nonce)
    GET /_sandbox/dms?since=ID         the bot's DMs (id, user, content, nonce)
    GET /_sandbox/requests?since=T     the REST requests seen (method, path, status, at)
    GET /_sandbox/rate_limits          every 429 the stand-in answered
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .server import Sandbox

PREFIX = "/_sandbox"


def mount(app: web.Application, sb: Sandbox) -> None:
    """Add the routes (before the stand-in's catch-all)."""
    view = _Inspect(sb)
    app.router.add_get(f"{PREFIX}/summary", view.summary)
    app.router.add_get(f"{PREFIX}/messages", view.messages)
    app.router.add_get(f"{PREFIX}/dms", view.dms)
    app.router.add_get(f"{PREFIX}/requests", view.requests)
    app.router.add_get(f"{PREFIX}/rate_limits", view.rate_limits)


def _number(request: web.Request, name: str) -> float:
    try:
        return float(request.query.get(name, "0"))
    except ValueError:
        return 0.0


class _Inspect:
    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb

    def _bot_messages(self, *, dms: bool, since: float) -> list[dict[str, Any]]:
        world = self.sb.world
        out = []
        for message in list(world.messages.values()):
            if message.author.id != world.bot.id or message.deleted or message.id <= since:
                continue
            if (message.guild_id is None) != dms:
                continue
            item: dict[str, Any] = {
                "id": str(message.id),
                "channel_id": str(message.channel_id),
                "content": message.content,
                "nonce": message.nonce,
                "at": message.created_at.timestamp(),
            }
            if dms:
                channel = world.channels.get(message.channel_id)
                recipients = [r for r in (channel.recipient_ids if channel else []) if r != world.bot.id]
                item["user_id"] = str(recipients[0]) if recipients else None
            else:
                item["guild_id"] = str(message.guild_id)
            out.append(item)
        return out

    async def summary(self, _request: web.Request) -> web.Response:
        sb = self.sb
        counted = [r for r in sb.requests if "/interactions/" not in r.path and "/webhooks/" not in r.path]
        per_second = Counter(int(r.at) for r in counted)
        return web.json_response(
            {
                "requests": len(sb.requests),
                "max_requests_in_a_second": max(per_second.values(), default=0),
                "rate_limited": len(sb.rate_limited),
                "global_rate_limited": sum(1 for e in sb.rate_limited if e.is_global),
                "nonce_repeats": sb.nonce_repeats,
                "bot_dms": len(self._bot_messages(dms=True, since=0)),
                "bot_channel_messages": len(self._bot_messages(dms=False, since=0)),
                "gateway_sessions": len(sb.gateway.connected_sessions()),
                "problems": sb.problems()[:20],
                "clock": sb.clock.time(),
            }
        )

    async def messages(self, request: web.Request) -> web.Response:
        return web.json_response(self._bot_messages(dms=False, since=_number(request, "since")))

    async def dms(self, request: web.Request) -> web.Response:
        return web.json_response(self._bot_messages(dms=True, since=_number(request, "since")))

    async def requests(self, request: web.Request) -> web.Response:
        since = _number(request, "since")
        rows = [
            {"method": r.method, "path": r.path, "status": r.status, "at": r.at}
            for r in list(self.sb.requests)
            if r.at >= since
        ]
        return web.json_response(rows)

    async def rate_limits(self, _request: web.Request) -> web.Response:
        rows = [
            {
                "method": e.method,
                "path": e.path,
                "scope": e.scope,
                "global": e.is_global,
                "retry_after": e.retry_after,
            }
            for e in list(self.sb.rate_limited)
        ]
        return web.json_response(rows)
