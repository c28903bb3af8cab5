"""Answers, the leads' summary, help requests (routing, the first lead, re-alert, the owner), retention, my data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import texts
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import PersonalScope, Scope
from bot.services.people import Actor
from tests.services.checkins.support import (
    GUILD,
    JO,
    LEAD,
    LEAD2,
    LEADS_CHANNEL,
    OTHER_GUILD,
    OWNER,
    PRIYA,
    SAM,
    World,
    make_world,
    member,
)

MONDAY = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
DAY = "2027-03-08"


async def opened(world: World, members: tuple[Actor, ...] = (SAM, PRIYA, JO)) -> int:
    world.clock.set(MONDAY - timedelta(days=4))
    checkin = await world.mood_checkin(members)
    await world.at(MONDAY + timedelta(seconds=1))
    return checkin


def summaries(world: World) -> list[str]:
    return [m.msg.content or "" for m in world.notifier.sent if "Check-in summary" in (m.msg.content or "")]


async def test_one_tap_answers_change_that_day_and_summary_has_counts_not_names(world: World) -> None:
    checkin = await opened(world)
    first = await world.service.answer(member(SAM), checkin, DAY, "good")
    assert first.first_time
    again = await world.service.answer(member(SAM), checkin, DAY, "notgood")  # changed the same day
    assert not again.first_time
    await world.service.answer(member(PRIYA), checkin, DAY, "notgood")
    await world.service.skip(member(JO), checkin, DAY)
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    (summary,) = summaries(world)
    assert "😟 Not good: 2" in summary and "😊 Good: 0" in summary and "😐 OK: 0" in summary
    assert "2 answers today." in summary  # a skip is never counted, nor shown
    for actor in (SAM, PRIYA, JO):
        assert str(actor.user_id) not in summary and actor.display_name not in summary
    (sent,) = [m for m in world.notifier.sent if "Check-in summary" in (m.msg.content or "")]
    assert (sent.via, sent.user_id) == ("dm", LEAD.user_id)  # the lead who made it; nobody else


async def test_summary_goes_to_the_private_leads_channel_when_chosen(world: World) -> None:
    await world.service.change_settings(Scope(GUILD, LEAD), "leads_channel", LEADS_CHANNEL)
    await opened(world)
    await world.at(MONDAY + timedelta(hours=3, seconds=1))
    assert [m.via for m in world.notifier.sent if "Check-in summary" in (m.msg.content or "")] == ["channel"]
    assert len(world.in_channel(LEADS_CHANNEL)) == 1


async def test_old_buttons_other_servers_and_strangers_change_nothing(world: World) -> None:
    checkin = await opened(world, (SAM, PRIYA))
    with pytest.raises(NotFound):
        await world.service.answer(member(SAM, OTHER_GUILD), checkin, DAY, "good")
    with pytest.raises(NotFound):
        await world.service.answer(member(JO), checkin, DAY, "good")  # not one of its members
    with pytest.raises(UserError):
        await world.service.answer(member(SAM), checkin, DAY, "furious")  # not on the scale
    world.clock.set(MONDAY + timedelta(days=1))
    with pytest.raises(UserError) as closed:
        await world.service.answer(member(SAM), checkin, DAY, "good")
    assert closed.value.message == texts.CHECKIN_CLOSED
    assert await world.service.export(SAM.user_id, GUILD) == {
        "checkin_answers": [],
        "checkin_help_requests": [],
        "checkin_members": [{"checkin_id": checkin}],
        "checkin_member_prefs": [],
    }


async def test_help_goes_to_every_known_lead_at_once_first_press_wins_member_hears_the_name(world: World) -> None:
    checkin = await opened(world)
    await world.service.set_alert_leads(Scope(GUILD, LEAD), [LEAD2, SAM])  # Sam is not a lead: refused
    await world.quiet.set(PersonalScope(LEAD.user_id), 0, 23 * 60)  # quiet hours do not hold help alerts
    request = await world.service.request_help(
        member(PRIYA), user_name="Priya", wanted_id=LEAD2.user_id, soon="today", checkin_id=checkin, from_dm=True
    )
    await world.run()
    for lead in (LEAD, LEAD2):
        (alert,) = [t for t in world.texts_to(lead.user_id) if "would like to talk" in t]
        assert "Priya" in alert and "They would like to talk to Kim." in alert
    assert world.sent_to(SAM.user_id) == [] or all("talk" not in t for t in world.texts_to(SAM.user_id))
    with pytest.raises(NotAllowed):
        await world.service.claim_help(member(SAM, None), request.id, SAM)
    won = await world.service.claim_help(member(LEAD2, None), request.id, LEAD2)
    lost = await world.service.claim_help(member(LEAD, None), request.id, LEAD)
    assert won.won and not lost.won and lost.request.claimed_name == "Kim"
    await world.run()
    assert [t for t in world.texts_to(PRIYA.user_id) if "will talk to you" in t] == [
        f"{texts.CHECKIN_HELP_NAMED.format(lead='Kim')}\n{texts.CHECKIN_HELP_NAMED_SOON['today']}"
    ]
    world.clock.advance(timedelta(hours=5))
    await world.run()  # claimed: no re-alert
    assert not [t for t in world.texts_to(LEAD.user_id) if "Still waiting" in t]
    assert all(m.via == "dm" for m in world.notifier.sent)  # nothing in any channel


async def test_unclaimed_help_is_sent_again_once_and_waits_in_the_leads_view(world: World) -> None:
    await opened(world)
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="week")
    await world.run()
    world.clock.advance(timedelta(hours=4, seconds=1))
    await world.run()
    world.clock.advance(timedelta(hours=8))
    await world.run()
    assert len([t for t in world.texts_to(LEAD.user_id) if "Still waiting: Sam" in t]) == 1
    (waiting,) = await world.service.waiting(Scope(GUILD, LEAD))
    assert waiting.user_name == "Sam"
    with pytest.raises(NotAllowed):
        await world.service.waiting(Scope(GUILD, SAM))


async def test_with_no_lead_reachable_the_owner_is_told_and_can_answer(world: World) -> None:
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.run()
    (alert,) = world.texts_to(OWNER.user_id)
    assert texts.CHECKIN_ALERT_OWNER in alert and "Sam" in alert
    request = (await world.service.waiting(Scope(GUILD, OWNER)))[0]
    assert (await world.service.claim_help(member(OWNER, None), request.id, OWNER)).won


async def test_help_is_retried_when_nobody_at_all_can_be_reached(world: World) -> None:
    world.notifier.closed_dms.add(OWNER.user_id)
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.run()
    (row,) = await world.rows("checkin_help")
    assert row.state == "pending" and row.attempts == 1 and "no lead" in (row.last_error or "")
    world.notifier.closed_dms.clear()
    world.clock.advance(timedelta(seconds=31))
    await world.run()
    assert len(world.texts_to(OWNER.user_id)) == 1
    assert (await world.rows("checkin_help"))[0].state == "done"


async def test_no_owner_known_and_no_leads_keeps_the_request_visible(db: object, clock: object) -> None:
    world = await make_world(db, clock, owner_id=None)  # type: ignore[arg-type]
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.run()
    (row,) = await world.rows("checkin_help")
    assert row.state == "pending" and row.last_error


async def test_help_from_a_dm_needs_a_check_in_of_that_server(world: World) -> None:
    with pytest.raises(NotFound):
        await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today", from_dm=True)
    assert await world.rows() == []


async def test_old_answers_are_deleted_after_the_kept_days(world: World) -> None:
    checkin = await opened(world)
    await world.service.answer(member(SAM), checkin, DAY, "good")
    await world.at(MONDAY + timedelta(days=7, seconds=1))
    await world.service.answer(member(SAM), checkin, "2027-03-15", "ok")
    await world.at(MONDAY + timedelta(days=90, hours=18))  # the daily clean-up at 3am
    exported = await world.service.export(SAM.user_id, GUILD)
    assert [a["day"] for a in exported["checkin_answers"]] == ["2027-03-15"]


async def test_summary_export_and_erase_of_one_member(world: World) -> None:
    checkin = await opened(world)
    await world.service.answer(member(SAM), checkin, DAY, "good")
    await world.service.request_help(member(SAM), user_name="Sam", wanted_id=None, soon="today")
    await world.service.answer(member(PRIYA), checkin, DAY, "ok")
    assert await world.service.summary(SAM.user_id, GUILD) == [
        texts.CHECKIN_DATA_MEMBER.format(count=1),
        texts.CHECKIN_DATA_ANSWERS.format(count=1),
        texts.CHECKIN_DATA_HELP.format(count=1),
    ]
    await world.service.erase(SAM.user_id, GUILD)
    assert await world.service.summary(SAM.user_id, GUILD) == []
    opens = [r for r in await world.rows("checkin_open") if r.state == "pending"]
    assert [r.payload for r in opens] == [{"user_id": PRIYA.user_id}, {"user_id": JO.user_id}]
    assert {r.state for r in await world.rows("checkin_help")} == {"cancelled"}
    assert len((await world.service.export(PRIYA.user_id, GUILD))["checkin_answers"]) == 1
