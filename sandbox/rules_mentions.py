"""Which mentions in a message ping, as Discord decides from allowed_mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# --- mentions -----------------------------------------------------------------------------------
USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)\b")


@dataclass
class Mentions:
    users: list[int]
    roles: list[int]
    everyone: bool


def resolve_mentions(
    content: str,
    allowed: dict[str, Any] | None,
    *,
    known_user_ids: set[int],
    mentionable_role_ids: set[int],
    all_role_ids: set[int],
    can_mention_everyone: bool,
    in_guild: bool,
    replied_user_id: int | None = None,
) -> Mentions:
    """Who Discord actually pings: content mentions filtered by allowed_mentions and permissions.

    Absent allowed_mentions means Discord's default: parse users, roles and everyone, and ping the
    author of a replied-to message.
    """
    if allowed is None:
        parse = {"users", "roles", "everyone"}
        explicit_users: set[int] = set()
        explicit_roles: set[int] = set()
        replied = True
    else:
        parse = set(allowed.get("parse") or [])
        explicit_users = {int(x) for x in allowed.get("users") or []}
        explicit_roles = {int(x) for x in allowed.get("roles") or []}
        replied = bool(allowed.get("replied_user", False))
    users: list[int] = []
    for raw in USER_MENTION.findall(content or ""):
        uid = int(raw)
        if uid in known_user_ids and ("users" in parse or uid in explicit_users) and uid not in users:
            users.append(uid)
    roles: list[int] = []
    if in_guild:
        for raw in ROLE_MENTION.findall(content or ""):
            rid = int(raw)
            if rid not in all_role_ids or rid in roles:
                continue
            if ("roles" in parse or rid in explicit_roles) and (rid in mentionable_role_ids or can_mention_everyone):
                roles.append(rid)
    everyone = bool(
        in_guild and EVERYONE_MENTION.search(content or "") and "everyone" in parse and can_mention_everyone
    )
    if replied and replied_user_id is not None and replied_user_id not in users:
        users.append(replied_user_id)
    return Mentions(users=users, roles=roles, everyone=everyone)
