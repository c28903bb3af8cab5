"""Every project button, menu, modal and time pick. Thin: read the press, call one service method, render.

All controls share one persistent item (``ProjectItem``): its custom_id says what to do and for which
project (``connect:proj:<action>:<id>[:<a>[:<b>]]``), so they work after restarts and weeks later.
Modals are answered from their custom_id by a listener (``on_project_modal``) for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import discord

from bot import texts
from bot.errors import NotAllowed, UserError
from bot.interactions import GuardedItem
from bot.presses import press
from bot.render import projects as render
from bot.render.components import Card, modal_values
from bot.services.projects import ChangeResult, ProjectDetails, ProjectView
from bot.services.projects.views import CANT, GOING, MAYBE
from bot.timefmt import when_text
from cogs._common import services
from cogs._timepicker import picker_card
from cogs.projects.common import (
    actor,
    answer_and_refresh,
    guild_of,
    member_of,
    now,
    projects,
    refresh_card,
    require_organiser,
    zone,
)

# Time picker purposes (letters only) and what they change.
PICK_START = "projstart"
PICK_END = "projend"
PICK_MOVE = "projmove"
PICK_MOVE_ONE = "projmoveone"

Handler = Callable[[discord.Interaction[Any], int, str | None, str | None, Any], Awaitable[None]]


# ---------------------------------------------------------------- the card's buttons


async def _answer(interaction: discord.Interaction[Any], project_id: int, status: str) -> None:
    """A card button: in the card's lane (bot/presses.py), first come first served, one write transaction."""
    svc = projects(interaction)
    who = actor(interaction)
    when = now(interaction)

    async def work() -> str | Card:
        pressed = await svc.press_answer(project_id, who, status)
        if pressed.ask is not None:  # a repeating project asks which sessions
            return render.which_sessions(pressed.ask, status, when, pressed.zone)
        assert pressed.result is not None
        await refresh_card(interaction.client, pressed.result.project, when)
        return render.answer_reply(pressed.result, pressed.zone, when)

    await press(interaction, ("project", project_id), work)


async def on_join(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    await _answer(interaction, pid, GOING)


async def on_maybe(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    await _answer(interaction, pid, MAYBE)


async def on_cant(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    await _answer(interaction, pid, CANT)


async def on_calendar(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    info = await projects(interaction).calendar(pid)
    card = render.calendar_card(info, now(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_more(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    state = await projects(interaction).member_state(pid, actor(interaction))
    card = render.more_panel(state, await zone(interaction), now(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_which(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    """ "Only the next session" / "Every session" (a = status letter + "1" or "a")."""
    code = a or ""
    status = render.ANSWER_CODES.get(code[:1])
    if status is None or code[1:] not in ("1", "a"):
        raise ValueError(f"bad answer code {code!r}")
    result = await projects(interaction).answer(pid, actor(interaction), status, every=code[1:] == "a")
    reply = render.answer_reply(result, await zone(interaction), now(interaction))
    await answer_and_refresh(interaction, result.project, reply, edit=True)


async def on_slot(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    """One later session picked from the menu (values: the session's slot in unix seconds)."""
    status = render.ANSWER_CODES.get(a or "")
    if status is None:
        raise ValueError(f"bad answer letter {a!r}")
    slot = datetime.fromtimestamp(int(item.values[0]), UTC)
    result = await projects(interaction).answer(pid, actor(interaction), status, slot=slot)
    reply = render.answer_reply(result, await zone(interaction), now(interaction))
    await answer_and_refresh(interaction, result.project, reply, edit=True)


async def on_reminders(
    interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any
) -> None:
    state = await projects(interaction).set_reminders(pid, actor(interaction), a == "on")
    title = state.project.title
    done = texts.PROJECT_DONE_REMINDERS_ON if state.reminders_on else texts.PROJECT_DONE_REMINDERS_OFF
    message = interaction.message
    if message is not None and message.flags.ephemeral:
        panel = render.more_panel(state, await zone(interaction), now(interaction))
        await interaction.response.edit_message(content=done.format(title=title), embed=panel.embed, view=panel.view)
    else:
        await interaction.response.send_message(done.format(title=title), ephemeral=True)


async def on_say_no(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    """ "I can't come" in the message a supporter's sign-up sent (a = session id, b = every session)."""
    session_id = int(a) if a and a.isdigit() else None
    result = await projects(interaction).answer(pid, actor(interaction), CANT, session_id=session_id, every=b == "1")
    reply = render.answer_reply(result, await zone(interaction), now(interaction))
    await interaction.response.send_message(reply, ephemeral=interaction.guild_id is not None)
    await refresh_card(interaction.client, result.project, now(interaction))


# ---------------------------------------------------------------- organisers


async def _ask_time(interaction: discord.Interaction[Any], purpose: str, ref: int, prompt: str) -> None:
    card = picker_card(purpose, ref, await zone(interaction), now(interaction), prompt, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_organise(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    svc = projects(interaction)
    who = actor(interaction)
    when = now(interaction)
    action = a or ""
    if action == "keep":
        await interaction.response.edit_message(content=texts.PROJECT_KEPT, embed=None, view=None)
        return
    state = await require_organiser(interaction, pid)
    view = state.project
    if action == "edit":
        await interaction.response.send_modal(render.details_modal(view))
    elif action == "time":
        await _ask_time(interaction, PICK_MOVE, pid, texts.PROJECT_ASK_MOVE.format(title=view.title))
    elif action == "timeone":
        if view.session is None:
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        prompt = texts.PROJECT_ASK_MOVE_ONE.format(
            when=when_text(view.session.starts_at, await zone(interaction), when)
        )
        await _ask_time(interaction, PICK_MOVE_ONE, view.session.id, prompt)
    elif action == "end":
        await _ask_time(interaction, PICK_END, pid, texts.PROJECT_ASK_END.format(title=view.title))
    elif action == "noend":
        updated = await svc.set_end(pid, who, None)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_NO_END)
    elif action == "places":
        card = render.places_picker(pid, view.places)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action in ("close", "open"):
        updated = await svc.set_signups_closed(pid, who, action == "close")
        done = texts.PROJECT_DONE_CLOSED if updated.signups_closed else texts.PROJECT_DONE_OPENED
        await answer_and_refresh(interaction, updated, done)
    elif action in ("coorg", "sign", "remove"):
        card = render.pick_member(view, action, when)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action == "tick":
        held = [s for s in await svc.sessions(pid) if not s.cancelled and s.starts_at <= when]
        if not held:
            raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
        card = render.pick_member(view, "tick", when, held[-1])
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action in ("cancel", "cansess", "finish"):
        card = render.confirm(view, action, when)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action == "cancelyes":
        updated = await svc.cancel(pid, who)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_CANCELLED, edit=True)
    elif action == "cansessyes":
        updated = await svc.cancel_session(pid, who)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_SESSION_CANCELLED, edit=True)
    elif action == "finishyes":
        await svc.finish(pid, who)
        await answer_and_refresh(interaction, await svc.card(pid), texts.PROJECT_DONE_FINISHED, edit=True)
    else:
        raise ValueError(f"unknown organiser action {action!r}")


async def on_member_pick(
    interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any
) -> None:
    """A member menu: add an organiser, sign up (one or every session), take off, tick who came."""
    svc = projects(interaction)
    who = actor(interaction)
    picked: list[discord.abc.User] = list(item.values)
    if a == "tick":
        came = [u.id for u in picked if not u.bot]
        ticks = await svc.record_attendance(pid, who, came, session_id=int(b) if b else None)
        view = await svc.card(pid)
        session = next((s for s in await svc.sessions(pid) if s.id == ticks.session_id), None)
        start = session.starts_at if session else view.starts_at
        assert start is not None
        done = texts.PROJECT_DONE_TICKED.format(
            count=len(ticks.came), when=when_text(start, await zone(interaction), now(interaction))
        )
        await interaction.response.edit_message(content=done, view=None)
        return
    if not picked:
        await interaction.response.edit_message(content=texts.PROJECT_KEPT, view=None)
        return
    target = member_of(picked[0])
    mention = f"<@{target.user_id}>"
    if a == "coorg":
        view = await svc.add_organiser(pid, who, target)
        reply = texts.PROJECT_DONE_ORGANISER.format(member=mention, title=view.title)
    elif a in ("sign", "signall"):
        result = await svc.sign_up_for(pid, who, target, every=a == "signall")
        view = result.project
        template = texts.PROJECT_DONE_SIGNED_UP_WAITING if result.status == "waiting" else texts.PROJECT_DONE_SIGNED_UP
        reply = template.format(member=mention, title=view.title)
    elif a == "remove":
        view = await svc.remove_member(pid, who, target.user_id)
        reply = texts.PROJECT_DONE_REMOVED.format(member=mention, title=view.title)
    else:
        raise ValueError(f"unknown member action {a!r}")
    await answer_and_refresh(interaction, view, reply, edit=True)


async def on_places(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    """The places menu, for a draft or a posted project ("type" opens a small typing box)."""
    choice = str(item.values[0])
    svc = projects(interaction)
    if choice == "type":
        view = await svc.card(pid)
        await interaction.response.send_modal(render.places_modal(pid, view.places))
        return
    updated = await svc.set_places(pid, actor(interaction), None if choice == "none" else int(choice))
    await _after_places(interaction, updated)


async def _after_places(interaction: discord.Interaction[Any], updated: ProjectView) -> None:
    if updated.state == "draft":
        card = render.draft_card(updated, now(interaction))
        if interaction.message is not None:
            await interaction.response.edit_message(**card.edit_kwargs())
        else:
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
        return
    shown = str(updated.places) if updated.places else texts.PROJECT_PLACES_NO_LIMIT
    await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_PLACES.format(places=shown), edit=True)


# ---------------------------------------------------------------- starting a project


async def on_new(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    await projects(interaction).check_can_start(guild_of(interaction), actor(interaction))
    await interaction.response.send_modal(render.details_modal())


async def on_draft_repeat(
    interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any
) -> None:
    choice = str(item.values[0])
    view = await projects(interaction).set_repeat(pid, actor(interaction), None if choice == "once" else choice)
    await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())


async def on_draft(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    svc = projects(interaction)
    who = actor(interaction)
    if a == "start":
        view = await svc.draft(pid, who)
        await _ask_time(interaction, PICK_START, pid, texts.PROJECT_ASK_START.format(title=view.title))
    elif a == "end":
        view = await svc.draft(pid, who)
        await _ask_time(interaction, PICK_END, pid, texts.PROJECT_ASK_END.format(title=view.title))
    elif a == "noend":
        view = await svc.set_end(pid, who, None)
        await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())
    elif a == "discard":
        await svc.discard_draft(pid, who)
        await interaction.response.edit_message(content=texts.PROJECT_DISCARDED, embed=None, view=None)
    elif a == "post":
        await post(interaction, pid)
    else:
        raise ValueError(f"unknown draft action {a!r}")


async def post(interaction: discord.Interaction[Any], pid: int) -> None:
    """Publish the draft and post its card in the projects channel (or where it was started)."""
    svc = projects(interaction)
    view = await svc.publish(pid, actor(interaction))
    # Answer at once (the 3 seconds), then post the card and add the link to it.
    await interaction.response.edit_message(
        content=texts.PROJECT_POSTED.format(title=view.title), embed=None, view=None
    )
    when = now(interaction)
    settings = await services(interaction).guild_settings.get(view.guild_id)
    card = render.project_card(view, when)
    message: discord.Message | None = None
    for channel_id in dict.fromkeys(
        c for c in (settings.projects_channel_id, view.channel_id, interaction.channel_id) if c is not None
    ):
        try:
            message = await interaction.client.get_partial_messageable(channel_id).send(**card.send_kwargs())
            break
        except (discord.Forbidden, discord.NotFound):
            continue  # no access to that channel: try where the project was started
    if message is None:
        raise UserError(texts.PROJECT_CANNOT_POST)
    await svc.attach_card(pid, message.channel.id, message.id)
    posted = render.posted_reply(await svc.card(pid))
    await interaction.edit_original_response(content=posted.content, embed=None, view=posted.view)


async def on_modal_new(interaction: discord.Interaction[Any], values: dict[str, str]) -> None:
    details = _details(values)
    my_zone = await zone(interaction)
    view = await projects(interaction).create_draft(
        guild_of(interaction), actor(interaction), details, timezone=my_zone, channel_id=interaction.channel_id
    )
    prompt = texts.PROJECT_ASK_START.format(title=view.title)
    card = picker_card(PICK_START, view.id, my_zone, now(interaction), prompt, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_modal_edit(interaction: discord.Interaction[Any], pid: int, values: dict[str, str]) -> None:
    result = await projects(interaction).update_details(pid, actor(interaction), _details(values))
    reply = texts.PROJECT_DONE_DETAILS if result.changes else texts.PROJECT_KEPT
    await answer_and_refresh(interaction, result.project, reply)


async def on_modal_places(interaction: discord.Interaction[Any], pid: int, values: dict[str, str]) -> None:
    updated = await projects(interaction).set_places(pid, actor(interaction), values.get(render.IN_PLACES, ""))
    await _after_places(interaction, updated)


def _details(values: dict[str, str]) -> ProjectDetails:
    return ProjectDetails.clean(
        values.get(render.IN_TITLE),
        values.get(render.IN_ABOUT),
        values.get(render.IN_WHERE),
        values.get(render.IN_LINK),
        values.get(render.IN_BRING),
    )


# ---------------------------------------------------------------- finding projects


async def on_list(interaction: discord.Interaction[Any], page: int, a: str | None, b: str | None, item: Any) -> None:
    found = await projects(interaction).list_upcoming(guild_of(interaction), page)
    await interaction.response.edit_message(**render.list_card(found, now(interaction)).edit_kwargs())


async def on_show(interaction: discord.Interaction[Any], pid: int, a: str | None, b: str | None, item: Any) -> None:
    view = await projects(interaction).card(pid)
    if view.state == "draft":
        raise UserError(texts.PROJECT_NOT_POSTED)
    card = render.project_card(view, now(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


# ---------------------------------------------------------------- time picks


async def on_start_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    view = await projects(interaction).set_start(ref, actor(interaction), when)
    await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())


async def on_end_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    view = await projects(interaction).set_end(ref, actor(interaction), when)
    if view.state == "draft":
        await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())
        return
    done = texts.PROJECT_DONE_END.format(when=when_text(when, await zone(interaction), now(interaction)))
    await answer_and_refresh(interaction, view, done, edit=True)


async def on_move_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    result = await projects(interaction).move(ref, actor(interaction), when)
    await _moved(interaction, result, when)


async def on_move_one_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    result = await projects(interaction).move_session(ref, actor(interaction), when)
    await _moved(interaction, result, when)


async def _moved(interaction: discord.Interaction[Any], result: ChangeResult, when: datetime) -> None:
    done = texts.PROJECT_DONE_MOVED.format(when=when_text(when, await zone(interaction), now(interaction)))
    await answer_and_refresh(interaction, result.project, done if result.changes else texts.PROJECT_KEPT, edit=True)


async def on_start_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    """❌ on the first start picker: the draft is dropped (nothing was posted)."""
    try:
        await projects(interaction).discard_draft(ref, actor(interaction))
    except UserError:
        pass  # already posted or gone: nothing to drop
    await interaction.response.edit_message(content=texts.PROJECT_DISCARDED, embed=None, view=None)


async def on_pick_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    await interaction.response.edit_message(content=texts.PROJECT_KEPT, embed=None, view=None)


# ---------------------------------------------------------------- dispatch

ACTIONS: dict[str, Handler] = {
    "join": on_join,
    "maybe": on_maybe,
    "cant": on_cant,
    "ics": on_calendar,
    "more": on_more,
    "ans": on_which,
    "slot": on_slot,
    "rem": on_reminders,
    "no": on_say_no,
    "org": on_organise,
    "usr": on_member_pick,
    "plc": on_places,
    "new": on_new,
    "drep": on_draft_repeat,
    "draft": on_draft,
    "list": on_list,
    "show": on_show,
}


class ProjectItem(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Item[Any]],
    template=render.TEMPLATE,
):
    """Every project button and menu, on cards, panels and messages."""

    def __init__(self, item: discord.ui.Item[Any], action: str, ref: int, a: str | None, b: str | None) -> None:
        super().__init__(item)
        self.action = action
        self.ref = ref
        self.a = a
        self.b = b

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ProjectItem:
        return cls(item, match["action"], int(match["id"]), match["a"], match["b"])

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        handler = ACTIONS.get(self.action)
        if handler is None:
            raise ValueError(f"unknown project action {self.action!r}")
        await handler(interaction, self.ref, self.a, self.b, self.item)


class _FormSubmit(GuardedItem):
    """Runs a modal submit through the same error pipeline and log as the buttons."""

    def __init__(self, kind: str, ref: int, values: dict[str, str]) -> None:
        self.kind = kind
        self.ref = ref
        self.values = values

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        if self.kind == "new":
            await on_modal_new(interaction, self.values)
        elif self.kind == "edit":
            await on_modal_edit(interaction, self.ref, self.values)
        elif self.kind == "places":
            await on_modal_places(interaction, self.ref, self.values)
        else:
            raise NotAllowed(texts.PROJECT_NOT_FOR_YOU)


async def on_project_modal(interaction: discord.Interaction[Any]) -> None:
    """Listener: answers the project modals from their custom_id, so one opened before a restart still works."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return
    data: Any = interaction.data or {}
    cid = data.get("custom_id")
    match = re.fullmatch(render.FORM_TEMPLATE, cid) if isinstance(cid, str) else None
    if match is None:
        return
    await _FormSubmit(match["kind"], int(match["id"]), modal_values(data)).callback(interaction)
