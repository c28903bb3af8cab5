"""My data's service rules, on SQLite and PostgreSQL: who may ask, what a copy holds, what erasing keeps."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, StaleControl
from bot.features import Shared
from bot.services import mydata as mydata_module
from bot.services.guild_settings import GuildSettingsService
from bot.services.mydata import MyDataService
from bot.services.people import Actor
from bot.services.quiet_hours import QuietHoursService
from db.engine import Database
from db.models import DoNotContact, ScheduledWork
from db.repositories import scheduled

GUILD, OTHER_GUILD = 10, 20
PRIYA, SAM = Actor(101, display_name="Priya"), Actor(102, display_name="Sam")
OWNER = Actor(103, can_manage_server=True)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> MyDataService:
    settings = GuildSettingsService(db, clock)
    return MyDataService(
        Shared(db=db, clock=clock, settings=settings, quiet_hours=QuietHoursService(db, clock, settings))
    )


async def _row(db: Database, clock: FakeClock, payload: dict[str, object], guild: int = GUILD) -> int:
    async with db.transaction() as s:
        row = await scheduled.create(
            s, kind="notice", due_at=clock.now() + timedelta(hours=1), guild_id=guild, payload=payload, now=clock.now()
        )
        return row.id


async def _get(db: Database, row_id: int) -> ScheduledWork:
    async with db.transaction() as s:
        row = await s.get(ScheduledWork, row_id)
        assert row is not None
        return row


async def test_erasing_takes_the_member_out_of_scheduled_work(
    svc: MyDataService, db: Database, clock: FakeClock
) -> None:
    only_her = await _row(db, clock, {"user": PRIYA.user_id, "text": "x"})
    shared_row = await _row(db, clock, {"user_ids": [PRIYA.user_id, SAM.user_id]})
    not_hers = await _row(db, clock, {"user": SAM.user_id})
    await svc.erase(GUILD, PRIYA, PRIYA.user_id)
    first, second, third = await _get(db, only_her), await _get(db, shared_row), await _get(db, not_hers)
    assert first.state == "cancelled" and first.payload == {"user": None, "text": "x"}
    assert second.state == "pending" and second.payload == {"user_ids": [SAM.user_id]}
    assert third.state == "pending" and third.payload == {"user": SAM.user_id}


async def test_do_not_contact_survives_erasing(svc: MyDataService, db: Database) -> None:
    summary = await svc.set_do_not_contact(GUILD, PRIYA, PRIYA.user_id, True)
    assert summary.do_not_contact
    await svc.erase(GUILD, PRIYA, PRIYA.user_id)
    async with db.transaction() as s:
        assert await s.get(DoNotContact, PRIYA.user_id) is not None
    assert (await svc.summary(GUILD, PRIYA, PRIYA.user_id)).do_not_contact


async def test_only_the_member_or_a_lead_of_that_server(svc: MyDataService) -> None:
    with pytest.raises(NotAllowed) as err:
        await svc.copy(GUILD, SAM, PRIYA.user_id)
    assert err.value.message == texts.MYDATA_ONLY_LEADS_FOR_OTHERS
    with pytest.raises(NotAllowed):
        await svc.erase(GUILD, SAM, PRIYA.user_id)
    await svc.copy(GUILD, OWNER, PRIYA.user_id)  # managing this server counts as a lead here


async def test_a_lead_stops_contact_only_for_a_member_of_their_server(svc: MyDataService, db: Database) -> None:
    """Do not contact holds in every server: the owner of another server cannot set it for someone not there."""
    with pytest.raises(StaleControl):
        await svc.set_do_not_contact(OTHER_GUILD, OWNER, PRIYA.user_id, True)
    async with db.transaction() as s:
        assert await s.get(DoNotContact, PRIYA.user_id) is None
    assert (await svc.set_do_not_contact(GUILD, OWNER, PRIYA.user_id, True, member_here=True)).do_not_contact
    assert not (await svc.set_do_not_contact(GUILD, PRIYA, PRIYA.user_id, False)).do_not_contact  # her own


async def test_a_lead_erases_only_in_their_server(svc: MyDataService, db: Database, clock: FakeClock) -> None:
    here = await _row(db, clock, {"user": PRIYA.user_id}, guild=GUILD)
    there = await _row(db, clock, {"user": PRIYA.user_id}, guild=OTHER_GUILD)
    await svc.erase(GUILD, OWNER, PRIYA.user_id)
    assert (await _get(db, here)).state == "cancelled"
    assert (await _get(db, there)).state == "pending"


async def test_the_copy_has_her_rows_and_is_zipped_when_too_big(
    svc: MyDataService, db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _row(db, clock, {"user": PRIYA.user_id, "text": "y" * 2000})
    await _row(db, clock, {"user": SAM.user_id, "text": "not hers"})
    copy = await svc.copy(GUILD, PRIYA, PRIYA.user_id)
    assert not copy.zipped and [f.filename for f in copy.files] == ["my-connect-data.json", "my-connect-data.txt"]
    body = json.loads(copy.files[0].data)
    rows = body["data"]["connect"]["scheduled_work"]
    assert len(rows) == 1 and rows[0]["payload"]["user"] == PRIYA.user_id
    monkeypatch.setattr(mydata_module.service, "ATTACHMENT_LIMIT", 1000)
    big = await svc.copy(GUILD, PRIYA, PRIYA.user_id)
    assert big.zipped and [f.filename for f in big.files] == ["my-connect-data.zip"]
    with zipfile.ZipFile(io.BytesIO(big.files[0].data)) as archive:
        assert sorted(archive.namelist()) == ["my-connect-data.json", "my-connect-data.txt"]
        assert json.loads(archive.read("my-connect-data.json")) == body | {"made_at": body["made_at"]}


async def test_nothing_known_says_so(svc: MyDataService, db: Database) -> None:
    summary = await svc.summary(GUILD, PRIYA, PRIYA.user_id)
    assert summary.lines == () and not summary.do_not_contact
    async with db.transaction() as s:
        assert (await s.scalar(sa.select(sa.func.count()).select_from(DoNotContact))) == 0
