"""The Sandbox: one aiohttp server on 127.0.0.1 with Discord's REST API (/api/v10) and gateway (/).

sb = Sandbox(world=default_world())
await sb.start()            # sb.api_base, sb.gateway_url, sb.token
sam = sb.member("Sam")
seen = await sam.slash("project new", title="Film club")
assert not sb.problems()
await sb.stop()
"""

from __future__ import annotations

from aiohttp import web

from .server_messages import Messages
from .server_state import (
    MESSAGE_TYPE_CHAT_INPUT,
    MESSAGE_TYPE_CONTEXT_MENU,
    MESSAGE_TYPE_DEFAULT,
    MESSAGE_TYPE_REPLY,
    NotConnected,
)

__all__ = [
    "MESSAGE_TYPE_CHAT_INPUT",
    "MESSAGE_TYPE_CONTEXT_MENU",
    "MESSAGE_TYPE_DEFAULT",
    "MESSAGE_TYPE_REPLY",
    "NotConnected",
    "Sandbox",
]


class Sandbox(Messages):
    """The stand-in: world access (server_lookups), gateway glue (server_gateway), interactions
    (server_interactions) and messages (server_messages) on one state (server_state)."""

    # --- lifecycle -----------------------------------------------------------------------------------
    async def start(self) -> Sandbox:
        from . import inspect
        from .http_api import RestApi

        self.rest = RestApi(self)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self.rest.cdn)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_get("/resume-gateway/", self.gateway.handle)
        inspect.mount(app, self)  # read-only JSON for scripts that run the stand-in as its own process
        app.router.add_route("*", "/{tail:.*}", self.rest.outside_api)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._requested_port
        self.world.cdn_base = self.base_url
        return self

    async def stop(self) -> None:
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
