"""A reminder for a channel (or a role, posted in a channel) where the bot cannot post: before "Done",
nothing is saved or changed; the member hears which permission is missing and picks a channel where the
bot can post (the menu), or goes Back to the draft. The menu's answer is checked again when it comes."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.errors import checked_id
from bot.interactions import GuardedItem, scope_of
from bot.render import reminders as render
from bot.render.components import custom_id
from bot.services.reminders import CHANNEL, ROLE, Target
from cogs._channel_access import cannot_post_card, missing_permissions, picked_channel
from cogs.reminders.common import reminders, reply, show_picker, show_result

POSTED_IN_CHANNEL = (CHANNEL, ROLE)


def cannot_post_here(interaction: discord.Interaction[Any], target: Target, channel_id: int | None) -> bool:
    """True when the reminder would be posted in ``channel_id`` and the bot may not post there."""
    if target.kind not in POSTED_IN_CHANNEL or channel_id is None:
        return False
    return bool(missing_permissions(interaction, channel_id))


async def can_post_or_ask(
    interaction: discord.Interaction[Any],
    target: Target,
    channel_id: int | None,
    *,
    draft_id: int = 0,
    back_to: int = 0,
    edit: bool = False,
) -> bool:
    """True when the bot can post the reminder in ``channel_id``; else it answers with the menu: False.
    Back leads to the draft, or to the card of ``back_to`` (a set reminder whose "where" was being changed)."""
    if channel_id is None or not cannot_post_here(interaction, target, channel_id):
        return True
    missing = missing_permissions(interaction, channel_id)
    role = target.id if target.kind == ROLE and target.id else 0
    back = custom_id("rem", "chanback", draft_id or back_to, role) if draft_id or back_to else None
    card = cannot_post_card(
        interaction, channel_id, missing, menu_id=custom_id("rem", "chanpick", draft_id, role), back_id=back
    )
    await reply(interaction, card, edit=edit and interaction.message is not None)
    return False


class ReminderChannelPick(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=r"connect:rem:chan(?P<what>pick|back):(?P<id>\d{1,19}):(?P<role>\d{1,19})",
):
    """The menu of channels where the bot can post, and Back to the draft (0: there was no draft yet)."""

    def __init__(self, item: discord.ui.Item[Any], what: str, draft_id: int, role_id: int) -> None:
        super().__init__(item)
        self.what = what
        self.draft_id = draft_id
        self.role_id = role_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReminderChannelPick:
        draft = int(match["id"]) and checked_id(match["id"])
        role = int(match["role"]) and checked_id(match["role"])
        return cls(item, match["what"], draft, role)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        service = reminders(interaction)
        scope = scope_of(interaction)
        draft = await service.get(scope, self.draft_id) if self.draft_id else None
        if self.what == "back" and draft is not None:
            if draft.is_draft:
                await reply(interaction, render.draft_card(draft), edit=True)
            else:  # a set reminder: its card again, nothing changed
                await show_result(interaction, draft, edit=True)
            return
        channel_id = picked_channel(interaction, list(getattr(self.item, "values", None) or []))
        target = Target(ROLE, self.role_id) if self.role_id else Target(CHANNEL)
        if draft is not None and draft.is_draft:
            # The draft moves there with all that was typed (text, time, repeat); with a time it starts now.
            info = await service.move_draft(scope, draft.id, channel_id, target)
        else:
            info = await service.create(scope, channel_id, text=None, target=target)
        if not info.text:
            await interaction.response.send_modal(render.text_modal(info.id))
        elif info.is_draft:
            await show_picker(interaction, info, edit=True)
        else:
            await show_result(interaction, info, edit=True)
