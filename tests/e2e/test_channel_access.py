"""A channel the bot cannot post in, before "Done" (issue 15): /project new and /remind change nothing, say
which permission is missing, and offer a menu of the channels where the bot can post, plus Back."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.scope import system_scope
from sandbox import Sandbox
from sandbox.channel_access import deny_bot
from sandbox.permissions import EMBED_LINKS, SEND_MESSAGES
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, THURSDAY, pick_day_and_time


def cannot_post(channel_id: int, *missing: str) -> str:
    return texts.CHANNEL_CANNOT_POST.format(channel=f"<#{channel_id}>", missing=", ".join(missing))


async def draft_project(sb: Sandbox, who: str, title: str) -> object:
    member = sb.member(who)
    seen = await member.slash("project new", channel="projects")
    picker = await member.submit_modal(
        {
            texts.PROJECT_INPUT_TITLE: title,
            texts.PROJECT_INPUT_ABOUT: "We watch a film.",
            texts.PROJECT_INPUT_WHERE: "Room 2",
        }
    )
    assert seen.modal is not None
    return await pick_day_and_time(sb, who, picker, THURSDAY, "6pm")


async def test_project_post_where_the_bot_cannot_post_changes_nothing_and_offers_channels(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(NOW)
    projects, general = sandbox.channel("projects"), sandbox.channel("general")
    deny_bot(sandbox, projects, SEND_MESSAGES | EMBED_LINKS)
    sam = sandbox.member("Sam")
    draft = await draft_project(sandbox, "Sam", "Film club")

    refused = await sam.click(draft, texts.PROJECT_BUTTON_POST)
    assert cannot_post(projects.id, "Send Messages", "Embed Links") in refused.text
    assert texts.CHANNEL_NOTHING_CHANGED in refused.text
    assert texts.PROJECT_POSTED.format(title="Film club") not in refused.text
    assert not [m for m in projects.messages if m.embeds], "no card was posted"
    scope = system_scope(sandbox.guild().id)
    assert not (await connect.services.projects.list_upcoming(scope, 0, 25)).items, "still a draft"
    [menu] = refused.selects
    labels = {o.label for o in menu.options}
    assert "#general" in labels and "#projects" not in labels, "only channels where the bot can post"
    assert texts.CHANNEL_BACK in {b.label for b in refused.buttons}

    # Back: the draft card again, as it was.
    back = await sam.click(refused, texts.CHANNEL_BACK)
    assert texts.PROJECT_DRAFT_TITLE in back.text
    refused = await sam.click(back, texts.PROJECT_BUTTON_POST)

    # The menu is answered later, when the bot may no longer post in #general: checked again, refused.
    deny_bot(sandbox, general, SEND_MESSAGES)
    stale = await sam.select(refused, ["#general"], placeholder=texts.CHANNEL_MENU)
    assert texts.CHANNEL_PICK_OTHER in stale.text
    assert not [m for m in general.messages if m.embeds]

    celebrations = sandbox.channel("celebrations")
    posted = await sam.select(refused, ["#celebrations"], placeholder=texts.CHANNEL_MENU)
    card = await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: bool(m.embeds) and m.embeds[0].get("title") == "Film club"
    )
    assert card.channel_id == celebrations.id
    assert posted.message is not None
    done = await sandbox.wait_for_message(
        channel="projects", predicate=lambda m: m is posted.message and bool(m.buttons)
    )
    assert done.content == texts.PROJECT_POSTED.format(title="Film club")


async def reminder_rows(connect: Connect) -> list[object]:
    import sqlalchemy as sa

    from db.models import Reminder

    async with connect.services.db.transaction() as session:
        return list((await session.scalars(sa.select(Reminder))).all())


async def test_remind_a_channel_where_the_bot_cannot_post_saves_nothing_then_the_menu_goes_on(
    connect: Connect, sandbox: Sandbox
) -> None:
    general, projects = sandbox.channel("general"), sandbox.channel("projects")
    deny_bot(sandbox, general, SEND_MESSAGES)
    sam = sandbox.member("Sam")
    refused = await sam.slash("remind", channel="general", what="bring the cake", when="in 1 hour", where="channel")
    assert refused.ephemeral
    assert cannot_post(general.id, "Send Messages", "Embed Links") in refused.text  # Discord: no sending, no embeds
    assert texts.CHANNEL_NOTHING_CHANGED in refused.text
    assert "Done" not in refused.text
    rows = await reminder_rows(connect)
    assert [getattr(r, "state", "") for r in rows] == ["draft"], "nothing starts: what was typed waits in a draft"
    [menu] = refused.selects
    assert "#general" not in {o.label for o in menu.options}

    # Picking a channel keeps everything typed (the text and "in 1 hour"): no typing again.
    seen = await sam.select(refused, ["#projects"], placeholder=texts.CHANNEL_MENU)
    assert seen.modal is None
    assert "✅ Done." in seen.text and projects.mention in seen.text, seen.text
    assert "bring the cake" in seen.text
    [row] = [r for r in await reminder_rows(connect) if getattr(r, "state", "") == "active"]
    assert getattr(row, "channel_id", None) == projects.id


async def test_remind_with_buttons_checks_the_channel_and_back_returns_to_the_draft(
    connect: Connect, sandbox: Sandbox
) -> None:
    general, projects = sandbox.channel("general"), sandbox.channel("projects")
    deny_bot(sandbox, general, SEND_MESSAGES | EMBED_LINKS)
    sam = sandbox.member("Sam")
    seen = await sam.slash("remind", channel="general")
    assert seen.modal is not None
    draft = await sam.submit_modal({texts.REMIND_MODAL_LABEL: "tidy the room"})
    refused = await sam.select(draft, [texts.REMIND_WHERE_CHANNEL], placeholder=texts.REMIND_WHERE_MENU)
    assert cannot_post(general.id, "Send Messages", "Embed Links") in refused.text
    back = await sam.click(refused, texts.CHANNEL_BACK)
    [where] = [m for m in back.selects if m.placeholder == texts.REMIND_WHERE_MENU]
    assert texts.REMIND_WHERE_CHANNEL in where.labels
    refused = await sam.select(back, [texts.REMIND_WHERE_CHANNEL], placeholder=texts.REMIND_WHERE_MENU)
    picker = await sam.select(refused, ["#projects"], placeholder=texts.CHANNEL_MENU)
    done = await sam.click(picker, texts.TIMEPICK_IN_ONE_HOUR)
    assert "✅ Done." in done.text and projects.mention in done.text, done.text
    await connect.later(timedelta(minutes=59))
    await connect.later(timedelta(minutes=32))  # "In 1 hour" is rounded to the next half hour
    posted = [m for m in projects.messages if "tidy the room" in m.text]
    assert len(posted) == 1
    assert not [m for m in general.messages if "tidy the room" in m.text]
