from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed
from bot.render.unsent import unsent_card
from bot.scope import Scope
from bot.services.people import Actor
from bot.services.unsent import SHOWN, UnsentService
from db.engine import Database
from db.repositories import scheduled as repo

GUILD = 4242
MANAGER = Actor(user_id=1, can_manage_server=True)
MEMBER = Actor(user_id=2)


async def add_row(
    db: Database, clock: FakeClock, kind: str, state: str, *, guild_id: int = GUILD, hours: int = 1
) -> None:
    async with db.transaction() as session:
        row = await repo.create(
            session, kind=kind, due_at=clock.now() - timedelta(hours=hours), guild_id=guild_id, now=clock.now()
        )
        row.state = state
        row.attempts = 4 if state == repo.FAILED else 1


async def test_leads_see_failed_and_missed_newest_first(db: Database, clock: FakeClock) -> None:
    service = UnsentService(db, clock)
    assert (await service.for_leads(Scope(GUILD, MANAGER))).items == ()
    assert unsent_card(await service.for_leads(Scope(GUILD, MANAGER))).content == texts.UNSENT_NONE

    await add_row(db, clock, "reminder", repo.FAILED, hours=3)
    await add_row(db, clock, "event_reminder", repo.MISSED, hours=1)
    await add_row(db, clock, "reminder", repo.DONE)  # sent: not shown
    await add_row(db, clock, "reminder", repo.PENDING)  # still to come: not shown
    await add_row(db, clock, "reminder", repo.FAILED, guild_id=GUILD + 1)  # another server: not shown

    result = await service.for_leads(Scope(GUILD, MANAGER))
    assert [(i.kind, i.failed) for i in result.items] == [("event_reminder", False), ("reminder", True)]
    card = unsent_card(result)
    assert card.embed is not None and card.embed.description is not None
    assert "A reminder before a project" in card.embed.description
    assert "I tried 4 times" in card.embed.description


async def test_members_cannot_see_it(db: Database, clock: FakeClock) -> None:
    with pytest.raises(NotAllowed):
        await UnsentService(db, clock).for_leads(Scope(GUILD, MEMBER))


async def test_long_lists_are_cut_and_say_so(db: Database, clock: FakeClock) -> None:
    for i in range(SHOWN + 2):
        await add_row(db, clock, "reminder", repo.MISSED, hours=i + 1)
    result = await UnsentService(db, clock).for_leads(Scope(GUILD, MANAGER))
    assert len(result.items) == SHOWN and result.more
    card = unsent_card(result)
    assert card.embed is not None and texts.UNSENT_MORE.format(count=SHOWN) in (card.embed.description or "")
