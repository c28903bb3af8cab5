"""Acting as a member: slash commands, clicks, selects, modals, autocomplete, plain messages.

Each action sends INTERACTION_CREATE through the gateway to the real discord.py client, waits until the
bot answered (for a deferred answer: until the edit or follow-up arrives), and returns a `Seen`: what
that member now sees. The client's own rules apply: a member cannot click a button on someone else's
ephemeral message, use a command hidden from them, or submit a modal with a required field empty.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import payloads
from . import permissions as P
from .views import (
    CHANNEL_SELECT,
    MENTIONABLE_SELECT,
    ROLE_SELECT,
    STRING_SELECT,
    TEXT_INPUT,
    USER_SELECT,
    Button,
    Modal,
    Select,
    modal_of,
    plain,
)
from .world import DM, Attachment, Channel, Command, Guild, Interaction, Message, Role, User

if TYPE_CHECKING:
    from .server import Sandbox

log = logging.getLogger(__name__)

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11


class InteractionFailed(AssertionError):
    """The member saw "This interaction failed" (no answer within the deadline, or the answer was refused)."""


class CommandNotAvailable(LookupError):
    """The member's client would not offer this command (not registered, wrong place, or no permission)."""


class NotVisible(LookupError):
    """The member cannot see that message (someone else's ephemeral message, or a hidden channel)."""


@dataclass(frozen=True)
class Choice:
    name: str
    value: Any


class Seen:
    """What one member sees after an action."""

    def __init__(
        self,
        sb: Sandbox,
        user: User,
        interaction: Interaction,
        message: Message | None,
        *,
        modal: Modal | None = None,
        choices: list[Choice] | None = None,
    ) -> None:
        self.sb = sb
        self.user = user
        self.interaction = interaction
        self.message = message
        self.modal = modal
        self.choices = choices or []

    @property
    def response_type(self) -> int | None:
        return self.interaction.response_type

    @property
    def thinking(self) -> bool:
        """Still showing "<bot> is thinking..." (a deferred reply that was never completed)."""
        return self.message is not None and self.message.loading

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def text(self) -> str:
        return self.message.text if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def buttons(self) -> list[Button]:
        return self.message.buttons if self.message else []

    @property
    def selects(self) -> list[Select]:
        return self.message.selects if self.message else []

    @property
    def attachments(self) -> list[Attachment]:
        return self.message.attachments if self.message else []

    @property
    def followups(self) -> list[Message]:
        """Follow-up messages of this interaction that this member can see (live)."""
        msgs = [self.sb.world.messages.get(mid) for mid in self.interaction.followup_ids]
        return [m for m in msgs if m is not None and m.visible_for(self.user.id)]

    @property
    def messages(self) -> list[Message]:
        """The reply and every follow-up this member can see."""
        first = [self.message] if self.message is not None and self.message.visible_for(self.user.id) else []
        return first + [m for m in self.followups if m is not self.message]

    def button(self, label_or_id: str) -> Button:
        for b in self.buttons:
            if b.matches(label_or_id):
                return b
        raise LookupError(f"no button {label_or_id!r}; buttons: {[b.label for b in self.buttons]}")

    def __repr__(self) -> str:
        if self.modal is not None:
            return f"<Seen modal {self.modal.title!r} fields={[f.label for f in self.modal.fields]}>"
        if self.choices:
            return f"<Seen choices {[c.name for c in self.choices]}>"
        eph = " ephemeral" if self.ephemeral else ""
        return f"<Seen{eph} type={self.response_type} {self.text[:80]!r} buttons={[b.label for b in self.buttons]}>"


class MemberActor:
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

    # --- plain messages -----------------------------------------------------------------------------------
    async def say(
        self, content: str, *, channel: str | int | Channel | None = None, reply_to: Message | None = None
    ) -> Message:
        """Post a message as this member (MESSAGE_CREATE reaches the bot)."""
        ch = self._channel(channel)
        if ch.type != DM and not P.has(
            self.sb.world.guilds[ch.guild_id or 0].permissions_of(self.user.id, ch), P.SEND_MESSAGES
        ):
            raise PermissionError(f"{self.name} cannot send messages in #{ch.name}")
        body: dict[str, Any] = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": str(reply_to.id), "channel_id": str(reply_to.channel_id)}
        return self.sb.create_message(ch, self.user, body, type=19 if reply_to else 0)

    # --- commands -----------------------------------------------------------------------------------------
    def available_commands(self) -> list[Command]:
        return [c for c in self.sb.world.commands_for(self.guild.id if self.guild else None) if self._can_use(c)]

    def _can_use(self, cmd: Command) -> bool:
        in_dm = self.guild is None
        contexts = cmd.data.get("contexts")
        if contexts is not None and (1 if in_dm else 0) not in contexts:
            return False
        if in_dm and cmd.data.get("dm_permission") is False:
            return False
        needed = cmd.data.get("default_member_permissions")
        if needed is not None and not in_dm:
            perms = self.permissions
            if not perms & P.ADMINISTRATOR and int(needed) & perms != int(needed):
                return False
        return True

    def _command(self, name: str, type: int = 1) -> Command:
        gid = self.guild.id if self.guild else None
        registered = self.sb.world.commands_for(gid)
        for cmd in registered:
            if cmd.name == name and cmd.type == type:
                if not self._can_use(cmd):
                    raise CommandNotAvailable(
                        f"{self.name} cannot use /{name} here (default_member_permissions="
                        f"{cmd.data.get('default_member_permissions')}, contexts={cmd.data.get('contexts')})"
                    )
                return cmd
        names = sorted({c.name for c in registered})
        raise CommandNotAvailable(
            f"/{name} is not registered for {self.guild.name if self.guild else 'DMs'}; registered: {names}"
        )

    async def _interact(self, type: int, channel: Channel, data: dict[str, Any], **extra: Any) -> Interaction:
        """Send one interaction from this member (through the gateway, once the bot is connected)."""
        await self._ensure_connected()
        return self.sb.new_interaction(type=type, user=self.user, guild=self.guild, channel=channel, data=data, **extra)

    async def _ensure_connected(self) -> None:
        gid = self.guild.id if self.guild else None
        await self.sb.gateway.wait_until(lambda: bool(self.sb.gateway.sessions_for(gid)), 10.0, "a bot session")

    def _command_data(self, cmd: Command, path: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        data: dict[str, Any] = {"id": str(cmd.id), "name": cmd.name, "type": cmd.type}
        if cmd.guild_id is not None:
            data["guild_id"] = str(cmd.guild_id)
        defs = cmd.options
        container = data.setdefault("options", [])
        for part in path:
            sub = next(
                (o for o in defs if o.get("name") == part and o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)), None
            )
            if sub is None:
                subs = [o.get("name") for o in defs if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
                raise CommandNotAvailable(f"/{cmd.name} has no subcommand {part!r}; it has {subs}")
            entry: dict[str, Any] = {"type": sub["type"], "name": part, "options": []}
            container.append(entry)
            container = entry["options"]
            defs = list(sub.get("options") or [])
        if any(o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in defs):
            subs = [o.get("name") for o in defs]
            raise CommandNotAvailable(f"/{' '.join([cmd.name, *path])} needs a subcommand: {subs}")
        if not data["options"]:
            del data["options"]
        return data, defs

    @staticmethod
    def _leaf(data: dict[str, Any]) -> list[dict[str, Any]]:
        options = data.setdefault("options", [])
        while options and options[0].get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
            options = options[0].setdefault("options", [])
        return options

    async def slash(self, command: str, *, channel: str | int | Channel | None = None, **options: Any) -> Seen:
        """Run `/command [group] [sub]` with options by name (users, roles, channels by name)."""
        parts = command.strip().lstrip("/").split()
        cmd = self._command(parts[0])
        data, defs = self._command_data(cmd, parts[1:])
        resolved: dict[str, dict[str, Any]] = {}
        leaf = self._leaf(data)
        given = {k: v for k, v in options.items()}
        for opt in defs:
            name = str(opt["name"])
            key = name if name in given else name.replace("-", "_")
            if key not in given:
                if opt.get("required"):
                    raise TypeError(f"/{command}: option {name!r} is required")
                continue
            leaf.append({"type": opt["type"], "name": name, "value": self._convert(opt, given.pop(key), resolved)})
        if given:
            raise TypeError(f"/{command} has no option(s) {sorted(given)}; options: {[o['name'] for o in defs]}")
        if not leaf:
            self._drop_empty_options(data)
        if resolved:
            data["resolved"] = resolved
        ch = self._channel(channel)
        inter = await self._interact(2, ch, data=data, description=f"/{' '.join(parts)}")
        return await self._outcome(inter)

    @staticmethod
    def _drop_empty_options(data: dict[str, Any]) -> None:
        if data.get("options") == []:
            del data["options"]

    async def autocomplete(
        self, command: str, option: str, value: str, *, channel: str | int | Channel | None = None, **options: Any
    ) -> list[Choice]:
        """Type `value` into `option` of `/command` and return the choices the bot offers."""
        parts = command.strip().lstrip("/").split()
        cmd = self._command(parts[0])
        data, defs = self._command_data(cmd, parts[1:])
        leaf = self._leaf(data)
        resolved: dict[str, dict[str, Any]] = {}
        focused_def = next((o for o in defs if o.get("name") == option), None)
        if focused_def is None:
            raise TypeError(f"/{command} has no option {option!r}")
        if not focused_def.get("autocomplete"):
            raise CommandNotAvailable(f"option {option!r} of /{command} has no autocomplete")
        for opt in defs:
            name = str(opt["name"])
            if name == option:
                leaf.append({"type": opt["type"], "name": name, "value": value, "focused": True})
            elif name in options or name.replace("-", "_") in options:
                raw = options.get(name, options.get(name.replace("-", "_")))
                leaf.append({"type": opt["type"], "name": name, "value": self._convert(opt, raw, resolved)})
        if resolved:
            data["resolved"] = resolved
        ch = self._channel(channel)
        inter = await self._interact(
            4, ch, data=data, description=f"autocomplete /{' '.join(parts)} {option}={value!r}"
        )
        seen = await self._outcome(inter)
        return seen.choices

    async def user_command(self, name: str, target: str | User, *, channel: str | int | Channel | None = None) -> Seen:
        """Right-click a user -> Apps -> `name`."""
        cmd = self._command(name, type=2)
        user = self.sb.world.user(target)
        resolved: dict[str, dict[str, Any]] = {}
        self._resolve_user(user, resolved)
        data: dict[str, Any] = {
            "id": str(cmd.id),
            "name": cmd.name,
            "type": 2,
            "target_id": str(user.id),
            "resolved": resolved,
        }
        if cmd.guild_id is not None:
            data["guild_id"] = str(cmd.guild_id)
        ch = self._channel(channel)
        inter = await self._interact(2, ch, data=data, description=f"user command {name!r} on {user.display_name}")
        return await self._outcome(inter)

    async def message_command(self, name: str, message: Seen | Message | int) -> Seen:
        """Right-click a message -> Apps -> `name`."""
        cmd = self._command(name, type=3)
        msg = self._message(message)
        data: dict[str, Any] = {
            "id": str(cmd.id),
            "name": cmd.name,
            "type": 3,
            "target_id": str(msg.id),
            "resolved": {"messages": {str(msg.id): payloads.message(self.sb.world, msg)}},
        }
        if cmd.guild_id is not None:
            data["guild_id"] = str(cmd.guild_id)
        ch = self.sb.world.channels[msg.channel_id]
        inter = await self._interact(2, ch, data=data, description=f"message command {name!r}")
        return await self._outcome(inter)

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

    # --- components -----------------------------------------------------------------------------------
    async def click(self, message: Seen | Message | int, label_or_custom_id: str) -> Seen:
        """Click a button, found by custom_id or by label (emoji and case ignored)."""
        msg = self._message(message)
        buttons = msg.buttons
        exact = [b for b in buttons if b.custom_id == label_or_custom_id]
        matches = exact or [b for b in buttons if b.matches(label_or_custom_id)]
        if not matches:
            raise LookupError(f"no button {label_or_custom_id!r} on {msg!r}; buttons: {[b.label for b in buttons]}")
        button = matches[0]
        if button.disabled:
            raise ValueError(f"button {button.label!r} is disabled")
        if button.style == 5 or button.custom_id is None:
            raise ValueError(f"button {button.label!r} is a link to {button.url}; it sends no interaction")
        channel = self.sb.world.channels[msg.channel_id]
        inter = await self._interact(
            3,
            channel,
            data={"custom_id": button.custom_id, "component_type": 2},
            message=msg,
            description=f"button {button.label or button.custom_id!r}",
        )
        return await self._outcome(inter)

    async def select(
        self,
        message: Seen | Message | int,
        values: Sequence[Any] | str,
        *,
        placeholder: str | None = None,
        custom_id: str | None = None,
    ) -> Seen:
        """Pick `values` in a select menu: options by label or value; users/roles/channels by name."""
        msg = self._message(message)
        if isinstance(values, str):
            values = [values]
        selects = msg.selects
        if custom_id is not None:
            selects = [s for s in selects if s.custom_id == custom_id]
        if placeholder is not None:
            selects = [s for s in selects if plain(s.placeholder) == plain(placeholder)]
        if len(selects) != 1:
            found = [(s.custom_id, s.placeholder) for s in msg.selects]
            raise LookupError(
                f"need exactly one select (custom_id={custom_id!r}, placeholder={placeholder!r}); found {found}"
            )
        sel = selects[0]
        if sel.disabled:
            raise ValueError(f"select {sel.placeholder!r} is disabled")
        if not sel.min_values <= len(values) <= sel.max_values:
            raise ValueError(
                f"select {sel.placeholder!r} takes {sel.min_values}..{sel.max_values} values, got {len(values)}"
            )
        data: dict[str, Any] = {"custom_id": sel.custom_id, "component_type": sel.type}
        data["values"], resolved = self._select_values(sel.type, sel.options, values)
        if resolved:
            data["resolved"] = resolved
        channel = self.sb.world.channels[msg.channel_id]
        inter = await self._interact(
            3,
            channel,
            data=data,
            message=msg,
            description=f"select {sel.placeholder or sel.custom_id!r} = {list(values)}",
        )
        return await self._outcome(inter)

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

    async def submit_modal(self, values: dict[str, Any] | None = None, *, modal: Modal | None = None) -> Seen:
        """Fill in and submit the last modal the bot showed this member (fields by label or custom_id)."""
        if self.last_modal is None:
            raise LookupError(f"the bot has not shown {self.name} a modal")
        shown, source = self.last_modal
        modal = modal or shown
        values = dict(values or {})
        answers: dict[str, Any] = {}
        for key, v in values.items():
            answers[modal.field(key).custom_id] = v
        components: list[dict[str, Any]] = []
        resolved: dict[str, dict[str, Any]] = {}
        for f in modal.fields:
            value = answers.get(f.custom_id, f.value if f.kind == "text" else None)
            if f.kind == "text":
                text = "" if value is None else str(value)
                if f.required and not text:
                    raise ValueError(f"modal {modal.title!r}: {f.label!r} is required")
                if text and f.min_length is not None and len(text) < f.min_length:
                    raise ValueError(f"modal {modal.title!r}: {f.label!r} needs at least {f.min_length} characters")
                if f.max_length is not None and len(text) > f.max_length:
                    raise ValueError(f"modal {modal.title!r}: {f.label!r} takes at most {f.max_length} characters")
                inner: dict[str, Any] = {"type": TEXT_INPUT, "custom_id": f.custom_id, "value": text}
            else:
                picked = [] if value is None else ([value] if isinstance(value, str) else list(value))
                if f.required and not picked:
                    raise ValueError(f"modal {modal.title!r}: {f.label!r} is required")
                vals, res = self._select_values(f.component_type, f.options, picked)
                for k, d in res.items():
                    resolved.setdefault(k, {}).update(d)
                inner = {"type": f.component_type, "custom_id": f.custom_id, "values": vals}
            if f.component_id is not None:
                inner["id"] = f.component_id
            wrapper: dict[str, Any]
            if f.wrapper == 18:
                wrapper = {"type": 18, "component": inner}
            else:
                wrapper = {"type": 1, "components": [inner]}
            if f.wrapper_id is not None:
                wrapper["id"] = f.wrapper_id
            components.append(wrapper)
        data: dict[str, Any] = {"custom_id": modal.custom_id, "components": components}
        if resolved:
            data["resolved"] = resolved
        message = self.sb.world.messages.get(source.message_id) if source.message_id else None
        channel = self.sb.world.channels[source.channel_id]
        self.sb.open_modals.pop(self.user.id, None)
        inter = await self._interact(
            5, channel, data=data, message=message, parent=source, description=f"modal {modal.title!r}"
        )
        return await self._outcome(inter)

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
