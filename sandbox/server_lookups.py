"""The Sandbox's world access for tests (members, users, channels, messages) and waiting for a message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from .server_state import SandboxState
from .world import Channel, Command, Guild, Message, User

if TYPE_CHECKING:
    from .actors import MemberActor


class Lookups(SandboxState):
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
            actor = self._actors[key] = MemberActor(self._whole, user, guild)
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
