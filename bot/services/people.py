"""Who is acting: the plain facts a service needs to decide what someone may do."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    user_id: int
    role_ids: frozenset[int] = field(default_factory=frozenset)
    # Manage Server (or Administrator, or owner) in this server, as Discord computed it.
    can_manage_server: bool = False
    display_name: str = ""
