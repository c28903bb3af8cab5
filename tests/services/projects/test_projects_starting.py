"""Starting a project: draft, publish, discard, old drafts, the end time, leads only.

With a fake clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import texts
from bot.clock import FakeClock
from bot.errors import NotAllowed, UserError
from bot.scope import Scope
from bot.services.guild_settings import GuildSettingsService
from bot.services.projects import ProjectDetails, ProjectsService
from db.engine import Database
from tests.services.projects.support import (
    ANN,
    CHANNEL,
    GUILD,
    LEAD,
    LEAD_ROLE,
    MANAGER,
    OWNER,
    START,
    count_projects,
    make_project,
    notices,
    rows,
)


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


async def test_unknown_project(svc: ProjectsService) -> None:
    with pytest.raises(UserError) as err:
        await svc.join(ANN, 424242)
    assert err.value.message == texts.PROJECT_NOT_FOUND
