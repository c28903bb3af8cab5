"""Discord's REST API under /api/v10: routing, auth, faults, rate limits, rules, OpenAPI checks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from . import permissions as P
from .http_base import ApiError, Handler, Reply, Req, Route, _compile, _snowflake, form_error
from .http_commands import CommandRoutes
from .http_interactions import InteractionRoutes
from .http_messages import MessageRoutes
from .records import RateLimitEvent, RequestRecord, SpecProblem, UnknownRoute, Violation
from .rules import FilePart, FormErrors
from .world import Guild

if TYPE_CHECKING:
    from .server import Sandbox


JSON = "application/json"


class RestApi(MessageRoutes, CommandRoutes, InteractionRoutes):
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
