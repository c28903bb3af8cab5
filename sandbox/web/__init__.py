"""The practice page: the stand-in's world in a browser, as any member, with no Discord account.

page = PracticePage(sb, port=8080, people=[("Sam", "Sam"), ("Alex", "Alex (lead)")], hooks=PageHooks(...))
await page.start()        # http://127.0.0.1:8080
page.attach(new_sandbox)  # after "Start again": everyone's page reloads

Plain HTML, CSS and a little JavaScript from static/; the messages are rendered here (render.py) and
updates arrive as server-sent events. Bound to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from ..actors import InteractionFailed, MemberActor, Seen
from ..server import Sandbox
from ..views import STRING_SELECT
from ..world import DM, Channel, Message, User
from . import forms
from .markup import hour
from .render import Viewer, messages_html

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
NO_ANSWER = "Connect did not answer. Please try again."
DID_NOT_WORK = "That did not work. Please try again."


@dataclass
class PageHooks:
    """What the practice mode adds: moving its clock, and starting the world again."""

    skip: Callable[[str], Awaitable[None]] | None = None  # "hour" or "tomorrow"
    reset: Callable[[], Awaitable[None]] | None = None


class PracticePage:
    def __init__(
        self,
        sb: Sandbox,
        *,
        host: str = "127.0.0.1",
        port: int = 8080,
        people: list[tuple[str, str]] | None = None,
        hooks: PageHooks | None = None,
        zone: str = "Europe/London",
    ) -> None:
        self.host = host
        self._requested_port = port
        self.port = 0
        self.people = people
        self.hooks = hooks or PageHooks()
        self.zone = ZoneInfo(zone)
        self._streams: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self._runner: web.AppRunner | None = None
        self.sb = sb
        sb.message_listeners.append(self._message_changed)

    # --- lifecycle ------------------------------------------------------------------------------------
    async def start(self) -> PracticePage:
        app = web.Application()
        app.router.add_get("/", self.index)
        app.router.add_static("/static/", STATIC, append_version=False)
        app.router.add_get("/api/world", self.world_state)
        app.router.add_get("/api/view", self.view)
        app.router.add_get("/api/message", self.one_message)
        app.router.add_get("/api/command", self.command_form)
        app.router.add_get("/api/autocomplete", self.autocomplete)
        app.router.add_post("/api/act", self.act)
        app.router.add_post("/api/close-modal", self.close_modal)
        app.router.add_post("/api/skip", self.skip)
        app.router.add_post("/api/reset", self.reset)
        app.router.add_get("/events", self.events)
        app.router.add_get("/file/{message_id}/{attachment_id}", self.file)
        # Open event streams end at once on stop; nothing else is worth waiting for.
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._requested_port
        return self

    async def stop(self) -> None:
        for stream in list(self._streams):
            stream.put_nowait(None)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def attach(self, sb: Sandbox) -> None:
        """Show another world (after "Start again"): every open page reloads."""
        with contextlib.suppress(ValueError):
            self.sb.message_listeners.remove(self._message_changed)
        self.sb = sb
        sb.message_listeners.append(self._message_changed)
        self.broadcast({"type": "reset"})

    # --- live updates -----------------------------------------------------------------------------------
    def broadcast(self, event: dict[str, Any]) -> None:
        for stream in list(self._streams):
            stream.put_nowait(event)

    def _message_changed(self, message: Message) -> None:
        channel = self.sb.world.channels.get(message.channel_id)
        dm_of = None
        if channel is not None and channel.type == DM:
            dm_of = next((str(u) for u in channel.recipient_ids if u != self.sb.world.bot.id), None)
        self.broadcast(
            {
                "type": "message",
                "id": str(message.id),
                "channel": str(message.channel_id),
                "for": None if message.visible_to is None else str(message.visible_to),
                "dm_of": dm_of,
                "deleted": message.deleted,
            }
        )

    async def events(self, request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await resp.prepare(request)
        stream: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._streams.add(stream)
        try:
            await resp.write(b"retry: 1000\n\n")
            while True:
                try:
                    item = await asyncio.wait_for(stream.get(), 15)
                except TimeoutError:
                    await resp.write(b": still here\n\n")
                    continue
                if item is None:
                    break
                await resp.write(f"data: {json.dumps(item)}\n\n".encode())
        except (ConnectionError, RuntimeError):
            pass
        finally:
            self._streams.discard(stream)
        return resp

    # --- reading ----------------------------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    def _people(self) -> list[tuple[User, str]]:
        world = self.sb.world
        guild = world.first_guild
        if self.people is not None:
            return [(guild.member(name).user, label) for name, label in self.people]
        return [(m.user, m.display_name) for m in guild.members.values() if not m.user.bot]

    def _user(self, request: web.Request) -> User:
        try:
            return self.sb.world.users[int(request.query.get("as", ""))]
        except (KeyError, ValueError):
            raise web.HTTPBadRequest(text="Pick who you are first.") from None

    def viewer(self, user: User) -> Viewer:
        return Viewer(self.sb.world, user.id, self.zone, self.sb.clock.time())

    def clock_text(self) -> str:
        now = self.sb.clock.now().astimezone(self.zone)
        return f"Practice time: {now:%A} {now.day} {now:%B}, {hour(now)}"

    def _actor(self, user: User, channel: Channel) -> MemberActor:
        if channel.type == DM:
            return self.sb.dm_user(user.id)
        return self.sb.member(user.id, guild=channel.guild_id)

    def _channel(self, user: User, raw: str | None) -> Channel:
        """A channel this person can see, or their private messages ("dm")."""
        world = self.sb.world
        if raw == "dm":
            return world.dm_channel(user)
        try:
            channel = world.channels[int(raw or "")]
        except (KeyError, ValueError):
            raise web.HTTPNotFound(text="No such channel.") from None
        if not self._actor(user, channel).can_see_channel(channel):
            raise web.HTTPNotFound(text="No such channel.")
        return channel

    def _commands(self, actor: MemberActor) -> list[forms.SlashCommand]:
        return [leaf for cmd in actor.available_commands() for leaf in forms.leaves(cmd)]

    async def world_state(self, request: web.Request) -> web.Response:
        world = self.sb.world
        guild = world.first_guild
        people = [{"id": str(u.id), "label": label} for u, label in self._people()]
        user = world.users.get(int(request.query["as"])) if request.query.get("as", "").isdigit() else None
        channels = []
        if user is not None and user.id in guild.members:
            actor = self.sb.member(user.id, guild=guild.id)
            channels = [
                {"id": str(c.id), "name": c.name, "topic": c.topic or ""}
                for c in guild.text_channels
                if actor.can_see_channel(c)
            ]
        dm = world.dm_channels.get(user.id) if user is not None else None
        return web.json_response(
            {
                "server": guild.name,
                "people": people,
                "channels": channels,
                "dm_channel": str(dm.id) if dm is not None else None,
                "clock": self.clock_text(),
                "can_skip": self.hooks.skip is not None,
                "can_reset": self.hooks.reset is not None,
            }
        )

    async def view(self, request: web.Request) -> web.Response:
        user = self._user(request)
        channel = self._channel(user, request.query.get("channel"))
        actor = self._actor(user, channel)
        title = "Private messages with Connect" if channel.type == DM else "#" + channel.name
        return web.json_response(
            {
                "channel": str(channel.id),
                "title": title,
                "topic": "" if channel.type == DM else channel.topic or "",
                "messages_html": messages_html(channel, self.viewer(user)),
                "commands_html": forms.commands_html(self._commands(actor)),
                "clock": self.clock_text(),
            }
        )

    async def one_message(self, request: web.Request) -> web.Response:
        user = self._user(request)
        message = self.sb.world.messages.get(int(request.query.get("id", "0") or 0))
        if message is None or not message.visible_for(user.id):
            return web.json_response({"html": ""})
        from .render import message_html

        return web.json_response({"html": message_html(message, self.viewer(user)), "channel": str(message.channel_id)})

    def _slash_command(self, actor: MemberActor, path: str) -> forms.SlashCommand:
        for leaf in self._commands(actor):
            if leaf.path == path:
                return leaf
        raise web.HTTPNotFound(text="You cannot use that command here.")

    async def command_form(self, request: web.Request) -> web.Response:
        user = self._user(request)
        channel = self._channel(user, request.query.get("channel"))
        actor = self._actor(user, channel)
        command = self._slash_command(actor, request.query.get("name", ""))
        guild = self.sb.world.guilds.get(channel.guild_id) if channel.guild_id is not None else None
        return web.json_response({"html": forms.command_form_html(command, guild), "runs_at_once": not command.options})

    async def autocomplete(self, request: web.Request) -> web.Response:
        user = self._user(request)
        channel = self._channel(user, request.query.get("channel"))
        actor = self._actor(user, channel)
        command = self._slash_command(actor, request.query.get("name", ""))
        option = request.query.get("option", "")
        try:
            choices = await actor.autocomplete(
                command.path, option, request.query.get("value", ""), channel=None if channel.type == DM else channel
            )
        except (InteractionFailed, LookupError, ValueError, TypeError) as exc:
            log.info("practice page: autocomplete failed: %s", exc)
            choices = []
        return web.json_response({"choices": [{"name": c.name, "value": str(c.value)} for c in choices]})

    async def file(self, request: web.Request) -> web.StreamResponse:
        user = self._user(request)
        message = self.sb.world.messages.get(int(request.match_info["message_id"]))
        if message is None or not message.visible_for(user.id):
            raise web.HTTPNotFound()
        for att in message.attachments:
            if str(att.id) == request.match_info["attachment_id"]:
                return web.Response(
                    body=att.data,
                    content_type=(att.content_type or "application/octet-stream").split(";")[0],
                    charset="utf-8" if (att.content_type or "").startswith("text/") else None,
                    headers={"Content-Disposition": f'attachment; filename="{att.filename}"'},
                )
        raise web.HTTPNotFound()

    # --- acting -----------------------------------------------------------------------------------------
    async def _body(self, request: web.Request) -> dict[str, Any]:
        # Only this page may act: other sites cannot send JSON here without the browser asking first.
        origin = request.headers.get("Origin")
        if origin is not None and origin not in (self.url, f"http://{request.host}"):
            raise web.HTTPForbidden(text="Only the practice page can do this.")
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(text="Send JSON.")
        try:
            body = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="Send JSON.") from None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="Send JSON.")
        return body

    async def act(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        world = self.sb.world
        try:
            user = world.users[int(body.get("as", ""))]
        except (KeyError, ValueError, TypeError):
            raise web.HTTPBadRequest(text="Pick who you are first.") from None
        try:
            seen = await self._do(user, body)
        except InteractionFailed as exc:
            log.info("practice page: %s", exc)
            return web.json_response({"error": NO_ANSWER})
        except (LookupError, ValueError, TypeError, PermissionError) as exc:
            log.info("practice page: %s did not work: %s", body.get("kind"), exc)
            return web.json_response({"error": DID_NOT_WORK})
        if seen.modal is not None:
            return web.json_response({"modal_html": forms.modal_html(seen.modal)})
        return web.json_response({"ok": True, "message": str(seen.message.id) if seen.message else None})

    async def _do(self, user: User, body: dict[str, Any]) -> Seen:
        world = self.sb.world
        kind = body.get("kind")
        if kind in ("click", "select"):
            message = world.messages.get(int(body.get("message") or 0))
            if message is None:
                raise LookupError("no such message")
            actor = self._actor(user, world.channels[message.channel_id])
            custom_id = str(body.get("custom_id") or "")
            if kind == "click":
                return await actor.click(message, custom_id)
            select = next((s for s in message.selects if s.custom_id == custom_id), None)
            if select is None:
                raise LookupError("no such menu")
            raw = [str(v) for v in body.get("values") or []]
            values: list[Any] = raw if select.type == STRING_SELECT else [int(v) for v in raw]
            return await actor.select(message, values, custom_id=custom_id)
        if kind == "slash":
            channel = world.dm_channel(user) if body.get("channel") == "dm" else world.channels[int(body["channel"])]
            actor = self._actor(user, channel)
            if not actor.can_see_channel(channel):
                raise LookupError("channel not visible")
            command = self._slash_command(actor, str(body.get("command") or ""))
            options = forms.slash_options(command, {str(k): str(v) for k, v in (body.get("values") or {}).items()})
            return await actor.slash(command.path, channel=None if channel.type == DM else channel, **options)
        if kind == "modal":
            source = self.sb.open_modals.get(user.id)
            if source is None:
                raise LookupError("no open form")
            actor = self.sb.dm_user(user.id) if source.guild_id is None else self.sb.member(user.id, source.guild_id)
            return await actor.submit_modal(dict(body.get("values") or {}))
        raise ValueError(f"unknown action {kind!r}")

    async def close_modal(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        with contextlib.suppress(ValueError, TypeError):
            self.sb.open_modals.pop(int(body.get("as", "")), None)
        return web.json_response({"ok": True})

    async def skip(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        if self.hooks.skip is None:
            raise web.HTTPNotFound()
        to = str(body.get("to") or "")
        if to not in ("hour", "tomorrow"):
            raise web.HTTPBadRequest(text="Skip an hour or to tomorrow.")
        await self.hooks.skip(to)
        self.broadcast({"type": "clock", "clock": self.clock_text()})
        return web.json_response({"ok": True, "clock": self.clock_text()})

    async def reset(self, request: web.Request) -> web.Response:
        await self._body(request)
        if self.hooks.reset is None:
            raise web.HTTPNotFound()
        await self.hooks.reset()
        return web.json_response({"ok": True})
