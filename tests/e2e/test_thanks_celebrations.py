"""Automatic celebrations end to end. A repeating project's 10th session: the real scheduler's roll at each
session's start tells the thank-yous feature, which posts one celebration for the group and one for the
member who said yes in /me thanks (pinged: they are the subject), none for the member who did not, and
nothing twice. All tasks of a project done: nothing is posted once a lead turned that switch off (the tasks
e2e test sees the post with the switch on)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import texts
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.projects import ProjectDetails
from sandbox import Message, Sandbox
from tests.e2e.conftest import Connect
from tests.e2e.test_projects import NOW, start_project
from tests.e2e.test_tasks import add_task, card_shows, open_task
from tests.e2e.test_thanks import set_channel

# Wednesday 6 January 2027, 6pm in London (GMT); ten weeks later is still before the clocks change.
START = datetime(2027, 1, 6, 18, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def sessions_posts(sb: Sandbox) -> list[Message]:
    group = texts.THANKS_SESSIONS.split("{")[0]
    own = texts.THANKS_MEMBER_SESSIONS.split("{name}")[1].split("{")[0]
    return [m for m in sb.channel("celebrations").messages if group in m.text or own in m.text]


async def test_the_10th_session_is_celebrated_once_and_a_member_only_with_consent(
    connect: Connect, sandbox: Sandbox
) -> None:
    connect.clock.set(START - timedelta(days=1))
    await set_channel(sandbox)
    # Priya says yes to celebrations about her in /me thanks; Jordan does not (off by default).
    priya_me = sandbox.member("Priya")
    mine = await priya_me.slash("me thanks", channel="general")
    saved = await priya_me.click(mine, texts.THANKS_ME_TOGGLE_MILESTONES)
    assert texts.THANKS_ME_MILESTONES_YES in saved.text

    svc = connect.services.projects
    guild = sandbox.guild()
    sam, priya, jordan = (sandbox.user(n).id for n in ("Sam", "Priya", "Jordan"))
    owner = Scope(guild.id, Actor(sam))
    details = ProjectDetails.clean("Film club", "We watch a film.", "Room 2", "", "")
    draft = await svc.create_draft(
        owner, details, places=None, timezone="Europe/London", channel_id=sandbox.channel("projects").id
    )
    await svc.set_start(owner, draft.id, START)
    await svc.set_repeat(owner, draft.id, "weekly")
    await svc.publish(owner, draft.id)
    for uid in (priya, jordan):
        await svc.answer(Scope(guild.id, Actor(uid)), draft.id, "going", every=True)

    for number in range(1, 10):
        await connect.later(START + (number - 1) * WEEK + timedelta(minutes=1) - connect.clock.now())
        await connect.run_due()  # a celebration row is made by the roll's event, due at once
    assert sessions_posts(sandbox) == []

    await connect.later(START + 9 * WEEK + timedelta(minutes=1) - connect.clock.now())
    await connect.run_due()
    group = await sandbox.wait_for_message(
        channel="celebrations",
        predicate=lambda m: texts.THANKS_SESSIONS.format(title="Film club", number=10) in m.text,
    )
    assert not group.pinged
    own = await sandbox.wait_for_message(
        channel="celebrations",
        predicate=lambda m: texts.THANKS_MEMBER_SESSIONS.format(name=f"<@{priya}>", number=10) in m.text,
    )
    assert own.pinged == {priya}
    await connect.later(timedelta(minutes=5))
    assert len(sessions_posts(sandbox)) == 2  # never twice; nothing about Jordan
    assert all(f"<@{jordan}>" not in m.text for m in sessions_posts(sandbox))
    # Its "🎉 Say thank you" thanks everyone who came: Jordan thanks the group from it.
    box = await sandbox.member("Jordan").click(group, texts.THANKS_BUTTON_SAY)
    assert box.modal is not None
    assert box.modal.fields[0].value == texts.THANKS_REASON_FOR_PROJECT.format(title="Film club")
    await sandbox.member("Jordan").submit_modal({})
    card = await sandbox.wait_for_message(
        channel="celebrations", predicate=lambda m: f"<@{jordan}> says thank you to" in m.text
    )
    assert f"<@{priya}>" in card.text and priya in card.pinged


async def test_all_tasks_done_posts_nothing_when_a_lead_turned_it_off(connect: Connect, sandbox: Sandbox) -> None:
    connect.clock.set(NOW)
    owner = sandbox.member("Morgan")
    setup = await owner.slash("setup", channel="general")
    panel = await owner.click(setup, texts.THANKS_SETTINGS_BUTTON)
    panel = await owner.click(panel, texts.THANKS_SETTINGS_OPEN_CELEBRATIONS)
    turned = await owner.click(panel, texts.THANKS_SETTINGS_TOGGLE_TASKS)
    off = texts.THANKS_SETTINGS_SAVED.format(what=texts.THANKS_SETTINGS_TASKS, value=texts.THANKS_SETTINGS_OFF)
    assert off in turned.text
    back = await owner.click(turned, texts.THANKS_SETTINGS_BACK)  # the first page again, not a dead end
    assert texts.THANKS_SETTINGS_OPEN_NEWS in [b.label for b in back.buttons]

    project_card = await start_project(sandbox, "Sam", "Film club")
    sam = sandbox.member("Sam")
    more = await sam.click(project_card, texts.PROJECT_BUTTON_MORE)
    tasks = await sam.click(more, texts.TASK_BUTTON_TASKS)
    await add_task(sandbox, tasks, "Book the room")
    await card_shows(sandbox, "Book the room", texts.TASK_LIST_PROGRESS.format(done=0, total=1))
    await sam.click(await open_task(sandbox, "Sam", "Book the room"), texts.TASK_BUTTON_CLAIM)
    done = await sam.click(await open_task(sandbox, "Sam", "Book the room"), texts.TASK_BUTTON_DONE)
    assert texts.TASK_DONE_REPLY.format(title="Book the room") in done.text
    await card_shows(sandbox, texts.TASK_LIST_PROGRESS.format(done=1, total=1))
    await connect.later(timedelta(minutes=5))
    posted = [m for m in sandbox.world.messages.values() if "🎉 All the tasks" in m.text]
    assert posted == []
