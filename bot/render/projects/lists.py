"""Finding projects: the list of projects and a member's own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.render.components import Card, frozen_view
from bot.render.projects.common import COLOUR, EMBED_TITLE, FIELD_VALUE, OPTIONS, _button, _cut
from bot.render.projects.ids import cid
from bot.services.projects import (
    MyProject,
    ProjectPage,
)
from bot.timefmt import when_text


def list_card(page: ProjectPage, now: datetime) -> Card:
    embed = discord.Embed(title=texts.PROJECT_LIST_TITLE, colour=COLOUR)
    new = _button(texts.PROJECT_BUTTON_NEW, cid("new", 0), discord.ButtonStyle.success, row=2)
    if not page.items:
        embed.description = texts.PROJECT_LIST_EMPTY
        return Card(embed=embed, view=frozen_view(new))
    items: list[discord.ui.Item[Any]] = []
    for number, item in enumerate(page.items, start=1):
        lines = [when_text(item.next_start, item.timezone, now)] if item.next_start else []
        if item.where:
            lines.append(f"📍 {item.where}")
        name = _cut(texts.PROJECT_LIST_ITEM.format(number=number, title=item.title), EMBED_TITLE)
        embed.add_field(name=name, value=_cut("\n".join(lines) or "\u200b", FIELD_VALUE), inline=False)
        items.append(_button(texts.PROJECT_BUTTON_OPEN_NUMBER.format(number=number), cid("show", item.id), row=0))
    if page.pages > 1:  # "Page 1 of 1" says nothing
        embed.set_footer(text=texts.PROJECT_LIST_PAGE.format(page=page.page + 1, pages=page.pages))
        back = _button(texts.PROJECT_BUTTON_BACK, cid("list", max(0, page.page - 1)), row=1)
        back.disabled = page.page == 0
        nxt = _button(texts.PROJECT_BUTTON_NEXT, cid("list", page.page + 1), row=1)
        nxt.disabled = page.page >= page.pages - 1
        items += [back, nxt]
    items.append(new)
    return Card(embed=embed, view=frozen_view(*items))


def mine_card(found: Sequence[MyProject], zone: str, now: datetime) -> Card:
    embed = discord.Embed(title=texts.PROJECT_MINE_TITLE, colour=COLOUR)
    if not found:
        embed.description = texts.PROJECT_MINE_EMPTY
        return Card(embed=embed)
    items: list[discord.ui.Item[Any]] = []
    answers = {
        "going": texts.PROJECT_ANSWER_GOING,
        "maybe": texts.PROJECT_ANSWER_MAYBE,
        "waiting": texts.PROJECT_ANSWER_WAITING.format(position="?"),
    }
    for number, item in enumerate(found[:OPTIONS], start=1):
        lines = [when_text(item.starts_at, zone, now), answers.get(item.status, "")]
        if item.every:
            lines.append(texts.PROJECT_ANSWER_EVERY)
        if number <= 20:
            embed.add_field(
                name=_cut(texts.PROJECT_LIST_ITEM.format(number=number, title=item.title), EMBED_TITLE),
                value=_cut("\n".join(x for x in lines if x), FIELD_VALUE),
                inline=False,
            )
            items.append(
                _button(
                    texts.PROJECT_BUTTON_OPEN_NUMBER.format(number=number), cid("show", item.id), row=(number - 1) // 5
                )
            )
    return Card(embed=embed, view=frozen_view(*items))


# ---------------------------------------------------------------- messages sent by scheduled work
