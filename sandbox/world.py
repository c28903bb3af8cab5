"""The sandbox's world: users, guilds, channels, roles, members, messages, interactions, commands.

Plain mutable dataclasses. The HTTP API and the gateway read and change them; tests read them to see
what members would see. Payloads (what Discord sends on the wire) are built in `payloads.py`.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable, Iterator
from typing import Any

from . import permissions as P
from .clock import Clock, SnowflakeFactory
from .world_records import (
    CATEGORY,
    DM,
    EPHEMERAL,
    IS_COMPONENTS_V2,
    LOADING,
    SUPPRESS_NOTIFICATIONS,
    TEXT,
    Application,
    Attachment,
    Channel,
    Command,
    Guild,
    Interaction,
    Member,
    Message,
    Overwrite,
    Role,
    User,
    plain_name,
)


class World:
    """Everything the stand-in knows. Build one with `default_world()` or by hand."""

    def __init__(self, *, clock: Clock | None = None, bot_name: str = "Connect") -> None:
        self.clock = clock or Clock()
        self.ids = SnowflakeFactory(self.clock)
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.dm_channels: dict[int, Channel] = {}  # by recipient user id
        self.interactions: dict[int, Interaction] = {}
        self.global_commands: list[Command] = []
        self.guild_commands: dict[int, list[Command]] = {}
        self.presences: dict[int, dict[str, Any]] = {}
        self.bot = self.add_user(bot_name, bot=True)
        app_owner = self.add_user("Connect developer")
        self.application = Application(
            id=self.bot.id,
            name=bot_name,
            description="Plan and run projects together.",
            owner=app_owner,
        )
        # Set by the Sandbox once it knows its port; used for attachment URLs.
        self.cdn_base = "http://127.0.0.1"

    # --- building -----------------------------------------------------------------------------
    def new_id(self, *, shard: tuple[int, int] | None = None) -> int:
        return self.ids.next(shard=shard)

    def add_user(
        self, username: str, *, bot: bool = False, global_name: str | None = None, dms_open: bool = True
    ) -> User:
        user = User(
            id=self.new_id(),
            username=username.lower().replace(" ", "_"),
            global_name=global_name or username,
            bot=bot,
            dms_open=dms_open,
        )
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        owner: User,
        id: int | None = None,
        shard: tuple[int, int] | None = None,
        everyone_permissions: int = P.EVERYONE_DEFAULT,
        bot_permissions: int = P.BOT_DEFAULT,
    ) -> Guild:
        """A guild with @everyone, the owner as a member, and the bot with its managed role."""
        gid = id if id is not None else self.new_id(shard=shard)
        guild = Guild(id=gid, name=name, owner_id=owner.id, created_at=self.clock.now())
        guild.roles[gid] = Role(id=gid, name="@everyone", permissions=everyone_permissions, position=0)
        self.guilds[gid] = guild
        bot_role = Role(
            id=self.new_id(),
            name=self.bot.display_name,
            permissions=bot_permissions,
            position=1,
            managed=True,
            bot_id=self.bot.id,
        )
        guild.roles[bot_role.id] = bot_role
        self.add_member(guild, owner)
        self.add_member(guild, self.bot, roles=[bot_role])
        return guild

    def add_role(
        self,
        guild: Guild,
        name: str,
        *,
        permissions: int = 0,
        mentionable: bool = False,
        hoist: bool = False,
        color: int = 0,
    ) -> Role:
        role = Role(
            id=self.new_id(),
            name=name,
            permissions=permissions,
            position=max(r.position for r in guild.roles.values()) + 1,
            mentionable=mentionable,
            hoist=hoist,
            color=color,
        )
        guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        topic: str | None = None,
        type: int = TEXT,
        overwrites: Iterable[Overwrite] = (),
        parent: Channel | None = None,
    ) -> Channel:
        channel = Channel(
            id=self.new_id(),
            name=name,
            type=type,
            guild_id=guild.id,
            position=len(guild.channels),
            topic=topic,
            parent_id=parent.id if parent else None,
            overwrites=list(overwrites),
        )
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        return channel

    def add_member(self, guild: Guild, user: User, *, roles: Iterable[Role] = (), nick: str | None = None) -> Member:
        member = Member(
            user=user, guild_id=guild.id, role_ids=[r.id for r in roles], nick=nick, joined_at=self.clock.now()
        )
        guild.members[user.id] = member
        return member

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and `user` (created on first use, as Discord does)."""
        channel = self.dm_channels.get(user.id)
        if channel is None:
            channel = Channel(id=self.new_id(), name=f"dm-{user.username}", type=DM, recipient_ids=[user.id])
            self.dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    # --- lookups ------------------------------------------------------------------------------
    @property
    def first_guild(self) -> Guild:
        if not self.guilds:
            raise LookupError("the world has no guild")
        return next(iter(self.guilds.values()))

    def guild(self, name_or_id: str | int | None = None) -> Guild:
        if name_or_id is None:
            return self.first_guild
        for g in self.guilds.values():
            if g.id == name_or_id or (isinstance(name_or_id, str) and plain_name(g.name) == plain_name(name_or_id)):
                return g
        raise LookupError(f"no guild {name_or_id!r}")

    def user(self, name_or_id: str | int | User) -> User:
        if isinstance(name_or_id, User):
            return name_or_id
        if isinstance(name_or_id, int):
            if name_or_id in self.users:
                return self.users[name_or_id]
            raise LookupError(f"no user {name_or_id}")
        wanted = plain_name(name_or_id)
        for u in self.users.values():
            if wanted in {plain_name(u.username), plain_name(u.global_name or "")}:
                return u
        for g in self.guilds.values():
            for m in g.members.values():
                if m.nick and plain_name(m.nick) == wanted:
                    return m.user
        raise LookupError(f"no user {name_or_id!r}")

    def channel(self, name_or_id: str | int, guild: str | int | None = None) -> Channel:
        if isinstance(name_or_id, int):
            if name_or_id in self.channels:
                return self.channels[name_or_id]
            raise LookupError(f"no channel {name_or_id}")
        if guild is not None:
            return self.guild(guild).channel(name_or_id)
        for g in self.guilds.values():
            try:
                return g.channel(name_or_id)
            except LookupError:
                continue
        raise LookupError(f"no channel {name_or_id!r}")

    def guild_of_channel(self, channel: Channel) -> Guild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def shard_of(self, guild_id: int | None, shard_count: int) -> int:
        """Discord's rule: (guild_id >> 22) % shard_count; DMs go to shard 0."""
        return 0 if guild_id is None else (guild_id >> 22) % shard_count

    def commands_for(self, guild_id: int | None) -> list[Command]:
        """Commands a member sees in a guild (guild commands first) or in DMs (global only)."""
        cmds = list(self.guild_commands.get(guild_id, [])) if guild_id is not None else []
        return cmds + self.global_commands

    def iter_messages(self) -> Iterator[Message]:
        return iter(self.messages.values())

    def attachment_url(self, channel_id: int, attachment_id: int, filename: str) -> str:
        return f"{self.cdn_base}/attachments/{channel_id}/{attachment_id}/{filename}"


def make_token(app_id: int) -> str:
    """A token shaped like Discord's: base64(app id).timestamp-ish.hmac-ish."""
    first = base64.b64encode(str(app_id).encode()).decode().rstrip("=")
    return f"{first}.{secrets.token_urlsafe(4)}.{secrets.token_urlsafe(28)}"


def default_world(*, clock: Clock | None = None) -> World:
    """Riverside Community: #general, #projects, #celebrations, #check-ins; Alex leads; Morgan owns it."""
    world = World(clock=clock)
    owner = world.add_user("Morgan")
    guild = world.add_guild("Riverside Community", owner=owner)
    guild.description = "A co-produced community group."
    # A lead may post to a role: the role is mentionable. Leads do NOT get Manage Server.
    lead = world.add_role(guild, "Co-production lead", mentionable=True, hoist=True, color=0x2E7D32)
    for name, topic in (
        ("general", "Say hello."),
        ("projects", "Projects we run together."),
        ("celebrations", "Thank yous and good news."),
        ("check-ins", "How are you doing?"),
    ):
        world.add_channel(guild, name, topic=topic)
    world.add_member(guild, world.add_user("Alex"), roles=[lead])
    for name in ("Sam", "Priya", "Jordan"):
        world.add_member(guild, world.add_user(name))
    return world


__all__ = [
    "CATEGORY",
    "DM",
    "EPHEMERAL",
    "IS_COMPONENTS_V2",
    "LOADING",
    "SUPPRESS_NOTIFICATIONS",
    "TEXT",
    "Application",
    "Attachment",
    "Channel",
    "Command",
    "Guild",
    "Interaction",
    "Member",
    "Message",
    "Overwrite",
    "Role",
    "User",
    "World",
    "default_world",
    "make_token",
]
