"""Stand-ups, channel check-ins, the one gentle reminder, and leads whose private messages are closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import texts
from bot.scope import Scope
from tests.services.checkins.support import GUILD, LEAD, OWNER, PRIYA, SAM, World, member

MONDAY = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
DAY = "2027-03-08"
CHANNEL = 4242


async def test_stand_up_answers_reach_the_leads_summary_cleaned(world: World) -> None:
    world.clock.set(MONDAY - timedelta(days=2))
    draft = await world.service.create(
        Scope(GUILD, LEAD), kind="standup", weekdays="MO", hour=9, questions=["What did you do?", "Need help?"]
    )
    view = await world.service.start_for_members(Scope(GUILD, LEAD), draft.id, [SAM.user_id, PRIYA.user_id])
    await world.at(MONDAY + timedelta(seconds=1))
    assert await world.service.standup_questions(member(SAM), view.id, DAY) == ("What did you do?", "Need help?")
    await world.service.answer_standup(member(SAM), view.id, DAY, ["Painted @everyone [x](https://e.example)", ""])
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    (summary,) = [t for t in world.texts_to(LEAD.user_id) if "Check-in summary" in t]
    assert f"<@{SAM.user_id}> answered:" in summary
    assert "- What did you do?: Painted @everyone x (https://e.example)" in summary
    assert "Need help?:" not in summary  # an empty answer is left out
    assert "1 answers today." in summary or "1 answer" in summary


async def test_a_channel_check_in_posts_once_and_answers_stay_private(world: World) -> None:
    world.clock.set(MONDAY - timedelta(days=2))
    view = await world.service.create(Scope(GUILD, LEAD), kind="mood3", weekdays="MO", hour=9, channel_id=CHANNEL)
    assert view.state == "active"
    await world.at(MONDAY + timedelta(seconds=1))
    (post,) = world.in_channel(CHANNEL)
    assert texts.CHECKIN_QUESTION in (post.msg.content or "")
    result = await world.service.answer(member(SAM), view.id, DAY, "ok")  # anyone in the server may answer
    assert result.choice == "ok"
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    assert len(world.in_channel(CHANNEL)) == 1  # the summary never goes to that channel


async def test_one_gentle_reminder_only_when_turned_on_and_not_answered(world: World) -> None:
    await world.service.set_reminders(SAM.user_id, True)
    await world.service.set_reminders(PRIYA.user_id, True)
    world.clock.set(MONDAY - timedelta(days=2))
    checkin = await world.mood_checkin()
    await world.at(MONDAY + timedelta(seconds=1))
    await world.service.answer(member(PRIYA), checkin, DAY, "good")
    await world.at(MONDAY + timedelta(hours=2, seconds=2))
    await world.at(MONDAY + timedelta(hours=6))
    assert len([t for t in world.texts_to(SAM.user_id) if texts.CHECKIN_REMINDER_NOTE in t]) == 1
    assert not [t for t in world.texts_to(PRIYA.user_id) if texts.CHECKIN_REMINDER_NOTE in t]
    assert all("missed" not in t for t in world.texts_to(SAM.user_id))
    await world.service.set_reminders(SAM.user_id, False)
    await world.at(MONDAY + timedelta(days=7, hours=3))
    assert len([t for t in world.texts_to(SAM.user_id) if texts.CHECKIN_REMINDER_NOTE in t]) == 1


async def test_lead_with_closed_dms_means_the_owner_is_told_never_a_public_channel(world: World) -> None:
    world.clock.set(MONDAY)
    await world.service.settings(Scope(GUILD, LEAD))  # Alex is now a known lead
    world.notifier.closed_dms.add(LEAD.user_id)
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.run()
    assert world.sent_to(LEAD.user_id) == []
    (alert,) = world.texts_to(OWNER.user_id)
    assert texts.CHECKIN_ALERT_OWNER in alert
    assert all(m.via == "dm" for m in world.notifier.sent)


async def test_erasing_a_lead_takes_their_id_and_name_out_of_requests_they_took(world: World) -> None:
    world.clock.set(MONDAY)
    await world.service.settings(Scope(GUILD, LEAD))
    request = await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.run()
    await world.service.claim_help(member(LEAD, None), request.id, LEAD)
    await world.service.erase(LEAD.user_id, GUILD)
    assert await world.service.waiting(Scope(GUILD, OWNER)) == ()  # still taken, so not waiting
    exported = await world.service.export(SAM.user_id, GUILD)
    assert exported["checkin_help_requests"][0]["claimed_name"] is None
    assert exported["checkin_help_requests"][0]["state"] == "claimed"


async def test_a_crowd_pressing_at_once_gives_one_answer_each(world: World) -> None:
    import asyncio

    from bot.services.people import Actor

    crowd = tuple(Actor(user_id=1000 + i, display_name=f"M{i}") for i in range(20))
    world.clock.set(MONDAY - timedelta(days=2))
    checkin = await world.mood_checkin(crowd)
    await world.at(MONDAY + timedelta(seconds=1))
    presses = [world.service.answer(member(a), checkin, DAY, "good") for a in crowd]
    presses += [world.service.answer(member(crowd[0]), checkin, DAY, "ok") for _ in range(3)]  # one member, 4 taps
    await asyncio.gather(*presses)
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    (summary,) = [t for t in world.texts_to(LEAD.user_id) if "Check-in summary" in t]
    assert "20 answers today." in summary
