"""Stand-ups with "share answers in the channel": each member chooses; nothing is shared unless they do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.errors import UserError
from bot.notifier import allowed_mentions
from bot.scope import Scope
from bot.services.checkins import rules
from tests.services.checkins.support import GUILD, LEAD, OWNER, PRIYA, SAM, World, member

MONDAY = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
DAY = "2027-03-08"
CHANNEL = 4242
CHECKINS_CHANNEL = 4343
QUESTIONS = ["What did you do?", "What next?"]


async def standup(world: World, *, share: bool, channel_id: int | None = CHANNEL) -> int:
    world.clock.set(MONDAY - timedelta(days=2))
    view = await world.service.create(
        Scope(GUILD, LEAD),
        kind="standup",
        weekdays="MO",
        hour=9,
        channel_id=channel_id,
        questions=list(QUESTIONS),
        share_answers=share,
    )
    if channel_id is None:
        view = await world.service.start_for_members(Scope(GUILD, LEAD), view.id, [SAM.user_id, PRIYA.user_id])
    await world.at(MONDAY + timedelta(seconds=1))
    return view.id


def shared_posts(world: World, channel_id: int = CHANNEL) -> list[str]:
    return [
        m.msg.content or "" for m in world.in_channel(channel_id) if "shared their stand-up" in (m.msg.content or "")
    ]


async def test_a_member_who_chooses_to_share_has_their_answers_posted_once_without_a_ping(world: World) -> None:
    checkin = await standup(world, share=True)
    (post,) = world.in_channel(CHANNEL)
    assert texts.CHECKIN_SHARE_NOTE in (post.msg.content or "")
    result = await world.service.answer_standup(member(SAM), checkin, DAY, ["Painted @everyone", ""])
    assert result.can_share
    priya = await world.service.answer_standup(member(PRIYA), checkin, DAY, ["Gardening", "Rest"])
    assert priya.can_share
    assert await world.service.share_standup(member(SAM), checkin, DAY) == CHANNEL
    await world.run()
    (shared,) = shared_posts(world)
    assert shared.splitlines()[0] == texts.CHECKIN_SHARED_POST.format(member=f"<@{SAM.user_id}>")
    assert "- What did you do?: Painted @everyone" in shared and "What next?" not in shared  # empty: left out
    (sent,) = [m for m in world.in_channel(CHANNEL) if "shared their stand-up" in (m.msg.content or "")]
    pings = allowed_mentions(sent.msg)
    assert (pings.everyone, pings.users, pings.roles) == (False, False, False)  # names, never pings
    assert "Gardening" not in "\n".join(m.msg.content or "" for m in world.notifier.sent)  # Priya kept hers
    with pytest.raises(UserError) as again:
        await world.service.share_standup(member(SAM), checkin, DAY)
    assert again.value.message == texts.CHECKIN_SHARED_ALREADY
    # New answers the same day may be shared again, by a new choice.
    await world.service.answer_standup(member(SAM), checkin, DAY, ["Painted a tree", "Lunch"])
    await world.service.share_standup(member(SAM), checkin, DAY)
    await world.run()
    assert len(shared_posts(world)) == 2 and "Painted a tree" in shared_posts(world)[1]


async def test_without_the_leads_choice_nothing_can_be_shared(world: World) -> None:
    checkin = await standup(world, share=False)
    result = await world.service.answer_standup(member(SAM), checkin, DAY, ["Painted", ""])
    assert not result.can_share
    with pytest.raises(UserError) as off:
        await world.service.share_standup(member(SAM), checkin, DAY)
    assert off.value.message == texts.CHECKIN_SHARE_OFF
    await world.run()
    assert shared_posts(world) == [] and await world.rows(rules.SHARE) == []


async def test_moods_are_never_shared(world: World) -> None:
    world.clock.set(MONDAY - timedelta(days=2))
    view = await world.service.create(
        Scope(GUILD, LEAD), kind="mood3", weekdays="MO", hour=9, channel_id=CHANNEL, share_answers=True
    )
    assert not view.share_answers
    await world.at(MONDAY + timedelta(seconds=1))
    await world.service.answer(member(SAM), view.id, DAY, "good")
    with pytest.raises(UserError):
        await world.service.share_standup(member(SAM), view.id, DAY)


async def test_dm_stand_ups_share_in_the_check_ins_channel_and_need_one(world: World) -> None:
    lead = Scope(GUILD, LEAD)
    world.clock.set(MONDAY - timedelta(days=2))
    draft = await world.service.new_draft(lead, "standup", list(QUESTIONS))
    await world.service.set_target(lead, draft.id, members=[SAM.user_id])
    await world.service.set_first_time(lead, draft.id, MONDAY)
    assert (await world.service.toggle(lead, draft.id, "share")).share_answers
    with pytest.raises(UserError) as refused:
        await world.service.start(lead, draft.id)
    assert refused.value.message == texts.CHECKIN_SHARE_NEEDS_CHANNEL
    await world.service.change_settings(Scope(GUILD, OWNER), "checkins_channel", CHECKINS_CHANNEL)
    await world.service.start(lead, draft.id)
    await world.at(MONDAY + timedelta(seconds=1))
    with pytest.raises(UserError) as nothing:
        await world.service.share_standup(member(SAM), draft.id, DAY)  # nothing answered yet
    assert nothing.value.message == texts.CHECKIN_SHARE_NOTHING
    await world.service.answer_standup(member(SAM), draft.id, DAY, ["Baked bread", ""])
    assert await world.service.share_standup(member(SAM), draft.id, DAY) == CHECKINS_CHANNEL
    await world.run()
    assert len(shared_posts(world, CHECKINS_CHANNEL)) == 1


async def test_answers_erased_before_the_post_are_not_posted(world: World) -> None:
    checkin = await standup(world, share=True)
    await world.service.answer_standup(member(SAM), checkin, DAY, ["Painted", ""])
    await world.service.share_standup(member(SAM), checkin, DAY)
    await world.service.erase(SAM.user_id, GUILD)
    await world.run()
    assert shared_posts(world) == []
