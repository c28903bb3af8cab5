"""The REST stand-in's parts: errors, requests and replies, routes, and the helpers every route uses."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import permissions as P
from .rules import FilePart, FormErrors, check_message
from .world import Channel, Guild, Message, World

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


class RouteHelpers:
    """What every group of routes reads: the stand-in, its world, and the checks they share."""

    sb: Sandbox
    world: World

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

    def _check_not_empty_after_edit(self, msg: Message, body: dict[str, Any], req: Req) -> None:
        content = body["content"] if "content" in body else msg.content
        embeds = body["embeds"] if "embeds" in body else msg.embeds
        components = body["components"] if "components" in body else msg.components
        attachments = body["attachments"] if "attachments" in body else msg.attachments
        if not ((content or "").strip() or embeds or components or attachments or req.files):
            raise ApiError(400, 50006, "Cannot send an empty message", violation=True, rule="edit: empty message")
