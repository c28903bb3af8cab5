"""Helpers to build messages whose buttons are handled by persistent ``DynamicItem`` classes.

A card's buttons carry ids like ``connect:setup:tz``; the item classes registered with
``bot.add_dynamic_items`` handle them after any restart. The view sent with a card is only a
container for those components, so it is stopped before sending: discord.py then does not keep
a copy of every card in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import discord

PREFIX = "connect"
MAX_CUSTOM_ID = 100


def custom_id(*parts: object) -> str:
    cid = ":".join([PREFIX, *(str(p) for p in parts)])
    if len(cid) > MAX_CUSTOM_ID:
        raise ValueError(f"custom_id too long: {cid!r}")
    return cid


def frozen_view(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


@dataclass
class Card:
    """What a message shows. ``content`` may be empty when the embed says it all."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)

    def send_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"content": self.content}
        if self.embed is not None:
            kwargs["embed"] = self.embed
        if self.view is not None:
            kwargs["view"] = self.view
        if self.files:
            kwargs["files"] = self.files
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        return {"content": self.content, "embed": self.embed, "view": self.view}


def modal_values(data: Mapping[str, Any] | None) -> dict[str, str]:
    """Every text input of a modal submit, by custom_id (old rows and new labels alike)."""
    found: dict[str, str] = {}

    def walk(components: Any) -> None:
        for component in components or []:
            if not isinstance(component, Mapping):
                continue
            if "custom_id" in component and "value" in component:
                found[str(component["custom_id"])] = str(component.get("value") or "")
            walk(component.get("components"))
            if isinstance(component.get("component"), Mapping):
                walk([component["component"]])

    walk((data or {}).get("components"))
    return found
