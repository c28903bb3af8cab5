"""The project card in the channel, and the private replies to answering it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.ics import ics_filename, project_ics
from bot.render.components import Card, frozen_view
from bot.render.projects.common import (
    COLOUR,
    DONE_COLOUR,
    EMBED_TITLE,
    FIELD_VALUE,
    GONE_COLOUR,
    OPTIONS,
    _button,
    _cut,
    _link,
    people,
    when_block,
)
from bot.render.projects.ids import cid
from bot.services.projects import (
    CalendarInfo,
    ProjectView,
    SignupResult,
)
from bot.textclean import public_text
from bot.timefmt import when_text, when_words


def places_text(view: ProjectView) -> str:
    left = view.places_left
    if view.places is None or left is None:
        return texts.PROJECT_CARD_NO_LIMIT
    if left == 0:
        return texts.PROJECT_CARD_FULL
    if left == 1:
        return texts.PROJECT_CARD_ONE_PLACE_LEFT.format(places=view.places)
    return texts.PROJECT_CARD_PLACES_LEFT.format(left=left, places=view.places)


def card_embed(view: ProjectView, now: datetime) -> discord.Embed:
    colour = COLOUR if view.state in ("active", "draft") else GONE_COLOUR
    if view.state == "finished":
        colour = DONE_COLOUR
    about = public_text(view.about) if view.about else ""
    description = about or None
    banner = {"cancelled": texts.PROJECT_CARD_CANCELLED, "finished": texts.PROJECT_CARD_FINISHED}.get(view.state)
    if banner:
        description = f"{banner}\n\n{about}" if about else banner
    embed = discord.Embed(title=_cut(view.title, EMBED_TITLE), description=description, colour=colour)
    session = view.session
    when_name = texts.PROJECT_CARD_NEXT if view.repeating and view.state == "active" else texts.PROJECT_CARD_WHEN
    when_value = when_block(view, session, now)
    if session is not None and session.starts_at <= now and view.state == "active" and not view.repeating:
        when_value = f"{when_value}\n{texts.PROJECT_CARD_STARTED}"
    embed.add_field(name=when_name, value=_cut(when_value, FIELD_VALUE), inline=False)
    if view.where:
        embed.add_field(name=texts.PROJECT_CARD_WHERE, value=public_text(view.where), inline=False)
    if view.link:
        embed.add_field(name=texts.PROJECT_CARD_ONLINE, value=texts.PROJECT_CARD_ONLINE_TEXT, inline=False)
    if view.bring:
        embed.add_field(name=texts.PROJECT_CARD_BRING, value=public_text(view.bring), inline=False)
    embed.add_field(name=texts.PROJECT_CARD_ORGANISERS, value=people(view.organisers), inline=False)
    if view.state == "active":
        embed.add_field(name=texts.PROJECT_CARD_PLACES, value=places_text(view), inline=False)
    going = session.going if session else ()
    maybe = session.maybe if session else ()
    waiting = session.waiting if session else ()
    embed.add_field(name=texts.PROJECT_CARD_COMING.format(count=len(going)), value=people(going), inline=False)
    embed.add_field(name=texts.PROJECT_CARD_MAYBE.format(count=len(maybe)), value=people(maybe), inline=False)
    if waiting:
        count = len(waiting)
        value = texts.PROJECT_CARD_WAITING_ONE if count == 1 else texts.PROJECT_CARD_WAITING_MANY.format(count=count)
        embed.add_field(name=texts.PROJECT_CARD_WAITING, value=value, inline=False)
    if view.state == "active":
        footer = texts.PROJECT_CARD_FOOTER
        if view.signups_closed:
            footer = f"{texts.PROJECT_CARD_CLOSED} {footer}"
        embed.set_footer(text=footer)
    return embed


def card_view(view: ProjectView) -> discord.ui.View | None:
    """The card's buttons. A cancelled or finished project has none (its card says why)."""
    if view.state != "active":
        return None
    items: list[discord.ui.Item[Any]] = [
        _button(texts.PROJECT_BUTTON_COMING, cid("join", view.id), discord.ButtonStyle.success, row=0),
        _button(texts.PROJECT_BUTTON_MAYBE, cid("maybe", view.id), row=0),
        _button(texts.PROJECT_BUTTON_CANT, cid("cant", view.id), row=0),
        _button(texts.PROJECT_BUTTON_CALENDAR, cid("calendar", view.id), row=0),
        _button(texts.PROJECT_BUTTON_MORE, cid("more", view.id), discord.ButtonStyle.primary, row=0),
    ]
    if view.link:
        items.append(_link(texts.PROJECT_BUTTON_ONLINE, view.link, row=1))
    return frozen_view(*items)


def project_card(view: ProjectView, now: datetime) -> Card:
    """The card posted in the channel. A finished or cancelled project's card has no buttons."""
    return Card(content=None, embed=card_embed(view, now), view=card_view(view))


# ---------------------------------------------------------------- answering


def which_sessions(view: ProjectView, status: str, now: datetime, zone: str) -> Card:
    """A repeating project: the next session only, every session, or one picked from a menu."""
    items: list[discord.ui.Item[Any]] = [
        _button(texts.PROJECT_BUTTON_NEXT_ONLY, cid("which", view.id, status, "next"), discord.ButtonStyle.primary, 0),
        _button(texts.PROJECT_BUTTON_EVERY, cid("which", view.id, status, "every"), row=0),
    ]
    options = [
        discord.SelectOption(label=_cut(when_words(start, zone, now), 100), value=str(int(slot.timestamp())))
        for slot, start in view.choices[:OPTIONS]
    ]
    if status != "cant" and len(options) > 1:
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=cid("session", view.id, status), placeholder=texts.PROJECT_PICK_SESSION, options=options, row=1
        )
        items.append(select)
    return Card(content=texts.PROJECT_WHICH_SESSIONS, view=frozen_view(*items))


def answer_reply(result: SignupResult, zone: str, now: datetime) -> str:
    """The private reply after a member answered."""
    title = result.project.title
    lines: list[str]
    if result.status == "going":
        if not result.changed:
            lines = [texts.PROJECT_REPLY_SAME_GOING.format(title=title)]
        else:
            template = texts.PROJECT_REPLY_GOING_EVERY if result.every else texts.PROJECT_REPLY_GOING
            lines = [template.format(title=title)]
    elif result.status == "waiting":
        lines = [
            texts.PROJECT_REPLY_WAITING.format(title=title),
            texts.PROJECT_REPLY_POSITION.format(position=result.waiting_position or 1),
            texts.PROJECT_REPLY_WAITING_TELL,
        ]
    elif result.status == "maybe":
        template = texts.PROJECT_REPLY_MAYBE_EVERY if result.every else texts.PROJECT_REPLY_MAYBE
        lines = [template.format(title=title)]
    else:
        template = texts.PROJECT_REPLY_CANT_EVERY if result.every else texts.PROJECT_REPLY_CANT
        lines = [template.format(title=title)]
    session = next(
        (s for s in (result.project.session, *result.project.upcoming) if s and s.id == result.session_id), None
    )
    if session is not None and result.status != "cant":
        lines.append(texts.PROJECT_REPLY_WHEN.format(when=when_text(session.starts_at, zone, now)))
    if result.status == "going" and result.changed:
        lines.append(texts.PROJECT_REPLY_REMINDERS)
    lines.append(texts.PROJECT_REPLY_UNDO)
    return "\n".join(lines)


def calendar_card(info: CalendarInfo, now: datetime) -> Card:
    """The private reply to "Add to my calendar": a short text and the .ics file."""
    file = discord.File(io.BytesIO(project_ics(info, now)), filename=ics_filename(info.title))
    return Card(content=texts.PROJECT_CALENDAR_READY.format(title=info.title), files=[file])
