"""Discord's REST API under /api/v10: routing, auth, faults, rate limits, rules, OpenAPI checks."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from . import permissions as P
from .records import RateLimitEvent, RequestRecord, SpecProblem, UnknownRoute, Violation
from .rules import FilePart, FormErrors, check_choices, check_commands, check_message, check_modal
from .world import DM, EPHEMERAL, LOADING, Channel, Command, Guild, Interaction, Message

if TYPE_CHECKING:
    from .server import Sandbox

log = logging.getLogger(__name__)

JSON = "application/json"


class ApiError(Exception):
    """An error answer in Discord's shape. `violation=True` means the bot broke a rule."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        violation: bool = False,
        rule: str = "",
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.violation = violation
        self.rule = rule or message
        self.detail = detail

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            data["errors"] = self.errors
        return data


def form_error(errors: FormErrors, rule: str) -> ApiError:
    return ApiError(
        400, 50035, "Invalid Form Body", errors=errors.errors, violation=True, rule=rule, detail=errors.summary()
    )


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Req:
    method: str
    path: str
    template: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    files: list[FilePart]
    content_type: str


Handler = Callable[[Req], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    regex: re.Pattern[str]
    auth: bool
    interaction: bool  # interaction endpoints: no bot token, not bound to the global limit
    literal_segments: int

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


def _snowflake(value: str, kind: str = "snowflake") -> int:
    try:
        return int(value)
    except ValueError:
        errors = FormErrors()
        errors.add([kind], "NUMBER_TYPE_COERCE", f'Value "{value}" is not snowflake.')
        raise ApiError(400, 50035, "Invalid Form Body", errors=errors.errors) from None


class RestApi:
    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.world = sb.world
        self.routes: list[Route] = []
        r = self._add
        r("GET", "/users/@me", self.get_me)
        r("GET", "/users/{user_id}", self.get_user)
        r("POST", "/users/@me/channels", self.create_dm)
        r("GET", "/oauth2/applications/@me", self.get_application)
        r("GET", "/applications/@me", self.get_application)
        r("GET", "/gateway", self.get_gateway, auth=False)
        r("GET", "/gateway/bot", self.get_gateway_bot)
        r("GET", "/channels/{channel_id}", self.get_channel)
        r("GET", "/channels/{channel_id}/messages", self.list_messages)
        r("POST", "/channels/{channel_id}/messages", self.create_message)
        r("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        r("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        r("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        r("POST", "/channels/{channel_id}/typing", self.typing)
        for base in ("/applications/{application_id}", "/applications/{application_id}/guilds/{guild_id}"):
            r("GET", base + "/commands", self.list_commands)
            r("PUT", base + "/commands", self.put_commands)
            r("POST", base + "/commands", self.create_command)
            r("GET", base + "/commands/{command_id}", self.get_command)
            r("PATCH", base + "/commands/{command_id}", self.edit_command)
            r("DELETE", base + "/commands/{command_id}", self.delete_command)
        r("POST", "/interactions/{interaction_id}/{interaction_token}/callback", self.callback, interaction=True)
        r("POST", "/webhooks/{webhook_id}/{webhook_token}", self.followup, interaction=True)
        for mid in ("@original", "{message_id}"):
            base = "/webhooks/{webhook_id}/{webhook_token}/messages/" + mid
            r("GET", base, self.get_webhook_message, interaction=True)
            r("PATCH", base, self.edit_webhook_message, interaction=True)
            r("DELETE", base, self.delete_webhook_message, interaction=True)
        r("GET", "/guilds/{guild_id}", self.get_guild)
        r("GET", "/guilds/{guild_id}/members", self.list_members)
        r("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        r("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_role)
        r("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_role)
        r("GET", "/guilds/{guild_id}/roles", self.list_roles)
        r("GET", "/guilds/{guild_id}/channels", self.list_channels)
        # Literal segments first: /users/@me before /users/{user_id}, @original before {message_id}.
        self.routes.sort(key=lambda rt: -rt.literal_segments)

    def _add(
        self, method: str, template: str, handler: Handler, *, auth: bool = True, interaction: bool = False
    ) -> None:
        literals = sum(1 for seg in template.split("/") if seg and not seg.startswith("{"))
        self.routes.append(
            Route(method, template, handler, _compile(template), auth and not interaction, interaction, literals)
        )

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            m = route.regex.match(path)
            if m:
                return route, m.groupdict()
        return None

    # --- pipeline -------------------------------------------------------------------------------------
    async def outside_api(self, request: web.Request) -> web.StreamResponse:
        self.sb.unknown_routes.append(UnknownRoute(request.method, request.path))
        return self._respond(Reply(404, {"message": "404: Not Found", "code": 0}))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        sb = self.sb
        method = request.method
        path = "/" + request.match_info["tail"]
        query = {k: v for k, v in request.query.items()}
        try:
            body, files, ctype = await self._read_body(request)
        except ApiError as exc:
            return self._finish(method, path, query, None, Reply(exc.status, exc.body()), None, exc)

        if sb.spec is not None and sb.spec.available and (body is not None):
            op, problems = sb.spec.validate_request(method, path, ctype, body)
            for p in problems:
                sb.invalid_requests.append(SpecProblem("request", method, path, op, p))

        found = self.match(method, path)
        if found is None:
            sb.unknown_routes.append(UnknownRoute(method, path))
            return self._finish(method, path, query, body, Reply(404, {"message": "404: Not Found", "code": 0}), None)
        route, params = found

        if route.auth and request.headers.get("Authorization") != f"Bot {sb.token}":
            return self._finish(
                method, path, query, body, Reply(401, {"message": "401: Unauthorized", "code": 0}), route
            )

        failure = sb.faults.take_failure(method, path)
        if failure is not None:
            return self._finish(
                method,
                path,
                query,
                body,
                Reply(failure.status, {"message": failure.message, "code": failure.code}),
                route,
            )

        rl_headers: dict[str, str] = {}
        if not (route.interaction and route.template.endswith("/callback")):
            major = "+".join(
                params[k] for k in ("channel_id", "guild_id", "webhook_id", "webhook_token") if k in params
            )
            storm = sb.faults.storm_remaining(method, path)
            if storm > 0:
                retry = round(storm, 3)
                sb.rate_limited.append(
                    RateLimitEvent(method, path, sb.ratelimiter.bucket_hash(route.key), "shared", retry, False)
                )
                reply = Reply(
                    429,
                    {"message": "You are being rate limited.", "retry_after": retry, "global": False, "code": 0},
                    sb.ratelimiter.storm_headers(route.key, retry),
                )
                return self._finish(method, path, query, body, reply, route)
            decision = sb.ratelimiter.check(route.key, major, global_exempt=route.interaction)
            if not decision.allowed:
                sb.rate_limited.append(
                    RateLimitEvent(
                        method, path, decision.bucket, decision.scope, decision.retry_after, decision.is_global
                    )
                )
                reply = Reply(
                    429,
                    {
                        "message": "You are being rate limited.",
                        "retry_after": decision.retry_after,
                        "global": decision.is_global,
                        "code": 0,
                    },
                    decision.headers,
                )
                return self._finish(method, path, query, body, reply, route)
            rl_headers = decision.headers

        req = Req(method, path, route.template, params, query, body, files, ctype)
        error: ApiError | None = None
        try:
            reply = await route.handler(req)
        except ApiError as exc:
            error = exc
            reply = Reply(exc.status, exc.body())
        reply.headers = {**rl_headers, **reply.headers}
        return self._finish(method, path, query, body, reply, route, error)

    def _finish(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        reply: Reply,
        route: Route | None,
        error: ApiError | None = None,
    ) -> web.StreamResponse:
        sb = self.sb
        if error is not None and error.violation:
            sb.violations.append(
                Violation(
                    error.rule,
                    error.detail or error.message,
                    method,
                    path,
                    error.status,
                    error.code,
                    error.errors or {},
                )
            )
        # 5xx answers only come from injected faults; the spec documents none.
        if sb.spec is not None and sb.spec.available and route is not None and reply.status < 500:
            op, problems = sb.spec.validate_response(method, path, reply.status, reply.body)
            for p in problems:
                sb.invalid_responses.append(SpecProblem("response", method, path, op, p, reply.status))
        sb.requests.append(RequestRecord(method, path, query, reply.status, body, sb.clock.time()))
        return self._respond(reply)

    @staticmethod
    def _respond(reply: Reply) -> web.StreamResponse:
        # Discord's load balancer adds Via; discord.py treats a 429 without it as a Cloudflare ban.
        headers = {"Via": "1.1 google", **reply.headers}
        if reply.body is None:
            return web.Response(status=reply.status, headers=headers)
        headers["Content-Type"] = JSON  # exactly this: with "; charset=utf-8" discord.py sees a str
        raw = json.dumps(reply.body, ensure_ascii=False).encode()
        return web.Response(status=reply.status, body=raw, headers=headers)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[FilePart], str]:
        ctype = request.content_type
        files: list[FilePart] = []
        if ctype == "multipart/form-data":
            body: Any = None
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not hasattr(part, "read"):
                    continue
                name = getattr(part, "name", None)
                data = await part.read()  # type: ignore[union-attr]
                filename = getattr(part, "filename", None)
                if name == "payload_json":
                    body = self._parse_json(bytes(data))
                elif filename is not None or (name or "").startswith("files["):
                    files.append(
                        FilePart(str(name), str(filename or name), part.headers.get("Content-Type"), bytes(data))
                    )
            return body, files, ctype
        raw = await request.read()
        if not raw:
            return None, files, ctype
        if ctype == JSON:
            return self._parse_json(raw), files, ctype
        return None, files, ctype

    @staticmethod
    def _parse_json(raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            raise ApiError(
                400, 50109, "The request body contains invalid JSON.", violation=True, rule="invalid JSON"
            ) from None

    async def cdn(self, request: web.Request) -> web.StreamResponse:
        try:
            message_channel = int(request.match_info["channel_id"])
            att_id = int(request.match_info["attachment_id"])
        except ValueError:
            raise web.HTTPNotFound() from None
        for m in self.world.messages.values():
            if m.channel_id != message_channel:
                continue
            for a in m.attachments:
                if a.id == att_id:
                    return web.Response(
                        body=a.data, headers={"Content-Type": a.content_type or "application/octet-stream"}
                    )
        raise web.HTTPNotFound()

    # --- helpers ------------------------------------------------------------------------------------
    def _channel(self, req: Req) -> Channel:
        cid = _snowflake(req.params["channel_id"], "channel_id")
        ch = self.world.channels.get(cid)
        if ch is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return ch

    def _bot_perms(self, ch: Channel) -> int:
        guild = self.world.guild_of_channel(ch)
        if guild is None:
            return P.DM_PERMISSIONS
        return guild.permissions_of(guild.members[self.world.bot.id], ch)

    def _require(self, ch: Channel, flag: int) -> None:
        perms = self._bot_perms(ch)
        if not P.has(perms, P.VIEW_CHANNEL):
            raise ApiError(403, 50001, "Missing Access")
        if not P.has(perms, flag):
            raise ApiError(403, 50013, "Missing Permissions")

    def _guild(self, req: Req) -> Guild:
        gid = _snowflake(req.params["guild_id"], "guild_id")
        guild = self.world.guilds.get(gid)
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        if self.world.bot.id not in guild.members:
            raise ApiError(403, 50001, "Missing Access")
        return guild

    def _message(self, ch: Channel, req: Req) -> Message:
        mid = _snowflake(req.params["message_id"], "message_id")
        msg = self.world.messages.get(mid)
        # Ephemeral messages cannot be reached through channel routes.
        if msg is None or msg.deleted or msg.channel_id != ch.id or msg.visible_to is not None:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def _json_object(self, req: Req) -> dict[str, Any]:
        if req.body is None:
            return {}
        if not isinstance(req.body, dict):
            errors = FormErrors()
            errors.add([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            raise form_error(errors, "body must be a JSON object")
        return req.body

    def _check_files(self, req: Req) -> None:
        total = sum(len(f.data) for f in req.files)
        if total > self.sb.attachment_size_limit:
            raise ApiError(413, 40005, "Request entity too large", violation=True, rule="file too large")

    def _check_body(
        self, body: dict[str, Any], req: Req, *, edit: bool = False, interaction: bool = False, rule: str = "message"
    ) -> None:
        errors, empty = check_message(body, files=req.files, edit=edit, interaction=interaction)
        if errors:
            raise form_error(errors, f"{rule}: Discord limits")
        if empty:
            raise ApiError(400, 50006, "Cannot send an empty message", violation=True, rule=f"{rule}: empty message")
        self._check_files(req)

    # --- users, application, gateway ------------------------------------------------------------------
    async def get_me(self, req: Req) -> Reply:
        return Reply(200, payloads.private_user(self.world.bot))

    async def get_user(self, req: Req) -> Reply:
        uid = _snowflake(req.params["user_id"], "user_id")
        user = self.world.users.get(uid)
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return Reply(200, payloads.user(user))

    async def create_dm(self, req: Req) -> Reply:
        body = self._json_object(req)
        raw = body.get("recipient_id")
        if raw is None:
            errors = FormErrors()
            errors.add(["recipient_id"], "BASE_TYPE_REQUIRED", "This field is required")
            raise form_error(errors, "DM without recipient")
        user = self.world.users.get(_snowflake(str(raw), "recipient_id"))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        if user.id == self.world.bot.id:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return Reply(200, payloads.channel(self.world, self.world.dm_channel(user)))

    async def get_application(self, req: Req) -> Reply:
        return Reply(200, payloads.application(self.world))

    async def get_gateway(self, req: Req) -> Reply:
        return Reply(200, {"url": self.sb.gateway_url})

    async def get_gateway_bot(self, req: Req) -> Reply:
        shards = max(1, -(-len(self.world.guilds) // 1000))
        return Reply(
            200,
            {
                "url": self.sb.gateway_url,
                "shards": shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 86_400_000,
                    "max_concurrency": 1,
                },
            },
        )

    # --- channels and messages ------------------------------------------------------------------------
    async def get_channel(self, req: Req) -> Reply:
        ch = self._channel(req)
        if ch.guild_id is not None and not P.has(self._bot_perms(ch), P.VIEW_CHANNEL):
            raise ApiError(403, 50001, "Missing Access")
        return Reply(200, payloads.channel(self.world, ch))

    async def list_messages(self, req: Req) -> Reply:
        ch = self._channel(req)
        if ch.guild_id is not None:
            self._require(ch, P.READ_MESSAGE_HISTORY)
        try:
            limit = int(req.query.get("limit", "50"))
        except ValueError:
            limit = 50
        if not 1 <= limit <= 100:
            errors = FormErrors()
            errors.add(["limit"], "NUMBER_TYPE_MAX", "int value should be less than or equal to 100.")
            raise form_error(errors, "message history limit")
        msgs = [m for m in ch.all_messages if m.visible_to is None and not m.deleted]
        if "before" in req.query:
            before = _snowflake(req.query["before"], "before")
            msgs = [m for m in msgs if m.id < before]
        if "after" in req.query:
            after = _snowflake(req.query["after"], "after")
            msgs = [m for m in msgs if m.id > after]
            msgs = msgs[:limit]
        else:
            msgs = msgs[-limit:]
        msgs.sort(key=lambda m: m.id, reverse=True)
        return Reply(200, [payloads.message(self.world, m) for m in msgs])

    async def create_message(self, req: Req) -> Reply:
        ch = self._channel(req)
        body = self._json_object(req)
        bot = self.world.bot
        if ch.type == DM:
            recipient = self.world.users[ch.recipient_ids[0]]
            if not recipient.dms_open:
                raise ApiError(403, 50007, "Cannot send messages to this user")
        else:
            self._require(ch, P.SEND_MESSAGES)
            if req.files:
                self._require(ch, P.ATTACH_FILES)
            if body.get("embeds"):
                self._require(ch, P.EMBED_LINKS)
        self._check_body(body, req)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            first = self.sb.nonce_lookup(ch, bot, str(nonce))
            if first is not None:
                self.sb.nonce_repeats += 1
                return Reply(200, payloads.message(self.world, first))
        ref = body.get("message_reference")
        if isinstance(ref, dict) and ref.get("message_id"):
            target = self.world.messages.get(_snowflake(str(ref["message_id"]), "message_id"))
            if (target is None or target.deleted) and ref.get("fail_if_not_exists", True):
                errors = FormErrors()
                errors.add(["message_reference"], "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
                raise ApiError(400, 50035, "Invalid Form Body", errors=errors.errors)
        msg_type = 19 if isinstance(ref, dict) and ref.get("message_id") else 0
        message = self.sb.create_message(ch, bot, body, files=req.files, type=msg_type)
        if nonce is not None and body.get("enforce_nonce"):
            self.sb.nonce_remember(ch, bot, str(nonce), message)
        return Reply(200, payloads.message(self.world, message))

    async def get_message(self, req: Req) -> Reply:
        ch = self._channel(req)
        if ch.guild_id is not None:
            self._require(ch, P.READ_MESSAGE_HISTORY)
        return Reply(200, payloads.message(self.world, self._message(ch, req)))

    async def edit_message(self, req: Req) -> Reply:
        ch = self._channel(req)
        msg = self._message(ch, req)
        if msg.author.id != self.world.bot.id:
            raise ApiError(
                403,
                50005,
                "Cannot edit a message authored by another user",
                violation=True,
                rule="edit of someone else's message",
            )
        body = self._json_object(req)
        self._check_body(body, req, edit=True)
        self._check_not_empty_after_edit(msg, body, req)
        self.sb.edit_message(msg, body, files=req.files)
        return Reply(200, payloads.message(self.world, msg))

    def _check_not_empty_after_edit(self, msg: Message, body: dict[str, Any], req: Req) -> None:
        content = body["content"] if "content" in body else msg.content
        embeds = body["embeds"] if "embeds" in body else msg.embeds
        components = body["components"] if "components" in body else msg.components
        attachments = body["attachments"] if "attachments" in body else msg.attachments
        if not ((content or "").strip() or embeds or components or attachments or req.files):
            raise ApiError(400, 50006, "Cannot send an empty message", violation=True, rule="edit: empty message")

    async def delete_message(self, req: Req) -> Reply:
        ch = self._channel(req)
        msg = self._message(ch, req)
        if msg.author.id != self.world.bot.id:
            self._require(ch, P.MANAGE_MESSAGES)
        self.sb.delete_message(msg)
        return Reply(204)

    async def typing(self, req: Req) -> Reply:
        ch = self._channel(req)
        if ch.guild_id is not None:
            self._require(ch, P.SEND_MESSAGES)
        return Reply(204)

    # --- application commands --------------------------------------------------------------------------
    def _command_scope(self, req: Req) -> tuple[int | None, list[Command]]:
        if _snowflake(req.params["application_id"], "application_id") != self.world.application.id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" in req.params:
            guild = self._guild(req)
            return guild.id, self.world.guild_commands.setdefault(guild.id, [])
        return None, self.world.global_commands

    def _store_command(self, raw: dict[str, Any], guild_id: int | None, existing: list[Command]) -> Command:
        data = dict(raw)
        data.pop("id", None)
        data.setdefault("type", 1)
        data.setdefault("description", "" if data["type"] != 1 else data.get("description"))
        perms = data.get("default_member_permissions")
        # discord.py sends an integer; Discord stores and returns a string bitfield.
        data["default_member_permissions"] = None if perms is None else str(int(perms))
        data.setdefault("nsfw", False)
        if guild_id is None:
            data.setdefault("contexts", None)
            if data.get("integration_types") is None:
                data["integration_types"] = [0]  # Discord's default: guild install
        else:
            data.pop("contexts", None)
            data.pop("integration_types", None)
        data.setdefault("dm_permission", True)
        for key in ("name_localizations", "description_localizations"):
            if key in data and data[key] is None:
                del data[key]
        for cmd in existing:
            if cmd.name == data.get("name") and cmd.type == data["type"]:
                if cmd.data != {**data, "version": cmd.data.get("version")}:
                    data["version"] = str(self.world.new_id())
                else:
                    data["version"] = cmd.data.get("version")
                cmd.data = data
                return cmd
        cid = self.world.new_id()
        data["version"] = str(cid)
        return Command(id=cid, data=data, guild_id=guild_id)

    def _commands_body(self, req: Req) -> list[dict[str, Any]]:
        errors = check_commands(req.body)
        if errors:
            raise form_error(errors, "application commands: Discord limits")
        assert isinstance(req.body, list)
        return req.body

    async def list_commands(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        return Reply(200, [payloads.command(self.world, c) for c in cmds])

    async def put_commands(self, req: Req) -> Reply:
        gid, existing = self._command_scope(req)
        body = self._commands_body(req)
        stored = [self._store_command(raw, gid, existing) for raw in body]
        existing[:] = stored
        return Reply(200, [payloads.command(self.world, c) for c in stored])

    async def create_command(self, req: Req) -> Reply:
        gid, existing = self._command_scope(req)
        body = self._json_object(req)
        errors = check_commands([body])
        if errors:
            raise form_error(errors, "application command: Discord limits")
        known = {c.id for c in existing}
        cmd = self._store_command(body, gid, existing)
        status = 200 if cmd.id in known else 201
        if cmd.id not in known:
            existing.append(cmd)
        return Reply(status, payloads.command(self.world, cmd))

    def _find_command(self, req: Req, cmds: list[Command]) -> Command:
        cid = _snowflake(req.params["command_id"], "command_id")
        for c in cmds:
            if c.id == cid:
                return c
        raise ApiError(404, 10063, "Unknown application command")

    async def get_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        return Reply(200, payloads.command(self.world, self._find_command(req, cmds)))

    async def edit_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        cmd = self._find_command(req, cmds)
        merged = {**cmd.data, **self._json_object(req)}
        errors = check_commands([merged])
        if errors:
            raise form_error(errors, "application command: Discord limits")
        merged["version"] = str(self.world.new_id())
        cmd.data = merged
        return Reply(200, payloads.command(self.world, cmd))

    async def delete_command(self, req: Req) -> Reply:
        _gid, cmds = self._command_scope(req)
        cmds.remove(self._find_command(req, cmds))
        return Reply(204)

    # --- interactions -------------------------------------------------------------------------------------
    def _interaction(self, req: Req) -> Interaction:
        iid = _snowflake(req.params["interaction_id"], "interaction_id")
        interaction = self.world.interactions.get(iid)
        if interaction is None or interaction.token != req.params["interaction_token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        return interaction

    async def callback(self, req: Req) -> Reply:
        sb = self.sb
        interaction = self._interaction(req)
        if interaction.responded:
            raise ApiError(
                400,
                40060,
                "Interaction has already been acknowledged.",
                violation=True,
                rule="interaction answered twice",
                detail=interaction.description,
            )
        if interaction.failed or sb.interaction_expired(interaction):
            if not interaction.failed:
                sb.fail_interaction(interaction, f"answered after {sb.interaction_deadline:g} s")
            raise ApiError(404, 10062, "Unknown interaction")
        body = self._json_object(req)
        rtype = body.get("type")
        data = body.get("data")
        allowed = {
            1: set(),  # PING interactions only come over HTTP, never through the gateway
            2: {4, 5, 9},
            3: {4, 5, 6, 7, 9},
            4: {8},
            5: {4, 5, 6, 7} if interaction.message_id is not None else {4, 5},
        }[interaction.type]
        if rtype not in allowed:
            errors = FormErrors()
            errors.add(
                ["type"],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Callback type {rtype} is not valid for interaction type {interaction.type}",
            )
            raise form_error(errors, "interaction callback type")
        channel = self.world.channels[interaction.channel_id]
        resource: dict[str, Any] | None = None
        if rtype in (4, 7):
            if not isinstance(data, dict):
                data = {}
            if rtype == 4:
                self._check_body(data, req, interaction=True, rule="interaction reply")
            else:
                self._check_body(data, req, edit=True, interaction=True, rule="interaction update")
        elif rtype == 9:
            errors = check_modal(data)
            if errors:
                raise form_error(errors, "modal: Discord limits")
        elif rtype == 8:
            errors = check_choices(data)
            if errors:
                raise form_error(errors, "autocomplete: Discord limits")

        target = self.world.messages.get(interaction.message_id or 0)
        if rtype in (6, 7) and (target is None or target.deleted):
            raise ApiError(404, 10008, "Unknown Message")

        interaction.response_type = int(rtype)
        interaction.responded_at = sb.clock.time()
        info: dict[str, Any] = {"id": str(interaction.id), "type": interaction.type}
        if rtype == 4:
            assert isinstance(data, dict)
            ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
            msg = sb.create_message(
                channel,
                self.world.bot,
                data,
                files=req.files,
                type=sb.message_type_for(interaction),
                visible_to=interaction.user.id if ephemeral else None,
                interaction=interaction,
            )
            interaction.original_message_id = msg.id
            interaction.original_completed = True
            info.update(
                response_message_id=str(msg.id), response_message_loading=False, response_message_ephemeral=ephemeral
            )
            resource = {"type": 4, "message": payloads.message(self.world, msg)}
        elif rtype == 5:
            flags = int((data or {}).get("flags") or 0) if isinstance(data, dict) else 0
            ephemeral = bool(flags & EPHEMERAL)
            msg = sb.create_message(
                channel,
                self.world.bot,
                {"content": "", "flags": flags & EPHEMERAL},
                type=sb.message_type_for(interaction),
                visible_to=interaction.user.id if ephemeral else None,
                interaction=interaction,
                extra_flags=LOADING,
            )
            interaction.original_message_id = msg.id
            info.update(
                response_message_id=str(msg.id), response_message_loading=True, response_message_ephemeral=ephemeral
            )
        elif rtype in (6, 7):
            assert target is not None
            interaction.original_message_id = target.id
            if rtype == 7:
                assert isinstance(data, dict)
                sb.edit_message(target, data, files=req.files)
                interaction.original_completed = True
                resource = {"type": 7, "message": payloads.message(self.world, target)}
            info.update(
                response_message_id=str(target.id),
                response_message_loading=False,
                response_message_ephemeral=target.ephemeral,
            )
        elif rtype == 8:
            assert isinstance(data, dict)
            interaction.choices = list(data.get("choices") or [])
        elif rtype == 9:
            assert isinstance(data, dict)
            interaction.modal = data
            sb.open_modals[interaction.user.id] = interaction
        interaction.changed()
        if req.query.get("with_response", "false").lower() in ("1", "true"):
            out: dict[str, Any] = {"interaction": info}
            if resource is not None:
                out["resource"] = resource
            return Reply(200, out)
        return Reply(204)

    def _webhook_interaction(self, req: Req) -> Interaction:
        if _snowflake(req.params["webhook_id"], "webhook_id") != self.world.application.id:
            raise ApiError(404, 10015, "Unknown Webhook")
        interaction = self.sb.interaction_by_token(req.params["webhook_token"])
        if interaction is None or not interaction.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        if self.sb.token_expired(interaction):
            raise ApiError(
                401,
                50027,
                "Invalid Webhook Token",
                violation=True,
                rule="follow-up after the 15 minute window",
                detail=interaction.description,
            )
        return interaction

    def _webhook_message(self, req: Req, interaction: Interaction) -> Message:
        raw = req.params.get("message_id")
        if raw is None:  # @original
            mid = interaction.original_message_id
        else:
            mid = _snowflake(raw, "message_id")
            if mid != interaction.original_message_id and mid not in interaction.followup_ids:
                raise ApiError(404, 10008, "Unknown Message")
        msg = self.world.messages.get(mid or 0)
        if msg is None or msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    async def followup(self, req: Req) -> Reply:
        sb = self.sb
        interaction = self._webhook_interaction(req)
        body = self._json_object(req)
        self._check_body(body, req, interaction=True, rule="follow-up")
        channel = self.world.channels[interaction.channel_id]
        original = self.world.messages.get(interaction.original_message_id or 0)
        if interaction.response_type == 5 and original is not None and original.loading:
            # Discord: after a deferred reply, the first follow-up fills in the "thinking" message.
            body = {k: v for k, v in body.items() if k != "flags"}
            sb.edit_message(original, body, files=req.files, complete_loading=True)
            interaction.original_completed = True
            msg = original
        else:
            ephemeral = bool(int(body.get("flags") or 0) & EPHEMERAL)
            msg = sb.create_message(
                channel,
                self.world.bot,
                body,
                files=req.files,
                type=sb.message_type_for(interaction),
                visible_to=interaction.user.id if ephemeral else None,
                interaction=interaction,
                followup=True,
            )
            interaction.followup_ids.append(msg.id)
        interaction.changed()
        if req.query.get("wait", "false").lower() in ("1", "true"):
            return Reply(200, payloads.message(self.world, msg))
        return Reply(204)

    async def get_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        return Reply(200, payloads.message(self.world, self._webhook_message(req, interaction)))

    async def edit_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        msg = self._webhook_message(req, interaction)
        body = self._json_object(req)
        self._check_body(body, req, edit=True, interaction=True, rule="interaction edit")
        if not msg.loading:
            self._check_not_empty_after_edit(msg, body, req)
        complete = msg.loading and msg.id == interaction.original_message_id
        self.sb.edit_message(msg, body, files=req.files, complete_loading=complete)
        if msg.id == interaction.original_message_id:
            interaction.original_completed = True
        interaction.changed()
        return Reply(200, payloads.message(self.world, msg))

    async def delete_webhook_message(self, req: Req) -> Reply:
        interaction = self._webhook_interaction(req)
        msg = self._webhook_message(req, interaction)
        self.sb.delete_message(msg)
        interaction.changed()
        return Reply(204)

    # --- guilds ---------------------------------------------------------------------------------------------
    async def get_guild(self, req: Req) -> Reply:
        guild = self._guild(req)
        with_counts = req.query.get("with_counts", "false").lower() in ("1", "true")
        return Reply(200, payloads.guild(self.world, guild, with_counts=with_counts))

    async def get_member(self, req: Req) -> Reply:
        guild = self._guild(req)
        member = guild.members.get(_snowflake(req.params["user_id"], "user_id"))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return Reply(200, payloads.member(member))

    async def list_members(self, req: Req) -> Reply:
        guild = self._guild(req)
        from .gateway import GUILD_MEMBERS

        if not self.sb.gateway.allowed_intents & GUILD_MEMBERS:
            raise ApiError(403, 50001, "Missing Access")
        try:
            limit = int(req.query.get("limit", "1"))
        except ValueError:
            limit = 1
        if not 1 <= limit <= 1000:
            errors = FormErrors()
            errors.add(["limit"], "NUMBER_TYPE_MAX", "int value should be less than or equal to 1000.")
            raise form_error(errors, "member list limit")
        after = _snowflake(req.query.get("after", "0"), "after")
        members = sorted((m for m in guild.members.values() if m.user.id > after), key=lambda m: m.user.id)
        return Reply(200, [payloads.member(m) for m in members[:limit]])

    def _role_change(self, req: Req) -> tuple[Guild, Any, Any]:
        guild = self._guild(req)
        member = guild.members.get(_snowflake(req.params["user_id"], "user_id"))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        role = guild.roles.get(_snowflake(req.params["role_id"], "role_id"))
        if role is None:
            raise ApiError(404, 10011, "Unknown Role")
        bot_member = guild.members[self.world.bot.id]
        perms = guild.permissions_of(bot_member)
        top = max((guild.roles[r].position for r in bot_member.role_ids if r in guild.roles), default=0)
        if not P.has(perms, P.MANAGE_ROLES) or role.position >= top or role.managed:
            raise ApiError(403, 50013, "Missing Permissions")
        return guild, member, role

    def _member_updated(self, guild: Guild, member: Any) -> None:
        from .gateway import GUILD_MEMBERS

        data = payloads.member(member)
        data["guild_id"] = str(guild.id)
        self.sb.gateway.dispatch(guild.id, "GUILD_MEMBER_UPDATE", lambda s: data, intent=GUILD_MEMBERS)

    async def add_role(self, req: Req) -> Reply:
        guild, member, role = self._role_change(req)
        if role.id not in member.role_ids:
            member.role_ids.append(role.id)
            self._member_updated(guild, member)
        return Reply(204)

    async def remove_role(self, req: Req) -> Reply:
        guild, member, role = self._role_change(req)
        if role.id in member.role_ids:
            member.role_ids.remove(role.id)
            self._member_updated(guild, member)
        return Reply(204)

    async def list_roles(self, req: Req) -> Reply:
        guild = self._guild(req)
        return Reply(200, [payloads.role(r) for r in sorted(guild.roles.values(), key=lambda r: r.position)])

    async def list_channels(self, req: Req) -> Reply:
        guild = self._guild(req)
        return Reply(200, [payloads.channel(self.world, c) for c in guild.channels])
