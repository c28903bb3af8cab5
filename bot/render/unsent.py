"""The /unsent card for leads."""

from __future__ import annotations

import discord

from bot import texts
from bot.render.components import Card
from bot.services.unsent import SHOWN, UnsentList
from bot.timefmt import when_words


def unsent_card(result: UnsentList) -> Card:
    if not result.items:
        return Card(content=texts.UNSENT_NONE)
    lines = []
    for item in result.items:
        what = texts.UNSENT_KINDS.get(item.kind, texts.UNSENT_OTHER_KIND)
        when = when_words(item.due_at, result.timezone)
        if item.refused:
            lines.append(texts.UNSENT_REFUSED.format(what=what, when=when))
        elif item.failed:
            lines.append(texts.UNSENT_FAILED.format(what=what, when=when, attempts=item.attempts))
        else:
            lines.append(texts.UNSENT_MISSED.format(what=what, when=when))
    if result.more:
        lines.append(texts.UNSENT_MORE.format(count=SHOWN))
    embed = discord.Embed(title=texts.UNSENT_TITLE, description="\n".join(lines)[:4096])
    return Card(embed=embed)
