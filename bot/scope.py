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
