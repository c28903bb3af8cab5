"""The Sandbox's messages: create, edit and delete them as Discord would (mentions, attachments,
nonces, normalised embeds and components), and tell the gateway, waiters and listeners."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import Any

from . import permissions as P
from .rules import FilePart
from .rules_mentions import resolve_mentions
from .server_interactions import Interactions
from .server_state import MESSAGE_TYPE_DEFAULT
from .views import walk
from .world import EPHEMERAL, LOADING, Attachment, Channel, Interaction, Message, User
from .world_records import SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS


class Messages(Interactions):
    def compute_mentions(
        self, message: Message, channel: Channel, allowed: dict[str, Any] | None, *, notify: bool
    ) -> None:
        guild = self.world.guild_of_channel(channel)
        author_perms = P.DM_PERMISSIONS
        if guild is not None and message.author.id in guild.members:
            author_perms = guild.permissions_of(message.author.id, channel)
        replied_user_id = None
        ref = message.message_reference
        if ref and ref.get("message_id"):
            replied = self.world.messages.get(int(ref["message_id"]))
            if replied is not None:
                replied_user_id = replied.author.id
        known = set(guild.members) if guild is not None else set(channel.recipient_ids) | {self.world.bot.id}
        result = resolve_mentions(
            message.content,
            allowed,
            known_user_ids=known,
            mentionable_role_ids={r.id for r in guild.roles.values() if r.mentionable} if guild else set(),
            all_role_ids={r.id for r in guild.roles.values() if r.id != guild.id} if guild else set(),
            can_mention_everyone=P.has(author_perms, P.MENTION_EVERYONE),
            in_guild=guild is not None,
            replied_user_id=replied_user_id,
        )
        message.mention_user_ids = result.users
        message.mention_role_ids = result.roles
        message.mention_everyone = result.everyone
        if notify and not message.flags & SUPPRESS_NOTIFICATIONS:  # pings nobody
            message.pinged_user_ids = set(result.users)
            message.pinged_role_ids = set(result.roles)
            message.pinged_everyone = result.everyone

    def store_files(self, channel: Channel, body: dict[str, Any], files: Sequence[FilePart]) -> list[Attachment]:
        """Turn multipart files into attachments, taking filename/description from `attachments`."""
        meta: dict[int, dict[str, Any]] = {}
        for entry in body.get("attachments") or []:
            try:
                meta[int(entry.get("id"))] = entry
            except (TypeError, ValueError):
                continue
        out = []
        for index, part in enumerate(files):
            info = meta.get(index, {})
            filename = str(info.get("filename") or part.filename)
            att_id = self.world.new_id()
            guessed, _ = mimetypes.guess_type(filename)
            if guessed and guessed.startswith("text/"):
                guessed += "; charset=utf-8"
            out.append(
                Attachment(
                    id=att_id,
                    filename=filename,
                    content_type=guessed,
                    data=part.data,
                    description=info.get("description"),
                    url=self.world.attachment_url(channel.id, att_id, filename),
                    sent_content_type=part.content_type,
                )
            )
        return out

    def create_message(
        self,
        channel: Channel,
        author: User,
        body: dict[str, Any],
        *,
        files: Sequence[FilePart] = (),
        type: int = MESSAGE_TYPE_DEFAULT,
        visible_to: int | None = None,
        interaction: Interaction | None = None,
        extra_flags: int = 0,
        notify: bool = True,
        followup: bool = False,
    ) -> Message:
        flags = int(body.get("flags") or 0) | extra_flags
        if visible_to is None:
            flags &= ~EPHEMERAL
        message = Message(
            id=self.world.new_id(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author,
            created_at=self.clock.now(),
            content=str(body.get("content") or ""),
            embeds=[_normalise_embed(e) for e in body.get("embeds") or []],
            components=_normalise_components(body.get("components") or []),
            flags=flags,
            nonce=body.get("nonce"),
            tts=bool(body.get("tts", False)),
            type=type,
            visible_to=visible_to,
            allowed_mentions=body.get("allowed_mentions"),
            message_reference=_reference(body.get("message_reference"), channel),
        )
        message.attachments = self.store_files(channel, body, files)
        if interaction is not None:
            message.webhook_id = self.world.application.id
            message.application_id = self.world.application.id
            message.interaction_id = interaction.id
            message.interaction_metadata = self._interaction_metadata(interaction, followup=followup)
        self.compute_mentions(message, channel, body.get("allowed_mentions"), notify=notify and not message.loading)
        self.world.messages[message.id] = message
        channel.all_messages.append(message)
        self._dispatch_message("MESSAGE_CREATE", message)
        self._message_changed(message)
        return message

    def answer(
        self,
        interaction: Interaction,
        body: dict[str, Any],
        *,
        ephemeral: bool,
        files: Sequence[FilePart] = (),
        loading: bool = False,
        followup: bool = False,
    ) -> Message:
        """The bot's message answering `interaction` in its channel: the reply (`loading` while deferred)
        or a follow-up; an ephemeral one is seen only by the member who pressed."""
        return self.create_message(
            self.world.channels[interaction.channel_id],
            self.world.bot,
            body,
            files=files,
            type=self.message_type_for(interaction),
            visible_to=interaction.user.id if ephemeral else None,
            interaction=interaction,
            extra_flags=LOADING if loading else 0,
            followup=followup,
        )

    def edit_message(
        self,
        message: Message,
        body: dict[str, Any],
        *,
        files: Sequence[FilePart] = (),
        complete_loading: bool = False,
    ) -> Message:
        channel = self.world.channels[message.channel_id]
        message.history.append(
            {
                "content": message.content,
                "embeds": message.embeds,
                "components": message.components,
                "flags": message.flags,
            }
        )
        if "content" in body:
            message.content = str(body.get("content") or "")
        if "embeds" in body:
            message.embeds = [_normalise_embed(e) for e in body.get("embeds") or []]
        if "components" in body:
            message.components = _normalise_components(body.get("components") or [])
        if body.get("flags") is not None:
            # Only SUPPRESS_EMBEDS may change on edit; ephemeral/loading/v2 stay as they were.
            keep = message.flags & ~SUPPRESS_EMBEDS
            message.flags = keep | (int(body["flags"]) & SUPPRESS_EMBEDS)
        if "attachments" in body or files:
            kept_ids = set()
            for entry in body.get("attachments") or []:
                try:
                    kept_ids.add(int(entry.get("id")))
                except (TypeError, ValueError):
                    continue
            existing = (
                [a for a in message.attachments if a.id in kept_ids] if "attachments" in body else message.attachments
            )
            message.attachments = existing + self.store_files(
                channel, {"attachments": [a for a in body.get("attachments") or [] if _is_index(a.get("id"))]}, files
            )
        was_loading = message.loading
        if complete_loading and was_loading:
            message.flags &= ~LOADING
        else:
            message.edited_at = self.clock.now()
        allowed = body.get("allowed_mentions", message.allowed_mentions)
        if "allowed_mentions" in body:
            message.allowed_mentions = body.get("allowed_mentions")
        # A deferred reply that gets its content pings like a new message; plain edits never ping.
        self.compute_mentions(message, channel, allowed, notify=was_loading and complete_loading)
        self._dispatch_message("MESSAGE_UPDATE", message)
        self._message_changed(message)
        self._wake_interactions(message)
        return message

    def delete_message(self, message: Message) -> None:
        message.deleted = True
        channel = self.world.channels.get(message.channel_id)
        if channel is not None and message in channel.all_messages:
            channel.all_messages.remove(message)
        self._dispatch_message("MESSAGE_DELETE", message)
        self._message_changed(message)
        self._wake_interactions(message)

    def _wake_interactions(self, message: Message) -> None:
        # A member waiting on a deferred update wants to see the clicked message change.
        for interaction in self.world.interactions.values():
            if message.id in (interaction.message_id, interaction.original_message_id):
                interaction.changed()

    def nonce_lookup(self, channel: Channel, author: User, nonce: str) -> Message | None:
        key = (channel.id, author.id, nonce)
        hit = self._nonces.get(key)
        now = self.clock.time()
        if hit is not None and now - hit[0] <= self.nonce_window:
            msg = self.world.messages.get(hit[1])
            if msg is not None:
                return msg
        return None

    def nonce_remember(self, channel: Channel, author: User, nonce: str, message: Message) -> None:
        self._nonces[(channel.id, author.id, nonce)] = (self.clock.time(), message.id)


def _is_index(value: Any) -> bool:
    """Attachment entries for new files carry the upload index; kept ones carry a snowflake."""
    try:
        return int(value) < 10_000
    except (TypeError, ValueError):
        return False


def _reference(raw: Any, channel: Channel) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not raw.get("message_id"):
        return None
    ref: dict[str, Any] = {
        "type": int(raw.get("type") or 0),
        "channel_id": str(raw.get("channel_id") or channel.id),
        "message_id": str(raw["message_id"]),
    }
    if channel.guild_id is not None:
        ref["guild_id"] = str(raw.get("guild_id") or channel.guild_id)
    return ref


def _normalise_embed(raw: dict[str, Any]) -> dict[str, Any]:
    embed = {k: v for k, v in raw.items() if v is not None}
    if "fields" in embed:
        embed["fields"] = [
            {"name": f.get("name", ""), "value": f.get("value", ""), "inline": bool(f.get("inline", False))}
            for f in embed["fields"]
        ]
    embed.setdefault("type", "rich")
    return embed


def _normalise_components(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Discord echoes: numeric ids on every component, nulls dropped, select defaults filled."""
    import copy

    components = copy.deepcopy(raw)
    next_id = 1
    for comp in walk(components):
        for key in [k for k, v in comp.items() if v is None]:
            del comp[key]
        if "id" not in comp:
            comp["id"] = next_id
        next_id = max(next_id, int(comp["id"])) + 1
        if comp.get("type") in (3, 5, 6, 7, 8):
            comp.setdefault("min_values", 1)
            comp.setdefault("max_values", 1)
    return components
