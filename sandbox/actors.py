"""Acting as a member: slash commands, clicks, selects, modals, autocomplete, plain messages.

Each action sends INTERACTION_CREATE through the gateway to the real discord.py client, waits until the
bot answered (for a deferred answer: until the edit or follow-up arrives), and returns a `Seen`: what
that member now sees. The client's own rules apply: a member cannot click a button on someone else's
ephemeral message, use a command hidden from them, or submit a modal with a required field empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import payloads
from . import permissions as P
from .actors_base import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
    ActorBase,
)
from .actors_seen import Choice, CommandNotAvailable, InteractionFailed, NotVisible, Seen
from .views import (
    TEXT_INPUT,
    Modal,
    plain,
)
from .world import DM, Channel, Command, Message, User

if TYPE_CHECKING:
    pass


class MemberActor(ActorBase):
    """A member (or a user in their DM with the bot, when `guild` is None) driving the bot."""

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


__all__ = [
    "ATTACHMENT",
    "BOOLEAN",
    "CHANNEL",
    "INTEGER",
    "MENTIONABLE",
    "NUMBER",
    "ROLE",
    "STRING",
    "SUB_COMMAND",
    "SUB_COMMAND_GROUP",
    "USER",
    "Choice",
    "CommandNotAvailable",
    "InteractionFailed",
    "MemberActor",
    "NotVisible",
    "Seen",
]
