"""The things of the stand-in's world: users, roles, members, channels, messages, guilds, commands, interactions."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import permissions as P
from .views import Button, Select, buttons_of, selects_of, text_of

TEXT = 0
DM = 1
CATEGORY = 4

# Message flags (the one place they are written; rules.py and the server import them).
SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_COMPONENTS_V2 = 1 << 15


def plain_name(name: str) -> str:
    return name.strip().lstrip("#@").casefold()


@dataclass(eq=False)
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    # A member who turned off DMs from server members: the bot gets 403 / 50007 when it writes to them.
    dms_open: bool = True
    locale: str = "en-GB"

    @property
    def display_name(self) -> str:
        return self.global_name or self.username

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def __repr__(self) -> str:
        return f"<User {self.display_name} {self.id}>"


@dataclass(eq=False)
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def __repr__(self) -> str:
        return f"<Role {self.name} {self.id}>"


@dataclass(eq=False)
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0


@dataclass(eq=False)
class Attachment:
    id: int
    filename: str
    content_type: str | None
    data: bytes
    description: str | None = None
    url: str = ""
    # Content type the client sent in the multipart part (discord.py always says application/octet-stream).
    sent_content_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def text(self, encoding: str = "utf-8") -> str:
        return self.data.decode(encoding)


@dataclass(eq=False)
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author: User
    created_at: dt.datetime
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    attachments: list[Attachment] = field(default_factory=list)
    nonce: str | int | None = None
    tts: bool = False
    type: int = 0
    edited_at: dt.datetime | None = None
    # The mentions Discord reports, after applying allowed_mentions and permissions.
    mention_user_ids: list[int] = field(default_factory=list)
    mention_role_ids: list[int] = field(default_factory=list)
    mention_everyone: bool = False
    # Who was really notified (pinged) when the message appeared. Edits do not ping again.
    pinged_user_ids: set[int] = field(default_factory=set)
    pinged_role_ids: set[int] = field(default_factory=set)
    pinged_everyone: bool = False
    allowed_mentions: dict[str, Any] | None = None
    # For an ephemeral message: the one user who can see it.
    visible_to: int | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    message_reference: dict[str, Any] | None = None
    interaction_id: int | None = None
    deleted: bool = False
    # Earlier versions (content, embeds, components, flags) before each edit.
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """A deferred interaction response still showing "... is thinking"."""
        return bool(self.flags & LOADING)

    @property
    def buttons(self) -> list[Button]:
        return buttons_of(self.components)

    @property
    def selects(self) -> list[Select]:
        return selects_of(self.components)

    @property
    def text(self) -> str:
        """Everything a reader can read: content, embed texts, text displays. Handy for assertions."""
        return text_of(self.content, self.embeds, self.components)

    @property
    def pinged(self) -> set[int]:
        return set(self.pinged_user_ids)

    def visible_for(self, user_id: int) -> bool:
        return not self.deleted and (self.visible_to is None or self.visible_to == user_id)

    def attachment(self, filename: str) -> Attachment:
        for att in self.attachments:
            if att.filename == filename:
                return att
        raise LookupError(f"no attachment {filename!r} on message {self.id}")

    def __repr__(self) -> str:
        flags = " ephemeral" if self.ephemeral else ""
        return f"<Message {self.id} by {self.author.display_name}{flags}: {self.text[:60]!r}>"


@dataclass(eq=False)
class Channel:
    id: int
    name: str
    type: int = TEXT
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    recipient_ids: list[int] = field(default_factory=list)
    # Every message stored in the channel, ephemeral ones included (deleted ones are removed).
    all_messages: list[Message] = field(default_factory=list)

    @property
    def messages(self) -> list[Message]:
        """What everyone in the channel sees: no ephemeral messages."""
        return [m for m in self.all_messages if m.visible_to is None and not m.deleted]

    def visible_to(self, user_id: int) -> list[Message]:
        return [m for m in self.all_messages if m.visible_for(user_id)]

    @property
    def last_message(self) -> Message | None:
        msgs = self.messages
        return msgs[-1] if msgs else None

    @property
    def last_message_id(self) -> int | None:
        msgs = [m for m in self.all_messages if m.visible_to is None]
        return msgs[-1].id if msgs else None

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def __repr__(self) -> str:
        return f"<Channel #{self.name} {self.id}>"


@dataclass(eq=False)
class Member:
    user: User
    guild_id: int
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def display_name(self) -> str:
        return self.nick or self.user.display_name

    def __repr__(self) -> str:
        return f"<Member {self.display_name} in {self.guild_id}>"


@dataclass(eq=False)
class Guild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: list[Channel] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    preferred_locale: str = "en-GB"
    description: str | None = None
    features: list[str] = field(default_factory=list)
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]

    def role(self, name_or_id: str | int) -> Role:
        for role in self.roles.values():
            if role.id == name_or_id or (
                isinstance(name_or_id, str) and plain_name(role.name) == plain_name(name_or_id)
            ):
                return role
        raise LookupError(f"no role {name_or_id!r} in {self.name}")

    def channel(self, name_or_id: str | int) -> Channel:
        for ch in self.channels:
            if ch.id == name_or_id or (isinstance(name_or_id, str) and plain_name(ch.name) == plain_name(name_or_id)):
                return ch
        raise LookupError(f"no channel {name_or_id!r} in {self.name}")

    def member(self, name_or_id: str | int) -> Member:
        if isinstance(name_or_id, int):
            if name_or_id in self.members:
                return self.members[name_or_id]
        else:
            wanted = plain_name(name_or_id)
            for m in self.members.values():
                names = {m.user.username, m.user.global_name or "", m.nick or ""}
                if wanted in {plain_name(n) for n in names if n}:
                    return m
        raise LookupError(f"no member {name_or_id!r} in {self.name}")

    def permissions_of(self, member: Member | int, channel: Channel | None = None) -> int:
        if isinstance(member, int):
            member = self.members[member]
        return P.channel_permissions(self, member, channel)

    @property
    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels if c.type == TEXT]

    def __repr__(self) -> str:
        return f"<Guild {self.name} {self.id}>"


@dataclass(eq=False)
class Command:
    """An application command the bot registered (the stored, normalised payload is `data`)."""

    id: int
    data: dict[str, Any]
    guild_id: int | None = None

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def type(self) -> int:
        return int(self.data.get("type", 1))

    @property
    def options(self) -> list[dict[str, Any]]:
        return list(self.data.get("options") or [])

    def __repr__(self) -> str:
        where = f" guild={self.guild_id}" if self.guild_id else ""
        return f"<Command /{self.name}{where}>"


@dataclass(eq=False)
class Application:
    id: int
    name: str
    description: str
    owner: User
    bot_public: bool = True
    bot_require_code_grant: bool = False
    verify_key: str = field(default_factory=lambda: secrets.token_hex(32))
    # GATEWAY_PRESENCE_LIMITED | GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED:
    # the privileged intents are switched on for this (unverified) app.
    flags: int = (1 << 13) | (1 << 15) | (1 << 19)


@dataclass(eq=False)
class Interaction:
    """One interaction a member started, and everything the bot did with it."""

    id: int
    token: str
    type: int
    user: User
    guild_id: int | None
    channel_id: int
    data: dict[str, Any]
    created_at: float  # clock.time()
    created_mono: float  # clock.monotonic()
    description: str
    # The message a component/modal interaction came from.
    message_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    response_type: int | None = None
    responded_at: float | None = None
    # The message @original refers to: the reply (types 4/5) or the clicked message (types 6/7).
    original_message_id: int | None = None
    original_completed: bool = False
    followup_ids: list[int] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    failed: bool = False
    failure_reason: str | None = None
    # For a modal submit: the interaction whose modal this answers.
    parent: Interaction | None = None
    _waiters: list[asyncio.Future[None]] = field(default_factory=list, repr=False)

    @property
    def responded(self) -> bool:
        return self.response_type is not None

    def changed(self) -> None:
        """Wake everyone waiting for this interaction to change."""
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait_until(self, predicate: Callable[[Interaction], bool], timeout: float) -> bool:  # noqa: ASYNC109 (timeout= is part of the public API)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self):
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            fut: asyncio.Future[None] = loop.create_future()
            self._waiters.append(fut)
            try:
                await asyncio.wait_for(fut, remaining)
            except TimeoutError:
                return predicate(self)
        return True
