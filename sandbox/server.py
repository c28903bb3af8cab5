"""The Sandbox: one aiohttp server on 127.0.0.1 with Discord's REST API (/api/v10) and gateway (/).

sb = Sandbox(world=default_world())
await sb.start()            # sb.api_base, sb.gateway_url, sb.token
sam = sb.member("Sam")
seen = await sam.slash("project new", title="Film club")
assert not sb.problems()
await sb.stop()
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from . import permissions as P
from .clock import Clock
from .faults import Faults
from .gateway import DIRECT_MESSAGES, GUILD_MEMBERS, GUILD_MESSAGES, MESSAGE_CONTENT, Gateway, Session
from .openapi import SpecValidator
from .ratelimit import RateLimiter
from .records import FailedInteraction, RateLimitEvent, RequestRecord, SpecProblem, UnknownRoute, Violation
from .rules import FilePart
from .rules_mentions import resolve_mentions
from .views import walk
from .world import (
    EPHEMERAL,
    LOADING,
    Attachment,
    Channel,
    Command,
    Guild,
    Interaction,
    Message,
    User,
    World,
    default_world,
    make_token,
)

if TYPE_CHECKING:
    from .actors import MemberActor

log = logging.getLogger(__name__)

MESSAGE_TYPE_DEFAULT = 0
MESSAGE_TYPE_REPLY = 19
MESSAGE_TYPE_CHAT_INPUT = 20
MESSAGE_TYPE_CONTEXT_MENU = 23


class NotConnected(RuntimeError):
    """No bot session is connected to the gateway for that guild's shard."""


class Sandbox:
    def __init__(
        self,
        world: World | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        interaction_deadline: float = 3.0,
        followup_window: float = 15 * 60.0,
        nonce_window: float = 5 * 60.0,
        rate_limits: bool = True,
        global_rate_limit: int | None = 50,
        openapi: bool = True,
        spec_path: str | None = None,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        self.world = world if world is not None else default_world()
        self.clock: Clock = self.world.clock
        self.host = host
        self._requested_port = port
        self.port = 0
        self.token = token or make_token(self.world.application.id)
        self.interaction_deadline = interaction_deadline
        self.followup_window = followup_window
        self.nonce_window = nonce_window
        self.attachment_size_limit = attachment_size_limit
        self.faults = Faults(self.clock)
        self.ratelimiter = RateLimiter(self.clock, enabled=rate_limits, global_limit=global_rate_limit)
        self.spec: SpecValidator | None = SpecValidator.load(spec_path) if openapi else None
        self.gateway = Gateway(self, heartbeat_interval_ms=heartbeat_interval_ms)

        # What went wrong; tests assert these stay empty (see problems()).
        self.violations: list[Violation] = []
        self.unknown_routes: list[UnknownRoute] = []
        self.invalid_requests: list[SpecProblem] = []
        self.invalid_responses: list[SpecProblem] = []
        self.failed_interactions: list[FailedInteraction] = []
        # What happened, for assertions.
        self.rate_limited: list[RateLimitEvent] = []
        self.nonce_repeats = 0
        self.requests: list[RequestRecord] = []

        self._runner: web.AppRunner | None = None
        self._message_waiters: list[tuple[Callable[[Message], bool], asyncio.Future[Message]]] = []
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._nonces: dict[tuple[int, int, str], tuple[float, int]] = {}
        self._actors: dict[tuple[int, int | None], MemberActor] = {}
        # The modal each user has open (the last one the bot showed them), by user id.
        self.open_modals: dict[int, Interaction] = {}
        # Told of every new, changed or deleted message (the practice page's live updates).
        self.message_listeners: list[Callable[[Message], None]] = []

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

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Put this in discord.http.Route.BASE (DISCORD_API_BASE)."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Put this in DiscordWebSocket.DEFAULT_GATEWAY (DISCORD_GATEWAY_URL)."""
        return f"ws://{self.host}:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume-gateway/"

    @property
    def application_id(self) -> int:
        return self.world.application.id

    @property
    def time_offset(self) -> float:
        return self.clock.offset

    @time_offset.setter
    def time_offset(self, seconds: float) -> None:
        self.clock.offset = seconds

    @property
    def openapi_available(self) -> bool:
        return self.spec is not None and self.spec.available

    @property
    def openapi_skip_reason(self) -> str:
        if self.spec is None:
            return "OpenAPI checks switched off (Sandbox(openapi=False))"
        return self.spec.reason

    # --- problems -----------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """Everything that would make a test fail: rule violations, unknown routes, spec mismatches,
        failed interactions. Empty in a good run."""
        out: list[str] = [str(v) for v in self.violations]
        out += [str(u) for u in self.unknown_routes]
        out += [str(p) for p in self.invalid_requests]
        out += [str(p) for p in self.invalid_responses]
        out += [str(f) for f in self.failed_interactions]
        return out

    def assert_no_problems(self) -> None:
        problems = self.problems()
        if problems:
            raise AssertionError("Discord sandbox problems:\n  " + "\n  ".join(problems))

    def clear_problems(self) -> None:
        """Forget recorded problems (after a test asserted the ones it provoked on purpose)."""
        self.violations.clear()
        self.unknown_routes.clear()
        self.invalid_requests.clear()
        self.invalid_responses.clear()
        self.failed_interactions.clear()

    # --- lookups for tests ----------------------------------------------------------------------------
    def member(self, name: str | int, guild: str | int | None = None) -> MemberActor:
        """Act as a member: slash commands, clicks, selects, modals (see actors.py)."""
        g = self.world.guild(guild)
        return self._actor(g.member(name).user, g)

    def dm_user(self, name: str | int) -> MemberActor:
        """Act as a user in their DM with the bot."""
        return self._actor(self.world.user(name), None)

    def _actor(self, user: User, guild: Guild | None) -> MemberActor:
        from .actors import MemberActor

        key = (user.id, guild.id if guild else None)
        actor = self._actors.get(key)
        if actor is None:
            actor = self._actors[key] = MemberActor(self, user, guild)
        return actor

    def user(self, name: str | int) -> User:
        return self.world.user(name)

    def guild(self, name: str | int | None = None) -> Guild:
        return self.world.guild(name)

    def channel(self, name: str | int, guild: str | int | None = None) -> Channel:
        return self.world.channel(name, guild)

    def dm_channel_of(self, name: str | int | User) -> Channel | None:
        return self.world.dm_channels.get(self.world.user(name).id)

    def dms_of(self, name: str | int | User) -> list[Message]:
        """Messages in the DM between the bot and this user (what they see in their DMs)."""
        channel = self.dm_channel_of(name)
        user = self.world.user(name)
        return channel.visible_to(user.id) if channel else []

    def last_message(self, channel: str | int | Channel) -> Message | None:
        ch = channel if isinstance(channel, Channel) else self.world.channel(channel)
        return ch.last_message

    @property
    def commands(self) -> list[Command]:
        """Every application command the bot registered (global first, then per guild)."""
        cmds: list[Command] = list(self.world.global_commands)
        for guild_cmds in self.world.guild_commands.values():
            cmds.extend(guild_cmds)
        return cmds

    async def wait_for_message(
        self,
        channel: str | int | Channel | None = None,
        predicate: Callable[[Message], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 (timeout= is part of the public API)
        *,
        dm_of: str | int | User | None = None,
        include_existing: bool = True,
    ) -> Message:
        """Wait until a message (new or edited) in `channel` (or the DM of `dm_of`) matches `predicate`."""
        channel_id: int | None = None
        if dm_of is not None:
            user = self.world.user(dm_of)
            channel_id = self.world.dm_channel(user).id
        elif channel is not None:
            channel_id = channel.id if isinstance(channel, Channel) else self.world.channel(channel).id

        def check(m: Message) -> bool:
            if m.deleted or (channel_id is not None and m.channel_id != channel_id):
                return False
            return predicate(m) if predicate else True

        if include_existing:
            for m in self.world.messages.values():
                if check(m):
                    return m
        fut: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        entry = (check, fut)
        self._message_waiters.append(entry)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            where = f"DM of {dm_of}" if dm_of is not None else f"channel {channel}"
            raise TimeoutError(f"no matching message in {where} within {timeout}s") from None
        finally:
            if entry in self._message_waiters:
                self._message_waiters.remove(entry)

    def _message_changed(self, message: Message) -> None:
        for listener in list(self.message_listeners):
            listener(message)
        for check, fut in list(self._message_waiters):
            if not fut.done():
                try:
                    ok = check(message)
                except Exception as exc:  # a broken predicate should fail the waiting test
                    fut.set_exception(exc)
                    continue
                if ok:
                    fut.set_result(message)

    # --- gateway control ------------------------------------------------------------------------------
    async def wait_until_connected(self, shard_count: int | None = None, timeout: float = 10.0) -> None:  # noqa: ASYNC109 (timeout= is part of the public API)
        """Wait until a bot session is connected (for every shard when `shard_count` is given)."""

        def ready() -> bool:
            sessions = self.gateway.connected_sessions()
            if shard_count is None:
                return bool(sessions)
            return {s.shard_id for s in sessions if s.shard_count == shard_count} == set(range(shard_count))

        await self.gateway.wait_until(ready, timeout, "a connected bot session")

    async def drop_gateway(self, shard_id: int | None = None) -> None:
        """Cut the bot's gateway socket(s) abnormally; discord.py should RESUME."""
        self.gateway.drop(shard_id)
        await asyncio.sleep(0)

    async def invalidate_session(self, resumable: bool = False, shard_id: int | None = None) -> None:
        """Send op 9; with resumable=False discord.py must IDENTIFY again."""
        self.gateway.invalidate(resumable=resumable, shard_id=shard_id)
        await asyncio.sleep(0)

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        """Send op 7 RECONNECT; discord.py reconnects to resume_gateway_url and RESUMEs."""
        self.gateway.request_reconnect(shard_id)
        await asyncio.sleep(0)

    # --- gateway payloads -----------------------------------------------------------------------------
    def _ready_payload(self, session: Session, *, sharded: bool) -> dict[str, Any]:
        guilds = [
            {"id": str(g.id), "unavailable": True}
            for g in self.world.guilds.values()
            if self.world.shard_of(g.id, session.shard_count) == session.shard_id
        ]
        bot = payloads.private_user(self.world.bot)
        data: dict[str, Any] = {
            "v": 10,
            "user": bot,
            "user_settings": {},
            "guilds": guilds,
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.world.application.id), "flags": self.world.application.flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["sandbox"],
            "auth": {},
            "_trace": ["sandbox"],
        }
        if sharded:
            data["shard"] = [session.shard_id, session.shard_count]
        return data

    def _guild_creates(self, session: Session) -> list[dict[str, Any]]:
        return [
            payloads.guild_create(self.world, g, include_members=bool(session.intents & GUILD_MEMBERS))
            for g in self.world.guilds.values()
            if self.world.shard_of(g.id, session.shard_count) == session.shard_id
        ]

    def _message_for_session(self, message: Message, session: Session) -> dict[str, Any]:
        data = payloads.message(self.world, message, gateway=True)
        # Without the MESSAGE_CONTENT intent Discord blanks content of others' guild messages
        # unless the bot is mentioned.
        if (
            not session.intents & MESSAGE_CONTENT
            and message.guild_id is not None
            and message.author.id != self.world.bot.id
            and self.world.bot.id not in message.mention_user_ids
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

    def _dispatch_message(self, event: str, message: Message) -> None:
        if message.visible_to is not None:
            return  # ephemeral messages never reach the gateway
        intent = GUILD_MESSAGES if message.guild_id is not None else DIRECT_MESSAGES
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                data["guild_id"] = str(message.guild_id)
            self.gateway.dispatch(message.guild_id, event, lambda s: data, intent=intent)
            return
        self.gateway.dispatch(message.guild_id, event, lambda s: self._message_for_session(message, s), intent=intent)

    # --- world changes --------------------------------------------------------------------------------
    def compute_mentions(
        self, message: Message, channel: Channel, allowed: dict[str, Any] | None, *, notify: bool
    ) -> None:
        guild = self.world.guild_of_channel(channel)
        author_perms = P.DM_PERMISSIONS
        if guild is not None and message.author.id in guild.members:
            author_perms = guild.permissions_of(message.author.id, channel)
        replied_user_id = None
        ref = message.message_reference
        if ref and ref.get("message_id"):
            replied = self.world.messages.get(int(ref["message_id"]))
            if replied is not None:
                replied_user_id = replied.author.id
        known = set(guild.members) if guild is not None else set(channel.recipient_ids) | {self.world.bot.id}
        result = resolve_mentions(
            message.content,
            allowed,
            known_user_ids=known,
            mentionable_role_ids={r.id for r in guild.roles.values() if r.mentionable} if guild else set(),
            all_role_ids={r.id for r in guild.roles.values() if r.id != guild.id} if guild else set(),
            can_mention_everyone=P.has(author_perms, P.MENTION_EVERYONE),
            in_guild=guild is not None,
            replied_user_id=replied_user_id,
        )
        message.mention_user_ids = result.users
        message.mention_role_ids = result.roles
        message.mention_everyone = result.everyone
        if notify and not message.flags & (1 << 12):  # SUPPRESS_NOTIFICATIONS pings nobody
            message.pinged_user_ids = set(result.users)
            message.pinged_role_ids = set(result.roles)
            message.pinged_everyone = result.everyone

    def store_files(self, channel: Channel, body: dict[str, Any], files: Sequence[FilePart]) -> list[Attachment]:
        """Turn multipart files into attachments, taking filename/description from `attachments`."""
        meta: dict[int, dict[str, Any]] = {}
        for entry in body.get("attachments") or []:
            try:
                meta[int(entry.get("id"))] = entry
            except (TypeError, ValueError):
                continue
        out = []
        for index, part in enumerate(files):
            info = meta.get(index, {})
            filename = str(info.get("filename") or part.filename)
            att_id = self.world.new_id()
            guessed, _ = mimetypes.guess_type(filename)
            if guessed and guessed.startswith("text/"):
                guessed += "; charset=utf-8"
            out.append(
                Attachment(
                    id=att_id,
                    filename=filename,
                    content_type=guessed,
                    data=part.data,
                    description=info.get("description"),
                    url=self.world.attachment_url(channel.id, att_id, filename),
                    sent_content_type=part.content_type,
                )
            )
        return out

    def create_message(
        self,
        channel: Channel,
        author: User,
        body: dict[str, Any],
        *,
        files: Sequence[FilePart] = (),
        type: int = MESSAGE_TYPE_DEFAULT,
        visible_to: int | None = None,
        interaction: Interaction | None = None,
        extra_flags: int = 0,
        notify: bool = True,
        followup: bool = False,
    ) -> Message:
        flags = int(body.get("flags") or 0) | extra_flags
        if visible_to is None:
            flags &= ~EPHEMERAL
        message = Message(
            id=self.world.new_id(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author,
            created_at=self.clock.now(),
            content=str(body.get("content") or ""),
            embeds=[_normalise_embed(e) for e in body.get("embeds") or []],
            components=_normalise_components(body.get("components") or []),
            flags=flags,
            nonce=body.get("nonce"),
            tts=bool(body.get("tts", False)),
            type=type,
            visible_to=visible_to,
            allowed_mentions=body.get("allowed_mentions"),
            message_reference=_reference(body.get("message_reference"), channel),
        )
        message.attachments = self.store_files(channel, body, files)
        if interaction is not None:
            message.webhook_id = self.world.application.id
            message.application_id = self.world.application.id
            message.interaction_id = interaction.id
            message.interaction_metadata = self._interaction_metadata(interaction, followup=followup)
        self.compute_mentions(message, channel, body.get("allowed_mentions"), notify=notify and not message.loading)
        self.world.messages[message.id] = message
        channel.all_messages.append(message)
        self._dispatch_message("MESSAGE_CREATE", message)
        self._message_changed(message)
        return message

    def edit_message(
        self,
        message: Message,
        body: dict[str, Any],
        *,
        files: Sequence[FilePart] = (),
        complete_loading: bool = False,
    ) -> Message:
        channel = self.world.channels[message.channel_id]
        message.history.append(
            {
                "content": message.content,
                "embeds": message.embeds,
                "components": message.components,
                "flags": message.flags,
            }
        )
        if "content" in body:
            message.content = str(body.get("content") or "")
        if "embeds" in body:
            message.embeds = [_normalise_embed(e) for e in body.get("embeds") or []]
        if "components" in body:
            message.components = _normalise_components(body.get("components") or [])
        if body.get("flags") is not None:
            # Only SUPPRESS_EMBEDS may change on edit; ephemeral/loading/v2 stay as they were.
            keep = message.flags & ~(1 << 2)
            message.flags = keep | (int(body["flags"]) & (1 << 2))
        if "attachments" in body or files:
            kept_ids = set()
            for entry in body.get("attachments") or []:
                try:
                    kept_ids.add(int(entry.get("id")))
                except (TypeError, ValueError):
                    continue
            existing = (
                [a for a in message.attachments if a.id in kept_ids] if "attachments" in body else message.attachments
            )
            message.attachments = existing + self.store_files(
                channel, {"attachments": [a for a in body.get("attachments") or [] if _is_index(a.get("id"))]}, files
            )
        was_loading = message.loading
        if complete_loading and was_loading:
            message.flags &= ~LOADING
        else:
            message.edited_at = self.clock.now()
        allowed = body.get("allowed_mentions", message.allowed_mentions)
        if "allowed_mentions" in body:
            message.allowed_mentions = body.get("allowed_mentions")
        # A deferred reply that gets its content pings like a new message; plain edits never ping.
        self.compute_mentions(message, channel, allowed, notify=was_loading and complete_loading)
        self._dispatch_message("MESSAGE_UPDATE", message)
        self._message_changed(message)
        self._wake_interactions(message)
        return message

    def delete_message(self, message: Message) -> None:
        message.deleted = True
        channel = self.world.channels.get(message.channel_id)
        if channel is not None and message in channel.all_messages:
            channel.all_messages.remove(message)
        self._dispatch_message("MESSAGE_DELETE", message)
        self._message_changed(message)
        self._wake_interactions(message)

    def _wake_interactions(self, message: Message) -> None:
        # A member waiting on a deferred update wants to see the clicked message change.
        for interaction in self.world.interactions.values():
            if message.id in (interaction.message_id, interaction.original_message_id):
                interaction.changed()

    def nonce_lookup(self, channel: Channel, author: User, nonce: str) -> Message | None:
        key = (channel.id, author.id, nonce)
        hit = self._nonces.get(key)
        now = self.clock.time()
        if hit is not None and now - hit[0] <= self.nonce_window:
            msg = self.world.messages.get(hit[1])
            if msg is not None:
                return msg
        return None

    def nonce_remember(self, channel: Channel, author: User, nonce: str, message: Message) -> None:
        self._nonces[(channel.id, author.id, nonce)] = (self.clock.time(), message.id)

    # --- interactions -----------------------------------------------------------------------------------
    def _interaction_metadata(self, interaction: Interaction, *, followup: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(interaction.id),
            "type": interaction.type,
            "user": payloads.user(interaction.user),
            "authorizing_integration_owners": {"0": str(interaction.guild_id or 0)},
        }
        if interaction.type == 2:
            data["name"] = interaction.data.get("name")
            data["command_type"] = interaction.data.get("type", 1)
            if interaction.data.get("target_id") and interaction.data.get("type") == 2:
                target = self.world.users.get(int(interaction.data["target_id"]))
                if target is not None:
                    data["target_user"] = payloads.user(target)
        if followup and interaction.original_message_id is not None and interaction.response_type in (4, 5):
            data["original_response_message_id"] = str(interaction.original_message_id)
        if interaction.type == 3 and interaction.message_id is not None:
            data["interacted_message_id"] = str(interaction.message_id)
        if interaction.type == 5 and interaction.parent is not None:
            data["triggering_interaction_metadata"] = self._interaction_metadata(interaction.parent)
        return data

    def new_interaction(
        self,
        *,
        type: int,
        user: User,
        guild: Guild | None,
        channel: Channel,
        data: dict[str, Any],
        description: str,
        message: Message | None = None,
        parent: Interaction | None = None,
    ) -> Interaction:
        """Create an interaction and send INTERACTION_CREATE to the bot's session for that shard."""
        interaction = Interaction(
            id=self.world.new_id(),
            token="aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96),
            type=type,
            user=user,
            guild_id=guild.id if guild else None,
            channel_id=channel.id,
            data=data,
            created_at=self.clock.time(),
            created_mono=self.clock.monotonic(),
            description=description,
            message_id=message.id if message else None,
            parent=parent,
        )
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.world.application.id),
            "type": type,
            "data": data,
            "channel_id": str(channel.id),
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(payloads.app_permissions(self.world, channel)),
            "locale": user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "context": 0 if guild else 1,
            "attachment_size_limit": self.attachment_size_limit,
        }
        if guild is not None:
            member = guild.members[user.id]
            perms = guild.permissions_of(member, channel)
            payload["guild_id"] = str(guild.id)
            payload["guild_locale"] = guild.preferred_locale
            payload["guild"] = {"id": str(guild.id), "locale": guild.preferred_locale, "features": list(guild.features)}
            payload["member"] = payloads.interaction_member(self.world, guild, member, channel)
            payload["channel"] = payloads.interaction_channel(self.world, channel, perms)
        else:
            payload["user"] = payloads.user(user)
            payload["channel"] = payloads.interaction_channel(self.world, channel, P.DM_PERMISSIONS)
        if message is not None:
            payload["message"] = payloads.message(self.world, message)
        interaction.payload = payload
        if not self.gateway.sessions_for(interaction.guild_id):
            raise NotConnected("no bot session on the gateway for this guild's shard")
        self.world.interactions[interaction.id] = interaction
        self.gateway.dispatch_one(interaction.guild_id, "INTERACTION_CREATE", payload)
        loop = asyncio.get_running_loop()
        handle = loop.call_later(self.interaction_deadline + 0.05, self._deadline_passed, interaction)
        self._timers[interaction.id] = handle
        return interaction

    def _deadline_passed(self, interaction: Interaction) -> None:
        self._timers.pop(interaction.id, None)
        if not interaction.responded and not interaction.failed:
            self.fail_interaction(interaction, f"no response within {self.interaction_deadline:g} s")

    def fail_interaction(self, interaction: Interaction, reason: str) -> None:
        interaction.failed = True
        interaction.failure_reason = reason
        self.failed_interactions.append(
            FailedInteraction(interaction.id, interaction.user.display_name, interaction.description, reason)
        )
        interaction.changed()

    def interaction_expired(self, interaction: Interaction) -> bool:
        return self.clock.monotonic() - interaction.created_mono > self.interaction_deadline

    def token_expired(self, interaction: Interaction) -> bool:
        return self.clock.time() - interaction.created_at > self.followup_window

    def interaction_by_token(self, token: str) -> Interaction | None:
        for interaction in reversed(list(self.world.interactions.values())):
            if interaction.token == token:
                return interaction
        return None

    def message_type_for(self, interaction: Interaction) -> int:
        if interaction.type in (2, 4):
            return MESSAGE_TYPE_CHAT_INPUT if interaction.data.get("type", 1) == 1 else MESSAGE_TYPE_CONTEXT_MENU
        return MESSAGE_TYPE_DEFAULT


def _is_index(value: Any) -> bool:
    """Attachment entries for new files carry the upload index; kept ones carry a snowflake."""
    try:
        return int(value) < 10_000
    except (TypeError, ValueError):
        return False


def _reference(raw: Any, channel: Channel) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not raw.get("message_id"):
        return None
    ref: dict[str, Any] = {
        "type": int(raw.get("type") or 0),
        "channel_id": str(raw.get("channel_id") or channel.id),
        "message_id": str(raw["message_id"]),
    }
    if channel.guild_id is not None:
        ref["guild_id"] = str(raw.get("guild_id") or channel.guild_id)
    return ref


def _normalise_embed(raw: dict[str, Any]) -> dict[str, Any]:
    embed = {k: v for k, v in raw.items() if v is not None}
    if "fields" in embed:
        embed["fields"] = [
            {"name": f.get("name", ""), "value": f.get("value", ""), "inline": bool(f.get("inline", False))}
            for f in embed["fields"]
        ]
    embed.setdefault("type", "rich")
    return embed


def _normalise_components(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Discord echoes: numeric ids on every component, nulls dropped, select defaults filled."""
    import copy

    components = copy.deepcopy(raw)
    next_id = 1
    for comp in walk(components):
        for key in [k for k, v in comp.items() if v is None]:
            del comp[key]
        if "id" not in comp:
            comp["id"] = next_id
        next_id = max(next_id, int(comp["id"])) + 1
        if comp.get("type") in (3, 5, 6, 7, 8):
            comp.setdefault("min_values", 1)
            comp.setdefault("max_values", 1)
    return components
