"""A refused typing box keeps what was typed: the refusal shows it, and its "✏️ Try again" opens the box
with it again, so nothing is lost (issue 17).

What was typed lives on the refusal message itself (an embed, one field a box), so "Try again" works after a
restart too and nothing is stored. The message comes back with the press: it is read as untrusted text, by
the box's labels, and cut to each box's limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError, WayOn

TRY_AGAIN_EMOJI = "✏️"
MAX_FIELD = 1024  # Discord's limit for one embed field's text
COLOUR = discord.Colour.light_grey()


def text_inputs(box: discord.ui.Modal) -> list[discord.ui.TextInput[Any]]:
    return [item for item in box.walk_children() if isinstance(item, discord.ui.TextInput)]


def labels(box: discord.ui.Modal) -> dict[str, str]:
    """Each text box's label by its custom_id, read from what is sent (a label component or an old row)."""
    found: dict[str, str] = {}

    def walk(components: Any, label: str | None) -> None:
        for c in components or []:
            if not isinstance(c, dict):
                continue
            here = c.get("label") or label
            if c.get("type") == 4 and c.get("custom_id") and here:
                found[str(c["custom_id"])] = str(here)
            walk(c.get("components"), here)
            walk([c["component"]] if isinstance(c.get("component"), dict) else [], here)

    walk(box.to_components(), None)
    return found


def try_again(opener: str) -> WayOn:
    """The button that opens the box again: ``opener`` is the custom_id of the control that opened it."""
    return WayOn(texts.FORM_TRY_AGAIN, opener, TRY_AGAIN_EMOJI)


def keeping(refused: UserError, box: discord.ui.Modal, values: Mapping[str, str], opener: str) -> UserError:
    """The refusal of ``box``'s submit, with "Try again" first and what was typed kept.

    A row that is gone (``NotFound``), or a box the person may not use (``NotAllowed``), has nothing to try
    again: it is answered as it is."""
    if isinstance(refused, (NotFound, NotAllowed)):
        return refused
    names = labels(box)
    kept = [
        (names[item.custom_id], values.get(item.custom_id, "")) for item in text_inputs(box) if item.custom_id in names
    ]
    ways = [w for w in refused.ways if w.custom_id != opener]
    return UserError(refused.message, (try_again(opener), *ways), kept=kept)


def kept_embed(kept: Sequence[tuple[str, str]]) -> discord.Embed | None:
    """What was typed, one field a box (an empty box is left out: Discord refuses an empty field)."""
    filled = [(label, value) for label, value in kept if value.strip()]
    if not filled:
        return None
    embed = discord.Embed(title=texts.FORM_KEPT_TITLE, colour=COLOUR)
    for label, value in filled[:25]:
        embed.add_field(name=label[:256], value=value[:MAX_FIELD], inline=False)
    return embed


def typed_before(message: discord.Message | None) -> dict[str, str] | None:
    """What was typed, by label, from a refusal this press came from; None when it is not one."""
    for embed in message.embeds if message is not None else []:
        if embed.title == texts.FORM_KEPT_TITLE:
            return {str(f.name): str(f.value or "") for f in embed.fields if f.name}
    return None


def refill(box: discord.ui.Modal, message: discord.Message | None) -> discord.ui.Modal:
    """``box`` with what was typed in it before, when the press came from its refusal ("Try again").

    Every box is set from the refusal (a box emptied on purpose stays empty), each cut to its limit."""
    typed = typed_before(message)
    if typed is None:
        return box
    names = labels(box)
    for item in text_inputs(box):
        value = typed.get(names.get(item.custom_id, ""), "")
        limit = item.max_length or 4000
        item.default = value[:limit] or None
    return box
