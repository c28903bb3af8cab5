"""Starting a project (the modal, the draft card, posting it) and the time picks."""

from datetime import datetime
from typing import Any

import discord

from bot import texts
from bot.errors import NotFound, StaleControl, UserError
from bot.render import projects as render
from bot.render.kept import refill
from bot.services.projects import ChangeResult, ProjectDetails
from bot.timefmt import when_text
from cogs._channel_access import cannot_post_card, missing_permissions, picked_channel
from cogs._timepicker import picker_card
from cogs.projects.common import (
    PICK_END,
    PICK_START,
    Press,
    answer_and_refresh,
    ask_time,
    now,
    projects,
    scope,
    zone,
)
from cogs.projects.organise import after_places

# ---------------------------------------------------------------- starting a project


async def on_new(press: Press) -> None:
    interaction = press.interaction
    await projects(interaction).check_can_start(scope(interaction))
    await interaction.response.send_modal(refill(render.details_modal(), interaction.message))


async def on_draft_repeat(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    choice = str(press.item.values[0])
    view = await projects(interaction).set_repeat(scope(interaction), pid, None if choice == "once" else choice)
    await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())


async def on_draft(press: Press) -> None:
    interaction, pid = press.interaction, press.project_id
    svc = projects(interaction)
    who = scope(interaction)
    if press.arg == "start":
        view = await svc.draft(who, pid)
        await ask_time(interaction, PICK_START, pid, texts.PROJECT_ASK_START.format(title=view.title))
    elif press.arg == "end":
        view = await svc.draft(who, pid)
        await ask_time(interaction, PICK_END, pid, texts.PROJECT_ASK_END.format(title=view.title))
    elif press.arg == "no-end":
        view = await svc.set_end(who, pid, None)
        await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())
    elif press.arg == "discard":
        await svc.discard_draft(who, pid)
        await interaction.response.edit_message(content=texts.PROJECT_DISCARDED, embed=None, view=None)
    elif press.arg == "post":
        await post_or_ask(interaction, pid, None)
    elif press.arg == "where":  # the menu of channels where the bot can post
        await post_or_ask(interaction, pid, picked_channel(interaction, list(getattr(press.item, "values", []))))
    elif press.arg == "back":
        view = await svc.draft(who, pid)
        await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())
    else:
        raise StaleControl()


async def post_or_ask(interaction: discord.Interaction[Any], pid: int, picked: int | None) -> None:
    """Before "Done": the bot must be able to post the card there. If not, nothing changes: ask where."""
    draft = await projects(interaction).draft(scope(interaction), pid)
    channel_id = picked or draft.channel_id or interaction.channel_id
    missing = missing_permissions(interaction, channel_id) if channel_id is not None else []
    if channel_id is not None and missing:
        ids = {"menu_id": render.cid("draft", pid, "where"), "back_id": render.cid("draft", pid, "back")}
        card = cannot_post_card(interaction, channel_id, missing, **ids)
        await interaction.response.edit_message(content=card.content, embed=None, view=card.view)
        return
    await post(interaction, pid, channel_id)


async def post(interaction: discord.Interaction[Any], pid: int, channel_id: int | None = None) -> None:
    """Publish the draft and post its card in ``channel_id`` (else where it was started)."""
    svc = projects(interaction)
    view = await svc.publish(scope(interaction), pid)
    # Answer at once (the 3 seconds), then post the card and add the link to it.
    await interaction.response.edit_message(
        content=texts.PROJECT_POSTED.format(title=view.title), embed=None, view=None
    )
    when = now(interaction)
    card = render.project_card(view, when)
    message: discord.Message | None = None
    for target in dict.fromkeys(c for c in (channel_id, view.channel_id, interaction.channel_id) if c is not None):
        try:
            message = await interaction.client.get_partial_messageable(target).send(**card.send_kwargs())
            break
        except (discord.Forbidden, discord.NotFound):
            continue  # no access to that channel: try where the project was started
    if message is None:
        raise UserError(texts.PROJECT_CANNOT_POST)
    who = scope(interaction)
    await svc.attach_card(who, pid, message.channel.id, message.id)
    posted = render.posted_reply(await svc.card(who, pid))
    await interaction.edit_original_response(content=posted.content, embed=None, view=posted.view)


async def on_modal_new(interaction: discord.Interaction[Any], values: dict[str, str]) -> None:
    details = _details(values)
    my_zone = await zone(interaction)
    view = await projects(interaction).create_draft(
        scope(interaction), details, timezone=my_zone, channel_id=interaction.channel_id
    )
    prompt = texts.PROJECT_ASK_START.format(title=view.title)
    card = picker_card(PICK_START, view.id, my_zone, now(interaction), prompt, user_id=interaction.user.id)
    await interaction.response.send_message(**card.send_kwargs(), ephemeral=True)


async def on_modal_edit(interaction: discord.Interaction[Any], pid: int, values: dict[str, str]) -> None:
    result = await projects(interaction).update_details(scope(interaction), pid, _details(values))
    reply = texts.PROJECT_DONE_DETAILS if result.changes else texts.PROJECT_KEPT
    await answer_and_refresh(interaction, result.project, reply)


async def on_modal_places(interaction: discord.Interaction[Any], pid: int, values: dict[str, str]) -> None:
    updated = await projects(interaction).set_places(scope(interaction), pid, values.get(render.IN_PLACES, ""))
    await after_places(interaction, updated)


def _details(values: dict[str, str]) -> ProjectDetails:
    return ProjectDetails.clean(
        values.get(render.IN_TITLE),
        values.get(render.IN_ABOUT),
        values.get(render.IN_WHERE),
        values.get(render.IN_LINK),
        values.get(render.IN_BRING),
    )


# ---------------------------------------------------------------- time picks


async def on_start_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    view = await projects(interaction).set_start(scope(interaction), ref, when)
    await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())


async def on_end_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    view = await projects(interaction).set_end(scope(interaction), ref, when)
    if view.state == "draft":
        await interaction.response.edit_message(**render.draft_card(view, now(interaction)).edit_kwargs())
        return
    done = texts.PROJECT_DONE_END.format(when=when_text(when, await zone(interaction), now(interaction)))
    await answer_and_refresh(interaction, view, done, edit=True)


async def on_move_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    result = await projects(interaction).move(scope(interaction), ref, when)
    await _moved(interaction, result, when)


async def on_move_one_picked(interaction: discord.Interaction[Any], ref: int, when: datetime) -> None:
    result = await projects(interaction).move_session(scope(interaction), ref, when)
    await _moved(interaction, result, when)


async def _moved(interaction: discord.Interaction[Any], result: ChangeResult, when: datetime) -> None:
    done = texts.PROJECT_DONE_MOVED.format(when=when_text(when, await zone(interaction), now(interaction)))
    await answer_and_refresh(interaction, result.project, done if result.changes else texts.PROJECT_KEPT, edit=True)


async def on_start_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    """❌ on the first start picker: the draft is dropped (nothing was posted)."""
    try:
        await projects(interaction).discard_draft(scope(interaction), ref)
    except NotFound:
        raise  # gone, or another server's: say so, never "I deleted the project"
    except UserError:
        pass  # already posted: nothing to drop
    await interaction.response.edit_message(content=texts.PROJECT_DISCARDED, embed=None, view=None)


async def on_pick_cancelled(interaction: discord.Interaction[Any], ref: int) -> None:
    await interaction.response.edit_message(content=texts.PROJECT_KEPT, embed=None, view=None)
