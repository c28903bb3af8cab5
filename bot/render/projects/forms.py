"""Starting or changing a project: the typing boxes, the draft check and the posted reply."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.render.components import Card, custom_id, frozen_view
from bot.render.projects.card import card_embed
from bot.render.projects.common import (
    IN_ABOUT,
    IN_BRING,
    IN_LINK,
    IN_PLACES,
    IN_TITLE,
    IN_WHERE,
    _button,
    _link,
    jump_url,
)
from bot.render.projects.ids import PROJ, cid
from bot.render.projects.organise import places_select
from bot.services.projects import (
    ProjectView,
)
from bot.services.projects.fields import MAX_ABOUT, MAX_BRING, MAX_LINK, MAX_PLACES, MAX_TITLE, MAX_WHERE


def _input(
    input_id: str, label: str, hint: str, limit: int, value: str = "", *, required: bool = False, long: bool = False
) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        custom_id=input_id,
        label=label,
        placeholder=hint,
        default=value or None,
        max_length=limit,
        required=required,
        style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
    )


def details_modal(view: ProjectView | None = None) -> discord.ui.Modal:
    """The modal for a new project (``view`` None) or for changing one. Stopped before sending: its submit
    is answered from its custom_id (cogs/projects), so it works after a restart too."""
    if view is None:
        modal = discord.ui.Modal(title=texts.PROJECT_MODAL_NEW, custom_id=custom_id(PROJ, "form", "new", 0))
    else:
        modal = discord.ui.Modal(title=texts.PROJECT_MODAL_EDIT, custom_id=custom_id(PROJ, "form", "edit", view.id))
    modal.add_item(
        _input(
            IN_TITLE,
            texts.PROJECT_INPUT_TITLE,
            texts.PROJECT_INPUT_TITLE_HINT,
            MAX_TITLE,
            view.title if view else "",
            required=True,
        )
    )
    modal.add_item(
        _input(
            IN_ABOUT,
            texts.PROJECT_INPUT_ABOUT,
            texts.PROJECT_INPUT_ABOUT_HINT,
            MAX_ABOUT,
            view.about if view else "",
            long=True,
        )
    )
    modal.add_item(
        _input(
            IN_WHERE, texts.PROJECT_INPUT_WHERE, texts.PROJECT_INPUT_WHERE_HINT, MAX_WHERE, view.where if view else ""
        )
    )
    modal.add_item(
        _input(IN_LINK, texts.PROJECT_INPUT_LINK, texts.PROJECT_INPUT_LINK_HINT, MAX_LINK, view.link if view else "")
    )
    modal.add_item(
        _input(
            IN_BRING, texts.PROJECT_INPUT_BRING, texts.PROJECT_INPUT_BRING_HINT, MAX_BRING, view.bring if view else ""
        )
    )
    modal.stop()
    return modal


def places_modal(project_id: int, current: int | None) -> discord.ui.Modal:
    modal = discord.ui.Modal(title=texts.PROJECT_MODAL_PLACES, custom_id=custom_id(PROJ, "form", "places", project_id))
    modal.add_item(
        _input(
            IN_PLACES,
            texts.PROJECT_INPUT_PLACES,
            texts.PROJECT_PLACES_NO_LIMIT,
            len(str(MAX_PLACES)),
            str(current) if current else "",
        )
    )
    modal.stop()
    return modal


REPEAT_LABELS = (
    (None, texts.PROJECT_REPEAT_ONCE),
    ("weekly", texts.PROJECT_REPEAT_WEEKLY),
    ("fortnightly", texts.PROJECT_REPEAT_FORTNIGHTLY),
    ("monthly", texts.PROJECT_REPEAT_MONTHLY),
)


def draft_card(view: ProjectView, now: datetime) -> Card:
    """The check before posting: the card as it will look, and the choices still open."""
    pid = view.id
    repeat: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=cid("repeat", pid),
        placeholder=texts.PROJECT_REPEAT_PLACEHOLDER,
        options=[
            discord.SelectOption(label=label, value=key or "once", default=view.repeat == key)
            for key, label in REPEAT_LABELS
        ],
        row=0,
    )
    items: list[discord.ui.Item[Any]] = [
        repeat,
        places_select(pid, view.places, row=1),
        _button(texts.PROJECT_BUTTON_START, cid("draft", pid, "start"), row=2),
        _button(
            texts.PROJECT_BUTTON_END if view.ends_at else texts.PROJECT_BUTTON_ADD_END, cid("draft", pid, "end"), row=2
        ),
    ]
    if view.ends_at is not None:
        items.append(_button(texts.PROJECT_BUTTON_NO_END, cid("draft", pid, "no-end"), row=2))
    items += [
        _button(texts.PROJECT_BUTTON_POST, cid("draft", pid, "post"), discord.ButtonStyle.success, row=3),
        _button(texts.PROJECT_BUTTON_DISCARD, cid("draft", pid, "discard"), discord.ButtonStyle.danger, row=3),
    ]
    preview = card_embed(view, now)
    return Card(
        content=f"**{texts.PROJECT_DRAFT_TITLE}**\n{texts.PROJECT_DRAFT_INTRO}", embed=preview, view=frozen_view(*items)
    )


def posted_reply(view: ProjectView) -> Card:
    url = jump_url(view.guild_id, view.channel_id, view.message_id)
    items = [_link(texts.PROJECT_BUTTON_OPEN, url)] if url else []
    return Card(content=texts.PROJECT_POSTED.format(title=view.title), view=frozen_view(*items) if items else None)


# ---------------------------------------------------------------- finding projects
