"""The leads' thank-yous settings panel (from /setup), in pages of at most 5 choices each.

    main   the channel menu, "🎉 Change the celebrations", "📰 Change the weekly good news", the leaderboard
    cel    the three celebration switches and Back
    news   the day and time menus, the weekly good news on or off, and Back

Custom ids: ``connect:thanks:set:<what>`` for a change, ``connect:thanks:set:page:<main|cel|news>`` to move.
"""

from __future__ import annotations

import discord

from bot import texts
from bot.render.components import Card, custom_id, frozen_view
from bot.render.thanks import COLOUR
from bot.services.thanks import ThanksSettingsView
from bot.timefmt import clock_words, when_text

PAGES = ("main", "cel", "news")
# After a change, the panel stays on the page the change was made on.
PAGE_OF = {
    **dict.fromkeys(("projects", "tasks", "firsts", "sessions"), "cel"),
    **dict.fromkeys(("digest", "day", "time"), "news"),
}

Item = discord.ui.Item[discord.ui.View]


def on_off(value: bool) -> str:
    return texts.THANKS_SETTINGS_ON if value else texts.THANKS_SETTINGS_OFF


def digest_words(view: ThanksSettingsView) -> str:
    if not view.digest_on:
        return texts.THANKS_SETTINGS_DIGEST_OFF
    return texts.THANKS_SETTINGS_DIGEST_WHEN.format(
        day=texts.THANKS_WEEKDAYS[view.digest_weekday],
        time=clock_words(view.digest_minute // 60, view.digest_minute % 60),
    )


def _button(label: str, what: str, *more: str, row: int) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label, custom_id=custom_id("thanks", "set", what, *more), row=row)


def _embed(view: ThanksSettingsView, page: str) -> discord.Embed:
    embed = discord.Embed(title=texts.THANKS_SETTINGS_TITLE, description=texts.THANKS_SETTINGS_INTRO, colour=COLOUR)
    if page == "main":
        channel = f"<#{view.channel_id}>" if view.channel_id else texts.SETUP_NOT_SET
        embed.add_field(name=texts.THANKS_SETTINGS_CHANNEL, value=channel, inline=False)
    if page in ("main", "cel"):
        embed.add_field(name=texts.THANKS_SETTINGS_PROJECTS, value=on_off(view.celebrate_projects), inline=False)
        embed.add_field(name=texts.THANKS_SETTINGS_TASKS, value=on_off(view.celebrate_tasks), inline=False)
        embed.add_field(name=texts.THANKS_SETTINGS_MILESTONES, value=on_off(view.celebrate_milestones), inline=False)
        embed.add_field(name=texts.THANKS_SETTINGS_SESSIONS, value=on_off(view.celebrate_sessions), inline=False)
    if page in ("main", "news"):
        digest_value = digest_words(view)
        if view.digest_on and view.next_digest is not None:
            digest_value += "\n" + texts.THANKS_SETTINGS_NEXT.format(
                when=when_text(view.next_digest, view.timezone, relative=True)
            )
        embed.add_field(name=texts.THANKS_SETTINGS_DIGEST, value=digest_value, inline=False)
    if page == "main":
        embed.add_field(name=texts.THANKS_SETTINGS_BOARD, value=on_off(view.leaderboard), inline=False)
    return embed


def _main(view: ThanksSettingsView) -> list[Item]:
    channel_select: discord.ui.ChannelSelect[discord.ui.View] = discord.ui.ChannelSelect(
        custom_id=custom_id("thanks", "set", "chan"),
        placeholder=texts.SETUP_PICK_CELEBRATIONS,
        channel_types=[discord.ChannelType.text],
        default_values=[discord.Object(view.channel_id, type=discord.abc.GuildChannel)] if view.channel_id else [],
        row=0,
    )
    return [
        channel_select,
        _button(texts.THANKS_SETTINGS_OPEN_CELEBRATIONS, "page", "cel", row=1),
        _button(texts.THANKS_SETTINGS_OPEN_NEWS, "page", "news", row=1),
        _button(texts.THANKS_SETTINGS_TOGGLE_BOARD, "board", row=1),
    ]


def _news(view: ThanksSettingsView) -> list[Item]:
    days = discord.ui.Select[discord.ui.View](
        custom_id=custom_id("thanks", "set", "day"),
        placeholder=texts.THANKS_SETTINGS_PICK_DAY,
        options=[
            discord.SelectOption(label=name, value=str(i), default=i == view.digest_weekday)
            for i, name in enumerate(texts.THANKS_WEEKDAYS)
        ],
        row=0,
    )
    hours = discord.ui.Select[discord.ui.View](
        custom_id=custom_id("thanks", "set", "time"),
        placeholder=texts.THANKS_SETTINGS_PICK_TIME,
        options=[
            discord.SelectOption(label=clock_words(h, 0), value=str(h * 60), default=h * 60 == view.digest_minute)
            for h in range(7, 23)
        ],
        row=1,
    )
    return [
        days,
        hours,
        _button(texts.THANKS_SETTINGS_TOGGLE_DIGEST, "digest", row=2),
        _button(texts.THANKS_SETTINGS_BACK, "page", "main", row=2),
    ]


def _celebrations() -> list[Item]:
    return [
        _button(texts.THANKS_SETTINGS_TOGGLE_PROJECTS, "projects", row=0),
        _button(texts.THANKS_SETTINGS_TOGGLE_TASKS, "tasks", row=0),
        _button(texts.THANKS_SETTINGS_TOGGLE_MILESTONES, "firsts", row=0),
        _button(texts.THANKS_SETTINGS_TOGGLE_SESSIONS, "sessions", row=0),
        _button(texts.THANKS_SETTINGS_BACK, "page", "main", row=1),
    ]


def settings_panel(view: ThanksSettingsView, saved: str | None = None, page: str = "main") -> Card:
    """One page of the panel; an unknown page (an old or made-up id) shows the first one."""
    page = page if page in PAGES else "main"
    items = _main(view) if page == "main" else _news(view) if page == "news" else _celebrations()
    return Card(content=saved, embed=_embed(view, page), view=frozen_view(*items))
