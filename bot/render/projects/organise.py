"""The "More" panel and the organiser controls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.errors import WayOn
from bot.render.components import Card, frozen_view
from bot.render.projects.common import (
    COLOUR,
    EMBED_TITLE,
    FIELD_VALUE,
    OPTIONS,
    PLACE_CHOICES,
    _button,
    _cut,
    _link,
    when_block,
)
from bot.render.projects.ids import cid
from bot.render.reminders import remind_everyone_button, remind_me_button
from bot.render.tasks import tasks_button
from bot.services.projects import (
    MemberState,
    ProjectView,
    SessionView,
)
from bot.textclean import public_text
from bot.timefmt import when_text

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


ORGANISE = "organise"  # the More panel's organiser view (connect:proj:more:<id>:organise)
ORGANISE_MORE = "organise-more"  # its second step: the rest of the organiser's choices, with Back


def more_panel(state: MemberState, zone: str, now: datetime, group: str | None = None) -> Card:
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
    if state.can_organise and view.state == "active" and group in (ORGANISE, ORGANISE_MORE):
        organise = _organiser_items(view) if group == ORGANISE else _organiser_more_items(view)
        return Card(embed=embed, view=frozen_view(*organise))
    items: list[discord.ui.Item[Any]] = []
    if view.state == "active":
        if state.reminders_on:
            items.append(_button(texts.PROJECT_BUTTON_REMINDERS_OFF, cid("reminders", pid, "off"), row=0))
        else:
            items.append(_button(texts.PROJECT_BUTTON_REMINDERS_ON, cid("reminders", pid, "on"), row=0))
        if view.repeating:
            if state.every:
                items.append(_button(texts.PROJECT_BUTTON_STOP_EVERY, cid("which", pid, "cant", "every"), row=0))
            else:
                items.append(_button(texts.PROJECT_BUTTON_COME_EVERY, cid("which", pid, "going", "every"), row=0))
    if view.link:
        items.append(_link(texts.PROJECT_BUTTON_ONLINE, view.link, row=0))
    if state.can_organise and view.state == "finished":
        items.append(_button(texts.PROJECT_BUTTON_TICK, cid("organise", pid, "attendance"), row=1))
    if view.state == "active":
        # A reminder about this project for me (cogs/reminders answers); "for everyone coming" is an organiser's.
        items.append(remind_me_button(pid, row=1))
    if view.state in ("active", "finished"):
        items.append(tasks_button(pid, row=1))  # the project's task list (cogs/tasks answers)
    if state.can_organise and view.state == "active":
        # At most 5 choices at once (EASY_READ.md): the organiser's buttons are one press on, in this panel.
        items.append(_button(texts.PROJECT_BUTTON_ORGANISE, cid("more", pid, ORGANISE), discord.ButtonStyle.primary, 1))
    return Card(embed=embed, view=frozen_view(*items) if items else None)


def refused_ways(action: str, project_id: int) -> list[WayOn]:
    """The way on from a press this person may not make: the project's panel built for them (only what they
    may do), or the list of projects when they may not start one."""
    if action in ("new", "list") or not project_id:
        return [WayOn(texts.PROJECT_BUTTON_SEE_PROJECTS, cid("list", 0))]
    return [WayOn(texts.PROJECT_BUTTON_WHAT_I_CAN_DO, cid("more", project_id))]


def _organiser_items(view: ProjectView) -> list[discord.ui.Item[Any]]:
    """The organiser's first view: 5 choices at most (EASY_READ.md), the ones used most, then
    "More choices" and Back."""
    pid = view.id
    return [
        _button(texts.PROJECT_BUTTON_EDIT, cid("organise", pid, "edit"), row=0),
        _button(texts.PROJECT_BUTTON_TIME, cid("organise", pid, "time"), row=0),
        remind_everyone_button(pid, row=0),
        _button(texts.PROJECT_BUTTON_MORE_CHOICES, cid("more", pid, ORGANISE_MORE), discord.ButtonStyle.primary, 1),
        _button(texts.PROJECT_BUTTON_BACK_TO_MORE, cid("more", pid, "back"), row=1),
    ]


def _organiser_more_items(view: ProjectView) -> list[discord.ui.Item[Any]]:
    """ "More choices": the rest, a row for each kind (the time, people, close or end it), then Back."""
    pid = view.id
    items: list[discord.ui.Item[Any]] = [
        _button(texts.PROJECT_BUTTON_END, cid("organise", pid, "end"), row=0),
        _button(texts.PROJECT_BUTTON_PLACES, cid("organise", pid, "places"), row=0),
    ]
    if view.repeating:
        items.append(_button(texts.PROJECT_BUTTON_TIME_ONE, cid("organise", pid, "time-one"), row=0))
    if view.ends_at is not None:
        items.append(_button(texts.PROJECT_BUTTON_NO_END, cid("organise", pid, "no-end"), row=0))
    items += [
        _button(texts.PROJECT_BUTTON_ADD_ORGANISER, cid("organise", pid, "add-organiser"), row=1),
        _button(texts.PROJECT_BUTTON_SIGN_UP, cid("organise", pid, "sign-up"), row=1),
        _button(texts.PROJECT_BUTTON_REMOVE, cid("organise", pid, "remove"), row=1),
        _button(texts.PROJECT_BUTTON_TICK, cid("organise", pid, "attendance"), row=1),
    ]
    toggle = (
        _button(texts.PROJECT_BUTTON_OPEN_SIGNUPS, cid("organise", pid, "open"), row=2)
        if view.signups_closed
        else _button(texts.PROJECT_BUTTON_CLOSE, cid("organise", pid, "close"), row=2)
    )
    items += [toggle, _button(texts.PROJECT_BUTTON_FINISH, cid("organise", pid, "finish"), row=2)]
    danger = discord.ButtonStyle.danger
    if view.repeating:
        items.append(_button(texts.PROJECT_BUTTON_CANCEL_SESSION, cid("organise", pid, "cancel-session"), danger, 2))
    items.append(_button(texts.PROJECT_BUTTON_CANCEL, cid("organise", pid, "cancel"), danger, 2))
    items.append(_button(texts.PROJECT_BUTTON_BACK_TO_MORE, cid("more", pid, ORGANISE), row=3))  # to the first view
    return items


def confirm(view: ProjectView, what: str, now: datetime) -> Card:
    """Ask before something that tells many people: cancel, cancel a session, finish."""
    if what == "cancel":
        text = texts.PROJECT_CONFIRM_CANCEL.format(title=view.title)
        yes = _button(
            texts.PROJECT_BUTTON_YES_CANCEL, cid("organise", view.id, "cancel-yes"), discord.ButtonStyle.danger
        )
    elif what == "cancel-session":
        start = view.session.starts_at if view.session else view.starts_at
        assert start is not None
        text = texts.PROJECT_CONFIRM_CANCEL_SESSION.format(when=when_text(start, view.timezone, now))
        yes = _button(
            texts.PROJECT_BUTTON_YES_CANCEL, cid("organise", view.id, "cancel-session-yes"), discord.ButtonStyle.danger
        )
    else:
        text = texts.PROJECT_CONFIRM_FINISH.format(title=view.title)
        yes = _button(
            texts.PROJECT_BUTTON_YES_FINISH, cid("organise", view.id, "finish-yes"), discord.ButtonStyle.success
        )
    keep = _button(texts.PROJECT_BUTTON_KEEP, cid("organise", view.id, "keep"))
    return Card(content=text, view=frozen_view(yes, keep))


def pick_member(view: ProjectView, what: str, now: datetime, session: SessionView | None = None) -> Card:
    """A member menu for an organiser action: add-organiser, sign-up, remove or attendance."""
    items: list[discord.ui.Item[Any]] = []
    if what == "attendance":
        assert session is not None
        defaults = list(dict.fromkeys(session.came if session.attendance_taken else session.going))[:OPTIONS]
        content = texts.PROJECT_PICK_TICK.format(when=when_text(session.starts_at, view.timezone, now))
        select: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
            custom_id=cid("member", view.id, "attendance", session.id),
            placeholder=texts.PROJECT_PICK_CAME,
            min_values=0,
            max_values=OPTIONS,
            default_values=[discord.Object(uid, type=discord.User) for uid in defaults],
        )
        items.append(select)
        return Card(content=content, view=frozen_view(*items))
    content = {
        "add-organiser": texts.PROJECT_PICK_ORGANISER,
        "sign-up": texts.PROJECT_PICK_SIGN_UP,
        "remove": texts.PROJECT_PICK_REMOVE,
    }[what].format(title=view.title)
    items.append(
        discord.ui.UserSelect(custom_id=cid("member", view.id, what), placeholder=texts.PROJECT_PICK_MEMBER, row=0)
    )
    if what == "sign-up" and view.repeating:
        content = f"{content}\n{texts.PROJECT_PICK_SIGN_UP_EVERY}"
        items.append(
            discord.ui.UserSelect(
                custom_id=cid("member", view.id, "sign-up-every"), placeholder=texts.PROJECT_PICK_MEMBER_EVERY, row=1
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
        custom_id=cid("places", project_id),
        placeholder=texts.PROJECT_PLACES_PLACEHOLDER,
        options=options[:OPTIONS],
        row=row,
    )


def places_picker(project_id: int, current: int | None) -> Card:
    return Card(content=texts.PROJECT_MODAL_PLACES, view=frozen_view(places_select(project_id, current)))


# ---------------------------------------------------------------- starting a project
