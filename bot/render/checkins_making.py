"""Making a check-in, step by step in one private message (pure): the kind, who gets it, the first time (the
shared time picker), the days (the repeat menu), then Start. Each step shows at most 5 choices.

Custom ids (``connect:checkins:``): ``nk:<kind>`` (or ``nk:x``), ``dw:<id>:<members|channel|project>``,
``dm`` / ``dc`` / ``dp:<id>`` (the menus), ``db:<id>`` (back to who), ``dt:<id>`` (pick a time), ``dd:<id>``
(days), ``dz`` / ``ds`` / ``dy:<id>`` (zone, share, when the summary comes), ``go:<id>``, ``dx:<id>``;
the questions box ``qmodal:0``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import discord

from bot import texts
from bot.render.checkins import days_words, summary_words, who_words
from bot.render.components import Card, custom_id, frozen_view
from bot.services.checkins.results import CheckinView, LeadChoice
from bot.services.checkins.rules import DAY_CODES, MAX_QUESTIONS, QUESTION_LIMIT, SUMMARY_CHOICES
from bot.textclean import public_text
from bot.timefmt import clock_words

QUESTIONS_MODAL = "connect:checkins:qmodal:0"
QUESTION_FIELDS = ("q0", "q1", "q2")
WHO = ("members", "channel", "project")
Button = discord.ui.Button[discord.ui.View]
Item = discord.ui.Item[discord.ui.View]


def _button(label: str, cid: str, *, emoji: str | None = None, style: Any = None, row: int | None = None) -> Button:
    return discord.ui.Button(
        label=label, custom_id=cid, emoji=emoji, style=style or discord.ButtonStyle.secondary, row=row
    )


def _cancel(checkin_id: int, row: int | None = None) -> Button:
    return _button(texts.CHECKIN_MAKE_CANCEL, custom_id("checkins", "dx", checkin_id), emoji="❌", row=row)


def kind_card() -> Card:
    buttons = [
        _button(texts.CHECKIN_KIND_WORDS[kind], custom_id("checkins", "nk", kind), emoji=emoji)
        for kind, emoji in (("mood3", "😊"), ("mood5", "😄"), ("standup", "💬"))
    ]
    buttons.append(_button(texts.CHECKIN_MAKE_CANCEL, custom_id("checkins", "nk", "x"), emoji="❌"))
    return Card(content=texts.CHECKIN_MAKE_KIND, view=frozen_view(*buttons))


def questions_modal() -> discord.ui.Modal:
    modal = discord.ui.Modal(title=texts.CHECKIN_QUESTIONS_TITLE, custom_id=QUESTIONS_MODAL)
    for index, field in enumerate(QUESTION_FIELDS[:MAX_QUESTIONS]):
        modal.add_item(
            discord.ui.TextInput(
                label=texts.CHECKIN_QUESTION_LABEL.format(number=index + 1),
                placeholder=texts.CHECKIN_QUESTION_EXAMPLES[index],
                custom_id=field,
                required=index == 0,
                max_length=QUESTION_LIMIT,
            )
        )
    modal.stop()
    return modal


def _when_words(view: CheckinView) -> str:
    if not view.has_time:
        return texts.CHECKIN_NOT_CHOSEN
    zone = texts.CHECKIN_ZONE_MEMBER if view.member_zone else texts.CHECKIN_ZONE_SERVER
    return texts.CHECKIN_WHEN_WORDS.format(
        days=days_words(view.weekdays), time=clock_words(view.hour, view.minute), zone=zone.lower()
    )


def draft_text(view: CheckinView) -> str:
    lines = [
        f"**{texts.CHECKIN_MAKE_TITLE}**",
        texts.CHECKIN_MAKE_LINE_KIND.format(kind=texts.CHECKIN_KIND_WORDS[view.kind]),
    ]
    lines += [f"- {public_text(q)}" for q in view.questions]
    lines.append(texts.CHECKIN_MAKE_LINE_WHO.format(who=who_words(view)))
    lines.append(texts.CHECKIN_MAKE_LINE_WHEN.format(when=_when_words(view)))
    lines.append(summary_words(view))
    if view.kind == "standup":
        lines.append(texts.CHECKIN_MAKE_SHARE_ON if view.share_answers else texts.CHECKIN_MAKE_SHARE_OFF)
    if not view.has_target:
        lines.append(texts.CHECKIN_MAKE_NEXT_WHO)
    elif not view.has_time:
        lines.append(texts.CHECKIN_MAKE_NEXT_TIME)
    else:
        lines.append(texts.CHECKIN_MAKE_NEXT_START)
    return "\n".join(lines)[:2000]


def _days_menu(view: CheckinView) -> discord.ui.Select[discord.ui.View]:
    chosen = set(view.weekdays.split(","))
    return discord.ui.Select(
        custom_id=custom_id("checkins", "dd", view.id),
        placeholder=texts.CHECKIN_PICK_DAYS,
        min_values=1,
        max_values=len(DAY_CODES),
        options=[
            discord.SelectOption(label=texts.CHECKIN_DAY_CHOICES[code], value=code, default=code in chosen)
            for code in DAY_CODES
        ],
        row=0,
    )


def _summary_menu(view: CheckinView) -> discord.ui.Select[discord.ui.View]:
    """When leads get the summary: its choices in a menu (never a cycle on each press)."""
    return discord.ui.Select(
        custom_id=custom_id("checkins", "dy", view.id),
        placeholder=texts.CHECKIN_CHANGE_SUMMARY,
        options=[
            discord.SelectOption(
                label=summary_words(replace(view, summary_after_minutes=minutes)),
                value=str(minutes),
                default=minutes == view.summary_after_minutes,
            )
            for minutes in sorted(SUMMARY_CHOICES)
        ],
        row=1,
    )


def draft_card(view: CheckinView, *, has_projects: bool = False) -> Card:
    """The draft and its next step's choices."""
    cid = view.id
    items: list[Item] = []
    if not view.has_target:
        items += [
            _button(texts.CHECKIN_WHO_PICK_MEMBERS, custom_id("checkins", "dw", cid, "members"), emoji="👥"),
            _button(texts.CHECKIN_WHO_PICK_CHANNEL, custom_id("checkins", "dw", cid, "channel"), emoji="#️⃣"),
        ]
        if has_projects:
            items.append(
                _button(texts.CHECKIN_WHO_PICK_PROJECT, custom_id("checkins", "dw", cid, "project"), emoji="📅")
            )
        items.append(_cancel(cid))
    elif not view.has_time:
        items += [
            _button(
                texts.CHECKIN_MAKE_PICK_TIME,
                custom_id("checkins", "dt", cid),
                emoji="📅",
                style=discord.ButtonStyle.primary,
            ),
            _button(texts.CHECKIN_MAKE_CHANGE_WHO, custom_id("checkins", "db", cid)),
            _cancel(cid),
            _summary_menu(view),
        ]
    else:
        items.append(_days_menu(view))
        buttons: list[Item] = []
        if view.channel_id is None and view.project_id is None:
            label = texts.CHECKIN_USE_SERVER_TIME if view.member_zone else texts.CHECKIN_USE_MEMBER_TIME
            buttons.append(_button(label, custom_id("checkins", "dz", cid), emoji="🌍", row=1))
        if view.kind == "standup":
            label = texts.CHECKIN_SHARE_TURN_OFF if view.share_answers else texts.CHECKIN_SHARE_TURN_ON
            buttons.append(_button(label, custom_id("checkins", "ds", cid), emoji="📢", row=1))
        if len(buttons) < 2:  # room for it within 5 choices
            buttons.append(_button(texts.CHECKIN_MAKE_CHANGE_TIME, custom_id("checkins", "dt", cid), emoji="📅", row=1))
        buttons.append(
            _button(
                texts.CHECKIN_MAKE_START,
                custom_id("checkins", "go", cid),
                emoji="✅",
                style=discord.ButtonStyle.success,
                row=2,
            )
        )
        buttons.append(_cancel(cid, row=2))
        items += buttons
    return Card(content=draft_text(view), view=frozen_view(*items))


def who_card(view: CheckinView, what: str, projects: tuple[LeadChoice, ...] = ()) -> Card:
    """One menu for who gets it, and Back."""
    cid = view.id
    menu: Item
    if what == "channel":
        menu = discord.ui.ChannelSelect(
            custom_id=custom_id("checkins", "dc", cid),
            placeholder=texts.CHECKIN_PICK_POST_CHANNEL,
            channel_types=[discord.ChannelType.text],
            row=0,
        )
        prompt = texts.CHECKIN_WHO_CHANNEL_ASK
    elif what == "project" and projects:
        menu = discord.ui.Select(
            custom_id=custom_id("checkins", "dp", cid),
            placeholder=texts.CHECKIN_PICK_PROJECT,
            options=[
                discord.SelectOption(label=(public_text(p.name) or str(p.user_id))[:100], value=str(p.user_id))
                for p in projects[:25]
            ],
            row=0,
        )
        prompt = texts.CHECKIN_WHO_PROJECT_ASK
    else:
        menu = discord.ui.UserSelect(
            custom_id=custom_id("checkins", "dm", cid),
            placeholder=texts.CHECKIN_PICK_MEMBERS_HOLDER,
            min_values=1,
            max_values=25,
            row=0,
        )
        prompt = texts.CHECKIN_PICK_MEMBERS
    back = _button(texts.CHECKIN_MAKE_BACK, custom_id("checkins", "db", cid), emoji="⬅️", row=1)
    return Card(content=f"{draft_text(view)}\n\n{prompt}", view=frozen_view(menu, back))


def share_card(checkin_id: int, day_id: str, thanks: str) -> Card:
    """After a stand-up answer, when the lead allowed sharing: the member's own choice, never assumed."""
    yes = _button(
        texts.CHECKIN_SHARE_YES,
        custom_id("checkins", "sh", checkin_id, day_id),
        emoji="📢",
        style=discord.ButtonStyle.primary,
    )
    no = _button(texts.CHECKIN_SHARE_NO, custom_id("checkins", "shn", checkin_id, day_id), emoji="🔒")
    return Card(content=f"{thanks}\n{texts.CHECKIN_SHARE_ASK}", view=frozen_view(yes, no))
