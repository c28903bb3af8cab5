"""When one lead takes a help request, every other copy of the alert says who took it (and keeps its words)."""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.scope import Scope
from bot.services.checkins import rules
from tests.services.checkins.support import (
    GUILD,
    LEAD,
    LEAD2,
    LEADS_CHANNEL,
    OWNER,
    PRIYA,
    World,
    make_world,
    member,
)

TAKEN = texts.CHECKIN_ALERT_TAKEN.format(lead="Kim")


def alerts(world: World) -> list[tuple[int, int, str]]:
    return [
        (m.channel_id, m.message_id, m.msg.content or "")
        for m in world.notifier.sent
        if "would like to talk to someone" in (m.msg.content or "")
    ]


async def _asked(world: World) -> int:
    await world.service.set_alert_leads(Scope(GUILD, LEAD), [LEAD2])
    await world.service.change_settings(Scope(GUILD, LEAD), "leads_channel", LEADS_CHANNEL)
    request = await world.service.request_help(member(PRIYA), user_name="Priya", wanted_id=LEAD2.user_id, soon="today")
    await world.run()
    return request.id


async def test_every_copy_of_the_alert_is_edited_to_name_the_lead_who_took_it(world: World) -> None:
    request = await _asked(world)
    sent = alerts(world)
    assert {c for c, _, _ in sent} == {LEADS_CHANNEL, LEAD.user_id, LEAD2.user_id}  # channel and each DM
    assert world.edits == {}
    await world.service.claim_help(member(LEAD2, None), request, LEAD2)
    await world.run()
    assert set(world.edits) == {(c, m) for c, m, _ in sent}
    for channel_id, message_id, original in sent:
        (edited,) = world.edits[(channel_id, message_id)]
        assert edited == f"{original}\n{TAKEN}"  # every word of the alert is still there
        assert "They would like to talk to Kim." in edited
    (row,) = await world.rows(rules.HELP_TAKEN)
    assert row.state == "done"


async def test_a_deleted_copy_is_skipped_and_the_others_still_change(world: World) -> None:
    request = await _asked(world)
    sent = alerts(world)
    world.gone.add(sent[0][1])
    await world.service.claim_help(member(LEAD, None), request, LEAD)
    await world.run()
    assert (sent[0][0], sent[0][1]) not in world.edits
    assert len(world.edits) == len(sent) - 1
    assert (await world.rows(rules.HELP_TAKEN))[0].state == "done"


async def test_a_second_lead_pressing_later_changes_no_copy_again(world: World) -> None:
    request = await _asked(world)
    await world.service.claim_help(member(LEAD2, None), request, LEAD2)
    await world.service.claim_help(member(LEAD, None), request, LEAD)
    await world.run()
    assert all(len(texts_) == 1 for texts_ in world.edits.values())
    assert len(await world.rows(rules.HELP_TAKEN)) == 1


async def test_a_re_alert_sent_after_the_claim_is_not_sent(world: World) -> None:
    request = await _asked(world)
    await world.service.claim_help(member(LEAD2, None), request, LEAD2)
    world.clock.advance(timedelta(hours=5))
    await world.run()
    assert not [t for _, _, t in alerts(world) if "Still waiting" in t]


async def test_the_owners_copy_keeps_its_own_words_when_taken(db: object, clock: object) -> None:
    world = await make_world(db, clock)  # type: ignore[arg-type]
    request = await world.service.request_help(member(PRIYA), user_name="Priya", wanted_id=None, soon="week")
    await world.run()
    ((channel_id, message_id, original),) = alerts(world)
    assert texts.CHECKIN_ALERT_OWNER in original  # no lead known: the owner was told
    await world.service.claim_help(member(OWNER, None), request.id, OWNER)
    await world.run()
    assert world.edits[(channel_id, message_id)] == [f"{original}\n{texts.CHECKIN_ALERT_TAKEN.format(lead='Morgan')}"]
