"""The base of a member actor: who and where, what they can see, sending one interaction, the values
of options and menus, and waiting for the answer (sandbox/actors.py builds the actions on it)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import payloads
from . import permissions as P
from .actors_seen import Choice, InteractionFailed, NotVisible, Seen
from .views import (
    CHANNEL_SELECT,
    MENTIONABLE_SELECT,
    ROLE_SELECT,
    STRING_SELECT,
    USER_SELECT,
    Modal,
    modal_of,
    plain,
)
from .world import DM, Attachment, Channel, Guild, Interaction, Message, Role, User

if TYPE_CHECKING:
    from .server import Sandbox

log = logging.getLogger(__name__)

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
# Application command option types.
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


class ActorBase:
    """A member (or a user in their DM with the bot, when `guild` is None) driving the bot."""

    def __init__(self, sb: Sandbox, user: User, guild: Guild | None) -> None:
        self.sb = sb
        self.user = user
        self.guild = guild
        # How long to wait for a deferred reply to be completed, and for a quiet deferred update.
        self.timeout = 10.0
        self.settle = 0.25

    @property
    def last_modal(self) -> tuple[Modal, Interaction] | None:
        """The last modal the bot showed this user and not yet submitted (kept by the sandbox)."""
        source = self.sb.open_modals.get(self.user.id)
        if source is None or source.modal is None:
            return None
        return modal_of(source.modal), source

    def __repr__(self) -> str:
        where = self.guild.name if self.guild else "DM"
        return f"<MemberActor {self.user.display_name} in {where}>"

    @property
    def name(self) -> str:
        return self.user.display_name

    @property
    def permissions(self) -> int:
        if self.guild is None:
            return P.DM_PERMISSIONS
        return P.base_permissions(self.guild, self.guild.members[self.user.id])

    # --- reading ----------------------------------------------------------------------------------------
    def _channel(self, channel: str | int | Channel | None) -> Channel:
        if isinstance(channel, Channel):
            return channel
        if self.guild is None:
            if channel is not None:
                raise ValueError("a DM actor can only act in its DM with the bot")
            return self.sb.world.dm_channel(self.user)
        if channel is None:
            if not self.guild.text_channels:
                raise LookupError(f"{self.guild.name} has no text channel")
            return self.guild.text_channels[0]
        return self.guild.channel(channel)

    def can_see_channel(self, channel: Channel) -> bool:
        if channel.type == DM:
            return self.user.id in channel.recipient_ids
        guild = self.sb.world.guild_of_channel(channel)
        if guild is None or self.user.id not in guild.members:
            return False
        return P.has(guild.permissions_of(self.user.id, channel), P.VIEW_CHANNEL)

    def sees(self, channel: str | int | Channel | None = None) -> list[Message]:
        """Messages this member sees in a channel: public ones and their own ephemeral ones."""
        ch = self._channel(channel)
        return ch.visible_to(self.user.id) if self.can_see_channel(ch) else []

    @property
    def dms(self) -> list[Message]:
        return self.sb.dms_of(self.user)

    def _message(self, message: Seen | Message | int) -> Message:
        if isinstance(message, Seen):
            if message.message is None:
                raise LookupError("that action showed no message")
            message = message.message
        if isinstance(message, int):
            found = self.sb.world.messages.get(message)
            if found is None:
                raise LookupError(f"no message {message}")
            message = found
        channel = self.sb.world.channels[message.channel_id]
        if not message.visible_for(self.user.id) or not self.can_see_channel(channel):
            raise NotVisible(f"{self.name} cannot see {message!r}")
        return message

    async def _interact(self, type: int, channel: Channel, data: dict[str, Any], **extra: Any) -> Interaction:
        """Send one interaction from this member (through the gateway, once the bot is connected)."""
        await self._ensure_connected()
        return self.sb.new_interaction(type=type, user=self.user, guild=self.guild, channel=channel, data=data, **extra)

    async def _ensure_connected(self) -> None:
        gid = self.guild.id if self.guild else None
        await self.sb.gateway.wait_until(lambda: bool(self.sb.gateway.sessions_for(gid)), 10.0, "a bot session")

    # --- option conversion --------------------------------------------------------------------------
    def _resolve_user(self, user: User, resolved: dict[str, dict[str, Any]]) -> None:
        resolved.setdefault("users", {})[str(user.id)] = payloads.user(user)
        if self.guild is not None and user.id in self.guild.members:
            m = payloads.member(self.guild.members[user.id], with_user=False)
            m["permissions"] = str(self.guild.permissions_of(user.id))
            resolved.setdefault("members", {})[str(user.id)] = m

    def _resolve_role(self, role: Role, resolved: dict[str, dict[str, Any]]) -> None:
        resolved.setdefault("roles", {})[str(role.id)] = payloads.role(role)

    def _resolve_channel(self, ch: Channel, resolved: dict[str, dict[str, Any]]) -> None:
        entry: dict[str, Any] = {"id": str(ch.id), "name": ch.name, "type": ch.type, "flags": 0}
        if self.guild is not None:
            entry["permissions"] = str(self.guild.permissions_of(self.user.id, ch))
            entry["guild_id"] = str(self.guild.id)
        if ch.parent_id:
            entry["parent_id"] = str(ch.parent_id)
        if ch.topic is not None:
            entry["topic"] = ch.topic
        resolved.setdefault("channels", {})[str(ch.id)] = entry

    def _find_role(self, value: Any) -> Role:
        if isinstance(value, Role):
            return value
        if self.guild is None:
            raise TypeError("no roles in a DM")
        return self.guild.role(value)

    def _find_channel(self, value: Any) -> Channel:
        if isinstance(value, Channel):
            return value
        if self.guild is None:
            raise TypeError("no channels to pick in a DM")
        return self.guild.channel(value)

    def _convert(self, opt: dict[str, Any], value: Any, resolved: dict[str, dict[str, Any]]) -> Any:
        otype = opt.get("type")
        name = opt.get("name")
        if otype in (STRING, INTEGER, NUMBER):
            value = self._pick_choice(opt, value)
        if otype == STRING:
            text = str(value)
            low, high = opt.get("min_length"), opt.get("max_length")
            if (low is not None and len(text) < low) or (high is not None and len(text) > high):
                raise ValueError(f"option {name!r}: length must be {low}..{high}, got {len(text)}")
            return text
        if otype in (INTEGER, NUMBER):
            num: int | float = int(value) if otype == INTEGER else float(value)
            low, high = opt.get("min_value"), opt.get("max_value")
            if (low is not None and num < low) or (high is not None and num > high):
                raise ValueError(f"option {name!r}: must be between {low} and {high}, got {num}")
            return num
        if otype == BOOLEAN:
            return bool(value)
        if otype == USER:
            user = self.sb.world.user(value)
            self._resolve_user(user, resolved)
            return str(user.id)
        if otype == ROLE:
            role = self._find_role(value)
            self._resolve_role(role, resolved)
            return str(role.id)
        if otype == CHANNEL:
            ch = self._find_channel(value)
            types = opt.get("channel_types")
            if types and ch.type not in types:
                raise ValueError(f"option {name!r}: channel #{ch.name} is not one of types {types}")
            self._resolve_channel(ch, resolved)
            return str(ch.id)
        if otype == MENTIONABLE:
            try:
                user = self.sb.world.user(value)
            except LookupError:
                role = self._find_role(value)
                self._resolve_role(role, resolved)
                return str(role.id)
            self._resolve_user(user, resolved)
            return str(user.id)
        if otype == ATTACHMENT:
            filename, data = value
            att_id = self.sb.world.new_id()
            att = Attachment(
                id=att_id,
                filename=str(filename),
                content_type=None,
                data=bytes(data),
                url=self.sb.world.attachment_url(0, att_id, str(filename)),
            )
            entry = payloads.attachment(att)
            entry["ephemeral"] = True
            resolved.setdefault("attachments", {})[str(att_id)] = entry
            return str(att_id)
        raise TypeError(f"option {name!r} has unsupported type {otype}")

    @staticmethod
    def _pick_choice(opt: dict[str, Any], value: Any) -> Any:
        choices = opt.get("choices")
        if not choices:
            return value
        for c in choices:
            if c.get("value") == value or (isinstance(value, str) and plain(str(c.get("name"))) == plain(value)):
                return c.get("value")
        raise ValueError(f"option {opt.get('name')!r}: {value!r} is not one of {[c.get('name') for c in choices]}")

    def _select_values(
        self, kind: int, options: Iterable[Any], values: Sequence[Any]
    ) -> tuple[list[str], dict[str, dict[str, Any]]]:
        resolved: dict[str, dict[str, Any]] = {}
        out: list[str] = []
        opts = list(options)
        for v in values:
            if kind == STRING_SELECT:
                hit = next((o for o in opts if o.value == v), None) or next(
                    (o for o in opts if plain(o.label) == plain(str(v))), None
                )
                if hit is None:
                    raise LookupError(f"no option {v!r}; options: {[o.label for o in opts]}")
                out.append(hit.value)
            elif kind == USER_SELECT:
                user = self.sb.world.user(v)
                self._resolve_user(user, resolved)
                out.append(str(user.id))
            elif kind == ROLE_SELECT:
                role = self._find_role(v)
                self._resolve_role(role, resolved)
                out.append(str(role.id))
            elif kind == CHANNEL_SELECT:
                ch = self._find_channel(v)
                self._resolve_channel(ch, resolved)
                out.append(str(ch.id))
            elif kind == MENTIONABLE_SELECT:
                try:
                    user = self.sb.world.user(v)
                except LookupError:
                    role = self._find_role(v)
                    self._resolve_role(role, resolved)
                    out.append(str(role.id))
                else:
                    self._resolve_user(user, resolved)
                    out.append(str(user.id))
        return out, resolved

    # --- waiting ----------------------------------------------------------------------------------------
    async def _outcome(self, inter: Interaction) -> Seen:
        sb = self.sb
        answered = await inter.wait_until(lambda i: i.responded or i.failed, sb.interaction_deadline + 1.0)
        if inter.failed or not answered:
            reason = inter.failure_reason or "no answer"
            raise InteractionFailed(f"This interaction failed: {inter.description} by {self.name} ({reason})")
        clicked = sb.world.messages.get(inter.message_id or 0)
        before = clicked.edited_at if clicked else None
        if inter.response_type == 5:
            done = await inter.wait_until(lambda i: i.original_completed or bool(i.followup_ids), self.timeout)
            if not done:
                log.warning("%s: still thinking after %.1fs", inter.description, self.timeout)
        elif inter.response_type == 6:
            await inter.wait_until(
                lambda i: (
                    i.original_completed
                    or bool(i.followup_ids)
                    or (clicked is not None and (clicked.edited_at != before or clicked.deleted))
                ),
                self.settle,
            )
        modal = None
        if inter.response_type == 9 and inter.modal is not None:
            modal = modal_of(inter.modal)
        choices = [Choice(str(c.get("name")), c.get("value")) for c in inter.choices or []]
        message: Message | None = None
        if inter.response_type == 6 and inter.followup_ids:
            message = sb.world.messages.get(inter.followup_ids[0])
        elif inter.original_message_id is not None:
            message = sb.world.messages.get(inter.original_message_id)
        return Seen(sb, self.user, inter, message, modal=modal, choices=choices)
