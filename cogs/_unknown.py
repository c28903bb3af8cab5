"""The catch-alls: a custom_id of ours that no template knows is answered "This button is old".

Every feature registers its persistent items with ``add_items(bot, "<prefix>", *items, modals=...)``. That
adds the items, one catch-all item for the ``connect:<prefix>:...`` ids that none of them matches, one for
``connect:<a feature we do not have>:...``, and the same two for typing boxes (modals), made from the
templates of the feature's modal listeners. A catch-all's template is "``connect:<prefix>:`` and anything
the feature's own templates do not match" (a negative lookahead), so every real control still matches
exactly one template, and a made-up id (or one from a newer version, after going back) is never left
unanswered. The answer is ``StaleControl``: ``texts.BUTTON_OLD``, private, logged ``outcome=not-found`` at INFO.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.errors import StaleControl
from bot.interactions import GuardedItem, ModalRoute, listen, modal_listener

# The features' custom_id prefixes (``connect:<prefix>:...``). A new feature adds its prefix here.
FEATURES = ("proj", "rem", "pick", "tasks", "thanks", "checkins", "mydata", "report", "setup", "me")
_REST = r"(?s:.){0,100}"  # a custom_id is at most 100 characters
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")

DynamicItemClass = type[discord.ui.DynamicItem[Any]]


def _bare(template: str) -> str:
    """A template without its group names (the same name twice in one pattern is refused)."""
    return _NAMED_GROUP.sub("(?:", template)


def unknown_template(prefix: str, known: Sequence[str]) -> str:
    """``connect:<prefix>:...`` that none of ``known`` matches."""
    if prefix not in FEATURES:
        raise ValueError(f"add {prefix!r} to FEATURES in cogs/_unknown.py")
    head = f"connect:{re.escape(prefix)}:"
    either = "|".join(f"(?:{_bare(t)})" for t in known) or "(?!)"  # "(?!)": a feature with none matches nothing
    return rf"(?!(?:{either})\Z){head}{_REST}"


# ``connect:<anything but our prefixes>...``: a feature we do not have (yet, or any more).
UNKNOWN_FEATURE_TEMPLATE = rf"connect:(?!(?:{'|'.join(FEATURES)}):){_REST}"


class _Unknown(GuardedItem, discord.ui.DynamicItem[discord.ui.Item[Any]], template=r"connect:(?!)"):
    """The base of every catch-all item (this one matches nothing and is never registered)."""

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> _Unknown:
        return cls(item)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        raise StaleControl()


def _item(name: str, template: str) -> DynamicItemClass:
    return types.new_class(name, (_Unknown,), {"template": template})


@functools.cache
def _unknown_item(prefix: str, known: tuple[str, ...]) -> DynamicItemClass:
    return _item(f"Unknown_{prefix.replace('-', '_')}", unknown_template(prefix, known))


def unknown_item(prefix: str, *items: DynamicItemClass) -> DynamicItemClass:
    """The catch-all item of a feature: its ``connect:<prefix>:...`` ids that none of ``items`` matches."""
    return _unknown_item(prefix, tuple(item.__discord_ui_compiled_template__.pattern for item in items))


UnknownFeature = _item("UnknownFeature", UNKNOWN_FEATURE_TEMPLATE)


async def _stale_box(interaction: discord.Interaction[Any], match: re.Match[str], values: dict[str, str]) -> None:
    raise StaleControl()


@functools.cache
def unknown_modal(prefix: str, known: tuple[str, ...] = ()) -> ModalRoute:
    """The catch-all modal listener of a feature: its ``connect:<prefix>:...`` boxes none of ``known`` matches."""
    return modal_listener(unknown_template(prefix, known), _stale_box)


on_unknown_feature_modal = modal_listener(UNKNOWN_FEATURE_TEMPLATE, _stale_box)


def add_items(bot: commands.Bot, prefix: str, *items: DynamicItemClass, modals: Sequence[str] = ()) -> None:
    """Register a feature's items and its catch-alls. ``modals``: the templates its modal listeners answer."""
    bot.add_dynamic_items(*items, unknown_item(prefix, *items), UnknownFeature)
    listen(bot, unknown_modal(prefix, tuple(modals)))
    listen(bot, on_unknown_feature_modal)
