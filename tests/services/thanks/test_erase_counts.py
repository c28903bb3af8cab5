"""Erasing a member's thank-you data keeps the impact report's count, and nothing of theirs (SQLite and PG).

A thank-you she said stays as a bare count: no author, reason, names or card. One said to her alone
stays its author's, without its reason or card.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotFound
from bot.services.thanks import ThanksService
from bot.services.thanks.report import ThanksReport
from db.engine import Database
from tests.e2e.test_mydata import rows_holding
from tests.services.thanks.support import ANN, BEN, CAT, DAN, GUILD, make_service, person, say, scope


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


async def _said(db: Database, now: datetime) -> int:
    counts = await ThanksReport(db).report_counts(GUILD, now - timedelta(days=1), now + timedelta(days=1))
    return counts["thanks_said"]


async def _holding(db: Database, user_id: int) -> list[str]:
    return await rows_holding(cast(Any, SimpleNamespace(database=db)), user_id)


async def test_the_report_counts_the_same_after_she_erases(svc: ThanksService, db: Database, clock: FakeClock) -> None:
    hers = await say(svc, ANN, [BEN, CAT], "for the tea, love Ann")
    to_her = await say(svc, BEN, [ANN], "for the lift, Ann")  # to her alone
    to_both = await say(svc, CAT, [ANN, BEN], "for the cake")
    typed = await say(svc, ANN, [CAT], "for the film", author=person(DAN))  # she typed it for Dan
    await svc.me_too(scope(ANN), to_both.view.id)
    await svc.me_too(scope(DAN), hers.view.id)
    await svc.draft(scope(ANN), [person(BEN)], said_in=None)  # never sent: not counted, and it goes
    assert await _said(db, clock.now()) == 4
    assert await _holding(db, ANN.user_id)

    await svc.data.erase(ANN.user_id, GUILD)

    assert await _said(db, clock.now()) == 4, "the numbers stay, without her name"
    assert await _holding(db, ANN.user_id) == []
    for gone in (hers, to_her):  # nothing shows them: their cards are deleted by the redraw
        with pytest.raises(NotFound):
            await svc.card(scope(CAT), gone.view.id)
    left = await svc.card(scope(CAT), to_both.view.id)
    assert left.people == (BEN.user_id,) and left.reason == "for the cake"
    assert (await svc.card(scope(CAT), typed.view.id)).typed_by is None
    ben = await svc.data.export(BEN.user_id, GUILD)
    assert "Ann" not in str(ben), "her words and name left Ben's copy too"
    assert [t["state"] for t in ben["thanks_said"]] == ["erased"], "Ben's thank-you to her stays his, bare"
    # "You said" counts only the thank-yous people can see; his bare one is not among them.
    assert await svc.data.summary(BEN.user_id, GUILD) == [texts.THANKS_DATA_GOT.format(count=1)]

    await svc.data.erase(BEN.user_id, None)  # then Ben erases too: still counted
    assert await _said(db, clock.now()) == 4
    assert await _holding(db, BEN.user_id) == []
