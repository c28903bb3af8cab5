"""What organisers press: the organiser panel, member menus and places."""

from typing import Any

import discord

from bot import texts
from bot.errors import StaleControl, UserError, checked_id
from bot.render import projects as render
from bot.render.kept import refill
from bot.services.projects import ProjectView
from bot.timefmt import when_text
from cogs.projects.common import (
    PICK_END,
    PICK_MOVE,
    PICK_MOVE_ONE,
    Press,
    answer_and_refresh,
    ask_time,
    member_of,
    now,
    projects,
    require_organiser,
    scope,
    zone,
)


async def on_organise(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    svc = projects(interaction)
    who = scope(interaction)
    when = now(interaction)
    action = press.arg or ""
    if action == "keep":
        await interaction.response.edit_message(content=texts.PROJECT_KEPT, embed=None, view=None)
        return
    state = await require_organiser(interaction, pid)
    view = state.project
    if action == "edit":
        await interaction.response.send_modal(refill(render.details_modal(view), interaction.message))
    elif action == "time":
        await ask_time(interaction, PICK_MOVE, pid, texts.PROJECT_ASK_MOVE.format(title=view.title))
    elif action == "time-one":
        if view.session is None:
            raise UserError(texts.PROJECT_SESSION_NOT_FOUND)
        prompt = texts.PROJECT_ASK_MOVE_ONE.format(
            when=when_text(view.session.starts_at, await zone(interaction), when)
        )
        await ask_time(interaction, PICK_MOVE_ONE, view.session.id, prompt)
    elif action == "end":
        await ask_time(interaction, PICK_END, pid, texts.PROJECT_ASK_END.format(title=view.title))
    elif action == "no-end":
        updated = await svc.set_end(who, pid, None)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_NO_END)
    elif action == "places":
        card = render.places_picker(pid, view.places)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action in ("close", "open"):
        updated = await svc.set_signups_closed(who, pid, action == "close")
        done = texts.PROJECT_DONE_CLOSED if updated.signups_closed else texts.PROJECT_DONE_OPENED
        await answer_and_refresh(interaction, updated, done)
    elif action in ("add-organiser", "sign-up", "remove"):
        card = render.pick_member(view, action, when)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action == "attendance":
        held = [s for s in await svc.sessions(who, pid) if not s.cancelled and s.starts_at <= when]
        if not held:
            raise UserError(texts.PROJECT_ATTENDANCE_TOO_EARLY)
        card = render.pick_member(view, "attendance", when, held[-1])
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action in ("cancel", "cancel-session", "finish"):
        card = render.confirm(view, action, when)
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
    elif action == "cancel-yes":
        updated = await svc.cancel(who, pid)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_CANCELLED, edit=True)
    elif action == "cancel-session-yes":
        updated = await svc.cancel_session(who, pid)
        await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_SESSION_CANCELLED, edit=True)
    elif action == "finish-yes":
        await svc.finish(who, pid)
        await answer_and_refresh(interaction, await svc.card(who, pid), texts.PROJECT_DONE_FINISHED, edit=True)
    else:
        raise StaleControl()


async def on_member_pick(press: Press) -> None:
    """A member menu: add an organiser, sign up (one or every session), take off, tick who came."""
    interaction, pid = press.interaction, press.project_id
    svc = projects(interaction)
    who = scope(interaction)
    picked: list[discord.abc.User] = list(press.item.values)
    if press.arg == "attendance":
        came = [u.id for u in picked if not u.bot]
        ticks = await svc.record_attendance(who, pid, came, session_id=checked_id(press.extra) if press.extra else None)
        view = await svc.card(who, pid)
        session = next((s for s in await svc.sessions(who, pid) if s.id == ticks.session_id), None)
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
    if press.arg == "add-organiser":
        view = await svc.add_organiser(who, pid, target)
        reply = texts.PROJECT_DONE_ORGANISER.format(member=mention, title=view.title)
    elif press.arg in ("sign-up", "sign-up-every"):
        result = await svc.sign_up_for(who, pid, target, every=press.arg == "sign-up-every")
        view = result.project
        template = texts.PROJECT_DONE_SIGNED_UP_WAITING if result.status == "waiting" else texts.PROJECT_DONE_SIGNED_UP
        reply = template.format(member=mention, title=view.title)
    elif press.arg == "remove":
        view = await svc.remove_member(who, pid, target.user_id)
        reply = texts.PROJECT_DONE_REMOVED.format(member=mention, title=view.title)
    else:
        raise StaleControl()
    await answer_and_refresh(interaction, view, reply, edit=True)


async def on_places(press: Press) -> None:
    """The places menu, for a draft or a posted project ("type" opens a small typing box)."""
    interaction, pid = press.interaction, press.project_id
    # "type" is a choice of the menu, or the "Try again" button of a refused number (its last word).
    choice = "type" if press.arg == "type" else str(press.item.values[0])
    svc = projects(interaction)
    if choice == "type":
        view = await svc.card(scope(interaction), pid)
        await interaction.response.send_modal(refill(render.places_modal(pid, view.places), interaction.message))
        return
    updated = await svc.set_places(scope(interaction), pid, None if choice == "none" else int(choice))
    await after_places(interaction, updated)


async def after_places(interaction: discord.Interaction[Any], updated: ProjectView) -> None:
    if updated.state == "draft":
        card = render.draft_card(updated, now(interaction))
        if interaction.message is not None:
            await interaction.response.edit_message(**card.edit_kwargs())
        else:
            await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
        return
    shown = str(updated.places) if updated.places else texts.PROJECT_PLACES_NO_LIMIT
    await answer_and_refresh(interaction, updated, texts.PROJECT_DONE_PLACES.format(places=shown), edit=True)
