"""Routes for users, the application, the gateway, channels and messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import payloads
from . import permissions as P
from .http_base import ApiError, Reply, Req, RouteHelpers, _snowflake, form_error
from .rules import FormErrors
from .world import DM

if TYPE_CHECKING:
    pass


class MessageRoutes(RouteHelpers):
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
