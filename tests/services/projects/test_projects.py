"""Projects and sign-ups: the rules of issue 5, with a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.events import PROJECT_FINISHED
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import Member, ProjectDetails, ProjectFinished, ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    ANY,
    BEN,
    CAT,
    CHANNEL,
    DAN,
    GUILD,
    LEAD,
    LEAD_ROLE,
    MANAGER,
    OWNER,
    START,
    count_projects,
    count_signups,
    make_project,
    notices,
    rows,
)


@pytest.fixture
def svc(db: Database, clock: FakeClock) -> ProjectsService:
    return ProjectsService(db, clock)


@pytest.fixture
def settings(db: Database, clock: FakeClock) -> GuildSettingsService:
    return GuildSettingsService(db, clock)


# ---------------------------------------------------------------- starting a project


async def test_draft_then_publish_makes_a_session_and_reminders(svc: ProjectsService, db: Database) -> None:
    details = ProjectDetails.clean("Film club", "We watch a film.", "Room 2", "https://meet.example/x", "A snack")
    draft = await svc.create_draft(OWNER, details, places=" 12 ", timezone="Europe/London", channel_id=CHANNEL)
    assert draft.state == "draft" and draft.starts_at is None and draft.places == 12
    with pytest.raises(UserError) as err:
        await svc.publish(OWNER, draft.id)
    assert err.value.message == texts.PROJECT_PICK_START_FIRST
    await svc.set_start(OWNER, draft.id, START)
    await svc.set_end(OWNER, draft.id, START + timedelta(hours=2))
    # Someone else cannot finish another person's draft.
    with pytest.raises(NotAllowed):
        await svc.publish(ANN, draft.id)
    view = await svc.publish(OWNER, draft.id)
    assert view.state == "active" and view.session is not None
    assert view.session.starts_at == START and view.session.ends_at == START + timedelta(hours=2)
    assert view.places_left == 12
    reminders = await rows(db, "event_reminder")
    assert [r.due_at for r in reminders] == [START - timedelta(days=1), START - timedelta(hours=1)]
    assert all(r.ref_id == view.session.id and r.guild_id == GUILD for r in reminders)
    assert reminders[0].payload is not None and reminders[0].payload["starts_at"] == START.isoformat()
    with pytest.raises(UserError) as err:
        await svc.publish(OWNER, draft.id)
    assert err.value.message == texts.PROJECT_ALREADY_POSTED


async def test_discard_draft(svc: ProjectsService, db: Database) -> None:
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Lego"), channel_id=CHANNEL)
    with pytest.raises(NotAllowed):
        await svc.discard_draft(ANN, draft.id)
    await svc.discard_draft(OWNER, draft.id)
    assert await count_projects(db) == 0


async def test_old_drafts_are_dropped(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    await svc.create_draft(OWNER, ProjectDetails.clean("Left behind"))
    other = await svc.create_draft(ANN, ProjectDetails.clean("Ann's draft"))
    clock.advance(timedelta(days=2))
    fresh = await svc.create_draft(OWNER, ProjectDetails.clean("New one"))
    assert await count_projects(db) == 2
    assert (await svc.draft(OWNER, fresh.id)).title == "New one"
    assert (await svc.draft(ANN, other.id)).title == "Ann's draft"


async def test_end_time_of_a_posted_project(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, repeat="weekly", length=None)
    await svc.join(ANN, project.id, every=True)
    view = await svc.set_end(OWNER, project.id, START + timedelta(hours=3))
    assert view.session is not None and view.session.ends_at == START + timedelta(hours=3)
    assert view.ends_at == START + timedelta(hours=3)
    changed = await notices(db, "changed")
    assert changed[0]["user_ids"] == [ANN.user_id]
    assert changed[0]["changes"] == [{"what": "end", "old": None, "new": (START + timedelta(hours=3)).isoformat()}]
    with pytest.raises(UserError) as err:
        await svc.set_end(OWNER, project.id, START - timedelta(hours=1))
    assert err.value.message == texts.PROJECT_END_BEFORE_START
    with pytest.raises(NotAllowed):
        await svc.set_end(ANN, project.id, None)
    view = await svc.set_end(OWNER, project.id, None)
    assert view.session is not None and view.session.ends_at is None and view.ends_at is None


async def test_leads_only_setting(svc: ProjectsService, settings: GuildSettingsService, db: Database) -> None:
    await settings.set_lead_role(Scope(GUILD, MANAGER.actor), LEAD_ROLE)
    await settings.set_leads_only_projects(Scope(GUILD, MANAGER.actor), True)
    with pytest.raises(NotAllowed) as err:
        await svc.check_can_start(ANN)
    assert err.value.message == texts.PROJECT_ONLY_LEADS_START
    with pytest.raises(NotAllowed):
        await svc.create_draft(ANN, ProjectDetails.clean("Lego"))
    assert await count_projects(db) == 0
    await svc.check_can_start(LEAD)
    lead_project = await make_project(svc, owner=LEAD)
    assert lead_project.owner_id == LEAD.user_id
    # A draft begun while everyone could start is not posted after the server limits it.
    await settings.set_leads_only_projects(Scope(GUILD, MANAGER.actor), False)
    draft = await svc.create_draft(ANN, ProjectDetails.clean("Lego"))
    await svc.set_start(ANN, draft.id, START)
    await settings.set_leads_only_projects(Scope(GUILD, MANAGER.actor), True)
    with pytest.raises(NotAllowed):
        await svc.publish(ANN, draft.id)


HOSTILE_BAD = [
    ("title", "", texts.FIELD_EMPTY.format(field=texts.PROJECT_FIELD_TITLE)),
    ("title", "   \n\t ", texts.FIELD_EMPTY.format(field=texts.PROJECT_FIELD_TITLE)),
    ("title", "\x00\x00", texts.FIELD_EMPTY.format(field=texts.PROJECT_FIELD_TITLE)),
    ("title", "x" * 101, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_TITLE, limit=100)),
    ("title", "x" * 10_000, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_TITLE, limit=100)),
    ("about", "y" * 1001, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_ABOUT, limit=1000)),
    ("where", "z" * 201, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_WHERE, limit=200)),
    ("bring", "b" * 201, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_BRING, limit=200)),
    ("link", "ftp://files.example/x", texts.PROJECT_LINK_NOT_WEB),
    ("link", "javascript:alert(1)", texts.PROJECT_LINK_NOT_WEB),
    ("link", "meet.example/film", texts.PROJECT_LINK_NOT_WEB),
    ("link", "https://", texts.PROJECT_LINK_NOT_WEB),
    ("link", "https://a b.example", texts.PROJECT_LINK_NOT_WEB),
    ("link", "https://x.example/<@&123>", texts.PROJECT_LINK_NOT_WEB),
    ("link", "https://x.example/" + "a" * 500, texts.FIELD_TOO_LONG.format(field=texts.PROJECT_FIELD_LINK, limit=500)),
]


@pytest.mark.parametrize(("field", "value", "message"), HOSTILE_BAD)
async def test_bad_fields_are_refused_and_nothing_is_saved(
    svc: ProjectsService, db: Database, field: str, value: str, message: str
) -> None:
    fields = {"title": "Film club", "about": "", "where": "", "link": "", "bring": ""}
    fields[field] = value
    with pytest.raises(UserError) as err:
        details = ProjectDetails.clean(**fields)
        await svc.create_draft(OWNER, details)
    assert err.value.message == message
    assert "@everyone" not in err.value.message
    assert await count_projects(db) == 0


@pytest.mark.parametrize("places", ["0", "501", "-1", "1.5", "ten", "１２", 0, 501, True])
async def test_bad_places_are_refused(svc: ProjectsService, db: Database, places: object) -> None:
    with pytest.raises(UserError) as err:
        await svc.create_draft(OWNER, ProjectDetails.clean("Lego"), places=places)  # type: ignore[arg-type]
    assert err.value.message == texts.PROJECT_PLACES_RANGE.format(low=1, high=500)
    assert await count_projects(db) == 0


async def test_places_edges_and_empty(svc: ProjectsService) -> None:
    assert (await svc.create_draft(OWNER, ProjectDetails.clean("A"), places="1")).places == 1
    assert (await svc.create_draft(OWNER, ProjectDetails.clean("B"), places=500)).places == 500
    assert (await svc.create_draft(OWNER, ProjectDetails.clean("C"), places="  ")).places is None


async def test_hostile_text_is_kept_as_text(svc: ProjectsService) -> None:
    title = "@everyone <@&123> **big** 🎬\x00"
    details = ProjectDetails.clean(
        title, "line one\r\n\r\n\r\n\r\nline two\x07", "  Room\t 2 ", "HTTPS://Meet.example/a?b=1", ""
    )
    view = await svc.create_draft(OWNER, details)
    assert view.title == "@everyone <@&123> **big** 🎬"  # shown, never pinged (the render adds no mentions)
    assert view.about == "line one\n\nline two"
    assert view.where == "Room 2"
    assert view.link == "HTTPS://Meet.example/a?b=1"
    assert len((await svc.create_draft(OWNER, ProjectDetails.clean("x" * 100))).title) == 100


async def test_times_must_be_in_the_future_and_end_after_start(svc: ProjectsService, clock: FakeClock) -> None:
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Lego"))
    for when in (clock.now(), clock.now() - timedelta(minutes=1)):
        with pytest.raises(UserError) as err:
            await svc.set_start(OWNER, draft.id, when)
        assert err.value.message == texts.TIME_IN_PAST
    with pytest.raises(UserError):
        await svc.set_start(OWNER, draft.id, clock.now() + timedelta(days=6 * 366))
    await svc.set_start(OWNER, draft.id, START)
    with pytest.raises(UserError) as err:
        await svc.set_end(OWNER, draft.id, START)
    assert err.value.message == texts.PROJECT_END_BEFORE_START
    assert (await svc.draft(OWNER, draft.id)).ends_at is None
    # The start passed while the draft waited: it cannot be posted.
    clock.set(START + timedelta(minutes=1))
    with pytest.raises(UserError) as err:
        await svc.publish(OWNER, draft.id)
    assert err.value.message == texts.TIME_IN_PAST


# ---------------------------------------------------------------- places and the waiting list


async def test_waiting_list_and_promotion(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=2)
    a = await svc.join(ANN, project.id)
    b = await svc.join(BEN, project.id)
    c = await svc.join(CAT, project.id)
    d = await svc.join(DAN, project.id)
    assert (a.status, b.status, c.status, d.status) == ("going", "going", "waiting", "waiting")
    assert (c.waiting_position, d.waiting_position) == (1, 2)
    assert d.project.places_left == 0 and d.project.session is not None
    assert d.project.session.going == (ANN.user_id, BEN.user_id)
    assert d.project.session.waiting == (CAT.user_id, DAN.user_id)
    # Pressing again changes nothing.
    again = await svc.join(CAT, project.id)
    assert again.changed is False and again.status == "waiting" and again.waiting_position == 1
    # Ann cannot come: Cat (first waiting) moves in and is told; Dan is now first.
    left = await svc.cant(ANN, project.id)
    assert left.promoted == (CAT.user_id,)
    session = left.project.session
    assert session is not None and session.going == (BEN.user_id, CAT.user_id) and session.waiting == (DAN.user_id,)
    assert session.cant == (ANN.user_id,)
    promoted = await notices(db, "promoted")
    assert [n["user_ids"] for n in promoted] == [[CAT.user_id]]
    assert promoted[0]["session_id"] == session.id
    state = await svc.member_state(DAN, project.id)
    assert state.status == "waiting" and state.waiting_position == 1
    # Ann changes her mind: she goes to the back of the waiting list.
    back = await svc.join(ANN, project.id)
    assert back.status == "waiting" and back.waiting_position == 2


async def test_maybe_frees_a_place_and_more_places_fill_from_the_list(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.join(CAT, project.id)
    result = await svc.maybe(ANN, project.id)
    assert result.status == "maybe" and result.promoted == (BEN.user_id,)
    assert result.project.session is not None and result.project.session.maybe == (ANN.user_id,)
    view = await svc.set_places(OWNER, project.id, 5)
    assert view.session is not None and view.session.going == (BEN.user_id, CAT.user_id)
    assert [n["user_ids"] for n in await notices(db, "promoted")] == [[BEN.user_id], [CAT.user_id]]
    # Fewer places never takes a place away.
    view = await svc.set_places(OWNER, project.id, 1)
    assert view.session is not None and view.session.going == (BEN.user_id, CAT.user_id) and view.places_left == 0
    with pytest.raises(UserError):
        await svc.set_places(OWNER, project.id, 0)
    with pytest.raises(NotAllowed):
        await svc.set_places(ANN, project.id, 10)
    assert (await svc.card(ANY, project.id)).places == 1


async def test_no_limit_means_everyone_comes(svc: ProjectsService) -> None:
    project = await make_project(svc, places=None)
    for actor in (ANN, BEN, CAT, DAN):
        assert (await svc.join(actor, project.id)).status == "going"
    assert (await svc.card(ANY, project.id)).places_left is None


# ---------------------------------------------------------------- organisers


async def test_member_cannot_do_organiser_actions_and_nothing_changes(svc: ProjectsService, clock: FakeClock) -> None:
    project = await make_project(svc, places=3)
    await svc.join(ANN, project.id)
    attempts = [
        svc.cancel(BEN, project.id),
        svc.move(BEN, project.id, START + timedelta(days=1)),
        svc.update_details(BEN, project.id, ProjectDetails.clean("Hacked")),
        svc.set_signups_closed(BEN, project.id, True),
        svc.remove_member(BEN, project.id, ANN.user_id),
        svc.sign_up_for(BEN, project.id, Member(CAT.user_id)),
        svc.add_organiser(BEN, project.id, Member(BEN.user_id)),
        svc.set_places(BEN, project.id, 1),
        svc.finish(BEN, project.id),
        svc.cancel_session(BEN, project.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as err:
            await attempt
        assert err.value.message == texts.PROJECT_ONLY_ORGANISERS
    view = await svc.card(ANY, project.id)
    assert (view.state, view.title, view.starts_at, view.signups_closed, view.places) == (
        "active",
        "Film club",
        START,
        False,
        3,
    )
    assert view.session is not None and view.session.going == (ANN.user_id,)


async def test_co_organisers_and_leads_can_organise(
    svc: ProjectsService, settings: GuildSettingsService, db: Database
) -> None:
    project = await make_project(svc)
    with pytest.raises(UserError) as err:
        await svc.add_organiser(OWNER, project.id, Member(BEN.user_id, in_server=False))
    assert err.value.message == texts.PROJECT_MEMBER_LEFT
    with pytest.raises(UserError) as err:
        await svc.add_organiser(OWNER, project.id, Member(999, is_bot=True))
    assert err.value.message == texts.PROJECT_NOT_FOR_BOTS
    view = await svc.add_organiser(OWNER, project.id, Member(BEN.user_id))
    assert view.organisers == (OWNER.user_id, BEN.user_id)
    assert [n["user_ids"] for n in await notices(db, "organiser")] == [[BEN.user_id]]
    with pytest.raises(UserError):
        await svc.add_organiser(OWNER, project.id, Member(BEN.user_id))
    await svc.set_signups_closed(BEN, project.id, True)
    # A co-organiser can add another one.
    view = await svc.add_organiser(BEN, project.id, Member(CAT.user_id))
    assert view.organisers == (OWNER.user_id, BEN.user_id, CAT.user_id)
    # Leads can organise any project; so can people who manage the server.
    await settings.set_lead_role(Scope(GUILD, MANAGER.actor), LEAD_ROLE)
    await svc.set_signups_closed(LEAD, project.id, False)
    await svc.set_signups_closed(MANAGER, project.id, True)
    assert (await svc.card(ANY, project.id)).signups_closed is True


async def test_closed_signups(svc: ProjectsService) -> None:
    project = await make_project(svc, places=5)
    await svc.join(ANN, project.id)
    await svc.set_signups_closed(OWNER, project.id, True)
    for answer in (svc.join, svc.maybe):
        with pytest.raises(UserError) as err:
            await answer(BEN, project.id)
        assert err.value.message == texts.PROJECT_SIGNUPS_CLOSED
    # Saying "I can't come" always works.
    assert (await svc.cant(ANN, project.id)).status == "cant"
    await svc.set_signups_closed(OWNER, project.id, False)
    assert (await svc.join(BEN, project.id)).status == "going"


async def test_change_details_tells_everyone_once(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)  # waiting
    await svc.maybe(CAT, project.id)
    await svc.cant(DAN, project.id)
    same = ProjectDetails.clean(
        "Film club", "We watch a film together.", "Room 2", "https://meet.example/film", "A snack"
    )
    result = await svc.update_details(OWNER, project.id, same)
    assert result.changes == () and await notices(db, "changed") == []
    new = ProjectDetails.clean(
        "Film night", "We watch a film together.", "Hall", "https://meet.example/film", "A snack"
    )
    result = await svc.update_details(OWNER, project.id, new)
    assert [c.what for c in result.changes] == ["title", "where"]
    assert result.project.title == "Film night" and result.project.where == "Hall"
    changed = await notices(db, "changed")
    assert len(changed) == 1
    assert changed[0]["user_ids"] == [ANN.user_id, BEN.user_id, CAT.user_id]  # not Dan: he is not coming
    assert changed[0]["old_title"] == "Film club"
    with pytest.raises(UserError):
        await svc.update_details(OWNER, project.id, ProjectDetails.clean(""))


async def test_move_moves_reminders_and_tells_everyone_once(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN):
        await svc.join(actor, project.id)
    old = await rows(db, "event_reminder")
    new_start = START + timedelta(days=1, hours=2)
    result = await svc.move(OWNER, project.id, new_start)
    assert result.project.starts_at == new_start
    assert result.project.session is not None and result.project.session.starts_at == new_start
    assert result.project.session.ends_at == new_start + timedelta(hours=2)
    assert result.project.session.going == (ANN.user_id, BEN.user_id)
    assert all(r.state == "cancelled" for r in await rows(db, "event_reminder", None) if r.id in {o.id for o in old})
    pending = await rows(db, "event_reminder")
    assert [r.due_at for r in pending] == [new_start - timedelta(days=1), new_start - timedelta(hours=1)]
    changed = await notices(db, "changed")
    assert len(changed) == 1 and changed[0]["user_ids"] == [ANN.user_id, BEN.user_id]
    assert changed[0]["changes"] == [{"what": "time", "old": START.isoformat(), "new": new_start.isoformat()}]
    with pytest.raises(UserError) as err:
        await svc.move(OWNER, project.id, START - timedelta(days=3))
    assert err.value.message == texts.TIME_IN_PAST
    assert (await svc.card(ANY, project.id)).starts_at == new_start


async def test_cancel_tells_everyone_and_stops_everything(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    await svc.maybe(CAT, project.id)
    with pytest.raises(NotAllowed):
        await svc.cancel(ANN, project.id)
    view = await svc.cancel(OWNER, project.id)
    assert view.state == "cancelled"
    assert await rows(db, "event_reminder") == []
    cancelled = await notices(db, "cancelled")
    assert len(cancelled) == 1 and cancelled[0]["user_ids"] == [ANN.user_id, BEN.user_id, CAT.user_id]
    # Every button on a cancelled project gets a clear answer and changes nothing.
    before = await count_signups(db)
    for attempt in (
        svc.join(DAN, project.id),
        svc.maybe(DAN, project.id),
        svc.cant(ANN, project.id),
        svc.calendar(ANY, project.id),
        svc.member_state(DAN, project.id),
        svc.cancel(OWNER, project.id),
        svc.set_reminders(ANN, project.id, False),
    ):
        with pytest.raises(UserError) as err:
            await attempt
        assert err.value.message == texts.PROJECT_IS_CANCELLED
    assert await count_signups(db) == before


async def test_remove_member(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    await svc.join(BEN, project.id)
    with pytest.raises(UserError) as err:
        await svc.remove_member(OWNER, project.id, DAN.user_id)
    assert err.value.message == texts.PROJECT_NOT_ON_LIST
    view = await svc.remove_member(OWNER, project.id, ANN.user_id)
    assert view.session is not None and view.session.going == (BEN.user_id,)
    assert [n["user_ids"] for n in await notices(db, "removed")] == [[ANN.user_id]]
    assert [n["user_ids"] for n in await notices(db, "promoted")] == [[BEN.user_id]]


async def test_supporter_signs_a_member_up_and_the_member_can_say_no(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc, places=1)
    await svc.join(ANN, project.id)
    with pytest.raises(UserError) as err:
        await svc.sign_up_for(OWNER, project.id, Member(BEN.user_id, in_server=False))
    assert err.value.message == texts.PROJECT_MEMBER_LEFT
    with pytest.raises(UserError) as err:
        await svc.sign_up_for(OWNER, project.id, Member(ANN.user_id))
    assert err.value.message == texts.PROJECT_ALREADY_ON_LIST
    result = await svc.sign_up_for(OWNER, project.id, Member(BEN.user_id))
    assert result.status == "waiting" and result.waiting_position == 1
    told = await notices(db, "signed_up")
    assert told == [
        {
            "type": "signed_up",
            "user_ids": [BEN.user_id],
            "session_id": result.session_id,
            "by": OWNER.user_id,
            "status": "waiting",
            "position": 1,
            "every": False,
        }
    ]
    # Ben says no from his message: he is off the list.
    no = await svc.cant(BEN, project.id, session_id=result.session_id)
    assert no.status == "cant" and no.project.session is not None and no.project.session.waiting == ()
    # Signed up into a free place.
    await svc.cant(ANN, project.id)
    got = await svc.sign_up_for(OWNER, project.id, Member(CAT.user_id))
    assert got.status == "going"


# ---------------------------------------------------------------- reminders


async def test_reminders_turned_off_for_one_project(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc)
    other = await make_project(svc, title="Lego")
    for p in (project, other):
        await svc.join(ANN, p.id)
        await svc.join(BEN, p.id)
    state = await svc.set_reminders(ANN, project.id, False)
    assert state.reminders_on is False
    reminder_rows = await rows(db, "event_reminder")
    assert project.session is not None and other.session is not None
    first = next(r for r in reminder_rows if r.ref_id == project.session.id)
    second = next(r for r in reminder_rows if r.ref_id == other.session.id)
    got = await svc.reminder(GUILD, project.session.id, dict(first.payload or {}))
    assert got is not None and got.recipients == (BEN.user_id,)
    got = await svc.reminder(GUILD, other.session.id, dict(second.payload or {}))
    assert got is not None and got.recipients == (ANN.user_id, BEN.user_id)
    assert (await svc.set_reminders(ANN, project.id, True)).reminders_on is True
    got = await svc.reminder(GUILD, project.session.id, dict(first.payload or {}))
    assert got is not None and got.recipients == (ANN.user_id, BEN.user_id)


async def test_a_stale_reminder_sends_nothing(svc: ProjectsService, db: Database) -> None:
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    assert project.session is not None
    old = (await rows(db, "event_reminder"))[0]
    await svc.move(OWNER, project.id, START + timedelta(days=2))
    assert await svc.reminder(GUILD, project.session.id, dict(old.payload or {})) is None
    new = (await rows(db, "event_reminder"))[0]
    assert await svc.reminder(GUILD, project.session.id, dict(new.payload or {})) is not None
    await svc.cancel(OWNER, project.id)
    assert await svc.reminder(GUILD, project.session.id, dict(new.payload or {})) is None


async def test_no_reminder_in_the_past(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    await make_project(svc, start=clock.now() + timedelta(hours=3))
    assert [r.due_at for r in await rows(db, "event_reminder")] == [clock.now() + timedelta(hours=2)]


# ---------------------------------------------------------------- lists


async def test_list_upcoming_newest_first_and_paged(svc: ProjectsService, clock: FakeClock) -> None:
    made = []
    for i in range(7):
        made.append(await make_project(svc, title=f"Project {i}", start=START + timedelta(days=i)))
        clock.advance(timedelta(minutes=1))
    draft = await svc.create_draft(OWNER, ProjectDetails.clean("Draft only"))
    cancelled = await make_project(svc, title="Cancelled")
    await svc.cancel(OWNER, cancelled.id)
    page0 = await svc.list_upcoming(ANY, 0, per_page=5)
    assert (page0.total, page0.pages, page0.page) == (7, 2, 0)
    assert [i.title for i in page0.items] == [f"Project {i}" for i in (6, 5, 4, 3, 2)]
    page1 = await svc.list_upcoming(ANY, 1, per_page=5)
    assert [i.title for i in page1.items] == ["Project 1", "Project 0"]
    assert (await svc.list_upcoming(ANY, 99, per_page=5)).page == 1
    assert (await svc.list_upcoming(Scope(GUILD + 1, ANY.actor))).total == 0
    assert draft.id not in {i.id for i in page0.items + page1.items}
    # A one-off that has ended is no longer upcoming.
    clock.set(START + timedelta(hours=3))
    titles = [i.title for i in (await svc.list_upcoming(ANY, 0, per_page=10)).items]
    assert "Project 0" not in titles and "Project 1" in titles


async def test_mine(svc: ProjectsService) -> None:
    first = await make_project(svc, title="Later", start=START + timedelta(days=3), places=1)
    second = await make_project(svc, title="Sooner", start=START)
    third = await make_project(svc, title="Not me")
    await svc.join(BEN, first.id)
    await svc.join(ANN, first.id)  # waiting
    await svc.maybe(ANN, second.id)
    await svc.cant(ANN, third.id)
    mine = await svc.mine(Scope(GUILD, ANN.actor))
    assert [(m.title, m.status) for m in mine] == [("Sooner", "maybe"), ("Later", "waiting")]
    assert await svc.mine(Scope(GUILD + 1, ANN.actor)) == ()


# ---------------------------------------------------------------- finishing and attendance


async def test_attendance_and_finish(svc: ProjectsService, db: Database, clock: FakeClock) -> None:
    project = await make_project(svc, places=5)
    for actor in (ANN, BEN, CAT):
        await svc.join(actor, project.id)
    received: list[ProjectFinished] = []

    async def subscriber(event: ProjectFinished) -> None:
        received.append(event)

    async def broken(event: ProjectFinished) -> None:
        raise RuntimeError("a subscriber fails; the others still hear")

    svc.events.subscribe(PROJECT_FINISHED, broken)
    svc.events.subscribe(PROJECT_FINISHED, subscriber)
    with pytest.raises(UserError) as err:
        await svc.record_attendance(OWNER, project.id, [ANN.user_id])
    assert err.value.message == texts.PROJECT_ATTENDANCE_TOO_EARLY
    with pytest.raises(UserError) as err:
        await svc.finish(OWNER, project.id)
    assert err.value.message == texts.PROJECT_NOT_STARTED_YET
    clock.set(START + timedelta(hours=3))
    with pytest.raises(NotAllowed):
        await svc.record_attendance(ANN, project.id, [ANN.user_id])
    ticks = await svc.record_attendance(OWNER, project.id, [ANN.user_id, CAT.user_id, DAN.user_id])
    assert set(ticks.came) == {ANN.user_id, CAT.user_id, DAN.user_id}  # Dan came without signing up
    assert ticks.did_not_come == (BEN.user_id,)
    # Ticking again replaces the ticks.
    ticks = await svc.record_attendance(OWNER, project.id, [ANN.user_id, BEN.user_id])
    assert set(ticks.came) == {ANN.user_id, BEN.user_id} and ticks.did_not_come == (CAT.user_id,)
    event = await svc.finish(OWNER, project.id)
    assert event.participant_ids == (ANN.user_id, BEN.user_id)
    assert event.title == "Film club" and event.guild_id == GUILD and event.sessions == 1
    assert event.organiser_ids == (OWNER.user_id,) and event.finished_by == OWNER.user_id
    assert received == [event]
    # Projects posts nothing itself: the thank-yous feature celebrates (it hears PROJECT_FINISHED).
    assert await notices(db, "finished") == []
    assert (await svc.card(ANY, project.id)).state == "finished"
    with pytest.raises(UserError) as err:
        await svc.join(DAN, project.id)
    assert err.value.message == texts.PROJECT_IS_FINISHED
    # Ticks can still be corrected after finishing (the impact report reads them).
    await svc.record_attendance(OWNER, project.id, [ANN.user_id])


async def test_finish_without_ticks_thanks_everyone_coming(svc: ProjectsService, clock: FakeClock) -> None:
    project = await make_project(svc)
    await svc.join(ANN, project.id)
    await svc.maybe(BEN, project.id)
    clock.set(START + timedelta(minutes=5))
    with pytest.raises(UserError) as err:
        await svc.join(CAT, project.id)
    assert err.value.message == texts.PROJECT_SESSION_STARTED
    event = await svc.finish(OWNER, project.id)
    assert event.participant_ids == (ANN.user_id,)


async def test_unknown_project(svc: ProjectsService) -> None:
    with pytest.raises(UserError) as err:
        await svc.join(ANN, 424242)
    assert err.value.message == texts.PROJECT_NOT_FOUND
