"""The list card, one task's panel, the new-task panel, the modal, "your tasks"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.render.components import Card, custom_id, frozen_view
from bot.services.tasks import ListView, MyTasks, TaskPanel, TaskView
from bot.services.tasks.rules import MAX_DETAILS, MAX_TITLE
from bot.textclean import public_text
from bot.timefmt import when_text

TASKS = "tasks"
TEMPLATE = (
    r"connect:tasks:(?P<action>list|add|pick|do|dm|ask|draft|settings|nudges)"
    r"(?::(?P<a>[a-z0-9]{1,20}))?(?::(?P<b>[a-z0-9]{1,20}))?(?::(?P<c>[a-z0-9]{1,20}))?"
)
FORM_TEMPLATE = r"connect:tasks:form:(?P<kind>new|edit):(?P<id>\d{1,19})"
IN_WHAT, IN_DETAILS = "what", "details"
COLOUR = discord.Colour.teal()
DONE_COLOUR = discord.Colour.green()
FIELD_NAME, FIELD_VALUE, LABEL, OPTION, FIELDS, OPTIONS, BAR = 256, 1024, 80, 100, 20, 25, 10


def cid(action: str, *parts: object) -> str:
    return custom_id(TASKS, action, *parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(
    label: str,
    custom: str,
    emoji: str | None = None,
    style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    row: int | None = None,
) -> discord.ui.Button[discord.ui.View]:
    return discord.ui.Button(label=_cut(label, LABEL), custom_id=custom, emoji=emoji, style=style, row=row)


def tasks_button(project_id: int, row: int | None = None) -> discord.ui.Button[discord.ui.View]:
    """ "📋 Tasks" on a project's More panel: that project's task list."""
    return _button(texts.TASK_BUTTON_TASKS, cid("list", "project", project_id), "📋", row=row)


def progress(done: int, total: int) -> str:
    """ "3 of 5 done 🟩🟩🟩⬜⬜": a bar of squares (at most 10), green for done, next to its words (a picture
    never stands alone, ../shared/EASY_READ.md rule 3)."""
    words = texts.TASK_LIST_PROGRESS.format(done=done, total=total)
    if total == 0:
        return words
    filled = round(BAR * done / total) if total > BAR else done
    size = min(total, BAR)
    return f"{words} {'🟩' * filled}{'⬜' * (size - filled)}"


def _m(user_id: int) -> str:
    return f"<@{user_id}>"


def task_lines(task: TaskView, zone: str, now: datetime) -> list[str]:
    """How one task reads on a card: who, when, and its state in calm words (never red, never shouting)."""
    lines: list[str] = []
    if task.state == "done":
        lines.append(texts.TASK_LINE_DONE.format(people=", ".join(_m(u) for u in task.done_by) or "-"))
        return lines
    if task.doer_id is not None and task.helper_id is not None:
        lines.append(texts.TASK_LINE_DOING_WITH.format(doer=_m(task.doer_id), helper=_m(task.helper_id)))
    elif task.doer_id is not None:
        lines.append(texts.TASK_LINE_DOING.format(doer=_m(task.doer_id)))
    elif task.asked_id is None:
        lines.append(texts.TASK_LINE_FREE)
    if task.asked_id is not None:
        lines.append(texts.TASK_LINE_ASKED.format(member=_m(task.asked_id)))
    if task.wants_helper:
        lines.append(texts.TASK_LINE_WANTS_HELPER)
    if task.needs_help:
        lines.append(texts.TASK_LINE_NEEDS_HELP)
    if task.due_at is not None:
        due = texts.TASK_LINE_DUE.format(when=when_text(task.due_at, zone, now, relative=True))
        lines.append(f"{due} {texts.TASK_LINE_NOT_DONE_YET}" if task.overdue(now) else due)
    if task.repeat != "none":
        lines.append(texts.TASK_LINE_REPEATS.format(repeat=texts.TASK_REPEAT_WORDS[task.repeat]))
    if task.rota:
        lines.append(texts.TASK_LINE_ROTA.format(people=", ".join(_m(u) for u in task.rota)))
    return lines


def _title(task: TaskView, number: int | None = None) -> str:
    mark = "✅ " if task.state == "done" else ""
    prefix = f"{number}. " if number is not None else ""
    return _cut(f"{prefix}{mark}{public_text(task.title)}", FIELD_NAME)


def _list_title(view: ListView) -> str:
    if view.project_id is not None:
        return _cut(texts.TASK_LIST_TITLE_PROJECT.format(title=public_text(view.project_title or "")), FIELD_NAME)
    return texts.TASK_LIST_TITLE_CHANNEL


def _pick_menu(view: ListView) -> discord.ui.Select[discord.ui.View] | None:
    if not view.tasks:
        return None
    options = [
        discord.SelectOption(
            label=_cut(f"{i}. {public_text(t.title)}", OPTION),
            value=str(t.id),
            emoji="✅" if t.state == "done" else None,
        )
        for i, t in enumerate(view.tasks[:OPTIONS], start=1)
    ]
    return discord.ui.Select(custom_id=cid("pick", view.id), placeholder=texts.TASK_LIST_PICK, options=options, row=0)


def list_card(view: ListView, now: datetime, *, may_add: bool | None = None, link: str | None = None) -> Card:
    """The list: each task with who, when, and a progress line. ``may_add`` None: the public card (Add
    shows when everyone may add); True/False: one person's private copy."""
    embed = discord.Embed(title=_list_title(view), colour=COLOUR)
    embed.description = progress(view.done, view.total) if view.tasks else texts.TASK_LIST_EMPTY
    for number, task in enumerate(view.tasks[:FIELDS], start=1):
        embed.add_field(
            name=_title(task, number),
            value=_cut("\n".join(task_lines(task, view.timezone, now)), FIELD_VALUE),
            inline=False,
        )
    if view.total > FIELDS:
        embed.set_footer(text=texts.TASK_LIST_MORE.format(count=view.total - FIELDS))
    items: list[discord.ui.Item[Any]] = []
    menu = _pick_menu(view)
    if menu is not None:
        items.append(menu)
    if may_add or (may_add is None and view.members_may_add):
        items.append(_button(texts.TASK_BUTTON_ADD, cid("add", view.id), "➕", discord.ButtonStyle.primary, row=1))
    if link is not None:
        items.append(discord.ui.Button(label=texts.TASK_LIST_OPEN, url=link, style=discord.ButtonStyle.link, row=1))
    return Card(embed=embed, view=frozen_view(*items) if items else None)


def task_panel(panel: TaskPanel, now: datetime, *, thanks: bool = False, manage: bool = False) -> Card:
    """One task as one member sees it, with only the buttons that member may press.

    At most 5 choices at once (../shared/EASY_READ.md): the buttons of someone who may change the task
    (edit, due date, remove, ask a member) are one press on, "Change this task" (``manage``), with Back."""
    task, me = panel.task, panel.viewer_id
    embed = discord.Embed(
        title=_title(task),
        colour=DONE_COLOUR if task.state == "done" else COLOUR,
        description=_cut(public_text(task.details), 4000) or None,
    )
    embed.add_field(name="\u200b", value=_cut("\n".join(task_lines(task, panel.zone, now)), FIELD_VALUE), inline=False)
    tid = task.id
    do: list[discord.ui.Item[Any]] = []
    if task.state == "open" and manage and panel.can_manage:
        do += [
            _button(texts.TASK_BUTTON_EDIT, cid("do", tid, "edit"), "✏️", row=0),
            _button(texts.TASK_BUTTON_DUE, cid("do", tid, "due"), "📅", row=0),
            _button(texts.TASK_BUTTON_REMOVE, cid("do", tid, "remove"), "🗑️", discord.ButtonStyle.danger, 0),
            _button(texts.TASK_BUTTON_BACK, cid("do", tid, "view"), "⬅️", row=0),
            discord.ui.UserSelect(custom_id=cid("ask", tid), placeholder=texts.TASK_PICK_ASK, row=1),
        ]
    elif task.state == "open":
        doing = me in (task.doer_id, task.helper_id)
        if task.asked_id == me:
            do += [
                _button(texts.TASK_BUTTON_YES, cid("do", tid, "yes"), "✅", discord.ButtonStyle.success, 0),
                _button(texts.TASK_BUTTON_NO, cid("do", tid, "no"), "❌", row=0),
            ]
        elif task.doer_id is None and task.asked_id is None:
            do += [
                _button(texts.TASK_BUTTON_CLAIM, cid("do", tid, "claim"), "🙋", discord.ButtonStyle.primary, 0),
                _button(texts.TASK_BUTTON_PARTNER, cid("do", tid, "partner"), "🤝", row=0),
                _button(texts.TASK_BUTTON_DONE, cid("do", tid, "done"), "✅", discord.ButtonStyle.success, 0),
            ]
        elif doing:
            do.append(_button(texts.TASK_BUTTON_DONE, cid("do", tid, "done"), "✅", discord.ButtonStyle.success, 0))
            if task.doer_id == me and task.helper_id is None and not task.wants_helper:
                do.append(_button(texts.TASK_BUTTON_PARTNER, cid("do", tid, "partner"), "🤝", row=0))
            do.append(_button(texts.TASK_BUTTON_GIVE_BACK, cid("do", tid, "back"), "↩️", row=0))
            if not task.needs_help:
                do.append(_button(texts.TASK_BUTTON_NEED_HELP, cid("do", tid, "sos"), "🆘", row=0))
        elif task.wants_helper and task.helper_id is None:
            do.append(_button(texts.TASK_BUTTON_CAN_HELP, cid("do", tid, "help"), "🤝", discord.ButtonStyle.primary, 0))
        if panel.can_manage:
            if not doing and task.doer_id is not None:
                do.append(_button(texts.TASK_BUTTON_DONE, cid("do", tid, "done"), "✅", row=0))
            do.append(_button(texts.TASK_BUTTON_MANAGE, cid("do", tid, "manage"), "🛠️", row=1))
    else:
        if panel.can_undo:
            do.append(_button(texts.TASK_BUTTON_UNDO, cid("do", tid, "undo"), "↩️", row=0))
        if thanks:
            do.append(thanks_button(tid))
        if panel.can_manage:
            do.append(_button(texts.TASK_BUTTON_REMOVE, cid("do", tid, "remove"), "🗑️", discord.ButtonStyle.danger, 1))
    return Card(embed=embed, view=frozen_view(*do) if do else None)


def thanks_button(task_id: int, row: int | None = 0) -> discord.ui.Button[discord.ui.View]:
    """ "🎉 Say thank you": the thanks feature answers it (only placed when that feature is present)."""
    return discord.ui.Button(
        label=texts.TASK_BUTTON_THANKS, emoji="🎉", custom_id=custom_id("thanks", "say", "task", task_id), row=row
    )


def confirm_remove(task: TaskView) -> Card:
    view = frozen_view(
        _button(texts.TASK_BUTTON_YES_REMOVE, cid("do", task.id, "removeyes"), "🗑️", discord.ButtonStyle.danger),
        _button(texts.TASK_BUTTON_KEEP, cid("do", task.id, "keep")),
    )
    return Card(content=texts.TASK_CONFIRM_REMOVE.format(title=public_text(task.title)), view=view)


def draft_card(task: TaskView, zone: str, now: datetime) -> Card:
    """The new task before it is added: due date (the time picker), who, repeat, turns; Add or Cancel."""
    embed = discord.Embed(title=_cut(texts.TASK_DRAFT_TITLE.format(title=public_text(task.title)), FIELD_NAME))
    embed.description = texts.TASK_DRAFT_HOW
    lines = [
        texts.TASK_LINE_DUE.format(when=when_text(task.due_at, zone, now, relative=True))
        if task.due_at
        else texts.TASK_DRAFT_NO_DUE,
        texts.TASK_DRAFT_WHO.format(member=_m(task.asked_id)) if task.asked_id else texts.TASK_DRAFT_WHO_NOBODY,
        texts.TASK_LINE_REPEATS.format(repeat=texts.TASK_REPEAT_WORDS[task.repeat]),
    ]
    if task.rota:
        lines.append(texts.TASK_LINE_ROTA.format(people=", ".join(_m(u) for u in task.rota)))
    embed.add_field(name="\u200b", value="\n".join(lines), inline=False)
    tid = task.id
    items: list[discord.ui.Item[Any]] = [
        _button(texts.TASK_BUTTON_PICK_DUE, cid("draft", tid, "due"), "📅", row=0),
    ]
    if task.due_at is not None:
        items.append(_button(texts.TASK_BUTTON_NO_DUE, cid("draft", tid, "nodue"), row=0))
    items += [
        _button(texts.TASK_BUTTON_SAVE, cid("draft", tid, "save"), "✅", discord.ButtonStyle.success, 0),
        _button(texts.TASK_BUTTON_CANCEL, cid("draft", tid, "cancel"), "❌", row=0),
    ]
    who: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
        custom_id=cid("draft", tid, "who"),
        placeholder=texts.TASK_PICK_WHO,
        min_values=0,
        max_values=1,
        row=1,
        default_values=[discord.Object(task.asked_id, type=discord.User)] if task.asked_id else [],
    )
    repeat: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=cid("draft", tid, "repeat"),
        placeholder=texts.TASK_PICK_REPEAT,
        row=2,
        options=[
            discord.SelectOption(label=words, value=key, default=key == task.repeat)
            for key, words in texts.TASK_REPEAT_WORDS.items()
        ],
    )
    items += [who, repeat]
    if task.repeat != "none":
        rota: discord.ui.UserSelect[discord.ui.View] = discord.ui.UserSelect(
            custom_id=cid("draft", tid, "rota"),
            placeholder=texts.TASK_PICK_ROTA,
            min_values=0,
            max_values=10,
            row=3,
        )
        items.append(rota)
    return Card(embed=embed, view=frozen_view(*items))


def task_modal(kind: str, ref: int, task: TaskView | None = None) -> discord.ui.Modal:
    """``kind`` "new" (ref: the list) or "edit" (ref: the task). Answered from its custom_id (cogs/tasks)."""
    title = texts.TASK_MODAL_NEW if kind == "new" else texts.TASK_MODAL_EDIT
    modal = discord.ui.Modal(title=title, custom_id=cid("form", kind, ref))
    modal.add_item(
        discord.ui.TextInput(
            custom_id=IN_WHAT,
            label=texts.TASK_INPUT_WHAT,
            max_length=MAX_TITLE,
            required=True,
            default=task.title if task else None,
        )
    )
    modal.add_item(
        discord.ui.TextInput(
            custom_id=IN_DETAILS,
            label=texts.TASK_INPUT_DETAILS,
            max_length=MAX_DETAILS,
            required=False,
            style=discord.TextStyle.paragraph,
            default=(task.details or None) if task else None,
        )
    )
    modal.stop()
    return modal


def _mine_lines(tasks: Sequence[TaskView], zone: str, now: datetime) -> str:
    if not tasks:
        return texts.TASK_MINE_NONE
    lines = []
    for t in tasks:
        due = f" · {when_text(t.due_at, zone, now, relative=True)}" if t.due_at else ""
        lines.append(_cut(f"• {public_text(t.title)}{due}", 300))
    return _cut("\n".join(lines), FIELD_VALUE)


def mine_card(mine: MyTasks, zone: str, now: datetime) -> Card:
    """What I am doing and what I asked for, soonest due first, with a menu to open each one's buttons."""
    everything = [*mine.doing, *mine.asked_for]
    if not everything:
        return Card(content=texts.TASK_MINE_EMPTY)
    embed = discord.Embed(title=texts.TASK_MINE_TITLE, colour=COLOUR)
    embed.add_field(name=texts.TASK_MINE_DOING, value=_mine_lines(mine.doing, zone, now), inline=False)
    embed.add_field(name=texts.TASK_MINE_ASKED, value=_mine_lines(mine.asked_for, zone, now), inline=False)
    options = [
        discord.SelectOption(label=_cut(public_text(t.title), OPTION), value=str(t.id)) for t in everything[:OPTIONS]
    ]
    menu: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=cid("pick", 0), placeholder=texts.TASK_LIST_PICK, options=options
    )
    return Card(embed=embed, view=frozen_view(menu))
