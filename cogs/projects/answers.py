"""The card's buttons for members: coming, maybe, can't come, the calendar file, More, and finding projects."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import discord

from bot import texts
from bot.errors import StaleControl, UserError, checked_id
from bot.interactions import any_scope_of
from bot.presses import Together, Work, press
from bot.render import projects as render
from bot.render.components import Card
from bot.scope import Scope
from bot.services.projects import SignupResult
from bot.services.projects.views import CANT, GOING, MAYBE, CardPress
from cogs.projects.common import (
    Press,
    now,
    projects,
    refresh_card,
    scope,
    zone,
)

# ---------------------------------------------------------------- the card's buttons


async def _answer(interaction: discord.Interaction[Any], project_id: int, status: str) -> None:
    """A card button: in the card's lane (bot/presses.py), first come first served. The presses of a crowd
    waiting in the lane are done together, in press order, in one write transaction."""
    svc, who, when = projects(interaction), scope(interaction), now(interaction)

    async def answers(args: list[tuple[Scope, str]]) -> list[Work]:
        pressed = await svc.press_answers(project_id, args)
        changed = next((x.result.project for x in pressed if isinstance(x, CardPress) and x.result), None)
        if changed is not None:
            await refresh_card(interaction.client, changed, when)
        return [_reply(x, st, when) for x, (_, st) in zip(pressed, args, strict=True)]

    async def alone() -> str | Card:
        [reply] = await answers([(who, status)])
        return await reply()

    together = Together(("answer", project_id), (who, status), answers)
    await press(interaction, ("project", project_id), alone, together=together)


def _reply(pressed: CardPress | UserError, status: str, when: datetime) -> Work:
    async def reply() -> str | Card:
        if isinstance(pressed, UserError):
            raise pressed
        if pressed.ask is not None:  # a repeating project asks which sessions
            return render.which_sessions(pressed.ask, status, when, pressed.zone)
        assert pressed.result is not None
        return render.answer_reply(pressed.result, pressed.zone, when)

    return reply


async def on_join(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    await _answer(interaction, pid, GOING)


async def on_maybe(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    await _answer(interaction, pid, MAYBE)


async def on_cant(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    await _answer(interaction, pid, CANT)


async def on_calendar(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    info = await projects(interaction).calendar(scope(interaction), pid)
    card = render.calendar_card(info, now(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_more(press: Press) -> None:
    """ "More" on the card: a private panel. In the panel, "Organise" and "Back" swap its buttons (arg)."""
    interaction, pid = press.interaction, press.project_id
    state = await projects(interaction).member_state(scope(interaction), pid)
    group = press.arg if press.arg in (render.ORGANISE, render.ORGANISE_MORE) else None
    card = render.more_panel(state, await zone(interaction), now(interaction), group)
    if press.arg is not None and interaction.message is not None:
        await interaction.response.edit_message(**card.edit_kwargs())
    else:
        await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_which(press: Press) -> None:
    """ "Only the next session" / "Every session" (arg: going, maybe or cant; extra: next or every)."""
    interaction, pid = press.interaction, press.project_id
    status = press.arg
    if status not in (GOING, MAYBE, CANT) or press.extra not in ("next", "every"):
        raise StaleControl()
    who, every = scope(interaction), press.extra == "every"
    await _in_lane(interaction, pid, lambda: projects(interaction).answer(who, pid, status, every=every))


async def on_slot(press: Press) -> None:
    """One later session picked from the menu (arg: going or maybe; values: the slot in unix seconds)."""
    interaction, pid = press.interaction, press.project_id
    status = press.arg
    if status not in (GOING, MAYBE, CANT):
        raise StaleControl()
    slot = datetime.fromtimestamp(int(press.item.values[0]), UTC)
    who = scope(interaction)
    await _in_lane(interaction, pid, lambda: projects(interaction).answer(who, pid, status, slot=slot))


async def _in_lane(
    interaction: discord.Interaction[Any], pid: int, answer: Callable[[], Awaitable[SignupResult]]
) -> None:
    """An answer from the private "which sessions?" panel: in the card's lane, replacing the panel."""

    async def work() -> str:
        result = await answer()
        await refresh_card(interaction.client, result.project, now(interaction))
        return render.answer_reply(result, await zone(interaction), now(interaction))

    await press(interaction, ("project", pid), work, edit=True)


async def on_reminders(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    state = await projects(interaction).set_reminders(any_scope_of(interaction), pid, press.arg == "on")
    title = state.project.title
    done = texts.PROJECT_DONE_REMINDERS_ON if state.reminders_on else texts.PROJECT_DONE_REMINDERS_OFF
    message = interaction.message
    if message is not None and message.flags.ephemeral:
        panel = render.more_panel(state, await zone(interaction), now(interaction))
        await interaction.response.edit_message(content=done.format(title=title), embed=panel.embed, view=panel.view)
    else:
        await interaction.response.send_message(done.format(title=title), ephemeral=True)


async def on_say_no(press: Press) -> None:
    """ "I can't come" in the message a supporter's sign-up sent, often a DM (arg: session id, extra: every or once)."""
    interaction, pid = press.interaction, press.project_id
    session_id = checked_id(press.arg) if press.arg else None
    result = await projects(interaction).answer(
        any_scope_of(interaction), pid, CANT, session_id=session_id, every=press.extra == "every"
    )
    reply = render.answer_reply(result, await zone(interaction), now(interaction))
    await interaction.response.send_message(reply, ephemeral=interaction.guild_id is not None)
    await refresh_card(interaction.client, result.project, now(interaction))


# ---------------------------------------------------------------- finding projects


async def on_list(press: Press) -> None:
    interaction, page = press.interaction, press.project_id
    found = await projects(interaction).list_upcoming(scope(interaction), page)
    await interaction.response.edit_message(**render.list_card(found, now(interaction)).edit_kwargs())


async def on_show(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    view = await projects(interaction).posted_card(scope(interaction), pid)
    card = render.project_card(view, now(interaction))
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)
