"""Openings: each member's own 9am across clock changes, away, pause, stop, and who may make check-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.errors import NotAllowed, UserError
from bot.scope import PersonalScope, Scope
from tests.services.checkins.support import GUILD, LEAD, OTHER_GUILD, PRIYA, SAM, World


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


def openings(world: World, actor_id: int) -> list[str]:
    return [t for t in world.texts_to(actor_id) if texts.CHECKIN_QUESTION in t]


async def test_each_members_own_9am_across_both_clock_changes(world: World) -> None:
    # New York moves on 14 March 2027, London on 28 March: 9am moves in UTC at different weeks.
    await world.settings.set_member_timezone(PersonalScope(PRIYA.user_id), "America/New_York")
    world.clock.set(at(3, 4, 12))
    await world.mood_checkin(member_zone=True)
    expected = [
        (at(3, 8, 9), SAM),
        (at(3, 8, 14), PRIYA),  # GMT, EST
        (at(3, 15, 9), SAM),
        (at(3, 15, 13), PRIYA),  # GMT, EDT
        (at(3, 29, 8), SAM),
        (at(3, 29, 13), PRIYA),  # BST, EDT
    ]
    for due, who in expected:
        before = len(openings(world, who.user_id))
        await world.at(due - timedelta(minutes=1))
        assert len(openings(world, who.user_id)) == before, f"early at {due}"
        await world.at(due + timedelta(seconds=1))
        assert len(openings(world, who.user_id)) == before + 1, f"not at {due}"
    assert len(openings(world, SAM.user_id)) == 3 and len(openings(world, PRIYA.user_id)) == 3


async def test_server_zone_check_in_follows_london(world: World) -> None:
    world.clock.set(at(10, 21, 12))
    await world.mood_checkin()
    await world.at(at(10, 25, 8, 1))  # 9am BST
    await world.at(at(11, 1, 9, 1))  # 9am GMT
    assert len(openings(world, SAM.user_id)) == 2
    assert len(openings(world, PRIYA.user_id)) == 2


async def test_away_member_gets_nothing_until_back(world: World) -> None:
    world.clock.set(at(3, 4, 12))
    await world.mood_checkin()
    await world.quiet.set_away(PersonalScope(SAM.user_id), at(3, 10, 0))
    await world.at(at(3, 8, 9, 1))
    assert openings(world, SAM.user_id) == [] and len(openings(world, PRIYA.user_id)) == 1
    await world.at(at(3, 15, 9, 1))
    assert len(openings(world, SAM.user_id)) == 1


async def test_pause_until_a_day_then_it_comes_again(world: World) -> None:
    world.clock.set(at(3, 4, 12))
    checkin = await world.mood_checkin()
    with pytest.raises(UserError):
        await world.service.pause(Scope(GUILD, LEAD), checkin, at(3, 1, 0))  # in the past
    await world.service.pause(Scope(GUILD, LEAD), checkin, at(3, 10, 0))
    await world.at(at(3, 8, 9, 1))
    await world.at(at(3, 8, 12, 1))  # the summary of a paused day is not sent either
    assert world.notifier.sent == []
    await world.at(at(3, 15, 9, 1))
    assert len(openings(world, SAM.user_id)) == 1


async def test_stop_cancels_every_opening_and_summary(world: World) -> None:
    world.clock.set(at(3, 4, 12))
    checkin = await world.mood_checkin()
    await world.service.stop(Scope(GUILD, LEAD), checkin)
    await world.at(at(3, 8, 13))
    assert world.notifier.sent == []
    assert {r.state for r in await world.rows("checkin_open")} == {"cancelled"}
    assert await world.service.list_for_leads(Scope(GUILD, LEAD)) == ()


async def test_only_leads_make_check_ins_and_bad_input_changes_nothing(world: World) -> None:
    with pytest.raises(NotAllowed):
        await world.service.create(Scope(GUILD, SAM), kind="mood3", weekdays="MO", hour=9)
    with pytest.raises(NotAllowed):  # a lead of another server is not a lead here
        await world.service.create(Scope(OTHER_GUILD, LEAD), kind="mood3", weekdays="MO", hour=9)
    with pytest.raises(UserError):
        await world.service.create(
            Scope(GUILD, LEAD), kind="standup", weekdays="MO", hour=9, questions=["  ", "\u200b"]
        )
    with pytest.raises(UserError):
        await world.service.create(Scope(GUILD, LEAD), kind="standup", weekdays="MO", hour=9, questions=["x" * 201])
    with pytest.raises(UserError):
        await world.service.create(Scope(GUILD, LEAD), kind="mood3", weekdays="XX", hour=9)
    draft = await world.service.create(Scope(GUILD, LEAD), kind="mood3", weekdays="MO", hour=9)
    with pytest.raises(UserError):
        await world.service.start_for_members(Scope(GUILD, LEAD), draft.id, [])
    with pytest.raises(UserError):  # another server's id answers like a missing one
        await world.service.start_for_members(Scope(OTHER_GUILD, LEAD), draft.id, [SAM.user_id])
    assert await world.rows() == []


async def test_hostile_stand_up_questions_are_cleaned_and_never_ping(world: World) -> None:
    world.clock.set(at(3, 4, 12))
    draft = await world.service.create(
        Scope(GUILD, LEAD),
        kind="standup",
        weekdays="MO",
        hour=9,
        questions=["@everyone what [did you do](https://evil.example)?\u200b\u202e", None, "😀 next?"],
    )
    view = await world.service.start_for_members(Scope(GUILD, LEAD), draft.id, [SAM.user_id])
    assert view.questions[0] == "@everyone what [did you do](https://evil.example)?"
    await world.at(at(3, 8, 9, 1))
    (sent,) = world.sent_to(SAM.user_id)
    assert "(https://evil.example)" in (sent.msg.content or "") and "](" not in (sent.msg.content or "")
    assert sent.msg.mention_user_ids == frozenset() and sent.msg.mention_role_ids == frozenset()
