"""The /mydata cards: what Connect knows, and the question before deleting."""

from __future__ import annotations

import io

import discord

from bot import texts
from bot.render.components import Card, custom_id, frozen_view
from bot.services.mydata import Copy, Summary

FEATURE = "mydata"
COPY, DELETE, SURE, KEEP, STOP, START = "copy", "delete", "sure", "keep", "stop", "start"


def button_id(action: str, member_id: int) -> str:
    return custom_id(FEATURE, action, member_id)


def _button(
    label: str, emoji: str, action: str, member_id: int, style: discord.ButtonStyle
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label, emoji=emoji, style=style, custom_id=button_id(action, member_id))


def summary_card(summary: Summary, member_id: int, name: str) -> Card:
    lines = list(summary.lines) or [texts.MYDATA_NOTHING]
    if summary.do_not_contact:
        lines.append(texts.MYDATA_DO_NOT_CONTACT_ON)
    title = texts.MYDATA_TITLE_FOR.format(name=name) if summary.for_someone_else else texts.MYDATA_TITLE
    embed = discord.Embed(title=title, description="\n".join(lines)[:4096], colour=discord.Colour.blurple())
    contact = (
        _button(texts.MYDATA_BUTTON_START, "🔔", START, member_id, discord.ButtonStyle.secondary)
        if summary.do_not_contact
        else _button(texts.MYDATA_BUTTON_STOP, "🔕", STOP, member_id, discord.ButtonStyle.secondary)
    )
    view = frozen_view(
        _button(texts.MYDATA_BUTTON_COPY, "📄", COPY, member_id, discord.ButtonStyle.primary),
        _button(texts.MYDATA_BUTTON_DELETE, "🗑️", DELETE, member_id, discord.ButtonStyle.danger),
        contact,
    )
    return Card(embed=embed, view=view)


def ask_delete_card(member_id: int, name: str, for_someone_else: bool) -> Card:
    question = texts.MYDATA_ASK_DELETE_FOR.format(name=name) if for_someone_else else texts.MYDATA_ASK_DELETE
    view = frozen_view(
        _button(texts.MYDATA_BUTTON_YES_DELETE, "🗑️", SURE, member_id, discord.ButtonStyle.danger),
        _button(texts.MYDATA_BUTTON_NO_KEEP, "❌", KEEP, member_id, discord.ButtonStyle.secondary),
    )
    return Card(content=question, view=view)


def copy_files(copy: Copy) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.data), filename=f.filename) for f in copy.files]
