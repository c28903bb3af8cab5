"""Messages sent by scheduled work: reminders, notices and the finished post."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.notifier import OutMessage
from bot.render.components import frozen_view
from bot.render.projects.common import _button, _link, jump_url, people
from bot.render.projects.ids import cid
from bot.services.projects import (
    ProjectView,
    Reminder,
    SessionView,
)
from bot.services.projects.jobs import ProjectRender
from bot.timefmt import when_text


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
    stop = _button(texts.PROJECT_BUTTON_STOP_REMINDERS, cid("reminders", view.id, "off"))
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
            every = "every" if payload.get("every") else "once"
            extra.append(
                _button(
                    texts.PROJECT_BUTTON_CANT, cid("cant-come", view.id, session.id, every), discord.ButtonStyle.danger
                )
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
