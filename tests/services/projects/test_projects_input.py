"""What a project refuses (bad fields, places and times) and what it keeps as plain text.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import UserError
from bot.services.projects import ProjectDetails, ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    OWNER,
    START,
    count_projects,
)

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
