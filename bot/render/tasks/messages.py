"""Replies to presses, the private messages scheduled work sends, and the two small settings panels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.notifier import OutMessage
from bot.render.components import Card, frozen_view
from bot.render.tasks.cards import _button, _cut, cid
from bot.services.tasks import Pressed, TaskRender, TaskSettingsView, TaskView
from bot.textclean import public_text
from bot.timefmt import when_text

_REPLIES = {
    "claimed": texts.TASK_CLAIMED,
    "partner": texts.TASK_PARTNER_ASKED,
    "given_back": texts.TASK_GIVEN_BACK,
    "stopped_helping": texts.TASK_STOPPED_HELPING,
    "said_yes": texts.TASK_SAID_YES,
    "undone": texts.TASK_UNDONE,
    "done": texts.TASK_DONE_REPLY,
}


def _m(user_id: int) -> str:
    return f"<@{user_id}>"


def reply_text(pressed: Pressed, zone: str, now: datetime) -> str:
    """What the member who pressed is told (privately)."""
    task = pressed.task
    title = public_text(task.title)
    if pressed.kind == "helping":
        return texts.TASK_PARTNER_JOINED.format(doer=_m(task.doer_id or 0), title=title)
    if pressed.kind == "help_asked":
        return texts.TASK_HELP_ASKED
    if pressed.kind == "said_no":
        return texts.TASK_SAID_NO
    text = _REPLIES[pressed.kind].format(title=title)
    if pressed.kind == "done":
        lines = [text, texts.TASK_DONE_UNDO_HINT]
        nxt = pressed.next_task
        if nxt is not None:
            lines.append(
                texts.TASK_DONE_NEXT.format(when=when_text(nxt.due_at, zone, now, relative=True))
                if nxt.due_at
                else texts.TASK_DONE_NEXT_NO_DUE
            )
        return "\n".join(lines)
    return text


def _dm_buttons(task: TaskView, *whats: str) -> discord.ui.View:
    labels = {
        "yes": (texts.TASK_BUTTON_YES, "✅", discord.ButtonStyle.success),
        "no": (texts.TASK_BUTTON_NO, "❌", discord.ButtonStyle.secondary),
        "done": (texts.TASK_BUTTON_DONE, "✅", discord.ButtonStyle.success),
        "back": (texts.TASK_BUTTON_GIVE_BACK, "↩️", discord.ButtonStyle.secondary),
    }
    return frozen_view(
        *(_button(labels[w][0], cid("dm", task.id, task.guild_id, w), labels[w][1], labels[w][2]) for w in whats)
    )


def nudge_message(task: TaskView, zone: str, now: datetime, *, late: bool = False) -> OutMessage:
    assert task.due_at is not None
    text = "\n".join(
        [
            texts.TASK_DM_NUDGE.format(
                title=public_text(task.title), when=when_text(task.due_at, zone, now, relative=True)
            ),
            texts.TASK_DM_NUDGE_HOW,
        ]
    )
    if late:
        text = f"{texts.SCHEDULED_LATE}\n{text}"
    return OutMessage(content=text, view=_dm_buttons(task, "done", "back"))


def notice_message(
    payload: Mapping[str, Any], task: TaskView | None, zone: str, now: datetime, *, late: bool = False
) -> OutMessage:
    """One private message made by a change. The person it is about is named, never pinged."""
    kind = payload.get("type")
    title = public_text(str(payload.get("title") or (task.title if task else "")))
    by = _m(int(payload.get("by") or 0))
    view = None
    if kind == "ask":
        lines = [texts.TASK_DM_ASK.format(asker=by, title=title), texts.TASK_DM_ASK_HOW]
        if task is not None and task.due_at is not None:
            lines.append(texts.TASK_LINE_DUE.format(when=when_text(task.due_at, zone, now, relative=True)))
        if task is not None:
            view = _dm_buttons(task, "yes", "no")
    elif kind == "turn":
        lines = [texts.TASK_DM_TURN.format(title=title)]
        if task is not None and task.due_at is not None:
            lines.append(texts.TASK_LINE_DUE.format(when=when_text(task.due_at, zone, now, relative=True)))
        if task is not None and task.state == "open":
            view = _dm_buttons(task, "done", "back")
    elif kind == "done":
        people = ", ".join(_m(int(u)) for u in payload.get("people") or [])
        lines = [texts.TASK_DM_DONE.format(people=people or "-", title=title)]
    elif kind == "given_back":
        lines = [texts.TASK_DM_GIVEN_BACK.format(member=by, title=title)]
    elif kind == "help":
        lines = [texts.TASK_DM_NEEDS_HELP.format(member=by, title=title)]
    elif kind == "said_yes":
        lines = [texts.TASK_DM_SAID_YES.format(member=by, title=title)]
    elif kind == "said_no":
        lines = [texts.TASK_DM_SAID_NO.format(member=by, title=title)]
    else:
        raise ValueError(f"unknown task notice {kind!r}")
    text = "\n".join(lines)
    if late:
        text = f"{texts.SCHEDULED_LATE}\n{text}"
    return OutMessage(content=_cut(text, 2000), view=view)


def celebrate_message(payload: Mapping[str, Any], *, late: bool = False) -> OutMessage:
    """The one celebration when every task of a project is done. Names everyone credited, pings nobody."""
    title = public_text(str(payload.get("title") or ""))
    people = [int(u) for u in payload.get("people") or []]
    if people:
        text = texts.TASK_CELEBRATE.format(title=title, people=", ".join(_m(u) for u in people))
    else:
        text = texts.TASK_CELEBRATE_NOBODY.format(title=title)
    return OutMessage(content=_cut(text, 2000))


def task_render() -> TaskRender:
    return TaskRender(nudge=nudge_message, notice=notice_message, celebrate=celebrate_message)


def settings_panel(current: TaskSettingsView, saved: str | None = None) -> Card:
    embed = discord.Embed(title=texts.TASK_SETUP_TITLE, colour=discord.Colour.blurple())
    value = texts.TASK_SETUP_LEADS_ONLY if current.leads_only_channel_lists else texts.TASK_SETUP_EVERYONE
    embed.add_field(name=texts.TASK_SETUP_WHO_ADDS, value=value, inline=False)
    embed.add_field(name="\u200b", value=texts.TASK_SETUP_PROJECTS_NOTE, inline=False)
    view = frozen_view(_button(texts.TASK_SETUP_TOGGLE, cid("settings", "toggle"), "📋"))
    return Card(content=saved, embed=embed, view=view)


def nudges_panel(on: bool) -> Card:
    if on:
        return Card(
            content=texts.TASK_NUDGES_ON,
            view=frozen_view(_button(texts.TASK_BUTTON_NUDGES_OFF, cid("nudges", "off"), "⏰")),
        )
    return Card(
        content=texts.TASK_NUDGES_OFF,
        view=frozen_view(_button(texts.TASK_BUTTON_NUDGES_ON, cid("nudges", "on"), "⏰")),
    )
