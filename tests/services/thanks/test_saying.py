"""Saying thank you: limits, consent, "me too" once, removing, scoping. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, NotFound, UserError
from bot.scope import Scope
from bot.services.thanks import Person, ThanksService
from db.engine import Database
from tests.services.thanks.support import (
    ANN,
    BEN,
    CAT,
    CHANNEL,
    DAN,
    GUILD,
    MANAGER,
    OTHER_GUILD,
    SAID_IN,
    make_service,
    person,
    say,
    scope,
)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ThanksService:
    return make_service(db, clock)


async def test_said_where_it_was_said_until_a_channel_is_set(svc: ThanksService) -> None:
    said = await say(svc, ANN, [BEN, CAT])
    assert said.post_channel_id == SAID_IN and not said.server_channel
    assert said.view.people == (BEN.user_id, CAT.user_id) and said.dm_ids == ()
    await svc.shared.settings.set_celebrations_channel(Scope(GUILD, MANAGER), CHANNEL)
    said = await say(svc, ANN, [BEN])
    assert said.post_channel_id == CHANNEL and said.server_channel and said.fallback_channel_id == SAID_IN


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([Person(21)], texts.THANKS_NOT_YOURSELF),
        ([Person(99, is_bot=True)], texts.THANKS_NOT_A_BOT),
        ([Person(98, in_server=False)], texts.THANKS_NOT_IN_SERVER),
        ([], texts.THANKS_PICK_SOMEONE),
    ],
)
async def test_who_cannot_be_thanked(svc: ThanksService, people: list[Person], message: str) -> None:
    with pytest.raises(UserError) as err:
        await svc.draft(scope(ANN), people)
    assert err.value.message == message


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("", texts.FIELD_EMPTY.format(field=texts.THANKS_FIELD_REASON)),
        ("\u200b\u200d \u2066", texts.FIELD_EMPTY.format(field=texts.THANKS_FIELD_REASON)),
        ("x" * 301, texts.FIELD_TOO_LONG.format(field=texts.THANKS_FIELD_REASON, limit=300)),
    ],
)
async def test_a_bad_reason_loses_nothing(svc: ThanksService, reason: str, problem: str) -> None:
    draft = await svc.draft(scope(ANN), [person(BEN)])
    with pytest.raises(UserError) as err:
        await svc.finish(scope(ANN), draft.id, reason)
    assert err.value.message == problem
    # The box can be sent again with a good reason: the draft is still there.
    said = await svc.finish(scope(ANN), draft.id, "for the tea")
    assert said.view.reason == "for the tea"


async def test_hostile_reason_is_cleaned(svc: ThanksService) -> None:
    said = await say(svc, ANN, [BEN], "\u202eevil\u202c @everyone [x](https://e.example) 👩\u200d👩\u200d👧")
    assert said.view.reason == "evil @everyone [x](https://e.example) 👩\u200d👩\u200d👧"


async def test_a_box_says_it_once_and_only_for_its_owner(svc: ThanksService) -> None:
    draft = await svc.draft(scope(ANN), [person(BEN)])
    with pytest.raises(NotAllowed):
        await svc.finish(scope(CAT), draft.id, "for the tea")
    with pytest.raises(NotFound):
        await svc.finish(scope(ANN, OTHER_GUILD), draft.id, "for the tea")
    await svc.finish(scope(ANN), draft.id, "for the tea")
    with pytest.raises(NotFound):
        await svc.finish(scope(ANN), draft.id, "for the tea")


async def test_ten_an_hour_then_a_kind_limit(svc: ThanksService, clock: FakeClock) -> None:
    for _ in range(10):
        await say(svc, ANN, [BEN])
    with pytest.raises(UserError) as err:
        await say(svc, ANN, [BEN])
    assert err.value.message == texts.THANKS_LIMIT
    await say(svc, CAT, [BEN])  # the limit is per person
    clock.advance(timedelta(hours=1, seconds=1))
    await say(svc, ANN, [BEN])


async def test_do_not_post_about_me_sends_by_dm_only(svc: ThanksService) -> None:
    await svc.toggle_choice(BEN.user_id, "posts")
    said = await say(svc, ANN, [BEN, CAT])
    assert said.view.people == (CAT.user_id,) and said.dm_ids == (BEN.user_id,)
    only = await say(svc, ANN, [BEN])
    assert only.post_channel_id is None and only.dm_ids == (BEN.user_id,)


async def test_private_thanks_go_by_dm_and_take_no_me_too(svc: ThanksService) -> None:
    said = await say(svc, ANN, [BEN, CAT], private=True)
    assert said.post_channel_id is None and said.dm_ids == (BEN.user_id, CAT.user_id)
    with pytest.raises(UserError):
        await svc.me_too(scope(DAN), said.view.id)


async def test_typed_for_someone(svc: ThanksService) -> None:
    said = await say(svc, CAT, [BEN], author=person(ANN))
    assert said.view.author_id == ANN.user_id and said.view.typed_by == CAT.user_id
    with pytest.raises(UserError) as err:
        await say(svc, CAT, [ANN], author=person(ANN))
    assert err.value.message == texts.THANKS_NOT_YOURSELF


async def test_me_too_once_per_person_even_pressed_at_once(svc: ThanksService) -> None:
    said = await say(svc, ANN, [BEN])
    tid = said.view.id
    results = await asyncio.gather(*(svc.me_too(scope(p), tid) for p in (CAT, DAN, MANAGER)))
    assert all(r.added for r in results)
    view = await svc.card(scope(CAT), tid)
    assert sorted(view.me_too) == sorted([CAT.user_id, DAN.user_id, MANAGER.user_id])
    undo = await svc.me_too(scope(CAT), tid)
    assert not undo.added and CAT.user_id not in undo.view.me_too
    with pytest.raises(UserError) as err:
        await svc.me_too(scope(ANN), tid)
    assert err.value.message == texts.THANKS_CANNOT_ME_TOO_OWN
    with pytest.raises(NotFound):
        await svc.me_too(scope(CAT, OTHER_GUILD), tid)


async def test_only_leads_remove_and_old_buttons_then_say_so(svc: ThanksService) -> None:
    said = await say(svc, ANN, [BEN])
    with pytest.raises(NotAllowed):
        await svc.remove(scope(ANN), said.view.id)
    await svc.remove(scope(MANAGER), said.view.id)
    with pytest.raises(NotFound) as err:
        await svc.me_too(scope(CAT), said.view.id)
    assert err.value.message == texts.THANKS_NOT_FOUND
