"""The server and the person an action belongs to. Every service entry point takes one.

Custom ids, modal ids and options come from the client and are untrusted: a service loads a row by
``(scope.guild_id, id)`` and a row of another server answers exactly like a row that does not exist
(``bot.errors.NotFound``). Being a lead, or managing a server, counts only in ``scope.guild_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.people import Actor


@dataclass(frozen=True)
class Scope:
    guild_id: int
    actor: Actor

    @property
    def user_id(self) -> int:
        return self.actor.user_id


@dataclass(frozen=True)
class PersonalScope:
    """A DM button or a privacy request: the person, and the server the row must belong to (if any)."""

    user_id: int
    guild_id: int | None = None


AnyScope = Scope | PersonalScope

# Scheduled work acts for no one: it reads rows of the server the row belongs to.
NOBODY = Actor(user_id=0)


def system_scope(guild_id: int) -> Scope:
    """The scope of a scheduled job (or a feature reading another's rows for it): no person's rights."""
    return Scope(guild_id, NOBODY)


def belongs(scope: AnyScope, guild_id: int | None) -> bool:
    """Is a row of ``guild_id`` inside this scope? A DM button without a server takes the row's own."""
    if isinstance(scope, PersonalScope) and scope.guild_id is None:
        return True
    return guild_id is not None and guild_id == scope.guild_id


def actor_of_scope(scope: AnyScope) -> Actor:
    """The person; from a DM they have no roles and manage nothing (rights count only in a server)."""
    return scope.actor if isinstance(scope, Scope) else Actor(user_id=scope.user_id)
