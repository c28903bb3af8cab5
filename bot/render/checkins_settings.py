"""The check-ins' settings panel (a lead's, from /setup): the channels, the leads who get help alerts, when
to ask them again and how long answers are kept, each a menu of its choices."""

from __future__ import annotations

import discord

from bot import texts
from bot.render.checkins import COLOUR, Button
from bot.render.components import Card, custom_id, frozen_view
from bot.services.checkins.results import SettingsView
from bot.services.checkins.rules import REALERT_CHOICES
from bot.services.keep import KEEP_CHECKIN_CHOICES
from bot.textclean import public_text


def settings_card(view: SettingsView, saved: str | None = None) -> Card:
    from bot.render.setup import keep_words  # /setup's words for the same choices (it imports this module)

    embed = discord.Embed(title=texts.CHECKIN_SETTINGS_TITLE, description=texts.CHECKIN_SETTINGS_INTRO, colour=COLOUR)
    channel = f"<#{view.checkins_channel_id}>" if view.checkins_channel_id else texts.SETUP_NOT_SET
    leads_channel = f"<#{view.leads_channel_id}>" if view.leads_channel_id else texts.SETUP_NOT_SET
    leads = (
        ", ".join(public_text(lead.name) or f"<@{lead.user_id}>" for lead in view.leads)
        or texts.CHECKIN_SETTINGS_NOBODY
    )
    embed.add_field(name=texts.CHECKIN_SETTINGS_CHANNEL, value=channel, inline=False)
    embed.add_field(name=texts.CHECKIN_SETTINGS_LEADS_CHANNEL, value=leads_channel, inline=False)
    embed.add_field(name=texts.CHECKIN_SETTINGS_LEADS, value=leads[:1000], inline=False)
    embed.add_field(
        name=texts.CHECKIN_SETTINGS_REALERT,
        value=texts.CHECKIN_SETTINGS_HOURS.format(count=view.realert_hours),
        inline=False,
    )
    embed.add_field(
        name=texts.CHECKIN_SETTINGS_RETENTION,
        value=keep_words(view.retention_days),  # in the words of /setup's menu ("6 months")
        inline=False,
    )
    text_only = [discord.ChannelType.text]
    chk: discord.ui.ChannelSelect[discord.ui.View] = discord.ui.ChannelSelect(
        custom_id=custom_id("checkins", "set", "chan"),
        placeholder=texts.CHECKIN_PICK_CHANNEL,
        channel_types=text_only,
        min_values=0,
        row=0,
    )
    leads_chan: discord.ui.ChannelSelect[discord.ui.View] = discord.ui.ChannelSelect(
        custom_id=custom_id("checkins", "set", "leadschan"),
        placeholder=texts.CHECKIN_PICK_LEADS_CHANNEL,
        channel_types=text_only,
        min_values=0,
        row=1,
    )
    pick_leads: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
        custom_id=custom_id("checkins", "set", "leads"),
        placeholder=texts.CHECKIN_PICK_LEADS,
        min_values=0,
        max_values=25,
        row=2,
    )
    # When to ask all leads again, and how long answers are kept: their choices in menus (never a cycle).
    realert: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id("checkins", "set", "realert"),
        placeholder=texts.CHECKIN_CHANGE_REALERT,
        options=[
            discord.SelectOption(
                label=texts.CHECKIN_SETTINGS_HOURS.format(count=hours),
                value=str(hours),
                default=hours == view.realert_hours,
            )
            for hours in sorted(REALERT_CHOICES)
        ],
        row=4,
    )
    retention: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id("checkins", "set", "retention"),
        placeholder=texts.SETUP_PICK_KEEP_CHECKINS,
        options=[
            discord.SelectOption(label=keep_words(days), value=str(days), default=days == view.retention_days)
            for days in KEEP_CHECKIN_CHOICES
        ],
        row=3,
    )
    return Card(content=saved, embed=embed, view=frozen_view(chk, leads_chan, pick_leads, retention, realert))


def settings_button() -> Button:
    """The entry on the /setup card."""
    return discord.ui.Button(
        label=texts.CHECKIN_SETTINGS_BUTTON, emoji="💬", custom_id=custom_id("checkins", "settings"), row=3
    )
