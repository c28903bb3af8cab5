"""Wire payloads, shaped like Discord's (and checked against its OpenAPI description in tests)."""

from __future__ import annotations

from typing import Any

from . import permissions as P
from .clock import iso
from .world import DM, Attachment, Channel, Command, Guild, Member, Message, Role, User, World


def user(u: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(u.id),
        "username": u.username,
        "global_name": u.global_name,
        "avatar": None,
        "discriminator": "0",
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if u.bot:
        data["bot"] = True
    return data


def private_user(u: User) -> dict[str, Any]:
    """GET /users/@me: the user with its private fields."""
    data = user(u)
    data.update({"mfa_enabled": False, "locale": "en-US", "verified": True, "email": None, "premium_type": 0})
    return data


def role(r: Role) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(r.id),
        "name": r.name,
        "description": None,
        "permissions": str(r.permissions),
        "position": r.position,
        "color": r.color,
        "colors": {"primary_color": r.color, "secondary_color": None, "tertiary_color": None},
        "hoist": r.hoist,
        "managed": r.managed,
        "mentionable": r.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if r.bot_id is not None:
        data["tags"] = {"bot_id": str(r.bot_id)}
    return data


def member(m: Member, *, with_user: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "avatar": None,
        "banner": None,
        "communication_disabled_until": None,
        "flags": 0,
        "joined_at": iso(m.joined_at),
        "nick": m.nick,
        "pending": False,
        "premium_since": None,
        "roles": [str(r) for r in m.role_ids],
        "mute": False,
        "deaf": False,
        "avatar_decoration_data": None,
        "collectibles": None,
    }
    if with_user:
        data["user"] = user(m.user)
    return data


def channel(world: World, ch: Channel, *, include_guild_id: bool = True) -> dict[str, Any]:
    if ch.type == DM:
        return {
            "id": str(ch.id),
            "type": DM,
            "last_message_id": str(ch.last_message_id) if ch.last_message_id else None,
            "flags": 0,
            "recipients": [user(world.users[uid]) for uid in ch.recipient_ids],
        }
    data: dict[str, Any] = {
        "id": str(ch.id),
        "type": ch.type,
        "name": ch.name,
        "position": ch.position,
        "flags": 0,
        "parent_id": str(ch.parent_id) if ch.parent_id else None,
        "permission_overwrites": [
            {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)} for o in ch.overwrites
        ],
    }
    if include_guild_id and ch.guild_id is not None:
        data["guild_id"] = str(ch.guild_id)
    if ch.type == 0:
        data.update(
            {
                "topic": ch.topic,
                "nsfw": False,
                "rate_limit_per_user": 0,
                "last_message_id": str(ch.last_message_id) if ch.last_message_id else None,
                "last_pin_timestamp": None,
            }
        )
    return data


def guild(world: World, g: Guild, *, with_counts: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "description": g.description,
        "home_header": None,
        "splash": None,
        "discovery_splash": None,
        "features": list(g.features),
        "banner": None,
        "owner_id": str(g.owner_id),
        "application_id": None,
        "region": "deprecated",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "system_channel_id": str(g.text_channels[0].id) if g.text_channels else None,
        "system_channel_flags": 0,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": 1,
        "roles": [role(r) for r in sorted(g.roles.values(), key=lambda r: r.position)],
        "default_message_notifications": 1,
        "mfa_level": 0,
        "explicit_content_filter": 2,
        "max_presences": None,
        "max_members": 500000,
        "max_stage_video_channel_users": 50,
        "max_video_channel_users": 25,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
        "rules_channel_id": None,
        "safety_alerts_channel_id": None,
        "public_updates_channel_id": None,
        "premium_progress_bar_enabled": False,
        "nsfw": False,
        "nsfw_level": 0,
        "emojis": [],
        "stickers": [],
        "incidents_data": None,
    }
    if with_counts:
        data["approximate_member_count"] = len(g.members)
        data["approximate_presence_count"] = 0
    return data


def guild_create(world: World, g: Guild, *, include_members: bool) -> dict[str, Any]:
    """GUILD_CREATE: the guild plus the gateway-only fields discord.py reads."""
    data = guild(world, g)
    bot_member = g.members.get(world.bot.id)
    members = list(g.members.values()) if include_members else ([bot_member] if bot_member else [])
    data.update(
        {
            "joined_at": iso(bot_member.joined_at if bot_member else g.created_at),
            "large": False,
            "unavailable": False,
            "member_count": len(g.members),
            "voice_states": [],
            "members": [member(m) for m in members],
            "channels": [channel(world, c, include_guild_id=False) for c in g.channels],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "embedded_activities": [],
            "activity_instances": [],
            "lazy": True,
            "application_command_counts": {},
            "max_members": 500000,
            "premium_tier": 0,
            "version": 0,
        }
    )
    return data


def attachment(a: Attachment) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(a.id),
        "filename": a.filename,
        "size": a.size,
        "url": a.url,
        "proxy_url": a.url,
    }
    if a.content_type:
        data["content_type"] = a.content_type
    if a.description:
        data["description"] = a.description
    return data


def embed(raw: dict[str, Any]) -> dict[str, Any]:
    """Discord echoes embeds with a type ("rich" unless given) and drops empty keys."""
    out = {k: v for k, v in raw.items() if v is not None}
    out.setdefault("type", "rich")
    out.setdefault("content_scan_version", 0)
    return out


def components(raw: Any) -> Any:
    """Components as Discord echoes them: a unicode emoji comes back as {"name": ...} without a null id,
    and select default values carry their ids as strings."""
    if isinstance(raw, list):
        return [components(c) for c in raw]
    if isinstance(raw, dict):
        out = {k: components(v) for k, v in raw.items()}
        emoji = out.get("emoji")
        if isinstance(emoji, dict):
            out["emoji"] = {k: v for k, v in emoji.items() if v is not None}
        defaults = out.get("default_values")
        if isinstance(defaults, list):
            out["default_values"] = [
                {**d, "id": str(d["id"])} if isinstance(d, dict) and "id" in d else d for d in defaults
            ]
        return out
    return raw


def message(world: World, m: Message, *, gateway: bool = False) -> dict[str, Any]:
    """A message as REST returns it; `gateway=True` adds guild_id and member as MESSAGE_CREATE does."""
    guild_obj = world.guilds.get(m.guild_id) if m.guild_id is not None else None
    mentions = []
    for uid in m.mention_user_ids:
        u = world.users.get(uid)
        if u is None:
            continue
        entry = user(u)
        if gateway and guild_obj is not None and uid in guild_obj.members:
            entry["member"] = member(guild_obj.members[uid], with_user=False)
        mentions.append(entry)
    data: dict[str, Any] = {
        "type": m.type,
        "content": m.content,
        "mentions": mentions,
        "mention_roles": [str(r) for r in m.mention_role_ids],
        "attachments": [attachment(a) for a in m.attachments],
        "embeds": [embed(e) for e in m.embeds],
        "timestamp": iso(m.created_at),
        "edited_timestamp": iso(m.edited_at) if m.edited_at else None,
        "flags": m.flags,
        "components": components(m.components),
        "id": str(m.id),
        "channel_id": str(m.channel_id),
        "author": user(m.author),
        "pinned": False,
        "mention_everyone": m.mention_everyone,
        "tts": m.tts,
    }
    if m.nonce is not None:
        data["nonce"] = m.nonce
    if m.webhook_id is not None:
        data["webhook_id"] = str(m.webhook_id)
    if m.application_id is not None:
        data["application_id"] = str(m.application_id)
    if m.interaction_metadata is not None:
        data["interaction_metadata"] = m.interaction_metadata
    if m.message_reference is not None:
        data["message_reference"] = m.message_reference
        ref_id = m.message_reference.get("message_id")
        ref = world.messages.get(int(ref_id)) if ref_id else None
        if ref is not None and not ref.deleted:
            data["referenced_message"] = message(world, ref)
    if gateway:
        if m.guild_id is not None:
            data["guild_id"] = str(m.guild_id)
            if guild_obj is not None and m.author.id in guild_obj.members and m.webhook_id is None:
                data["member"] = member(guild_obj.members[m.author.id], with_user=False)
    return data


def command(world: World, c: Command) -> dict[str, Any]:
    data = dict(c.data)
    data["id"] = str(c.id)
    data["application_id"] = str(world.application.id)
    data["version"] = str(c.data.get("version", c.id))
    if c.guild_id is not None:
        data["guild_id"] = str(c.guild_id)
    return data


def application(world: World, *, full: bool = True) -> dict[str, Any]:
    app = world.application
    data: dict[str, Any] = {
        "id": str(app.id),
        "name": app.name,
        "icon": None,
        "description": app.description,
        "type": None,
        "bot": user(world.bot),
        "summary": "",
        "bot_public": app.bot_public,
        "bot_require_code_grant": app.bot_require_code_grant,
        "verify_key": app.verify_key,
        "flags": app.flags,
        "flags_new": str(app.flags),
        "hook": True,
        "is_monetized": False,
        "is_verified": False,
        "is_discoverable": False,
        "storefront_available": False,
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "owner": user(app.owner),
        "approximate_guild_count": len(world.guilds),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "team": None,
        "eligible_oauth2_scopes": [],
        "integration_types_config": {"0": {}},
        "tags": [],
        "rpc_origins": [],
    }
    return data


def interaction_member(world: World, g: Guild, m: Member, ch: Channel | None) -> dict[str, Any]:
    data = member(m)
    data["permissions"] = str(g.permissions_of(m, ch))
    return data


def interaction_channel(world: World, ch: Channel, perms: int) -> dict[str, Any]:
    data = channel(world, ch)
    data["permissions"] = str(perms)
    return data


def app_permissions(world: World, ch: Channel) -> int:
    g = world.guild_of_channel(ch)
    if g is None:
        return P.DM_PERMISSIONS
    return g.permissions_of(g.members[world.bot.id], ch)
