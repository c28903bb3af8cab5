"""Projects: results -> cards, panels, modals and the messages scheduled work sends. Pure functions.

Every control carries its meaning in its custom_id (``connect:proj:<action>:<id>[:<a>[:<b>]]``) and is
handled by the persistent item in cogs/projects. Names of members are shown as mentions inside embeds
(they never ping there); text typed by members is shown as it is and never pings (allowed mentions).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.ics import ics_filename, project_ics
from bot.notifier import OutMessage
from bot.recurrence import Recurrence
from bot.render.components import Card, custom_id, frozen_view
from bot.render.reminders import remind_everyone_button, remind_me_button
from bot.render.tasks import tasks_button
from bot.services.projects import (
    CalendarInfo,
    MemberState,
    MyProject,
    ProjectPage,
    ProjectView,
    Reminder,
    SessionView,
    SignupResult,
)
from bot.services.projects.fields import MAX_ABOUT, MAX_BRING, MAX_LINK, MAX_PLACES, MAX_TITLE, MAX_WHERE
from bot.services.projects.jobs import ProjectRender
from bot.textclean import public_text
from bot.timefmt import clock_words, get_zone, when_text, when_words

PROJ = "proj"
TEMPLATE = r"connect:proj:(?P<action>[a-z]+):(?P<id>\d{1,19})(?::(?P<a>[a-z0-9]{1,20}))?(?::(?P<b>[a-z0-9]{1,20}))?"
FORM_TEMPLATE = r"connect:proj:form:(?P<kind>new|edit|places):(?P<id>\d{1,19})"
COLOUR = discord.Colour.blurple()
DONE_COLOUR = discord.Colour.green()
GONE_COLOUR = discord.Colour.dark_grey()

# Discord's limits.
FIELD_VALUE = 1024
EMBED_TITLE = 256
LABEL = 80
OPTIONS = 25

# Answer codes in "which sessions" buttons: status letter + "1" (one session) or "a" (all).
ANSWER_CODES = {"g": "going", "m": "maybe", "c": "cant"}
PLACE_CHOICES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100)

# Input ids inside the project modal.
IN_TITLE, IN_ABOUT, IN_WHERE, IN_LINK, IN_BRING, IN_PLACES = "title", "about", "where", "link", "bring", "places"


def cid(action: str, ref: int, *more: object) -> str:
    return custom_id(PROJ, action, ref, *more)


def _button(
    label: str,
    custom: str,
    style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    row: int | None = None,
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label[:LABEL], custom_id=custom, style=style, row=row)


def _link(label: str, url: str, row: int | None = None) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=label[:LABEL], url=url, style=discord.ButtonStyle.link, row=row)


def jump_url(guild_id: int | None, channel_id: int | None, message_id: int | None) -> str | None:
    if not (guild_id and channel_id and message_id):
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def people(ids: Sequence[int], limit: int = FIELD_VALUE) -> str:
    """Mentions, as many as fit, then "and N more". Inside an embed they show names and never ping."""
    if not ids:
        return texts.PROJECT_CARD_NOBODY
    shown: list[str] = []
    for i, uid in enumerate(ids):
        rest = len(ids) - i - 1
        candidate = ", ".join([*shown, f"<@{uid}>"])
        tail = f", {texts.PROJECT_CARD_AND_MORE.format(count=rest)}" if rest else ""
        if len(candidate) + len(tail) > limit:
            break
        shown.append(f"<@{uid}>")
    rest = len(ids) - len(shown)
    text = ", ".join(shown)
    if rest:
        more = texts.PROJECT_CARD_AND_MORE.format(count=rest)
        text = f"{text}, {more}" if text else more
    return text


def _end_words(start: datetime, end: datetime, zone: str, now: datetime) -> str:
    tz = get_zone(zone)
    if start.astimezone(tz).date() == end.astimezone(tz).date():
        local = end.astimezone(tz)
        return texts.PROJECT_CARD_ENDS_AT.format(time=clock_words(local.hour, local.minute))
    return texts.PROJECT_CARD_ENDS_ON.format(when=when_words(end, zone, now))


def when_block(view: ProjectView, session: SessionView | None, now: datetime) -> str:
    """When, in words in the project's zone and as a Discord timestamp; the end; how it repeats."""
    start = session.starts_at if session else view.starts_at
    if start is None:
        return texts.PROJECT_NOT_SET
    end = session.ends_at if session else view.ends_at
    lines = [when_text(start, view.timezone, now)]
    if end is not None:
        lines.append(_end_words(start, end, view.timezone, now))
    if view.rule:
        lines.append(texts.PROJECT_CARD_REPEATS.format(repeat=Recurrence(view.rule, view.timezone).describe()))
    return "\n".join(lines)


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
        _button(texts.PROJECT_BUTTON_CALENDAR, cid("ics", view.id), row=0),
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
    letter = next(k for k, v in ANSWER_CODES.items() if v == status)
    items: list[discord.ui.Item[Any]] = [
        _button(texts.PROJECT_BUTTON_NEXT_ONLY, cid("ans", view.id, f"{letter}1"), discord.ButtonStyle.primary, 0),
        _button(texts.PROJECT_BUTTON_EVERY, cid("ans", view.id, f"{letter}a"), row=0),
    ]
    options = [
        discord.SelectOption(label=_cut(when_words(start, zone, now), 100), value=str(int(slot.timestamp())))
        for slot, start in view.choices[:OPTIONS]
    ]
    if status != "cant" and len(options) > 1:
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=cid("slot", view.id, letter), placeholder=texts.PROJECT_PICK_SESSION, options=options, row=1
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


# ---------------------------------------------------------------- the "More" panel and organiser controls


def _answer_words(state: MemberState) -> str:
    if state.status == "going":
        answer = texts.PROJECT_ANSWER_GOING
    elif state.status == "maybe":
        answer = texts.PROJECT_ANSWER_MAYBE
    elif state.status == "cant":
        answer = texts.PROJECT_ANSWER_CANT
    elif state.status == "waiting":
        answer = texts.PROJECT_ANSWER_WAITING.format(position=state.waiting_position or 1)
    else:
        answer = texts.PROJECT_ANSWER_NONE
    return answer


def more_panel(state: MemberState, zone: str, now: datetime) -> Card:
    view = state.project
    embed = discord.Embed(title=_cut(texts.PROJECT_MORE_TITLE.format(title=view.title), EMBED_TITLE), colour=COLOUR)
    if view.about:
        embed.description = public_text(view.about)
    embed.add_field(
        name=texts.PROJECT_CARD_WHEN, value=_cut(when_block(view, view.session, now), FIELD_VALUE), inline=False
    )
    if view.where:
        embed.add_field(name=texts.PROJECT_CARD_WHERE, value=public_text(view.where), inline=False)
    if view.bring:
        embed.add_field(name=texts.PROJECT_CARD_BRING, value=public_text(view.bring), inline=False)
    mine = [texts.PROJECT_MORE_YOUR_ANSWER.format(answer=_answer_words(state))]
    if state.every:
        mine.append(texts.PROJECT_ANSWER_EVERY)
    mine.append(texts.PROJECT_MORE_REMINDERS_ON if state.reminders_on else texts.PROJECT_MORE_REMINDERS_OFF)
    if state.can_organise:
        mine.append(texts.PROJECT_MORE_ORGANISER)
    embed.add_field(name="\u200b", value="\n".join(mine), inline=False)

    pid = view.id
    items: list[discord.ui.Item[Any]] = []
    if view.state == "active":
        if state.reminders_on:
            items.append(_button(texts.PROJECT_BUTTON_REMINDERS_OFF, cid("rem", pid, "off"), row=0))
        else:
            items.append(_button(texts.PROJECT_BUTTON_REMINDERS_ON, cid("rem", pid, "on"), row=0))
        if view.repeating:
            if state.every:
                items.append(_button(texts.PROJECT_BUTTON_STOP_EVERY, cid("ans", pid, "ca"), row=0))
            else:
                items.append(_button(texts.PROJECT_BUTTON_COME_EVERY, cid("ans", pid, "ga"), row=0))
    if view.link:
        items.append(_link(texts.PROJECT_BUTTON_ONLINE, view.link, row=0))
    if state.can_organise and view.state == "active":
        items += [
            _button(texts.PROJECT_BUTTON_EDIT, cid("org", pid, "edit"), row=1),
            _button(texts.PROJECT_BUTTON_TIME, cid("org", pid, "time"), row=1),
            _button(texts.PROJECT_BUTTON_END, cid("org", pid, "end"), row=1),
            _button(texts.PROJECT_BUTTON_PLACES, cid("org", pid, "places"), row=1),
        ]
        if view.repeating:
            items.append(_button(texts.PROJECT_BUTTON_TIME_ONE, cid("org", pid, "timeone"), row=1))
        items += [
            _button(texts.PROJECT_BUTTON_ADD_ORGANISER, cid("org", pid, "coorg"), row=2),
            _button(texts.PROJECT_BUTTON_SIGN_UP, cid("org", pid, "sign"), row=2),
            _button(texts.PROJECT_BUTTON_REMOVE, cid("org", pid, "remove"), row=2),
            _button(texts.PROJECT_BUTTON_TICK, cid("org", pid, "tick"), row=2),
        ]
        if view.ends_at is not None:
            items.append(_button(texts.PROJECT_BUTTON_NO_END, cid("org", pid, "noend"), row=2))
        toggle = (
            _button(texts.PROJECT_BUTTON_OPEN_SIGNUPS, cid("org", pid, "open"), row=3)
            if view.signups_closed
            else _button(texts.PROJECT_BUTTON_CLOSE, cid("org", pid, "close"), row=3)
        )
        items += [toggle, _button(texts.PROJECT_BUTTON_FINISH, cid("org", pid, "finish"), row=3)]
        if view.repeating:
            items.append(
                _button(texts.PROJECT_BUTTON_CANCEL_SESSION, cid("org", pid, "cansess"), discord.ButtonStyle.danger, 3)
            )
        items.append(_button(texts.PROJECT_BUTTON_CANCEL, cid("org", pid, "cancel"), discord.ButtonStyle.danger, 3))
    elif state.can_organise and view.state == "finished":
        items.append(_button(texts.PROJECT_BUTTON_TICK, cid("org", pid, "tick"), row=1))
    if view.state == "active":
        # Reminders about this project: for me, and (organisers) for everyone coming. cogs/reminders.py answers.
        items.append(remind_me_button(pid, row=4))
        if state.can_organise:
            items.append(remind_everyone_button(pid, row=4))
    if view.state in ("active", "finished"):
        items.append(tasks_button(pid, row=4))  # the project's task list (cogs/tasks answers)
    return Card(embed=embed, view=frozen_view(*items) if items else None)


def confirm(view: ProjectView, what: str, now: datetime) -> Card:
    """Ask before something that tells many people: cancel, cancel a session, finish."""
    if what == "cancel":
        text = texts.PROJECT_CONFIRM_CANCEL.format(title=view.title)
        yes = _button(texts.PROJECT_BUTTON_YES_CANCEL, cid("org", view.id, "cancelyes"), discord.ButtonStyle.danger)
    elif what == "cansess":
        start = view.session.starts_at if view.session else view.starts_at
        assert start is not None
        text = texts.PROJECT_CONFIRM_CANCEL_SESSION.format(when=when_text(start, view.timezone, now))
        yes = _button(texts.PROJECT_BUTTON_YES_CANCEL, cid("org", view.id, "cansessyes"), discord.ButtonStyle.danger)
    else:
        text = texts.PROJECT_CONFIRM_FINISH.format(title=view.title)
        yes = _button(texts.PROJECT_BUTTON_YES_FINISH, cid("org", view.id, "finishyes"), discord.ButtonStyle.success)
    keep = _button(texts.PROJECT_BUTTON_KEEP, cid("org", view.id, "keep"))
    return Card(content=text, view=frozen_view(yes, keep))


def pick_member(view: ProjectView, what: str, now: datetime, session: SessionView | None = None) -> Card:
    """A member menu for an organiser action: coorg, sign, remove or tick."""
    items: list[discord.ui.Item[Any]] = []
    if what == "tick":
        assert session is not None
        defaults = list(dict.fromkeys(session.came if session.attendance_taken else session.going))[:OPTIONS]
        content = texts.PROJECT_PICK_TICK.format(when=when_text(session.starts_at, view.timezone, now))
        select: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
            custom_id=cid("usr", view.id, "tick", session.id),
            placeholder=texts.PROJECT_PICK_CAME,
            min_values=0,
            max_values=OPTIONS,
            default_values=[discord.Object(uid, type=discord.User) for uid in defaults],
        )
        items.append(select)
        return Card(content=content, view=frozen_view(*items))
    content = {
        "coorg": texts.PROJECT_PICK_ORGANISER,
        "sign": texts.PROJECT_PICK_SIGN_UP,
        "remove": texts.PROJECT_PICK_REMOVE,
    }[what].format(title=view.title)
    items.append(
        discord.ui.UserSelect(custom_id=cid("usr", view.id, what), placeholder=texts.PROJECT_PICK_MEMBER, row=0)
    )
    if what == "sign" and view.repeating:
        content = f"{content}\n{texts.PROJECT_PICK_SIGN_UP_EVERY}"
        items.append(
            discord.ui.UserSelect(
                custom_id=cid("usr", view.id, "signall"), placeholder=texts.PROJECT_PICK_MEMBER_EVERY, row=1
            )
        )
    return Card(content=content, view=frozen_view(*items))


def places_select(project_id: int, current: int | None, row: int | None = None) -> discord.ui.Select[discord.ui.View]:
    options = [discord.SelectOption(label=texts.PROJECT_PLACES_NO_LIMIT, value="none", default=current is None)]
    options += [
        discord.SelectOption(label=texts.PROJECT_PLACES_N.format(count=n), value=str(n), default=current == n)
        for n in PLACE_CHOICES
    ]
    options.append(discord.SelectOption(label=texts.PROJECT_PLACES_TYPE, value="type"))
    return discord.ui.Select(
        custom_id=cid("plc", project_id),
        placeholder=texts.PROJECT_PLACES_PLACEHOLDER,
        options=options[:OPTIONS],
        row=row,
    )


def places_picker(project_id: int, current: int | None) -> Card:
    return Card(content=texts.PROJECT_MODAL_PLACES, view=frozen_view(places_select(project_id, current)))


# ---------------------------------------------------------------- starting a project


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
        custom_id=cid("drep", pid),
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
        items.append(_button(texts.PROJECT_BUTTON_NO_END, cid("draft", pid, "noend"), row=2))
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
    embed.set_footer(text=texts.PROJECT_LIST_PAGE.format(page=page.page + 1, pages=page.pages))
    if page.pages > 1:
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


def _message_buttons(view: ProjectView, *extra: discord.ui.Item[Any]) -> discord.ui.View | None:
    items: list[discord.ui.Item[Any]] = list(extra)
    if view.link and view.state == "active":
        items.append(_link(texts.PROJECT_BUTTON_ONLINE, view.link))
    url = jump_url(view.guild_id, view.channel_id, view.message_id)
    if url:
        items.append(_link(texts.PROJECT_BUTTON_OPEN, url))
    return frozen_view(*items) if items else None


def _before_words(title: str, minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return (
            texts.PROJECT_REMINDER_IN_ONE_DAY.format(title=title)
            if days == 1
            else texts.PROJECT_REMINDER_IN_DAYS.format(title=title, count=days)
        )
    if minutes % 60 == 0:
        hours = minutes // 60
        return (
            texts.PROJECT_REMINDER_IN_ONE_HOUR.format(title=title)
            if hours == 1
            else texts.PROJECT_REMINDER_IN_HOURS.format(title=title, count=hours)
        )
    return texts.PROJECT_REMINDER_IN_MINUTES.format(title=title, count=minutes)


def reminder_message(reminder: Reminder, zone: str, now: datetime, *, late: bool = False) -> OutMessage:
    """What, when, where, what to bring; the online link as a button; a way to stop these reminders."""
    view = reminder.project
    session = reminder.session
    lines = [_before_words(view.title, reminder.minutes_before)]
    if late:
        lines.insert(0, texts.SCHEDULED_LATE)
    lines.append(texts.PROJECT_REMINDER_WHEN.format(when=when_text(session.starts_at, zone, now)))
    if view.where:
        lines.append(texts.PROJECT_REMINDER_WHERE.format(where=view.where))
    if view.bring:
        lines.append(texts.PROJECT_REMINDER_BRING.format(bring=view.bring))
    if view.link:
        lines.append(texts.PROJECT_REMINDER_ONLINE)
    stop = _button(texts.PROJECT_BUTTON_STOP_REMINDERS, cid("rem", view.id, "off"))
    return OutMessage(content="\n".join(lines), view=_message_buttons(view, stop))


def _time_or(value: Any, zone: str, now: datetime, empty: str) -> str:
    if not isinstance(value, str) or not value:
        return empty
    return when_text(datetime.fromisoformat(value), zone, now)


def _text_or(value: Any) -> str:
    return str(value) if value else texts.PROJECT_NOT_SET


def changed_lines(changes: Sequence[Mapping[str, Any]], zone: str, now: datetime) -> list[str]:
    lines: list[str] = []
    for change in changes:
        what, old, new = change.get("what"), change.get("old"), change.get("new")
        if what == "time":
            lines.append(
                texts.PROJECT_CHANGED_TIME.format(
                    old=_time_or(old, zone, now, texts.PROJECT_NOT_SET),
                    new=_time_or(new, zone, now, texts.PROJECT_NOT_SET),
                )
            )
        elif what == "end":
            lines.append(
                texts.PROJECT_CHANGED_END.format(
                    old=_time_or(old, zone, now, texts.PROJECT_NO_END),
                    new=_time_or(new, zone, now, texts.PROJECT_NO_END),
                )
            )
        elif what == "title":
            lines.append(texts.PROJECT_CHANGED_TITLE.format(old=_text_or(old), new=_text_or(new)))
        elif what == "where":
            lines.append(texts.PROJECT_CHANGED_WHERE.format(old=_text_or(old), new=_text_or(new)))
        elif what == "link":
            lines.append(texts.PROJECT_CHANGED_LINK)
        elif what == "bring":
            lines.append(texts.PROJECT_CHANGED_BRING.format(new=_text_or(new)))
        elif what == "about":
            lines.append(texts.PROJECT_CHANGED_ABOUT)
    return lines


def notice_message(
    payload: Mapping[str, Any],
    view: ProjectView,
    session: SessionView | None,
    zone: str,
    now: datetime,
    *,
    late: bool = False,
) -> OutMessage:
    """One private message about a project (a place opened, what changed, cancelled ...)."""
    kind = payload.get("type")
    start = session.starts_at if session is not None else (view.session.starts_at if view.session else view.starts_at)
    when = when_text(start, zone, now) if start is not None else texts.PROJECT_NOT_SET
    title = view.title
    organiser = f"<@{int(payload['by'])}>" if payload.get("by") else texts.PROJECT_CARD_ORGANISERS
    extra: list[discord.ui.Item[Any]] = []
    if kind == "promoted":
        lines = [texts.PROJECT_NOTICE_PROMOTED.format(title=title, when=when)]
    elif kind == "changed":
        lines = [texts.PROJECT_NOTICE_CHANGED.format(title=str(payload.get("old_title") or title))]
        lines += changed_lines(payload.get("changes") or [], zone, now)
    elif kind == "cancelled":
        template = texts.PROJECT_NOTICE_CANCELLED if payload.get("whole") else texts.PROJECT_NOTICE_SESSION_CANCELLED
        lines = [template.format(title=title, when=when)]
    elif kind == "signed_up":
        if payload.get("status") == "waiting":
            lines = [
                texts.PROJECT_NOTICE_SIGNED_UP_WAITING.format(organiser=organiser, title=title, when=when),
                texts.PROJECT_REPLY_POSITION.format(position=payload.get("position") or 1),
            ]
        elif payload.get("every"):
            lines = [texts.PROJECT_NOTICE_SIGNED_UP_EVERY.format(organiser=organiser, title=title, when=when)]
        else:
            lines = [texts.PROJECT_NOTICE_SIGNED_UP.format(organiser=organiser, title=title, when=when)]
        lines.append(texts.PROJECT_NOTICE_SAY_NO)
        if view.state == "active" and session is not None:
            every = "1" if payload.get("every") else "0"
            extra.append(
                _button(texts.PROJECT_BUTTON_CANT, cid("no", view.id, session.id, every), discord.ButtonStyle.danger)
            )
    elif kind == "removed":
        lines = [texts.PROJECT_NOTICE_REMOVED.format(title=title)]
    elif kind == "organiser":
        lines = [texts.PROJECT_NOTICE_ORGANISER.format(organiser=organiser, title=title)]
    else:
        raise ValueError(f"unknown project notice {kind!r}")
    if late:
        lines.insert(0, texts.SCHEDULED_LATE)
    show = _message_buttons(view, *extra) if kind != "cancelled" or not payload.get("whole") else None
    return OutMessage(content="\n".join(lines), view=show)


def finished_post(view: ProjectView, participants: Sequence[int], *, late: bool = False) -> OutMessage:
    """The thank-you in the project's channel. It pings the people thanked (they are its subject)."""
    lines = [texts.PROJECT_NOTICE_FINISHED.format(title=view.title)]
    if late:
        lines.insert(0, texts.SCHEDULED_LATE)
    shown: list[int] = []
    if participants:
        names = people(participants, limit=1500)
        lines.append(texts.PROJECT_NOTICE_FINISHED_PEOPLE.format(people=names))
        shown = [int(x) for x in re.findall(r"<@(\d+)>", names)]
    return OutMessage(content="\n".join(lines), mention_user_ids=frozenset(shown))


def project_render() -> ProjectRender:
    """The messages the scheduler's project handlers send (see bot/services/projects/jobs.py)."""
    return ProjectRender(reminder=reminder_message, notice=notice_message, finished=finished_post)
