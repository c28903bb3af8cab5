"""Making a check-in step by step (kind, who, the picked time, the days, start) and check-ins for a project's
members (its regulars and who is coming to a session still to come, found again at each opening)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.errors import NotAllowed, NotFound, StaleControl, UserError
from bot.scope import Scope
from bot.services.checkins import rules
from bot.services.people import Actor
from bot.services.projects import ProjectDetails
from tests.services.checkins.support import GUILD, JO, LEAD, LEAD2, OTHER_GUILD, OWNER, PRIYA, SAM, World, member

THURSDAY = datetime(2027, 3, 4, 12, 0, tzinfo=UTC)
MONDAY = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)  # 9am in London (GMT)
DAY = "2027-03-08"
CHANNEL = 4242


async def project(world: World, guild_id: int = GUILD, title: str = "Art club") -> int:
    owner = Scope(guild_id, OWNER)
    details = ProjectDetails.clean(title, "We paint together.", "Room 2", "", "")
    draft = await world.projects.create_draft(owner, details, places=None, timezone="Europe/London", channel_id=77)
    start = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
    await world.projects.set_start(owner, draft.id, start)
    await world.projects.set_end(owner, draft.id, start + timedelta(hours=2))
    await world.projects.set_repeat(owner, draft.id, "weekly")
    return int((await world.projects.publish(owner, draft.id)).id)


def checkins_to(world: World, user_id: int) -> list[str]:
    return [t for t in world.texts_to(user_id) if texts.CHECKIN_QUESTION in t]


async def test_a_lead_makes_one_with_the_picked_time_and_days(world: World) -> None:
    world.clock.set(THURSDAY)
    lead = Scope(GUILD, LEAD)
    draft = await world.service.new_draft(lead, "mood5")
    assert draft.state == "draft" and not draft.has_time and not draft.has_target
    with pytest.raises(UserError) as no_time:
        await world.service.start(lead, draft.id)
    assert no_time.value.message == texts.CHECKIN_PICK_TIME_FIRST
    view = await world.service.set_target(lead, draft.id, members=[SAM.user_id, PRIYA.user_id])
    assert view.members == (SAM.user_id, PRIYA.user_id)
    with pytest.raises(UserError):
        await world.service.set_first_time(lead, draft.id, THURSDAY - timedelta(hours=1))  # gone by
    view = await world.service.set_first_time(lead, draft.id, MONDAY)
    assert (view.weekdays, view.hour, view.minute) == ("MO", 9, 0)  # the picked day starts the repeat
    view = await world.service.set_days(lead, draft.id, ["TH", "MO"])
    assert view.weekdays == "MO,TH"
    assert (await world.service.toggle(lead, draft.id, "zone")).member_zone
    assert await world.rows(rules.OPEN) == []  # nothing is scheduled before Start
    started = await world.service.start(lead, draft.id)
    assert started.state == "active" and started.next_at == MONDAY
    assert len(await world.rows(rules.OPEN)) == 2  # one series per member
    await world.at(MONDAY + timedelta(seconds=1))
    assert len(checkins_to(world, SAM.user_id)) == 1
    with pytest.raises(UserError):
        await world.service.set_days(lead, draft.id, ["TU"])  # started: no longer a draft


async def test_drafts_are_only_their_makers_and_only_leads_make_them(world: World) -> None:
    with pytest.raises(NotAllowed):
        await world.service.new_draft(Scope(GUILD, SAM), "mood3")
    draft = await world.service.new_draft(Scope(GUILD, LEAD), "mood3")
    with pytest.raises(NotFound):
        await world.service.set_days(Scope(GUILD, LEAD2), draft.id, ["MO"])  # another lead's draft
    with pytest.raises(NotFound):
        manager_there = Actor(user_id=LEAD.user_id, can_manage_server=True, display_name="Alex")
        await world.service.set_target(Scope(OTHER_GUILD, manager_there), draft.id, members=[SAM.user_id])
    with pytest.raises(UserError):
        await world.service.set_days(Scope(GUILD, LEAD), draft.id, ["XX"])
    with pytest.raises(UserError):
        await world.service.set_target(Scope(GUILD, LEAD), draft.id, members=[])
    with pytest.raises(UserError):
        await world.service.toggle(Scope(GUILD, LEAD), draft.id, "volume")
    assert not (await world.service.toggle(Scope(GUILD, LEAD), draft.id, "share")).share_answers  # moods never
    await world.service.discard(Scope(GUILD, LEAD), draft.id)
    with pytest.raises(NotFound):
        await world.service.draft(Scope(GUILD, LEAD), draft.id)


async def test_hostile_stand_up_questions_are_cleaned_or_refused(world: World) -> None:
    lead = Scope(GUILD, LEAD)
    view = await world.service.new_draft(
        lead, "standup", ["@everyone **Hi** [site](https://e.example)\u200b\u202e", "", "🎨 What did you paint?"]
    )
    # Stored as typed without hidden characters; every message shows it through public_text (no pings).
    assert view.questions == ("@everyone **Hi** [site](https://e.example)", "🎨 What did you paint?")
    with pytest.raises(UserError):
        await world.service.new_draft(lead, "standup", ["", None, "   "])
    with pytest.raises(UserError):
        await world.service.new_draft(lead, "standup", ["x" * (rules.QUESTION_LIMIT + 1)])


async def test_a_project_check_in_reaches_the_projects_members_found_at_each_opening(world: World) -> None:
    world.clock.set(THURSDAY)
    art = await project(world)
    await world.projects.join(Scope(GUILD, SAM), art)
    await world.projects.join(Scope(GUILD, PRIYA), art, every=True)  # a regular
    lead = Scope(GUILD, LEAD)
    assert [c.name for c in await world.service.project_choices(lead)] == ["Art club"]
    draft = await world.service.new_draft(lead, "mood3")
    view = await world.service.set_target(lead, draft.id, project_id=art)
    assert view.project_id == art and view.project_title == "Art club" and not view.member_zone
    assert (await world.service.toggle(lead, draft.id, "zone")).member_zone is False  # one series, server time
    await world.service.set_first_time(lead, draft.id, MONDAY)
    await world.service.start(lead, draft.id)
    (series,) = await world.rows(rules.OPEN)
    assert series.payload == {"project_id": art}

    await world.at(MONDAY + timedelta(seconds=1))
    assert len(checkins_to(world, SAM.user_id)) == 1 and len(checkins_to(world, PRIYA.user_id)) == 1
    assert checkins_to(world, JO.user_id) == []
    await world.service.answer(member(SAM), draft.id, DAY, "good")
    with pytest.raises(NotFound):
        await world.service.answer(member(JO), draft.id, DAY, "good")  # not a member of the project

    world.clock.set(MONDAY + timedelta(days=3))  # Thursday, after Wednesday's session
    await world.projects.join(Scope(GUILD, JO), art)  # joins the next session: gets the next check-in
    await world.at(MONDAY + timedelta(days=7, seconds=1))
    assert len(checkins_to(world, JO.user_id)) == 1 and len(checkins_to(world, PRIYA.user_id)) == 2
    assert all(m.via == "dm" for m in world.notifier.sent if texts.CHECKIN_QUESTION in (m.msg.content or ""))


async def test_another_servers_project_cannot_be_chosen(world: World) -> None:
    world.clock.set(THURSDAY)
    theirs = await project(world, OTHER_GUILD, "Their club")
    draft = await world.service.new_draft(Scope(GUILD, LEAD), "mood3")
    with pytest.raises(NotFound):
        await world.service.set_target(Scope(GUILD, LEAD), draft.id, project_id=theirs)
    with pytest.raises(NotFound):
        await world.service.create(Scope(GUILD, LEAD), kind="mood3", weekdays="MO", hour=9, project_id=theirs)
    assert await world.service.project_choices(Scope(GUILD, LEAD)) == ()


async def test_the_lead_chooses_when_the_summary_comes(world: World) -> None:
    world.clock.set(THURSDAY)
    lead = Scope(GUILD, LEAD)
    draft = await world.service.new_draft(lead, "mood3")
    await world.service.set_target(lead, draft.id, members=[SAM.user_id])
    assert (await world.service.set_summary(lead, draft.id, 360)).summary_after_minutes == 360
    with pytest.raises(StaleControl):  # only one of its choices (a menu), never a made-up number
        await world.service.set_summary(lead, draft.id, 7)
    await world.service.set_first_time(lead, draft.id, MONDAY)
    await world.service.start(lead, draft.id)
    (summary,) = await world.rows(rules.SUMMARY)
    assert summary.due_at == MONDAY + timedelta(hours=6)


async def test_a_draft_never_started_is_dropped_when_its_maker_starts_another_a_day_later(world: World) -> None:
    lead = Scope(GUILD, LEAD)
    world.clock.set(THURSDAY)
    old = await world.service.new_draft(lead, "mood3")
    await world.service.set_target(lead, old.id, members=[SAM.user_id])
    other_lead = await world.service.new_draft(Scope(GUILD, LEAD2), "mood3")
    world.clock.set(THURSDAY + timedelta(hours=2))
    recent = await world.service.new_draft(lead, "mood3")
    world.clock.set(THURSDAY + timedelta(days=1, hours=1))
    await world.service.new_draft(lead, "mood5")
    with pytest.raises(NotFound):
        await world.service.draft(lead, old.id)
    assert (await world.service.draft(lead, recent.id)).state == "draft"  # less than a day old
    assert (await world.service.draft(Scope(GUILD, LEAD2), other_lead.id)).state == "draft"  # not theirs
