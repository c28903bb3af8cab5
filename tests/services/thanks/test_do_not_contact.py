"""Saying thank you to someone who asked Connect not to contact them (/mydata): no DM, no ping (SQLite and PG)."""

from __future__ import annotations

import pytest

from bot.clock import FakeClock
from bot.services.thanks import ThanksService
from db.engine import Database
from db.repositories import mydata
from tests.services.thanks.support import ANN, BEN, CAT, make_service, say


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


async def test_no_private_copy_for_someone_who_asked_not_to_be_contacted(
    svc: ThanksService, db: Database, clock: FakeClock
) -> None:
    async with db.transaction() as s:
        await mydata.set_do_not_contact(s, BEN.user_id, True, clock.now())
    private = await say(svc, ANN, [BEN, CAT], private=True)
    assert private.dm_ids == (CAT.user_id,) and private.quiet_ids == (BEN.user_id,)
    public = await say(svc, ANN, [BEN, CAT])
    assert public.view.people == (BEN.user_id, CAT.user_id), "still thanked on the card"
    assert public.quiet_ids == (BEN.user_id,)
    assert await svc.not_to_contact([ANN.user_id, BEN.user_id]) == {BEN.user_id}
    async with db.transaction() as s:
        await mydata.set_do_not_contact(s, BEN.user_id, False, clock.now())
    again = await say(svc, ANN, [BEN], private=True)
    assert again.dm_ids == (BEN.user_id,) and again.quiet_ids == ()
